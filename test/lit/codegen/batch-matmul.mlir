// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=TILE
// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-vector-lower 2>&1 >/dev/null | FileCheck %s --check-prefix=VEC
// A batched matmul (what vmap of a matmul makes): a parallel loop over the
// batch, and in it, with the unit batch dim folded away, the 2-D matmul
// schedule (packed panels, 4x16 FMA register tile); no second parallel loop
// inside. (The zero fill of C before it is an elementwise op of its own.)

// TILE-LABEL: func.func @bmm(
// TILE: scf.forall (%{{.*}}) in (16)
// TILE-NOT: scf.forall
// TILE: tensor.extract_slice {{.*}} : tensor<1x128x128xf32> to tensor<128x128xf32>
// TILE: vector.contract {{.*}} vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// TILE-NOT: linalg.generic
// TILE: return

// VEC-LABEL: func.func private @bmm(
// VEC-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// VEC-NOT: linalg.
func.func @bmm(%a: tensor<16x128x256xf32> {nabla.name = "a"}, %b: tensor<16x256x128xf32> {nabla.name = "b"}) -> tensor<16x128x128xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<16x128x256xf32>, tensor<16x256x128xf32>) -> tensor<16x128x128xf32>
  return %0 : tensor<16x128x128xf32>
}

// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=LAYOUT
// A batched contraction whose operands are not batch-major (vmap of x W^T
// here: B is [batch, n, k]) was left to naive scalar loops. The misordered
// operand is now copied batch-major first, a batched transpose of its last
// two dims in 8x8 tiles (vector.transpose), then the batch matmul schedule.
// (16 x 128 x 128 x 256 on one core: 2.6 GFLOP/s as scalar loops, 21 with
// the copy as a strided elementwise op, 80 with transpose tiles, 83-88 with B
// already batch-major.)
// LAYOUT-LABEL: func.func @bmm_bt(
// LAYOUT: tensor.empty() : tensor<16x256x128xf32>
// LAYOUT: vector.transfer_read {{.*}} : tensor<16x128x256xf32>, vector<8x8xf32>
// LAYOUT: vector.transpose {{.*}} [1, 0] : vector<8x8xf32> to vector<8x8xf32>
// LAYOUT: scf.forall (%{{.*}}) in (16)
// LAYOUT: vector.contract {{.*}} vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// LAYOUT-NOT: linalg.generic
// LAYOUT: return
// A batch dim in the middle of A: a plain copy into [batch, m, k] (rows of
// k stay contiguous), then the same batch matmul.
// LAYOUT-LABEL: func.func @bmm_mid(
// LAYOUT: tensor.empty() : tensor<16x128x256xf32>
// LAYOUT: scf.forall (%{{.*}}) in (16)
// LAYOUT: vector.contract {{.*}} vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// LAYOUT-NOT: linalg.generic
// LAYOUT: return
func.func @bmm_bt(%a: tensor<16x128x256xf32> {nabla.name = "a"}, %b: tensor<16x128x256xf32> {nabla.name = "b"}) -> tensor<16x128x128xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 2>} : (tensor<16x128x256xf32>, tensor<16x128x256xf32>) -> tensor<16x128x128xf32>
  return %0 : tensor<16x128x128xf32>
}
func.func @bmm_mid(%a: tensor<128x16x256xf32> {nabla.name = "a"}, %b: tensor<16x256x128xf32> {nabla.name = "b"}) -> tensor<16x128x128xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<128x16x256xf32>, tensor<16x256x128xf32>) -> tensor<16x128x128xf32>
  return %0 : tensor<16x128x128xf32>
}
