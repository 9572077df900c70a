// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-vector-lower 2>&1 >/dev/null | FileCheck %s
// An embedding lookup, table[idx] (a gather of whole rows), is scheduled as
// an elementwise loop nest and vectorized with vectorize_nd_extract: the row
// index is read once per 64-wide chunk, clamped, and the row is read with a
// contiguous vector.load (not one scalar load per element, which ran the
// lookup 12x slower than jax.jit).

// CHECK-LABEL: func.func private @lookup(
// CHECK: scf.forall
// CHECK: scf.for {{.*}} step %c64
// CHECK: vector.load %arg1{{.*}} : memref<4096x1xi32>, vector<i32>
// CHECK: arith.minsi {{.*}} : vector<64xindex>
// CHECK: vector.load %arg0[{{.*}}] : memref<50000x256xf32>, vector<64xf32>
// CHECK-NOT: memref.load
// CHECK: vector.store {{.*}} vector<64xf32>
func.func @lookup(%t: tensor<50000x256xf32> {nabla.name = "t"}, %i: tensor<4096x1xi32> {nabla.name = "i"}) -> tensor<4096x256xf32> {
  %0 = "nabla.gather"(%t, %i) {offset_dims = array<i64: 1>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 1, 256>, mode = "clip"} : (tensor<50000x256xf32>, tensor<4096x1xi32>) -> tensor<4096x256xf32>
  return %0 : tensor<4096x256xf32>
}

// Any other gather keeps scalar loops: the vectorizer's forms for a window
// down a column (found by the random program tester, --seed 11, programs
// 1458 and 1526) gave wrong values.
// CHECK-LABEL: func.func private @column(
// CHECK-NOT: vector.gather
// CHECK: memref.load
// CHECK: return
func.func @column(%x: tensor<4x2xf32> {nabla.name = "x"}) -> tensor<2x4x1xf32> {
  %i = "nabla.constant"() {value = dense<[[-2, 2], [1, -1]]> : tensor<2x2xi32>} : () -> tensor<2x2xi32>
  %0 = "nabla.gather"(%x, %i) {offset_dims = array<i64: 1, 2>, collapsed_slice_dims = array<i64>, start_index_map = array<i64: 0, 1>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 4, 1>, mode = "clip"} : (tensor<4x2xf32>, tensor<2x2xi32>) -> tensor<2x4x1xf32>
  return %0 : tensor<2x4x1xf32>
}
