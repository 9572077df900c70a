// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-vector-lower 2>&1 >/dev/null | FileCheck %s --check-prefix=VEC
// RUN: nablac %s --emit=llvm --name lib | FileCheck %s --check-prefix=LLVM
// A fused elementwise chain, relu(x * w + b) with b broadcast along rows,
// becomes one loop nest over rows and 64-wide chunks (nabla-cpu-schedule):
// three vector loads, the chain on vectors, one vector store straight into
// the caller's buffer (no temporary, no copy), and no scalar arithmetic.

// VEC-LABEL: func.func private @chain(
// VEC-NOT: memref.alloc
// VEC: scf.for
// VEC: scf.for {{.*}} step %c64
// VEC: vector.load {{.*}} vector<64xf32>
// VEC: vector.load {{.*}} vector<64xf32>
// VEC: vector.load {{.*}} vector<64xf32>
// VEC: arith.mulf {{.*}} : vector<64xf32>
// VEC: arith.addf {{.*}} : vector<64xf32>
// VEC: arith.maximumf {{.*}} : vector<64xf32>
// VEC: vector.store {{.*}} vector<64xf32>
// VEC-NOT: memref.copy
// VEC-NOT: linalg.
// VEC-LABEL: func.func @lib_chain(

// LLVM-LABEL: llvm.func internal @chain(
// LLVM-NOT: : f32
// LLVM: llvm.fmul {{.*}} : vector<64xf32>
// LLVM-NOT: : f32
// LLVM: llvm.fadd {{.*}} : vector<64xf32>
// LLVM-NOT: : f32
// LLVM-LABEL: llvm.func @lib_chain(
func.func @chain(%x: tensor<64x256xf32> {nabla.name = "x"}, %w: tensor<64x256xf32> {nabla.name = "w"},
                 %b: tensor<256xf32> {nabla.name = "b"}) -> tensor<64x256xf32> {
  %bb = "nabla.broadcast_in_dim"(%b) {broadcast_dimensions = array<i64: 1>} : (tensor<256xf32>) -> tensor<64x256xf32>
  %m = "nabla.mul"(%x, %w) : (tensor<64x256xf32>, tensor<64x256xf32>) -> tensor<64x256xf32>
  %a = "nabla.add"(%m, %bb) : (tensor<64x256xf32>, tensor<64x256xf32>) -> tensor<64x256xf32>
  %z = "nabla.constant"() {value = dense<0.0> : tensor<64x256xf32>} : () -> tensor<64x256xf32>
  %r = "nabla.max"(%a, %z) : (tensor<64x256xf32>, tensor<64x256xf32>) -> tensor<64x256xf32>
  return %r : tensor<64x256xf32>
}
