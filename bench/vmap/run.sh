#!/usr/bin/env bash
# The vmap benchmark (issue 4): one MLP layer (784 -> 512, tanh) vmapped
# over a batch of 128 vs the same layer written batched by hand, both
# compiled by nabla (gen_vmap.c), timed in one run (bench.c). Target:
# vmapped / by hand <= 1.05 (both behind the same call; see gen_vmap.c).
# Not a test.
#
# usage: bench/vmap/run.sh [BUILD_DIR]
#   BUILD_DIR: a configured nabla build (default $NABLA_BUILD_DIR or build);
#   libnabla and the runtime are built there first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$(cd "${1:-${NABLA_BUILD_DIR:-$root/build}}" && pwd)"
work="$build/bench/vmap"
mkdir -p "$work"
cc="${CC:-cc}"

cmake --build "$build" --target nabla nabla_rt -j2 >/dev/null
"$cc" -std=c11 -O2 -I"$root/frontend/include" "$here/gen_vmap.c" -L"$build" \
  -Wl,-rpath,"$build" -lnabla -o "$work/gen_vmap"
"$work/gen_vmap" "$work"
"$cc" -std=c11 -O2 -I"$work" -I"$root/runtime/include" "$here/bench.c" \
  "$work/libvmb.a" "$build/libnabla_rt.a" -lm -o "$work/bench"

echo "one layer tanh(x W + b), 784 -> 512, batch 128, f32; $(nproc) cores"
"$work/bench" | awk '{
  printf "vmapped %.3f ms; by hand, called through a wrapper like the vmap %.3f ms (ratio %.3f);\n", $1, $2, $1 / $2
  printf "by hand, exported directly %.3f ms (ratio %.3f); max |diff| %g\n", $3, $1 / $3, $4 }'
