#!/usr/bin/env bash
# Installs everything nabla needs to build and test, on a fresh Debian 12
# machine. Idempotent: packages already present are skipped quickly.
set -euo pipefail

APT_PACKAGES=(cmake make gcc libmlir-22-dev mlir-22-tools llvm-22-dev llvm-22-tools
              libcmocka-dev valgrind python3 python3-pip binutils)
# Python packages: requirements.txt, every one at an exact version.
REQUIREMENTS="$(cd "$(dirname "$0")/.." && pwd)/requirements.txt"

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

# The Python the build uses (scripts/build.sh: the first python3 on PATH, so
# an activated virtual environment's). Installs only when a pin is not met.
PY=${PYTHON:-python3}
pins_met() {
  "$PY" - "$REQUIREMENTS" <<'PYEOF'
import re, sys
from importlib import metadata
bad = []
for line in open(sys.argv[1]):
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)(\[[^]]*\])?==([^\s#]+)", line)
    if not m:
        continue
    try:
        have = metadata.version(m.group(1))
    except metadata.PackageNotFoundError:
        have = None
    if have != m.group(3):
        bad.append(f"{m.group(1)} {have or 'missing'} (want {m.group(3)})")
if bad:
    print("nabla: python packages not at their pins: " + ", ".join(bad))
    sys.exit(1)
PYEOF
}
if ! pins_met; then
  echo "nabla: pip installing requirements.txt into $("$PY" -c 'import sys; print(sys.prefix)')"
  # Debian's own python3 refuses pip installs (PEP 668) outside a virtual
  # environment unless told to; a virtual environment never needs it.
  extra=()
  "$PY" -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)' || extra=(--break-system-packages)
  "$PY" -m pip install -q --disable-pip-version-check "${extra[@]}" -r "$REQUIREMENTS" 2>&1 |
    grep -v "Running pip as the 'root' user" || true
  pins_met || { echo "nabla: could not install requirements.txt" >&2; exit 1; }
fi
