// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=TILE
// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-vector-lower 2>&1 >/dev/null | FileCheck %s --check-prefix=VEC
// Row reductions in split form: rows in parallel chunks; per row a vector
// of 64 partial results combined with each next 64 elements, then one
// reduction across the lanes. No scalar loop-carried chain over the row.

// TILE-LABEL: func.func @rowsum(
// TILE: scf.forall
// TILE: scf.for {{.*}} step %c64 iter_args({{.*}}) -> (vector<64xf32>)
// TILE: arith.addf {{.*}} : vector<64xf32>
// TILE: vector.multi_reduction <add>, {{.*}} [1] : vector<1x64xf32> to vector<1xf32>

// VEC-LABEL: func.func private @rowsum(
// VEC: scf.for {{.*}} -> (vector<64xf32>)
// VEC: arith.addf {{.*}} : vector<64xf32>
// VEC: vector.reduction <add>, {{.*}} : vector<64xf32> into f32
func.func @rowsum(%x: tensor<256x1024xf32> {nabla.name = "x"}) -> tensor<256xf32> {
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 1>} : (tensor<256x1024xf32>) -> tensor<256xf32>
  return %0 : tensor<256xf32>
}

// Maxima the same way, NaN-propagating (maximumf) in both steps.
// TILE-LABEL: func.func @rowmax(
// TILE: arith.maximumf {{.*}} : vector<64xf32>
// TILE: vector.multi_reduction <maximumf>
func.func @rowmax(%x: tensor<256x1024xf32> {nabla.name = "x"}) -> tensor<256xf32> {
  %0 = "nabla.reduce_max"(%x) {dimensions = array<i64: 1>} : (tensor<256x1024xf32>) -> tensor<256xf32>
  return %0 : tensor<256xf32>
}
