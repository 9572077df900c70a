// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: not nabla-opt --pass-pipeline='builtin.module(nabla-verify)' --split-input-file %S/Inputs/cumulative-bad.mlir 2>&1 | FileCheck %s --check-prefix=BAD
// A call to a private function scanning each line along the axis in place,
// carrying the running value (O(n) per line), from the end when reversed.

// CHECK-LABEL: func.func @cumsum(
// CHECK: call @__nabla_cumulative_{{[0-9]+}}(%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// CHECK-LABEL: func.func @cummax_rev(
// CHECK: call @__nabla_cumulative_{{[0-9]+}}(%{{.*}}) : (tensor<4xi8>) -> tensor<4xi8>
// CHECK-LABEL: func.func private @__nabla_cumulative_
// CHECK: scf.for
// CHECK: arith.subi
// CHECK: arith.maxui
// CHECK: memref.store
// CHECK-LABEL: func.func private @__nabla_cumulative_
// CHECK: memref.collapse_shape
// CHECK: scf.for {{.*}} iter_args
// CHECK: arith.addf
func.func @cumsum(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.cumsum"(%x) {axis = 1 : i64, reverse = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

func.func @cummax_rev(%x: tensor<4xui8>) -> tensor<4xui8> {
  %0 = "nabla.cummax"(%x) {axis = 0 : i64, reverse = true} : (tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// BAD: nabla.cumsum: axis 2 is out of range for operand (2,3)
// BAD: nabla.cummax: expected an integer or float element type, got tensor<3xi1>
// BAD: expected base attribute 'builtin.integer' but got 'builtin.string'
