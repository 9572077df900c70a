// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s --check-prefix=NONE
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s \
// RUN:   | %mlir_opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:   | FileCheck %s --check-prefix=BUF
// The output re-verifies in upstream mlir-opt and bufferizes to loops; no
// nabla op and no unsigned type is left.
// NONE-NOT: nabla.
// NONE-NOT: {{ui[0-9]+}}
// BUF-NOT: linalg.generic
// BUF-NOT: tensor.empty
//
// constant -> arith.constant (the same dense attribute); iota -> a generic
// with no input whose body is linalg.index of the iota dimension, cast to the
// element type.

// CHECK-DAG: #[[ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ID1:map[0-9]*]] = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @constant_float(
// CHECK: %[[C:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: return %[[C]] : tensor<2x2xf32>
func.func @constant_float() -> tensor<2x2xf32> {
  %0 = "nabla.constant"() {value = dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// CHECK-LABEL: func.func @constant_scalar(
// CHECK: arith.constant dense<7> : tensor<i32>
func.func @constant_scalar() -> tensor<i32> {
  %0 = "nabla.constant"() {value = dense<7> : tensor<i32>} : () -> tensor<i32>
  return %0 : tensor<i32>
}

// CHECK-LABEL: func.func @constant_bool(
// CHECK: arith.constant dense<[true, false, true]> : tensor<3xi1>
func.func @constant_bool() -> tensor<3xi1> {
  %0 = "nabla.constant"() {value = dense<[true, false, true]> : tensor<3xi1>} : () -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// CHECK-LABEL: func.func @iota_int(
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3xi32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID2]]], iterator_types = ["parallel", "parallel"]} outs(%[[E]] : tensor<2x3xi32>)
// CHECK: %[[I:.*]] = linalg.index 1 : index
// CHECK: %[[V:.*]] = arith.index_cast %[[I]] : index to i32
// CHECK: linalg.yield %[[V]] : i32
// CHECK: return %[[R]]
func.func @iota_int() -> tensor<2x3xi32> {
  %0 = "nabla.iota"() {dimension = 1 : i64} : () -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// CHECK-LABEL: func.func @iota_unsigned() -> tensor<5xi8>
// CHECK: linalg.generic {indexing_maps = [#[[ID1]]], iterator_types = ["parallel"]}
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: arith.index_castui %[[I]] : index to i8
func.func @iota_unsigned() -> tensor<5xui8> {
  %0 = "nabla.iota"() {dimension = 0 : i64} : () -> tensor<5xui8>
  return %0 : tensor<5xui8>
}

// CHECK-LABEL: func.func @iota_float(
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[W:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[F:.*]] = arith.sitofp %[[W]] : i64 to f16
// CHECK: linalg.yield %[[F]] : f16
func.func @iota_float() -> tensor<4x2xf16> {
  %0 = "nabla.iota"() {dimension = 0 : i64} : () -> tensor<4x2xf16>
  return %0 : tensor<4x2xf16>
}
