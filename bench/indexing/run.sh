#!/usr/bin/env bash
# The indexing benchmark (issue 14): an embedding lookup (gather of 4096 rows
# of a 50000 x 256 f32 table) and its gradient (scatter-add into the table),
# x.at[i].set(v) on a dead 16 MB / 64 MB temporary, and a dynamic_slice
# minibatch (128 rows of 60000 x 784) — nabla (gen_index_bench.c, bench.c)
# and jax.jit (bench_jax.py) side by side in one run, medians of 15 calls.
# Targets: lookup and lookup_grad <= 1.0x jax.jit's time; the update's own
# cost (set - scale) the same at 16 and 64 MB; batch_mean far below a copy
# of the 188 MB array. jax.jit allocates a fresh 16/64 MB result per call
# (page faults included), nabla writes into the caller's buffer: the scale_
# and set_ rows compare what each user gets. Not a test.
#
# usage: bench/indexing/run.sh [BUILD_DIR]   (default $NABLA_BUILD_DIR or build-perf)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup indexing build-perf "$@"
bench_generator gen_index_bench
"$work/gen_index_bench" "$work"
bench_driver ixb
# one core for both sides, as bench/run.sh's single-thread rows
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); 1 thread (taskset -c 0)"
NBRT_NUM_THREADS=1 taskset -c 0 "$work/bench" > "$work/nabla.txt"
taskset -c 0 python3 "$here/bench_jax.py" > "$work/jax.txt"
awk '
  FNR == NR { nb[$1] = $2; next }
  { jx[$1] = $2 }
  END {
    bw = 2 * 64 * 2^20 / nb["memcpy_64mb"]
    printf "memory bandwidth (memcpy, read + write): %.1f GB/s\n\n", bw / 1e9
    printf "%-22s %12s %12s %10s\n", "kernel", "nabla ms", "jax.jit ms", "nabla/jax"
    n = split("lookup lookup_grad scale_4m set_4m scale_16m set_16m batch_mean", k, " ")
    for (i = 1; i <= n; i++)
      printf "%-22s %12.3f %12.3f %10.2f\n", k[i], nb[k[i]] * 1e3, jx[k[i]] * 1e3, nb[k[i]] / jx[k[i]]
    printf "%-22s %12s %12.3f\n", "set_4m_donated", "-", jx["set_4m_donated"] * 1e3
    printf "%-22s %12s %12.3f\n", "set_16m_donated", "-", jx["set_16m_donated"] * 1e3
    printf "\nthe update'"'"'s own cost (set - scale), ms: nabla %.3f at 16 MB, %.3f at 64 MB; jax.jit %.3f, %.3f\n",
      (nb["set_4m"] - nb["scale_4m"]) * 1e3, (nb["set_16m"] - nb["scale_16m"]) * 1e3,
      (jx["set_4m"] - jx["scale_4m"]) * 1e3, (jx["set_16m"] - jx["scale_16m"]) * 1e3
    # bytes each kernel must move at least; the 8 MB of the lookup stay in cache
    # (the 128 MB of the memcpy do not), so it can run above the memcpy rate
    lk = 2 * 4096 * 256 * 4
    lg = 50000 * 256 * 4 + 3 * 4096 * 256 * 4
    printf "lookup moves %.1f GB/s (cache-resident), lookup_grad %.1f GB/s = %.0f%% of memcpy (zero the table, read w, update rows)\n",
      lk / nb["lookup"] / 1e9, lg / nb["lookup_grad"] / 1e9, 100 * lg / nb["lookup_grad"] / bw
    printf "batch_mean reads %.1f MB of the 188 MB array: %.3f ms vs %.3f ms to copy 64 MB\n",
      128 * 784 * 4 / 2^20, nb["batch_mean"] * 1e3, nb["memcpy_64mb"] * 1e3
  }' "$work/nabla.txt" "$work/jax.txt"
