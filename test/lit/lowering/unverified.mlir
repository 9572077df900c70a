// RUN: not nabla-opt %s --split-input-file --pass-pipeline="builtin.module(nabla-to-linalg)" 2>&1 | FileCheck %s
// nabla-to-linalg run alone on unverified IR checks each op with the
// verifier's rules first: an error at the op, never a crash or a silent
// lowering of an out-of-range attribute.

// CHECK: unverified.mlir:[[@LINE+2]]:8: error: nabla.transpose: permutation entry 1000000000000 is out of range for rank 2
func.func @t(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = "nabla.transpose"(%x) {permutation = array<i64: 1000000000000, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// CHECK: unverified.mlir:[[@LINE+2]]:8: error: nabla.broadcast_in_dim: broadcast_dimensions entry -1 is out of range for result shape (2,3)
func.func @b(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: -1>} : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK: unverified.mlir:[[@LINE+2]]:8: error: nabla.slice: dim 0: need 0 <= start 5 <= limit 3 <= size 8
func.func @s(%x: tensor<8xf32>) -> tensor<2xf32> {
  %0 = "nabla.slice"(%x) {start_indices = array<i64: 5>, limit_indices = array<i64: 3>, strides = array<i64: 1>} : (tensor<8xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// CHECK: unverified.mlir:[[@LINE+2]]:8: error: nabla.slice: dim 0: stride 0 must be >= 1
func.func @z(%x: tensor<8xf32>) -> tensor<2xf32> {
  %0 = "nabla.slice"(%x) {start_indices = array<i64: 0>, limit_indices = array<i64: 2>, strides = array<i64: 0>} : (tensor<8xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
