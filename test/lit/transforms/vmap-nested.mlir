// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms,nabla-verify)' %s | FileCheck %s
// vmap nests with itself and with the autodiff transforms in every order:
// the innermost declaration expands first, and batching rules and
// derivative rules both emit nabla ops, so each sees ordinary IR.
// f(w, x) = sum(sin(w * x)), batched over x (w shared).

// vmap of grad: per-example gradients, cos(w x) x for each x.
// CHECK-LABEL: func.func private @f_g_v(
// CHECK-SAME:    %[[W:.*]]: tensor<3xf32>, %[[X:.*]]: tensor<5x3xf32>) -> tensor<5x3xf32>
// CHECK-NEXT:    %[[WB:.*]] = "nabla.broadcast_in_dim"(%[[W]]) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<5x3xf32>
// CHECK-NEXT:    %[[M:.*]] = "nabla.mul"(%[[WB]], %[[X]])
// CHECK-NEXT:    %[[C:.*]] = "nabla.cos"(%[[M]])
// CHECK-NEXT:    %[[G:.*]] = "nabla.mul"(%[[C]], %[[X]])
// CHECK-NEXT:    return %[[G]] : tensor<5x3xf32>

// vmap of vmap: the outer batch (dim 0 of w, dim 1 of the xs) and the
// inner one (dim 0 of the xs) are both kept; the result is [outer, inner].
// CHECK-LABEL: func.func private @f_v_v(
// CHECK-SAME:    %[[W:.*]]: tensor<2x3xf32>, %[[X:.*]]: tensor<5x2x3xf32>) -> tensor<2x5xf32>
// CHECK-NEXT:    %[[WB:.*]] = "nabla.broadcast_in_dim"(%[[W]]) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<2x3xf32>) -> tensor<2x5x3xf32>
// CHECK-NEXT:    %[[XT:.*]] = "nabla.transpose"(%[[X]]) {permutation = array<i64: 1, 0, 2>} : (tensor<5x2x3xf32>) -> tensor<2x5x3xf32>
// CHECK-NEXT:    %[[M:.*]] = "nabla.mul"(%[[WB]], %[[XT]])
// CHECK-NEXT:    %[[S:.*]] = "nabla.sin"(%[[M]])
// CHECK-NEXT:    %[[R:.*]] = "nabla.reduce_sum"(%[[S]]) {dimensions = array<i64: 2>} : (tensor<2x5x3xf32>) -> tensor<2x5xf32>
// CHECK-NEXT:    return %[[R]]

// grad of a function that calls a vmapped one: the batch loss's gradient
// sums the per-example ones over the batch dim.
// CHECK-LABEL: func.func private @batch_loss_g(
// CHECK-SAME:    %[[W:.*]]: tensor<3xf32>, %[[X:.*]]: tensor<5x3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[WB:.*]] = "nabla.broadcast_in_dim"(%[[W]])
// CHECK-NEXT:    %[[M:.*]] = "nabla.mul"(%[[WB]], %[[X]])
// CHECK-NEXT:    %[[C:.*]] = "nabla.cos"(%[[M]])
// CHECK-NEXT:    %[[G:.*]] = "nabla.mul"(%[[C]], %[[X]])
// CHECK-NEXT:    %[[S:.*]] = "nabla.reduce_sum"(%[[G]]) {dimensions = array<i64: 0>} : (tensor<5x3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    return %[[S]]

// jvp of vmap: tangents flow through the batched ops.
// CHECK-LABEL: func.func private @f_v_jvp(
// CHECK-SAME:    %[[W:.*]]: tensor<3xf32>, %[[X:.*]]: tensor<5x3xf32>, %[[TW:.*]]: tensor<3xf32>, %[[TX:.*]]: tensor<5x3xf32>)
// CHECK-DAG:     %[[WB:.*]] = "nabla.broadcast_in_dim"(%[[W]])
// CHECK-DAG:     %[[TWB:.*]] = "nabla.broadcast_in_dim"(%[[TW]])
// CHECK:         %[[M:.*]] = "nabla.mul"(%[[WB]], %[[X]])
// CHECK:         %[[S:.*]] = "nabla.sin"(%[[M]])
// CHECK:         %[[C:.*]] = "nabla.cos"(%[[M]])
// CHECK:         %[[R:.*]] = "nabla.reduce_sum"(%[[S]]) {dimensions = array<i64: 1>} : (tensor<5x3xf32>) -> tensor<5xf32>
// CHECK-NEXT:    %[[T:.*]] = "nabla.reduce_sum"(%{{.*}}) {dimensions = array<i64: 1>} : (tensor<5x3xf32>) -> tensor<5xf32>
// CHECK-NEXT:    return %[[R]], %[[T]]

func.func private @f(%w: tensor<3xf32>, %x: tensor<3xf32>) -> tensor<f32> {
  %0 = "nabla.mul"(%w, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "nabla.sin"(%0) : (tensor<3xf32>) -> tensor<3xf32>
  %2 = "nabla.reduce_sum"(%1) {dimensions = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
func.func private @f_g(tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}
func.func private @f_g_v(tensor<3xf32>, tensor<5x3xf32>) -> tensor<5x3xf32> attributes {nabla.vmap = {callee = @f_g, in_axes = array<i64: -1, 0>, out_axes = array<i64: 0>, axis_size = 5 : i64}}
func.func private @f_v(tensor<3xf32>, tensor<5x3xf32>) -> tensor<5xf32> attributes {nabla.vmap = {callee = @f, in_axes = array<i64: -1, 0>, out_axes = array<i64: 0>, axis_size = 5 : i64}}
func.func private @f_v_v(tensor<2x3xf32>, tensor<5x2x3xf32>) -> tensor<2x5xf32> attributes {nabla.vmap = {callee = @f_v, in_axes = array<i64: 0, 1>, out_axes = array<i64: 0>, axis_size = 2 : i64}}
func.func private @batch_loss(%w: tensor<3xf32>, %xs: tensor<5x3xf32>) -> tensor<f32> {
  %0 = func.call @f_v(%w, %xs) : (tensor<3xf32>, tensor<5x3xf32>) -> tensor<5xf32>
  %1 = "nabla.reduce_sum"(%0) {dimensions = array<i64: 0>} : (tensor<5xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
func.func private @batch_loss_g(tensor<3xf32>, tensor<5x3xf32>) -> tensor<3xf32> attributes {nabla.grad = {callee = @batch_loss, argnums = array<i64: 0>, has_aux = false}}
func.func private @f_v_jvp(tensor<3xf32>, tensor<5x3xf32>, tensor<3xf32>, tensor<5x3xf32>) -> (tensor<5xf32>, tensor<5xf32>) attributes {nabla.jvp = {callee = @f_v}}
