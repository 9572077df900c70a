// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: not nabla-opt --pass-pipeline='builtin.module(nabla-verify)' --split-input-file %S/Inputs/rev-concatenate-bad.mlir 2>&1 | FileCheck %s --check-prefix=BAD
// rev is one parallel copy whose input map reads size-1-i on the reversed
// dims; concatenate inserts lhs at offset 0 and rhs after it into one
// tensor.

// CHECK-DAG: #[[REV:.*]] = affine_map<(d0, d1, d2) -> (-d0 + 1, d1, -d2 + 3)>
// CHECK-LABEL: func.func @rev(
// CHECK: linalg.generic {indexing_maps = [#[[REV]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel"]}
func.func @rev(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = "nabla.rev"(%x) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @concatenate(
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x8xi32>
// CHECK: %[[A:.*]] = tensor.insert_slice %{{.*}} into %[[E]][0, 0] [2, 3] [1, 1]
// CHECK: tensor.insert_slice %{{.*}} into %[[A]][0, 3] [2, 5] [1, 1]
func.func @concatenate(%x: tensor<2x3xui32>, %y: tensor<2x5xui32>) -> tensor<2x8xui32> {
  %0 = "nabla.concatenate"(%x, %y) {dimension = 1 : i64} : (tensor<2x3xui32>, tensor<2x5xui32>) -> tensor<2x8xui32>
  return %0 : tensor<2x8xui32>
}

// BAD: nabla.rev: dimensions entry 2 is out of range for rank 2
// BAD: nabla.rev: dimension 1 appears twice in dimensions
// BAD: nabla.concatenate: cannot join lhs (2,3) and rhs (3,3) along dimension 1 into (2,6)
// BAD: nabla.concatenate: dimension 2 is out of range for lhs (2,3)
// BAD: nabla.concatenate: result element type differs from the operand's
