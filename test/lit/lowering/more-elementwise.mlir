// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: not nabla-opt --pass-pipeline='builtin.module(nabla-verify)' --split-input-file %S/Inputs/more-elementwise-bad.mlir 2>&1 | FileCheck %s --check-prefix=BAD
// tan, exp2, erf, floor, ceil and atan2 are one math op per element;
// is_finite is |x| compared ordered-not-equal with infinity (false for NaN
// and +-inf) with arith alone.

// CHECK-LABEL: func.func @f(
// CHECK: math.tan
// CHECK: math.exp2
// CHECK: math.erf
// CHECK: math.floor
// CHECK: math.ceil
// CHECK: math.atan2
// CHECK: %[[A:.*]] = math.absf %{{.*}} : f32
// CHECK: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: arith.cmpf one, %[[A]], %[[INF]] : f32
func.func @f(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi1>) {
  %0 = "nabla.tan"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.exp2"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %2 = "nabla.erf"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %3 = "nabla.floor"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %4 = "nabla.ceil"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %5 = "nabla.atan2"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %6 = "nabla.is_finite"(%x) : (tensor<4xf32>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi1>
}

// The verifier: float operands only; is_finite gives bool of the same shape.
// BAD: more-elementwise-bad.mlir:2:{{[0-9]+}}: error: nabla.floor: expected a float element type, got tensor<4xi32>
// BAD: more-elementwise-bad.mlir:9:{{[0-9]+}}: error: nabla.is_finite: result must be i1 with the operands' shape (4,), got tensor<4xf32>
