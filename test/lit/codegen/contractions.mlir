// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=TILE
// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-vector-lower 2>&1 >/dev/null | FileCheck %s --check-prefix=VEC
// The contractions of a matmul's VJP. dW = x^T g (dot_general contracting
// dim 0 of both) is scheduled like a matmul with A read transposed: its
// packed micro-panels are K x 4 blocks of x copied as they are (4
// contiguous values per k), so no transposed copy of x is made. dx = g W^T
// transposes W into a fresh tensor first, in 8x8 register tiles (rows read,
// vector.transpose, rows written), then is a plain matmul. A bias gradient
// (sum over rows) is vectorized over columns, rows one at a time.

// TILE-LABEL: func.func @dw(
// TILE-NOT: vector.transpose
// TILE: scf.forall
// TILE: vector.transfer_read %arg0{{.*}} : tensor<128x256xf32>, vector<4xf32>
// TILE: scf.for {{.*}} iter_args({{.*}} = %cst{{.*}}) -> (vector<4x16xf32>)
// TILE: vector.contract {{.*}} : vector<1x4xf32>, vector<4x1x16xf32> into vector<4x16xf32>
// TILE-NOT: linalg.

// K (128) fits one cache block, so the zero fill went down to the register
// tile: each 4x16 tile's accumulators start as -0.0 (dot_general's additive
// identity) in registers (the fill's store, forwarded to the k loop's
// load, is gone); no pass over all of C zeroes it beforehand.
// VEC-LABEL: func.func private @dw(
// VEC-NOT: vector<256xf32>
// VEC: %[[Z:.*]] = arith.constant dense<-0.000000e+00> : vector<4x16xf32>
// VEC-NOT: vector<256xf32>
// VEC: scf.for {{.*}} iter_args(%{{.*}} = %[[Z]]) -> (vector<4x16xf32>)
// VEC-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// VEC-NOT: linalg.
func.func @dw(%x: tensor<128x256xf32> {nabla.name = "x"}, %g: tensor<128x512xf32> {nabla.name = "g"}) -> tensor<256x512xf32> {
  %0 = "nabla.dot_general"(%x, %g) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<128x256xf32>, tensor<128x512xf32>) -> tensor<256x512xf32>
  return %0 : tensor<256x512xf32>
}

// TILE-LABEL: func.func @dx(
// TILE: scf.forall
// TILE: vector.transfer_read {{.*}} : tensor<512x256xf32>, vector<8x8xf32>
// TILE-NEXT: vector.transpose {{.*}} [1, 0] : vector<8x8xf32> to vector<8x8xf32>
// TILE-NEXT: vector.transfer_write {{.*}} : vector<8x8xf32>
// TILE: vector.contract {{.*}} vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// TILE-NOT: linalg.
func.func @dx(%g: tensor<128x256xf32> {nabla.name = "g"}, %w: tensor<512x256xf32> {nabla.name = "w"}) -> tensor<128x512xf32> {
  %0 = "nabla.dot_general"(%g, %w) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<128x256xf32>, tensor<512x256xf32>) -> tensor<128x512xf32>
  return %0 : tensor<128x512xf32>
}

// A transpose that 8x8 tiles do not cover stays an elementwise op.
// TILE-LABEL: func.func @odd_transpose(
// TILE-NOT: vector.transpose
// TILE: return
func.func @odd_transpose(%a: tensor<12x20xf32> {nabla.name = "a"}) -> tensor<20x12xf32> {
  %0 = "nabla.transpose"(%a) {permutation = array<i64: 1, 0>} : (tensor<12x20xf32>) -> tensor<20x12xf32>
  return %0 : tensor<20x12xf32>
}

// TILE-LABEL: func.func @db(
// TILE: scf.for {{.*}} step %c64
// TILE: scf.for {{.*}} step %c1
// TILE: vector.transfer_read {{.*}} vector<64xf32>
// TILE-NOT: linalg.

// VEC-LABEL: func.func private @db(
// VEC: arith.addf {{.*}} : vector<64xf32>
// VEC-NOT: linalg.
func.func @db(%g: tensor<128x512xf32> {nabla.name = "g"}) -> tensor<512xf32> {
  %0 = "nabla.reduce_sum"(%g) {dimensions = array<i64: 0>} : (tensor<128x512xf32>) -> tensor<512xf32>
  return %0 : tensor<512xf32>
}
