// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: not nabla-opt --pass-pipeline='builtin.module(nabla-verify)' %S/Inputs/sort-one-bad.mlir 2>&1 | FileCheck %s --check-prefix=BAD
// nabla.sort: lax's integer key of each float (zeros to 0, NaN to INT_MAX,
// negatives flipped), then the merge sort of (key, x); an integer operand is
// its own key.

// CHECK-LABEL: func.func @sort_f32(
// CHECK: linalg.generic
// CHECK: arith.bitcast %{{.*}} : f32 to i32
// CHECK: arith.cmpf une
// CHECK: arith.cmpf uno
// CHECK: arith.subi
// CHECK: arith.cmpi slt
// CHECK: call @__nabla_sort_key_val_{{[0-9]+}}(%{{.*}}, %{{.*}}) : (tensor<2x5xi32>, tensor<2x5xf32>)
func.func @sort_f32(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0 = "nabla.sort"(%x) {dimension = 1 : i64} : (tensor<2x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// CHECK-LABEL: func.func @sort_u8(
// CHECK-NOT: linalg.generic
// CHECK: call @__nabla_sort_key_val_{{[0-9]+}}(%{{.*}}, %{{.*}}) : (tensor<4xi8>, tensor<4xi8>)
func.func @sort_u8(%x: tensor<4xui8>) -> tensor<4xui8> {
  %0 = "nabla.sort"(%x) {dimension = 0 : i64} : (tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// BAD: nabla.sort: dimension 2 is out of range for operand (2,3)
