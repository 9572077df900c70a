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
source "$(dirname "$0")/../lib.sh"
bench_setup vmap build "$@"
bench_generator gen_vmap
"$work/gen_vmap" "$work"
bench_driver vmb

echo "one layer tanh(x W + b), 784 -> 512, batch 128, f32; $(nproc) cores"
"$work/bench" | awk '{
  printf "vmapped %.3f ms; by hand, called through a wrapper like the vmap %.3f ms (ratio %.3f);\n", $1, $2, $1 / $2
  printf "by hand, exported directly %.3f ms (ratio %.3f); max |diff| %g\n", $3, $1 / $3, $4 }'
