// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: not nabla-opt --pass-pipeline='builtin.module(nabla-verify)' --split-input-file %S/Inputs/cumulative-bad.mlir 2>&1 | FileCheck %s --check-prefix=BAD
// One generic over the result's dims and a reduction dim j along the axis:
// x_j joins element i when j <= i (j >= i reversed), the identity otherwise
// (-0.0 for a float sum, so a leading -0.0 stays).

// CHECK-LABEL: func.func @cumsum(
// CHECK: arith.constant -0.000000e+00 : f32
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: linalg.index 1
// CHECK: linalg.index 2
// CHECK: arith.cmpi ule
// CHECK: arith.select
// CHECK: arith.addf
func.func @cumsum(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.cumsum"(%x) {axis = 1 : i64, reverse = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @cummax_rev(
// CHECK: arith.constant 0 : i8
// CHECK: arith.cmpi uge
// CHECK: arith.maxui
func.func @cummax_rev(%x: tensor<4xui8>) -> tensor<4xui8> {
  %0 = "nabla.cummax"(%x) {axis = 0 : i64, reverse = true} : (tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// BAD: nabla.cumsum: axis 2 is out of range for operand (2,3)
// BAD: nabla.cummax: expected an integer or float element type, got tensor<3xi1>
// BAD: expected base attribute 'builtin.integer' but got 'builtin.string'
