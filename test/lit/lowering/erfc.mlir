// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: nablac %s --emit=llvm --name erfc | FileCheck %s --check-prefix=LLVM
// RUN: not nabla-opt --pass-pipeline='builtin.module(nabla-verify)' %S/Inputs/erfc-bad.mlir 2>&1 | FileCheck %s --check-prefix=BAD
// erfc is math.erfc per element, which the CPU pipeline hands to libm
// (erfcf for f32 and, widened to f32 and rounded back, f16/bf16; erfc for
// f64): computed directly, not as 1 - erf.

// CHECK-LABEL: func.func @f(
// CHECK: math.erfc %{{.*}} : f32
// CHECK: math.erfc %{{.*}} : f64
// CHECK-NOT: math.erf %
// LLVM-DAG: llvm.func @erfcf(f32) -> f32
// LLVM-DAG: llvm.func @erfc(f64) -> f64
func.func @f(%x: tensor<4xf32>, %y: tensor<3xf64>, %z: tensor<2xbf16>) -> (tensor<4xf32>, tensor<3xf64>, tensor<2xbf16>) {
  %0 = "nabla.erfc"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.erfc"(%y) : (tensor<3xf64>) -> tensor<3xf64>
  %2 = "nabla.erfc"(%z) : (tensor<2xbf16>) -> tensor<2xbf16>
  return %0, %1, %2 : tensor<4xf32>, tensor<3xf64>, tensor<2xbf16>
}

// The verifier: float operands only.
// BAD: erfc-bad.mlir:2:{{[0-9]+}}: error: nabla.erfc: expected a float element type, got tensor<4xi32>
