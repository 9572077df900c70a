#!/usr/bin/env bash
# Prints what a test run ran on: the CPU and its vector extensions, the OS,
# the compilers and MLIR/LLVM packages, and the Python packages against
# requirements.txt. .ci/run prints it first; paste it into bug reports.
set -uo pipefail
cd "$(dirname "$0")/.."
echo "== nabla $(git rev-parse --short HEAD 2>/dev/null || echo '(no git)') on $(uname -srm)"
model=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null)
isa=$(grep -m1 -o -w -E 'avx2|avx512f|avx512bw|avx512vl|avx512_bf16|avx512_fp16|amx_tile|amx_bf16' /proc/cpuinfo 2>/dev/null |
      sort -u | tr '\n' ' ')
echo "cpu: ${model:-unknown}, $(nproc) threads; ${isa:-no AVX2}"
[ -r /etc/os-release ] && echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
echo "cc: $(${CC:-cc} --version 2>/dev/null | head -1)"
echo "cmake: $(cmake --version 2>/dev/null | head -1)"
for p in libmlir-22-dev llvm-22-dev mlir-22-tools libcmocka-dev valgrind; do
  printf '%s ' "$p=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo missing)"
done
echo
PY=${PYTHON:-python3}
echo "python: $("$PY" -c 'import sys; print(sys.version.split()[0], sys.prefix)' 2>/dev/null || echo missing)"
"$PY" - requirements.txt <<'PYEOF' 2>/dev/null || echo "python packages: (could not read)"
import re, sys
from importlib import metadata
out = []
for line in open(sys.argv[1]):
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)(\[[^]]*\])?==([^\s#]+)", line)
    if m:
        try:
            have = metadata.version(m.group(1))
        except metadata.PackageNotFoundError:
            have = "missing"
        out.append(f"{m.group(1)}={have}" + ("" if have == m.group(3) else f" (pinned {m.group(3)})"))
print("python packages: " + " ".join(out))
PYEOF
