// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: not nabla-opt --pass-pipeline='builtin.module(nabla-verify)' --split-input-file %S/Inputs/round-clamp-bad.mlir 2>&1 | FileCheck %s --check-prefix=BAD
// round: math.round (halves away from zero) or math.roundeven; clamp: one
// generic reading rank-0 bounds through a constant map, max then min
// (maximumf/minimumf: NaN propagates); nextafter: x's bits stepped by one.

// CHECK-LABEL: func.func @round(
// CHECK: math.round %
// CHECK-LABEL: func.func @round_even(
// CHECK: math.roundeven
func.func @round(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.round"(%x) {rounding_method = 0 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func @round_even(%x: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "nabla.round"(%x) {rounding_method = 1 : i64} : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// CHECK-LABEL: func.func @clamp(
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}]
// CHECK-SAME: ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK: arith.maximumf
// CHECK: arith.minimumf
func.func @clamp(%lo: tensor<f32>, %x: tensor<2x3xf32>, %hi: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.clamp"(%lo, %x, %hi) : (tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @clamp_u8(
// CHECK: arith.maxui
// CHECK: arith.minui
func.func @clamp_u8(%lo: tensor<ui8>, %x: tensor<4xui8>, %hi: tensor<ui8>) -> tensor<4xui8> {
  %0 = "nabla.clamp"(%lo, %x, %hi) : (tensor<ui8>, tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// CHECK-LABEL: func.func @nextafter(
// CHECK: arith.bitcast %{{.*}} : f32 to i32
// CHECK: arith.addi
// CHECK: arith.bitcast %{{.*}} : i32 to f32
func.func @nextafter(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.nextafter"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// BAD: nabla.round: rounding_method 2 is neither 0 (away from zero) nor 1 (to nearest even)
// BAD: nabla.round: expected a float element type, got tensor<4xi32>
// BAD: nabla.clamp: min must have shape () or x's shape (2,3), got (3,)
// BAD: nabla.clamp: max has element type tensor<f64>, x has tensor<2x3xf32>
// BAD: nabla.nextafter: expected a float element type, got tensor<4xi32>
