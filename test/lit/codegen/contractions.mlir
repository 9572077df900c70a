// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=TILE
// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-vector-lower 2>&1 >/dev/null | FileCheck %s --check-prefix=VEC
// The contractions of a matmul's VJP. dW = x^T g (dot_general contracting
// dim 0 of both): nabla-cpu-schedule transposes x into a fresh tensor with an
// all-parallel generic (itself vectorized like any elementwise op) and
// schedules the rest as a plain matmul (packed, FMA register tile). A bias
// gradient (sum over rows) is vectorized over columns, rows one at a time.

// TILE-LABEL: func.func @dw(
// TILE: vector.transfer_read
// TILE: scf.forall
// TILE: vector.contract {{.*}} vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// TILE-NOT: linalg.

// VEC-LABEL: func.func private @dw(
// VEC-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// VEC-NOT: linalg.
func.func @dw(%x: tensor<128x256xf32> {nabla.name = "x"}, %g: tensor<128x512xf32> {nabla.name = "g"}) -> tensor<256x512xf32> {
  %0 = "nabla.dot_general"(%x, %g) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<128x256xf32>, tensor<128x512xf32>) -> tensor<256x512xf32>
  return %0 : tensor<256x512xf32>
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
