// RUN: not nabla-opt --split-input-file --pass-pipeline='builtin.module(nabla-verify)' %s 2>&1 | FileCheck %s
// nabla-verify: broadcast_in_dim, reshape, transpose, slice.

func.func @f(%x: tensor<3xf32>) -> tensor<2x4xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.broadcast_in_dim: operand dim 0 has size 3 but result dim 1 has size 4
  %0 = "nabla.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<2x4x5xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.broadcast_in_dim: operand dim 1 has size 3 but result dim 1 has size 4
  %0 = "nabla.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}

// -----

func.func @f(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.broadcast_in_dim: broadcast_dimensions must be strictly increasing
  %0 = "nabla.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 1, 0>} : (tensor<3x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @f(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.broadcast_in_dim: broadcast_dimensions entry 2 is out of range for result shape (2,3)
  %0 = "nabla.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 2>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.broadcast_in_dim: broadcast_dimensions has 0 entries but the operand (3,) has rank 1
  %0 = "nabla.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%x: tensor<3xf32>) -> tensor<2x3xf64> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.broadcast_in_dim: result element type differs from the operand's: tensor<2x3xf64> vs tensor<3xf32>
  %0 = "nabla.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.reshape: cannot reshape (2,3) (6 elements) to (7,) (7 elements)
  %0 = "nabla.reshape"(%x)  : (tensor<2x3xf32>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<6xi32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.reshape: result element type differs from the operand's: tensor<6xi32> vs tensor<2x3xf32>
  %0 = "nabla.reshape"(%x)  : (tensor<2x3xf32>) -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.transpose: dimension 0 appears twice in permutation
  %0 = "nabla.transpose"(%x) {permutation = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.transpose: permutation entry 2 is out of range for rank 2
  %0 = "nabla.transpose"(%x) {permutation = array<i64: 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.transpose: permutation has 1 entries but the operand (2,3) has rank 2
  %0 = "nabla.transpose"(%x) {permutation = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @f(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.transpose: result shape (2,3,4) is not operand shape (2,3,4) permuted
  %0 = "nabla.transpose"(%x) {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

func.func @f(%x: tensor<10xf32>) -> tensor<3xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.slice: dim 0: need 0 <= start 5 <= limit 3 <= size 10
  %0 = "nabla.slice"(%x) {start_indices = array<i64: 5>, limit_indices = array<i64: 3>, strides = array<i64: 1>} : (tensor<10xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f(%x: tensor<10xf32>) -> tensor<3xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.slice: dim 0: need 0 <= start 8 <= limit 11 <= size 10
  %0 = "nabla.slice"(%x) {start_indices = array<i64: 8>, limit_indices = array<i64: 11>, strides = array<i64: 1>} : (tensor<10xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f(%x: tensor<10xf32>) -> tensor<3xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.slice: dim 0: need 0 <= start -1 <= limit 2 <= size 10
  %0 = "nabla.slice"(%x) {start_indices = array<i64: -1>, limit_indices = array<i64: 2>, strides = array<i64: 1>} : (tensor<10xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f(%x: tensor<10xf32>) -> tensor<3xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.slice: dim 0: stride 0 must be >= 1
  %0 = "nabla.slice"(%x) {start_indices = array<i64: 0>, limit_indices = array<i64: 3>, strides = array<i64: 0>} : (tensor<10xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f(%x: tensor<10xf32>) -> tensor<3xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.slice: result dim 0 has size 3 but the slice of (10,) selects 4
  %0 = "nabla.slice"(%x) {start_indices = array<i64: 1>, limit_indices = array<i64: 8>, strides = array<i64: 2>} : (tensor<10xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f(%x: tensor<4x4xf32>) -> tensor<2x2xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.slice: start_indices, limit_indices, strides and the result need rank 2 of operand (4,4)
  %0 = "nabla.slice"(%x) {start_indices = array<i64: 0>, limit_indices = array<i64: 2>, strides = array<i64: 1>} : (tensor<4x4xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @f(%x: tensor<10xf32>) -> tensor<3xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.slice: attribute 'start_indices' must be an array<i64: ...>
  %0 = "nabla.slice"(%x) {start_indices = array<i32: 0>, limit_indices = array<i64: 3>, strides = array<i64: 1>} : (tensor<10xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<4x5xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.pad: result dim 1 has size 5 but padding (2,3) gives 4
  %0 = "nabla.pad"(%x, %v) {edge_padding_low = array<i64: 1, 0>, edge_padding_high = array<i64: 0, 1>, interior_padding = array<i64: 1, 0>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @f(%x: tensor<3xf32>, %v: tensor<f32>) -> tensor<2xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.pad: dim 0: padding (low -1, high 0, interior 0) must be >= 0
  %0 = "nabla.pad"(%x, %v) {edge_padding_low = array<i64: -1>, edge_padding_high = array<i64: 0>, interior_padding = array<i64: 0>} : (tensor<3xf32>, tensor<f32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%x: tensor<3xf32>, %v: tensor<1xf32>) -> tensor<3xf32> {
  // CHECK: verify-shape.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.pad: padding_value must be a rank-0 tensor of the operand's element type, got tensor<1xf32>
  %0 = "nabla.pad"(%x, %v) {edge_padding_low = array<i64: 0>, edge_padding_high = array<i64: 0>, interior_padding = array<i64: 0>} : (tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
