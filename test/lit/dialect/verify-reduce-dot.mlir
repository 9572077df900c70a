// RUN: not nabla-opt --split-input-file --pass-pipeline='builtin.module(nabla-verify)' %s 2>&1 | FileCheck %s
// nabla-verify: reductions and dot_general.

func.func @f(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.reduce_sum: dimensions entry 2 is out of range for rank 2
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.reduce_max: dimension 0 appears twice in dimensions
  %0 = "nabla.reduce_max"(%x) {dimensions = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.reduce_min: result shape (2,) should be (3,) (operand (2,3) without the reduced dims)
  %0 = "nabla.reduce_min"(%x) {dimensions = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>) -> tensor<3xf16> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.reduce_sum: result element type differs from the operand's: tensor<3xf16> vs tensor<2x3xf32>
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf16>
  return %0 : tensor<3xf16>
}

// -----

func.func @f(%x: tensor<2x3xi1>) -> tensor<3xi1> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.reduce_sum: expected an integer or float element type, got tensor<2x3xi1>
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0>} : (tensor<2x3xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dot_general: contracting dims lhs 1 (size 3) and rhs 0 (size 4) differ
  %0 = "nabla.dot_general"(%x, %y) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<3x5xf32>) -> tensor<2x5xf32> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dot_general: lhs_contracting_dimensions entry 2 is out of range for rank 2
  %0 = "nabla.dot_general"(%x, %y) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<3x5xf32>) -> tensor<2x5xf32> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dot_general: lhs and rhs need as many batch (0 vs 0) and contracting (1 vs 2) dimensions
  %0 = "nabla.dot_general"(%x, %y) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0, 1>} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2xf32> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dot_general: dimension 0 appears twice in lhs_contracting_dimensions
  %0 = "nabla.dot_general"(%x, %y) {lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<4x3xf32>) -> tensor<2xf32> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dot_general: batch dims lhs 0 (size 2) and rhs 0 (size 4) differ
  %0 = "nabla.dot_general"(%x, %y) {lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<3x5xf32>) -> tensor<5x2xf32> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dot_general: result shape (5,2) should be (2,5) (batch, lhs free, rhs free)
  %0 = "nabla.dot_general"(%x, %y) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x5xf32>) -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

// -----

func.func @f(%x: tensor<2x3xf32>, %y: tensor<3x5xf64>) -> tensor<2x5xf32> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dot_general: lhs tensor<2x3xf32>, rhs tensor<3x5xf64> and result tensor<2x5xf32> must share one element type
  %0 = "nabla.dot_general"(%x, %y) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x5xf64>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @f(%x: tensor<2x3xi1>, %y: tensor<3x5xi1>) -> tensor<2x5xi1> {
  // CHECK: verify-reduce-dot.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.dot_general: expected an integer or float element type, got tensor<2x3xi1>
  %0 = "nabla.dot_general"(%x, %y) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xi1>, tensor<3x5xi1>) -> tensor<2x5xi1>
  return %0 : tensor<2x5xi1>
}
