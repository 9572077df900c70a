// RUN: not nabla-opt --split-input-file --pass-pipeline='builtin.module(nabla-to-linalg)' %s 2>&1 | FileCheck %s
// Without nabla-verify in front, nabla-to-linalg checks each op with the
// verifier's rules itself: an element type the table has no op for is the
// verifier's error at the op's location, not a crash or invalid IR.

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.exp: expected a float element type, got tensor<4xi32>
  %0 = "nabla.exp"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi1>) -> tensor<i1> {
  // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.reduce_sum: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0>} : (tensor<4xi1>) -> tensor<i1>
  return %0 : tensor<i1>
}
