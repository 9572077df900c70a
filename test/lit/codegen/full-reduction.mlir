// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=TILE
// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-vector-lower 2>&1 >/dev/null | FileCheck %s --check-prefix=VEC
// Full reductions (to a 0-D result) in split form: the input viewed as
// [n / 64, 64] rows, a fixed 8 row chunks in parallel (2^17 elements), each
// adding its rows into a vector of 64 partial sums, reduced across lanes into
// its slot of 8 partials, then the 8 combined. No scalar loop-carried chain.

// TILE-LABEL: func.func @sum(
// TILE: tensor.expand_shape {{.*}} into tensor<2048x64xf32>
// TILE: scf.forall ({{.*}}) in (8) shared_outs({{.*}}) -> (tensor<8xf32>)
// TILE: scf.for {{.*}} -> (vector<64xf32>)
// TILE: arith.addf {{.*}} : vector<64xf32>
// TILE: vector.multi_reduction <add>, {{.*}} : vector<1x64xf32> to f32
// TILE: vector.multi_reduction <add>, {{.*}} [0] : vector<8xf32> to f32

// VEC-LABEL: func.func private @sum(
// VEC: scf.forall
// VEC: scf.for {{.*}} -> (vector<64xf32>)
// VEC-NEXT: affine.apply
// VEC-NEXT: vector.load {{.*}} : memref<2048x64xf32>, vector<64xf32>
// VEC-NEXT: arith.addf {{.*}} : vector<64xf32>
// VEC: vector.reduction <add>, {{.*}} : vector<64xf32> into f32
// VEC: vector.reduction <add>, {{.*}} : vector<8xf32> into f32
func.func @sum(%x: tensor<512x256xf32> {nabla.name = "x"}) -> tensor<f32> {
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0, 1>} : (tensor<512x256xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// Any rank, and an element count that is no multiple of 64: rows of the
// largest divisor up to 64 (2100 = 35 x 60). Small: no parallel chunks.
// Maxima NaN-propagating (maximumf) in both steps.
// TILE-LABEL: func.func @max3d(
// TILE: tensor.collapse_shape {{.*}} : tensor<6x10x35xf32> into tensor<2100xf32>
// TILE: tensor.expand_shape {{.*}} into tensor<35x60xf32>
// TILE-NOT: scf.forall
// TILE: scf.for
// TILE: arith.maximumf {{.*}} : vector<60xf32>
// TILE: vector.multi_reduction <maximumf>
func.func @max3d(%x: tensor<6x10x35xf32> {nabla.name = "x"}) -> tensor<f32> {
  %0 = "nabla.reduce_max"(%x) {dimensions = array<i64: 0, 1, 2>} : (tensor<6x10x35xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// A prime element count has no vector-wide rows: the scalar loops, as before.
// TILE-LABEL: func.func @prime(
// TILE-NOT: vector
// TILE: return
func.func @prime(%x: tensor<1009xf32> {nabla.name = "x"}) -> tensor<f32> {
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0>} : (tensor<1009xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
