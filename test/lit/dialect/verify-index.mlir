// RUN: not nabla-opt --split-input-file --pass-pipeline='builtin.module(nabla-verify)' %s 2>&1 | FileCheck %s
// nabla-verify: dynamic_slice, dynamic_update_slice, gather, scatter*.

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

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x1xf32>) -> tensor<3x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.gather: indices must be integers, got tensor<3x1xf32>
  %0 = "nabla.gather"(%x, %i) {offset_dims = array<i64: 1>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 1, 4>, mode = "clip"} : (tensor<10x4xf32>, tensor<3x1xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>) -> tensor<3x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.gather: slice size 5 of dim 1 does not fit the operand's 4 (operand (10,4), indices (3,1))
  %0 = "nabla.gather"(%x, %i) {offset_dims = array<i64: 1>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 1, 5>, mode = "clip"} : (tensor<10x4xf32>, tensor<3x1xi32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>) -> tensor<3x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.gather: slice size of collapsed or batching dim 0 must be 0 or 1, got 2
  %0 = "nabla.gather"(%x, %i) {offset_dims = array<i64: 1>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 2, 4>, mode = "clip"} : (tensor<10x4xf32>, tensor<3x1xi32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x2xi32>) -> tensor<3x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.gather: start_index_map has 1 entries but the index vector (indices' last axis) has 2
  %0 = "nabla.gather"(%x, %i) {offset_dims = array<i64: 1>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 1, 4>, mode = "clip"} : (tensor<10x4xf32>, tensor<3x2xi32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>) -> tensor<3x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.gather: offset_dims entry 2 is out of range [0, 2)
  %0 = "nabla.gather"(%x, %i) {offset_dims = array<i64: 2>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 1, 4>, mode = "clip"} : (tensor<10x4xf32>, tensor<3x1xi32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>) -> tensor<4x3xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.gather: result shape (4,3) should be (3,4)
  %0 = "nabla.gather"(%x, %i) {offset_dims = array<i64: 1>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 1, 4>, mode = "clip"} : (tensor<10x4xf32>, tensor<3x1xi32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @f(%x: tensor<3x5x4xf32>, %i: tensor<2x2x1xi32>) -> tensor<2x2x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.gather: batching dims differ in size: operand dim 0 is 3, indices dim 0 is 2
  %0 = "nabla.gather"(%x, %i) {offset_dims = array<i64: 2>, collapsed_slice_dims = array<i64: 1>, start_index_map = array<i64: 1>, operand_batching_dims = array<i64: 0>, start_indices_batching_dims = array<i64: 0>, slice_sizes = array<i64: 1, 1, 4>, mode = "clip"} : (tensor<3x5x4xf32>, tensor<2x2x1xi32>) -> tensor<2x2x4xf32>
  return %0 : tensor<2x2x4xf32>
}

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x1xf32>, %u: tensor<3x4xf32>) -> tensor<10x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.scatter_add: indices must be integers, got tensor<3x1xf32>
  %0 = "nabla.scatter_add"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<10x4xf32>, tensor<3x1xf32>, tensor<3x4xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>, %u: tensor<3x5xf32>) -> tensor<10x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.scatter: update window size 5 of operand dim 1 exceeds its 4 (operand (10,4), indices (3,1), updates (3,5))
  %0 = "nabla.scatter"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<10x4xf32>, tensor<3x1xi32>, tensor<3x5xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>, %u: tensor<2x4xf32>) -> tensor<10x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.scatter_mul: updates dim 0 is 2 but the indices' batch axes give 3
  %0 = "nabla.scatter_mul"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<10x4xf32>, tensor<3x1xi32>, tensor<2x4xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>, %u: tensor<3x4x1xf32>) -> tensor<10x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.scatter_min: updates have rank 3, not 2 (update_window_dims plus the indices' batch axes)
  %0 = "nabla.scatter_min"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<10x4xf32>, tensor<3x1xi32>, tensor<3x4x1xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// -----

func.func @f(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>, %u: tensor<3x4xf64>) -> tensor<10x4xf32> {
  // CHECK: verify-index.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.scatter_max: result element type differs
  %0 = "nabla.scatter_max"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<10x4xf32>, tensor<3x1xi32>, tensor<3x4xf64>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}
