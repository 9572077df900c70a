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
// Shape ops. broadcast_in_dim and transpose are copies through a generic
// whose input map does the work; reshape is collapse-to-1-D then expand
// (canonicalize fuses the pair); slice is tensor.extract_slice.

// CHECK-DAG: #[[BCAST:map[0-9]*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[BCAST1:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, 0)>
// CHECK-DAG: #[[ID3:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[SCALAR:map[0-9]*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[PERM:map[0-9]*]] = affine_map<(d0, d1, d2) -> (d1, d2, d0)>

// CHECK-LABEL: func.func @broadcast(
// CHECK-SAME: %[[A:.*]]: tensor<3xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[BCAST]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]] : tensor<3xf32>) outs(%[[E]] : tensor<2x3xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[X]] : f32
// CHECK: return %[[R]]
func.func @broadcast(%a: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// A size-1 operand dim under a larger result dim reads index 0.
// CHECK-LABEL: func.func @broadcast_size1(
// CHECK-SAME: tensor<2x1xi32>) -> tensor<2x4x3xi32>
// CHECK: linalg.generic {indexing_maps = [#[[BCAST1]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
func.func @broadcast_size1(%a: tensor<2x1xui32>) -> tensor<2x4x3xui32> {
  %0 = "nabla.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<2x1xui32>) -> tensor<2x4x3xui32>
  return %0 : tensor<2x4x3xui32>
}

// CHECK-LABEL: func.func @broadcast_scalar(
// CHECK: linalg.generic {indexing_maps = [#[[SCALAR]], #[[ID2]]]
func.func @broadcast_scalar(%a: tensor<f64>) -> tensor<2x2xf64> {
  %0 = "nabla.broadcast_in_dim"(%a) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x2xf64>
  return %0 : tensor<2x2xf64>
}

// result dim i = operand dim permutation[i]
// CHECK-LABEL: func.func @transpose(
// CHECK-SAME: %[[A:.*]]: tensor<2x3x4xi32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x2x3xi32>
// CHECK: linalg.generic {indexing_maps = [#[[PERM]], #[[ID3]]], iterator_types = ["parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]] : tensor<2x3x4xi32>) outs(%[[E]] : tensor<4x2x3xi32>)
// CHECK: ^bb0(%[[X:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: linalg.yield %[[X]] : i32
func.func @transpose(%a: tensor<2x3x4xi32>) -> tensor<4x2x3xi32> {
  %0 = "nabla.transpose"(%a) {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xi32>) -> tensor<4x2x3xi32>
  return %0 : tensor<4x2x3xi32>
}

// CHECK-LABEL: func.func @reshape(
// CHECK-SAME: %[[A:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[A]] {{\[\[}}0, 1, 2]] : tensor<2x3x4xf32> into tensor<24xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[F]] {{\[\[}}0, 1]] output_shape [4, 6] : tensor<24xf32> into tensor<4x6xf32>
// CHECK: return %[[R]] : tensor<4x6xf32>
func.func @reshape(%a: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %0 = "nabla.reshape"(%a) : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// CHECK-LABEL: func.func @reshape_to_scalar(
// CHECK: tensor.collapse_shape %{{.*}} [] : tensor<1x1xf32> into tensor<f32>
func.func @reshape_to_scalar(%a: tensor<1x1xf32>) -> tensor<f32> {
  %0 = "nabla.reshape"(%a) : (tensor<1x1xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// CHECK-LABEL: func.func @reshape_from_scalar(
// CHECK-SAME: tensor<i16>) -> tensor<1xi16>
// CHECK: tensor.expand_shape %{{.*}} [] output_shape [1] : tensor<i16> into tensor<1xi16>
func.func @reshape_from_scalar(%a: tensor<ui16>) -> tensor<1xui16> {
  %0 = "nabla.reshape"(%a) : (tensor<ui16>) -> tensor<1xui16>
  return %0 : tensor<1xui16>
}

// CHECK-LABEL: func.func @slice(
// CHECK-SAME: %[[A:.*]]: tensor<10x8xf32>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[A]][1, 0] [3, 8] [3, 1] : tensor<10x8xf32> to tensor<3x8xf32>
// CHECK: return %[[S]]
func.func @slice(%a: tensor<10x8xf32>) -> tensor<3x8xf32> {
  %0 = "nabla.slice"(%a) {start_indices = array<i64: 1, 0>, limit_indices = array<i64: 8, 8>, strides = array<i64: 3, 1>} : (tensor<10x8xf32>) -> tensor<3x8xf32>
  return %0 : tensor<3x8xf32>
}
