#!/usr/bin/env bash
# The README's two commands as a new user runs them: clones HEAD (committed
# work only) into a temporary directory, makes a new Python virtual
# environment there (nothing pip-installed earlier is seen), and runs
# ./scripts/demo.sh then ./scripts/test.sh, timing each. Then the per-op
# conformance suite again with the objects built for an AVX2-only CPU
# (--mcpu=haswell) and for this one (--mcpu=native): the reference is JAX
# capped at AVX2 (test/conformance/jax_reference.py), so both must match it.
#
# usage: scripts/fresh_check.sh [--keep]   (--keep: leave the directory)
# Debian packages are installed system-wide by install_deps.sh as usual.
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
keep=${1:-}
work=$(mktemp -d /tmp/nabla-fresh.XXXXXX)
[ "$keep" = "--keep" ] || trap 'rm -rf "$work"' EXIT
log="$work/log"
echo "fresh check of $(git -C "$src" rev-parse --short HEAD) in $work"
git clone -q "$src" "$work/nabla"
python3 -m venv "$work/venv"
# shellcheck disable=SC1091
source "$work/venv/bin/activate"
unset PYTHON NABLA_BUILD_DIR NABLA_SKIP_SANITIZERS
cd "$work/nabla"

step() {  # step NAME COMMAND...: runs it, prints its time, keeps its output
  local name=$1 t0 rc=0
  shift
  t0=$(date +%s)
  "$@" > "$log.$name" 2>&1 || rc=$?
  echo "$name: $(( $(date +%s) - t0 )) s, exit $rc (output: $log.$name)"
  [ $rc -eq 0 ] || { tail -40 "$log.$name"; exit 1; }
}

step demo ./scripts/demo.sh
tail -3 "$log.demo"
step test ./scripts/test.sh
grep -E "tests passed|reference:" "$log.test" | sort | uniq -c
for cpu in haswell native; do
  step "ops-$cpu" env NABLA_CONFORMANCE_NABLAC_FLAGS="--mcpu=$cpu" \
    ctest --test-dir build --output-on-failure -R 'conformance_(ops|rules)$'
done
echo "fresh check passed"
