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
// reduce_* -> a fill of the identity (a generic yielding it into a
// tensor.empty) + a generic with reduction iterators on the reduced dims.
// Identities: 0 for sum; -inf / +inf for float max / min, the int type's
// min / max for ints, false / true for bool. Float max/min use
// maximumf/minimumf so a NaN anywhere gives NaN, as in XLA.

// CHECK-DAG: #[[ID1:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[KEEP1:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID0:map[0-9]*]] = affine_map<() -> ()>
// CHECK-DAG: #[[ALL2:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[ID3:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[MID:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1)>

// CHECK-LABEL: func.func @sum_rows(
// CHECK-SAME: %[[A:.*]]: tensor<2x3xf32>)
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<3xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[ID1]]], iterator_types = ["parallel"]} outs(%[[E]] : tensor<3xf32>)
// CHECK: linalg.yield %[[Z]] : f32
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[KEEP1]]], iterator_types = ["reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x3xf32>) outs(%[[INIT]] : tensor<3xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[S:.*]] = arith.addf %[[X]], %[[ACC]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<3xf32>
func.func @sum_rows(%a: tensor<2x3xf32>) -> tensor<3xf32> {
  %0 = "nabla.reduce_sum"(%a) {dimensions = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// CHECK-LABEL: func.func @sum_all(
// CHECK: arith.constant 0 : i64
// CHECK: linalg.generic {indexing_maps = [#[[ID0]]], iterator_types = []}
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[ALL2]]], iterator_types = ["reduction", "reduction"]}
// CHECK: arith.addi %{{.*}}, %{{.*}} : i64
func.func @sum_all(%a: tensor<2x3xi64>) -> tensor<i64> {
  %0 = "nabla.reduce_sum"(%a) {dimensions = array<i64: 0, 1>} : (tensor<2x3xi64>) -> tensor<i64>
  return %0 : tensor<i64>
}

// CHECK-LABEL: func.func @max_float(
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: linalg.generic {indexing_maps = [#[[ID3]], #[[MID]]], iterator_types = ["reduction", "parallel", "reduction"]}
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f32
func.func @max_float(%a: tensor<2x3x4xf32>) -> tensor<3xf32> {
  %0 = "nabla.reduce_max"(%a) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// CHECK-LABEL: func.func @min_float(
// CHECK: arith.constant 0x7FF0000000000000 : f64
// CHECK: arith.minimumf %{{.*}}, %{{.*}} : f64
func.func @min_float(%a: tensor<4xf64>) -> tensor<f64> {
  %0 = "nabla.reduce_min"(%a) {dimensions = array<i64: 0>} : (tensor<4xf64>) -> tensor<f64>
  return %0 : tensor<f64>
}

// CHECK-LABEL: func.func @max_int(
// CHECK: arith.constant -128 : i8
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i8
func.func @max_int(%a: tensor<4xi8>) -> tensor<i8> {
  %0 = "nabla.reduce_max"(%a) {dimensions = array<i64: 0>} : (tensor<4xi8>) -> tensor<i8>
  return %0 : tensor<i8>
}

// CHECK-LABEL: func.func @min_int(
// CHECK: arith.constant 2147483647 : i32
// CHECK: arith.minsi %{{.*}}, %{{.*}} : i32
func.func @min_int(%a: tensor<4xi32>) -> tensor<i32> {
  %0 = "nabla.reduce_min"(%a) {dimensions = array<i64: 0>} : (tensor<4xi32>) -> tensor<i32>
  return %0 : tensor<i32>
}

// CHECK-LABEL: func.func @max_unsigned(
// CHECK-SAME: tensor<4xi16>) -> tensor<i16>
// CHECK: arith.constant 0 : i16
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i16
func.func @max_unsigned(%a: tensor<4xui16>) -> tensor<ui16> {
  %0 = "nabla.reduce_max"(%a) {dimensions = array<i64: 0>} : (tensor<4xui16>) -> tensor<ui16>
  return %0 : tensor<ui16>
}

// CHECK-LABEL: func.func @any_all(
// CHECK: arith.constant false
// CHECK: arith.ori %{{.*}}, %{{.*}} : i1
// CHECK: arith.constant true
// CHECK: arith.andi %{{.*}}, %{{.*}} : i1
func.func @any_all(%a: tensor<4xi1>) -> (tensor<i1>, tensor<i1>) {
  %0 = "nabla.reduce_max"(%a) {dimensions = array<i64: 0>} : (tensor<4xi1>) -> tensor<i1>
  %1 = "nabla.reduce_min"(%a) {dimensions = array<i64: 0>} : (tensor<4xi1>) -> tensor<i1>
  return %0, %1 : tensor<i1>, tensor<i1>
}
