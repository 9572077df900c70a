#!/usr/bin/env bash
# The PRNG benchmark (issue 5): random_bits (uint32) and normal (f32) of
# 2^24 elements, nabla-compiled (gen_prng_bench.c, bench.c) vs jax.jit of
# the same call (bench_jax.py), in one run; elements/s and the ratio.
# Target: >= 1.0x JAX. Not a test.
#
# usage: bench/prng/run.sh [BUILD_DIR]   (default $NABLA_BUILD_DIR or build)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup prng build "$@"
bench_generator gen_prng_bench
"$work/gen_prng_bench" "$work"
bench_driver prb

echo "2^24 elements, key 0, partitionable layout; $(nproc) cores"
read -r nb nn nlast nzlast < <("$work/bench")
read -r jb jn jlast jzlast < <(python3 "$here/bench_jax.py")
awk -v nb="$nb" -v nn="$nn" -v jb="$jb" -v jn="$jn" 'BEGIN {
  printf "random_bits u32: nabla %.3g elem/s, jax.jit %.3g elem/s, ratio %.2f\n", nb, jb, nb / jb
  printf "normal f32:      nabla %.3g elem/s, jax.jit %.3g elem/s, ratio %.2f\n", nn, jn, nn / jn }'
echo "last elements: nabla bits $nlast normal $nzlast; jax bits $jlast normal $jzlast"
