// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms,nabla-simplify,nabla-verify)' %s | FileCheck %s
// The IR the dot_general rules produce (lowering/transforms/rules_reduce.c, through the jvp.c and vjp.c tables): JAX's
// _dot_general_transpose_lhs/_rhs contract the cotangent with the other
// operand over its free dims, batch with batch, then permute into the
// operand's dim order (a transpose only where that order differs).

// Batch lhs 0 / rhs 1, contracting (1, 2) / (0, 2). The lhs cotangent comes
// out as (batch, x free, x contracting sorted by y) = x's own order: no
// transpose. The rhs one comes out (batch, y free, y contracting sorted by
// x) = y dims (1, 3, 0, 2): transposed by their inverse.
// CHECK-LABEL: func.func private @f_vjp(
// CHECK-SAME: %[[X:.*]]: tensor<2x3x4xf32>, %[[Y:.*]]: tensor<3x2x4x5xf32>, %[[CT:.*]]: tensor<2x5xf32>)
// CHECK: %[[R:.*]] = "nabla.dot_general"(%[[X]], %[[Y]])
// CHECK: %[[GX:.*]] = "nabla.dot_general"(%[[CT]], %[[Y]]) {lhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 3>} : (tensor<2x5xf32>, tensor<3x2x4x5xf32>) -> tensor<2x3x4xf32>
// CHECK: %[[D:.*]] = "nabla.dot_general"(%[[CT]], %[[X]]) {lhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64>, rhs_batch_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64>} : (tensor<2x5xf32>, tensor<2x3x4xf32>) -> tensor<2x5x3x4xf32>
// CHECK: %[[GY:.*]] = "nabla.transpose"(%[[D]]) {permutation = array<i64: 2, 0, 3, 1>} : (tensor<2x5x3x4xf32>) -> tensor<3x2x4x5xf32>
// CHECK: return %[[R]], %[[GX]], %[[GY]]
func.func private @f(%x: tensor<2x3x4xf32>, %y: tensor<3x2x4x5xf32>) -> tensor<2x5xf32> {
  %0 = "nabla.dot_general"(%x, %y) {lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 1>, lhs_contracting_dimensions = array<i64: 1, 2>, rhs_contracting_dimensions = array<i64: 0, 2>} : (tensor<2x3x4xf32>, tensor<3x2x4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}
func.func private @f_vjp(tensor<2x3x4xf32>, tensor<3x2x4x5xf32>, tensor<2x5xf32>) -> (tensor<2x5xf32>, tensor<2x3x4xf32>, tensor<3x2x4x5xf32>) attributes {nabla.vjp = {callee = @f}}
func.func @use(%x: tensor<2x3x4xf32>, %y: tensor<3x2x4x5xf32>, %ct: tensor<2x5xf32>) -> (tensor<2x3x4xf32>, tensor<3x2x4x5xf32>) {
  %r:3 = func.call @f_vjp(%x, %y, %ct) : (tensor<2x3x4xf32>, tensor<3x2x4x5xf32>, tensor<2x5xf32>) -> (tensor<2x5xf32>, tensor<2x3x4xf32>, tensor<3x2x4x5xf32>)
  return %r#1, %r#2 : tensor<2x3x4xf32>, tensor<3x2x4x5xf32>
}

// Matmul: JVP is bilinear (dot(tx, y) + dot(x, ty)); the VJP's rhs
// cotangent, dot(ct, x) contracted over rows then transposed, is folded by
// nabla-simplify into dot(x, ct): no transpose is left.
// CHECK-LABEL: func.func private @mm_jvp(
// CHECK-SAME: %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>, %[[TA:.*]]: tensor<2x3xf32>, %[[TB:.*]]: tensor<3x4xf32>)
// CHECK-DAG: %[[T1:.*]] = "nabla.dot_general"(%[[TA]], %[[B]])
// CHECK-DAG: %[[T2:.*]] = "nabla.dot_general"(%[[A]], %[[TB]])
// CHECK: %[[T:.*]] = "nabla.add"(%[[T1]], %[[T2]])
// CHECK: return %{{.*}}, %[[T]]
// CHECK-LABEL: func.func private @mm_vjp(
// CHECK-SAME: %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>, %[[CT:.*]]: tensor<2x4xf32>)
// CHECK: %[[GA:.*]] = "nabla.dot_general"(%[[CT]], %[[B]]) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x3xf32>
// CHECK-NOT: nabla.transpose
// CHECK: %[[GB:.*]] = "nabla.dot_general"(%[[A]], %[[CT]]) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<3x4xf32>
// CHECK-NOT: nabla.transpose
// CHECK: return %{{.*}}, %[[GA]], %[[GB]]
func.func private @mm(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
func.func private @mm_jvp(tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x3xf32>, tensor<3x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>) attributes {nabla.jvp = {callee = @mm}}
func.func private @mm_vjp(tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x3xf32>, tensor<3x4xf32>) attributes {nabla.vjp = {callee = @mm}}
func.func @use_mm(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %ct: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x3xf32>, tensor<3x4xf32>) {
  %j:2 = func.call @mm_jvp(%a, %b, %a, %b) : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x3xf32>, tensor<3x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>)
  %r:3 = func.call @mm_vjp(%a, %b, %ct) : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x3xf32>, tensor<3x4xf32>)
  return %j#1, %r#1, %r#2 : tensor<2x4xf32>, tensor<2x3xf32>, tensor<3x4xf32>
}
