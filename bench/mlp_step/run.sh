#!/usr/bin/env bash
# bench/mlp_step/run.sh — P2 and P5 of issue 6: the MLP 784-512-512-10
# training step (value_and_grad + SGD, batch 128, f32) compiled by nabla vs
# jax.jit of the same step, on 1 and 2 threads, vs the OpenBLAS time of its
# matmuls (numpy, one thread), and the AOT compile time of the step (nabla:
# the generator process, DSL to .o/.a/.h; JAX: jit(...).lower().compile()).
# Prints "<name> <seconds> <work> <unit>" lines; bench/run.sh tabulates them.
#
# usage: bench/mlp_step/run.sh [BUILD_DIR]   (default $NABLA_BUILD_DIR or build-perf)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup mlp_step build-perf "$@"
bench_generator gen_step
# P5, on one CPU as JAX's compile is timed (bench_jax.py's 1t run):
# "process", the median of 3 generator processes, each compiling the step
# once (what a build runs: includes loading libMLIR/libLLVM, which JAX's
# figures do not: its import is not timed); "first" and "warm", the first
# and the median of 5 later build + compiles in one process, against JAX's
# first and later jit(...).lower().compile() after import.
ct=$(for i in 1 2 3; do s=$(date +%s.%N); taskset -c 0 "$work/gen_step" "$work"; e=$(date +%s.%N); echo "$e - $s" | bc; done | sort -n | sed -n 2p)
echo "compile_mlp_step $ct 1 s"
taskset -c 0 "$work/gen_step" "$work" 6
bench_driver step
# P6: an app binary holding the step (bench.c, the step, the runtime, libc
# dynamic), as built and stripped
strip -o "$work/bench.stripped" "$work/bench"
echo "size_mlp_step_app $(stat -c %s "$work/bench") 1 B"
echo "size_mlp_step_app_stripped $(stat -c %s "$work/bench.stripped") 1 B"
# nabla and JAX alternate ROUNDS times (default 3) so both sample the shared
# machine's load alike; each figure printed is the median over the rounds.
# One thread for JAX: XLA's CPU client ignores the old thread flags, so the
# process is pinned to one CPU (taskset), as a 1-thread run of nabla uses one.
runs="$work/runs.txt"; : > "$runs"
for i in $(seq "${ROUNDS:-3}"); do
  "$work/bench" "$work/inputs.f32" >> "$runs"
  OPENBLAS_NUM_THREADS=1 taskset -c 0 python3 "$here/bench_jax.py" "$work/inputs.f32" 1t >> "$runs"
  OPENBLAS_NUM_THREADS=1 python3 "$here/bench_jax.py" "$work/inputs.f32" 2t >> "$runs"
done
awk '{ n[$1]++; v[$1, n[$1]] = $2; rest[$1] = $3 " " $4; if (!($1 in order)) { order[$1] = ++k; name[k] = $1 } }
  END {
    for (i = 1; i <= k; i++) {
      m = name[i]; c = n[m]
      for (a = 1; a <= c; a++) x[a] = v[m, a]
      for (a = 1; a <= c; a++) for (b = a + 1; b <= c; b++) if (x[b] < x[a]) { t = x[a]; x[a] = x[b]; x[b] = t }
      printf "%s %.6e %s\n", m, c % 2 ? x[(c + 1) / 2] : (x[c / 2] + x[c / 2 + 1]) / 2, rest[m]
    }
  }' "$runs"
