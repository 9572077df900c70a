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
// dot_general -> a zero fill + one generic: loops are batch, lhs free, rhs
// free (the result dims, parallel), then the contracting dims (reduction).
// Float accumulators start at -0.0, the exact additive identity, so an
// empty contraction (outer product) keeps the product's sign like XLA.

// CHECK-DAG: #[[ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[MM_L:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[MM_R:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[MM_O:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[B_L:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[B_R:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d3, d0, d2)>
// CHECK-DAG: #[[B_O:map[0-9]*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[IN_V:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[IN_O:map[0-9]*]] = affine_map<(d0) -> ()>
// CHECK-DAG: #[[OU_L:map[0-9]*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[OU_R:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>

// CHECK-LABEL: func.func @matmul(
// CHECK-SAME: %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>)
// CHECK: %[[Z:.*]] = arith.constant -0.000000e+00 : f32
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x4xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[ID2]]], iterator_types = ["parallel", "parallel"]} outs(%[[E]] : tensor<2x4xf32>)
// CHECK: linalg.yield %[[Z]] : f32
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[MM_L]], #[[MM_R]], #[[MM_O]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3x4xf32>) outs(%[[INIT]] : tensor<2x4xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[P:.*]] = arith.mulf %[[X]], %[[Y]] : f32
// CHECK: %[[S:.*]] = arith.addf %[[ACC]], %[[P]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<2x4xf32>
func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// Batch dim 0 of lhs pairs with dim 1 of rhs; lhs contracts dim 2, rhs dim 0.
// CHECK-LABEL: func.func @batched(
// CHECK: arith.constant 0 : i32
// CHECK: linalg.generic {indexing_maps = [#[[B_L]], #[[B_R]], #[[B_O]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK: arith.muli %{{.*}}, %{{.*}} : i32
// CHECK: arith.addi %{{.*}}, %{{.*}} : i32
func.func @batched(%a: tensor<5x2x3xi32>, %b: tensor<3x5x4xi32>) -> tensor<5x2x4xi32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 1>, lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<5x2x3xi32>, tensor<3x5x4xi32>) -> tensor<5x2x4xi32>
  return %0 : tensor<5x2x4xi32>
}

// CHECK-LABEL: func.func @inner(
// CHECK: linalg.generic {indexing_maps = [#[[IN_V]], #[[IN_V]], #[[IN_O]]], iterator_types = ["reduction"]}
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f64
func.func @inner(%a: tensor<3xf64>, %b: tensor<3xf64>) -> tensor<f64> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<3xf64>, tensor<3xf64>) -> tensor<f64>
  return %0 : tensor<f64>
}

// CHECK-LABEL: func.func @outer(
// CHECK: linalg.generic {indexing_maps = [#[[OU_L]], #[[OU_R]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
func.func @outer(%a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64>, rhs_contracting_dimensions = array<i64>} : (tensor<2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// Wrapping multiply-add is the same for signed and unsigned.
// CHECK-LABEL: func.func @unsigned(
// CHECK-SAME: tensor<2x2xi8>, %{{.*}}: tensor<2x2xi8>) -> tensor<2x2xi8>
// CHECK: arith.muli %{{.*}}, %{{.*}} : i8
// CHECK: arith.addi %{{.*}}, %{{.*}} : i8
func.func @unsigned(%a: tensor<2x2xui8>, %b: tensor<2x2xui8>) -> tensor<2x2xui8> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x2xui8>, tensor<2x2xui8>) -> tensor<2x2xui8>
  return %0 : tensor<2x2xui8>
}
