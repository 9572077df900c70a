// RUN: not nabla-opt --split-input-file --pass-pipeline='builtin.module(nabla-verify)' %s 2>&1 | FileCheck %s
// nabla-verify: dynamic_slice, dynamic_update_slice.

func.func @f(%x: tensor<4x5xf32>, %i: tensor<i32>) -> tensor<2x3xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dynamic_slice: needs 2 start indices for operand (4,5), got 1
  %0 = "nabla.dynamic_slice"(%x, %i) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<i32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %i: tensor<f32>) -> tensor<2x3xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dynamic_slice: start index 0 must be a rank-0 integer tensor, got tensor<f32>
  %0 = "nabla.dynamic_slice"(%x, %i, %i) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<f32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %i: tensor<i32>) -> tensor<2x6xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dynamic_slice: slice size 6 of dim 1 does not fit operand (4,5)
  %0 = "nabla.dynamic_slice"(%x, %i, %i) {slice_sizes = array<i64: 2, 6>} : (tensor<4x5xf32>, tensor<i32>, tensor<i32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %i: tensor<i32>) -> tensor<3x2xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dynamic_slice: result shape (3,2) should be the slice_sizes (2,3)
  %0 = "nabla.dynamic_slice"(%x, %i, %i) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<i32>, tensor<i32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %u: tensor<2x6xf32>, %i: tensor<i32>) -> tensor<4x5xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dynamic_update_slice: update (2,6) must have the rank of operand (4,5) and fit in it
  %0 = "nabla.dynamic_update_slice"(%x, %u, %i, %i) : (tensor<4x5xf32>, tensor<2x6xf32>, tensor<i32>, tensor<i32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @f(%x: tensor<4x5xf32>, %u: tensor<2x3xf64>, %i: tensor<i32>) -> tensor<4x5xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dynamic_update_slice: result element type differs
  %0 = "nabla.dynamic_update_slice"(%x, %u, %i, %i) : (tensor<4x5xf32>, tensor<2x3xf64>, tensor<i32>, tensor<i32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
