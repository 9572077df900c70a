#!/usr/bin/env bash
# bench/run.sh — nabla's CPU code against OpenBLAS, JAX and a bandwidth
# reference, in one run (issue 6). Not a test: prints a table.
#
# usage: bench/run.sh [BUILD_DIR]   (default $NABLA_BUILD_DIR or build-perf)
# Single-thread figures: OpenBLAS and JAX are pinned to one CPU (taskset -c 0:
# XLA's CPU client ignores the thread flags below), and so is
# nabla (nbrt_set_num_threads(1)) except in its 2-thread rows; the MLP step
# (bench/mlp_step/run.sh) is timed on 1 and 2 threads on both sides. Each figure is a median of 15 timings. Sizes: NABLA_BENCH_N
# (matmul sizes, default "256 512 1024 2048"), EW_ROWS x EW_COLS = 4096^2 (also
# the full reduction's size).
# nabla compiles for this host (--mcpu=native), as jax.jit does.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$here/lib.sh"
bench_build_dir "${1:-${NABLA_BUILD_DIR:-$root/build-perf}}"
work="$build/bench/perf"
mkdir -p "$work"
cc="${CC:-cc}"
rows=4096 cols=4096
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
export XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"

cmake --build "$build" --target nablac nabla_rt linear_regression -j2 >/dev/null
lr="$build/examples/linear_regression/linreg"

# the elementwise chain: y = max(x * w + b, 0), b broadcast along rows
cat > "$work/ew.mlir" <<MLIR
func.func @chain(%x: tensor<${rows}x${cols}xf32> {nabla.name = "x"}, %w: tensor<${rows}x${cols}xf32> {nabla.name = "w"}, %b: tensor<${cols}xf32> {nabla.name = "b"}) -> tensor<${rows}x${cols}xf32> {
  %bb = "nabla.broadcast_in_dim"(%b) {broadcast_dimensions = array<i64: 1>} : (tensor<${cols}xf32>) -> tensor<${rows}x${cols}xf32>
  %m = "nabla.mul"(%x, %w) : (tensor<${rows}x${cols}xf32>, tensor<${rows}x${cols}xf32>) -> tensor<${rows}x${cols}xf32>
  %a = "nabla.add"(%m, %bb) : (tensor<${rows}x${cols}xf32>, tensor<${rows}x${cols}xf32>) -> tensor<${rows}x${cols}xf32>
  %z = "nabla.constant"() {value = dense<0.0> : tensor<${rows}x${cols}xf32>} : () -> tensor<${rows}x${cols}xf32>
  %r = "nabla.max"(%a, %z) : (tensor<${rows}x${cols}xf32>, tensor<${rows}x${cols}xf32>) -> tensor<${rows}x${cols}xf32>
  return %r : tensor<${rows}x${cols}xf32>
}
MLIR
"$build/nablac" "$work/ew.mlir" -o "$work" --name ew --mcpu=native
# the full reduction: sum(x) over all of a 4096^2 array
cat > "$work/red.mlir" <<MLIR
func.func @sum(%x: tensor<${rows}x${cols}xf32> {nabla.name = "x"}) -> tensor<f32> {
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0, 1>} : (tensor<${rows}x${cols}xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
MLIR
"$build/nablac" "$work/red.mlir" -o "$work" --name red --mcpu=native

out="$work/results.txt"; : > "$out"
for n in ${NABLA_BENCH_N:-256 512 1024 2048}; do
  cat > "$work/mm.mlir" <<MLIR
func.func @mm(%a: tensor<${n}x${n}xf32> {nabla.name = "a"}, %b: tensor<${n}x${n}xf32> {nabla.name = "b"}) -> tensor<${n}x${n}xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<${n}x${n}xf32>, tensor<${n}x${n}xf32>) -> tensor<${n}x${n}xf32>
  return %0 : tensor<${n}x${n}xf32>
}
MLIR
  # P5: the AOT compile (nabla -> .o/.a/.h) of this module, median of 3
  ct=$(for i in 1 2 3; do s=$(date +%s.%N); "$build/nablac" "$work/mm.mlir" -o "$work" --name mm --mcpu=native; e=$(date +%s.%N); echo "$e - $s" | bc; done | sort -n | sed -n 2p)
  echo "compile_mm_$n $ct 1 s" >> "$out"
  "$cc" -std=gnu11 -O2 -march=native -DN="$n" -DEW_ROWS=$rows -DEW_COLS=$cols -I"$work" -I"$lr" \
    -I"$root/runtime/include" "$here/kernels.c" "$work/libmm.a" "$work/libew.a" "$work/libred.a" "$lr/liblinreg.a" \
    "$build/libnabla_rt.a" -lm -pthread -o "$work/kernels"
  "$work/kernels" | { if [ "$n" = "$(echo ${NABLA_BENCH_N:-256 512 1024 2048} | awk '{print $1}')" ]; then cat; else grep '^matmul'; fi; } >> "$out"
  taskset -c 0 python3 "$here/bench_jax.py" "$n" $rows $cols | { if [ "$n" = "$(echo ${NABLA_BENCH_N:-256 512 1024 2048} | awk '{print $1}')" ]; then cat; else grep -E '^(matmul|compile)'; fi; } >> "$out"
done
# P2 + P5 of the MLP training step (bench/mlp_step/run.sh)
"$here/mlp_step/run.sh" "$build" | grep -v '_loss ' >> "$out"
# P6: sizes
echo "size_runtime_archive $(stat -c %s "$build/libnabla_rt.a") 1 B" >> "$out"
echo "size_linreg_app $(stat -c %s "$build/examples/linear_regression/linear_regression" 2>/dev/null || echo 0) 1 B" >> "$out"

echo "nabla bench, $(date -u +%F), $(getconf _NPROCESSORS_ONLN) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d" " -f1-3 /proc/loadavg)"
awk -f "$here/report.awk" "$out"
