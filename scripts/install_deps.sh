#!/usr/bin/env bash
# Installs everything nabla needs to build and test, on a fresh Debian 12
# machine. Idempotent: packages already present are skipped quickly.
set -euo pipefail

APT_PACKAGES=(cmake make gcc libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
              libcmocka-dev valgrind python3 python3-pip binutils)
PIP_PACKAGES=(lit numpy mpmath "jax[cpu]")

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "nabla: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if ! "$PY" -c "import jax, lit, numpy, mpmath" 2>/dev/null; then
  echo "nabla: pip installing ${PIP_PACKAGES[*]}"
  "$PY" -m pip install -q "${PIP_PACKAGES[@]}" 2>&1 | grep -v "Running pip as the 'root' user" || true
  # Debian's own python3 refuses pip installs (PEP 668) unless told to.
  if ! "$PY" -c "import jax, lit, numpy, mpmath" 2>/dev/null; then
    "$PY" -m pip install -q --break-system-packages "${PIP_PACKAGES[@]}" 2>&1 |
      grep -v "Running pip as the 'root' user" || true
  fi
fi
"$PY" -c "import jax, lit, numpy, mpmath" || { echo "nabla: python packages missing" >&2; exit 1; }
