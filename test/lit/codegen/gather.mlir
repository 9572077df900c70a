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
