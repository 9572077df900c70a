#!/usr/bin/env bash
# The MLP gradient benchmark (issue 3): time of the compiled value_and_grad
# over time of the compiled forward pass, for nabla (compiled ahead of time
# by gen_mlp.c) and for JAX (jax.jit), measured in the same run. Target:
# nabla's ratio <= JAX's. Not a test.
#
# usage: bench/grad_mlp/run.sh [BUILD_DIR]
#   BUILD_DIR: a configured nabla build (default $NABLA_BUILD_DIR or build);
#   libnabla and the runtime are built there first. Both run on all cores
#   unless JAX_THREADS=1: then both are pinned to one CPU (taskset -c 0;
#   XLA's CPU client ignores its thread-count flags) and nabla's pool is
#   set to one thread.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
bench_setup grad_mlp build "$@"
bench_generator gen_mlp
"$work/gen_mlp" "$work"
bench_driver mlp

pin=()
if [ "${JAX_THREADS:-}" = 1 ]; then
  pin=(taskset -c 0)
  export NBRT_NUM_THREADS=1
fi
# Alternate the two processes PAIRS times (default 3) so that both sample
# the machine's load alike; each prints medians over interleaved rounds.
pairs="${PAIRS:-3}"
runs="$work/runs.txt"; : > "$runs"
for i in $(seq "$pairs"); do
  "${pin[@]}" "$work/bench" "$work/inputs.f32" >> "$runs"
  "${pin[@]}" python3 "$here/bench_jax.py" "$work/inputs.f32" >> "$runs"
done

echo "MLP 784-512-512-10, tanh, batch 128, f32, mean squared error; $([ "${JAX_THREADS:-}" = 1 ] && echo 1 || nproc) core(s)"
echo "medians over $pairs alternating runs of each (each: medians over 21 interleaved rounds)"
awk '
  function med(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { n[$1]++; f[$1, n[$1]] = $2; g[$1, n[$1]] = $3; r[$1, n[$1]] = $4; loss[$1] = $5
    rs[$1] = rs[$1] sprintf(" %.2f", $4) }
  END {
    printf "%-6s %12s %19s %15s %10s   %s\n", "", "forward ms", "value_and_grad ms", "ratio (vg/fwd)", "loss", "ratio per run"
    split("nabla jax", who, " ")
    for (w = 1; w <= 2; w++) {
      k = who[w]; m = n[k]
      for (i = 1; i <= m; i++) { ff[i] = f[k, i]; gg[i] = g[k, i]; rr[i] = r[k, i] }
      printf "%-6s %12.3f %19.3f %15.2f %10.5f  %s\n", k, med(ff, m), med(gg, m), med(rr, m), loss[k], rs[k]
    }
  }' "$runs"
