// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms,nabla-simplify,nabla-verify)' %s | FileCheck %s
// The IR the structural rules produce (lowering/transforms/rules_shape.c and the generic rules of jvp.c, vjp.c).

// broadcast_in_dim's VJP (nbb_unbroadcast): one sum over the added dim 0
// and the stretched size-1 dim 2, then a reshape puts the 1 back.
// CHECK-LABEL: func.func private @f_vjp(
// CHECK-SAME: %[[X:.*]]: tensor<3x1xf32>, %[[CT:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[S:.*]] = "nabla.reduce_sum"(%[[CT]]) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
// CHECK: %[[G:.*]] = "nabla.reshape"(%[[S]]) : (tensor<3xf32>) -> tensor<3x1xf32>
// CHECK: return %{{.*}}, %[[G]]

// reduce_max (JAX's _reduce_chooser_jvp_rule and its transpose): the
// cotangent is shared by the tied maxima, mask = (x == max), ct / count.
// CHECK-LABEL: func.func private @g_vjp(
// CHECK-SAME: %[[X:.*]]: tensor<3x4xf32>, %[[CT:.*]]: tensor<3xf32>)
// CHECK: %[[M:.*]] = "nabla.reduce_max"(%[[X]]) {dimensions = array<i64: 1>}
// CHECK: %[[MB:.*]] = "nabla.broadcast_in_dim"(%[[M]]) {broadcast_dimensions = array<i64: 0>} : (tensor<3xf32>) -> tensor<3x4xf32>
// CHECK: %[[EQ:.*]] = "nabla.compare"(%[[X]], %[[MB]]) {direction = "eq"}
// CHECK: %[[MASK:.*]] = "nabla.convert"(%[[EQ]]) : (tensor<3x4xi1>) -> tensor<3x4xf32>
// CHECK: %[[N:.*]] = "nabla.reduce_sum"(%[[MASK]]) {dimensions = array<i64: 1>}
// CHECK: %[[SHARE:.*]] = "nabla.div"(%[[CT]], %[[N]])
// CHECK: %[[SB:.*]] = "nabla.broadcast_in_dim"(%[[SHARE]]) {broadcast_dimensions = array<i64: 0>}
// CHECK: %[[G:.*]] = "nabla.mul"(%[[SB]], %[[MASK]])
// CHECK: return %[[M]], %[[G]]
// CHECK-LABEL: func.func private @g_jvp(
// CHECK-SAME: %[[X:.*]]: tensor<3x4xf32>, %[[T:.*]]: tensor<3x4xf32>)
// CHECK: %[[MASK:.*]] = "nabla.convert"
// CHECK: %[[N:.*]] = "nabla.reduce_sum"(%[[MASK]])
// CHECK: %[[TM:.*]] = "nabla.mul"(%[[T]], %[[MASK]])
// CHECK: %[[S:.*]] = "nabla.reduce_sum"(%[[TM]]) {dimensions = array<i64: 1>}
// CHECK: %[[D:.*]] = "nabla.div"(%[[S]], %[[N]])
// CHECK: return %{{.*}}, %[[D]]

// slice's VJP (_slice_transpose_rule): zero padding, interior = stride - 1,
// high = what lies past the last taken element (7 - 6 rows, 4 - 3 columns).
// CHECK-LABEL: func.func private @h_vjp(
// CHECK-SAME: %[[X:.*]]: tensor<7x4xf32>, %[[CT:.*]]: tensor<3x2xf32>)
// CHECK: %[[Z:.*]] = "nabla.constant"() {value = dense<0.000000e+00> : tensor<f32>}
// CHECK: %[[G:.*]] = "nabla.pad"(%[[CT]], %[[Z]]) {edge_padding_high = array<i64: 1, 1>, edge_padding_low = array<i64: 1, 0>, interior_padding = array<i64: 1, 1>} : (tensor<3x2xf32>, tensor<f32>) -> tensor<7x4xf32>
// CHECK: return %{{.*}}, %[[G]]

// pad's VJP (_pad_transpose): x gets the strided slice, the padding value
// the sum of everything else.
// CHECK-LABEL: func.func private @p_vjp(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %[[V:.*]]: tensor<f32>, %[[CT:.*]]: tensor<4x5xf32>)
// CHECK: %[[GX:.*]] = "nabla.slice"(%[[CT]]) {limit_indices = array<i64: 4, 3>, start_indices = array<i64: 1, 0>, strides = array<i64: 2, 1>} : (tensor<4x5xf32>) -> tensor<2x3xf32>
// CHECK: %[[ALL:.*]] = "nabla.reduce_sum"(%[[CT]]) {dimensions = array<i64: 0, 1>}
// CHECK: %[[IN:.*]] = "nabla.reduce_sum"(%[[GX]]) {dimensions = array<i64: 0, 1>}
// CHECK: %[[GV:.*]] = "nabla.sub"(%[[ALL]], %[[IN]])
// CHECK: return %{{.*}}, %[[GX]], %[[GV]]

func.func private @f(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> {
  %0 = "nabla.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 1, 2>} : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}
func.func private @f_vjp(tensor<3x1xf32>, tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<3x1xf32>) attributes {nabla.vjp = {callee = @f}}
func.func @use(%x: tensor<3x1xf32>, %ct: tensor<2x3x4xf32>) -> tensor<3x1xf32> {
  %r:2 = func.call @f_vjp(%x, %ct) : (tensor<3x1xf32>, tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<3x1xf32>)
  return %r#1 : tensor<3x1xf32>
}
func.func private @g(%x: tensor<3x4xf32>) -> tensor<3xf32> {
  %0 = "nabla.reduce_max"(%x) {dimensions = array<i64: 1>} : (tensor<3x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
func.func private @g_vjp(tensor<3x4xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3x4xf32>) attributes {nabla.vjp = {callee = @g}}
func.func private @g_jvp(tensor<3x4xf32>, tensor<3x4xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {nabla.jvp = {callee = @g}}
func.func @use_g(%x: tensor<3x4xf32>, %ct: tensor<3xf32>) -> (tensor<3x4xf32>, tensor<3xf32>) {
  %r:2 = func.call @g_vjp(%x, %ct) : (tensor<3x4xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3x4xf32>)
  %j:2 = func.call @g_jvp(%x, %x) : (tensor<3x4xf32>, tensor<3x4xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  return %r#1, %j#1 : tensor<3x4xf32>, tensor<3xf32>
}
func.func private @h(%x: tensor<7x4xf32>) -> tensor<3x2xf32> {
  %0 = "nabla.slice"(%x) {start_indices = array<i64: 1, 0>, limit_indices = array<i64: 6, 4>, strides = array<i64: 2, 2>} : (tensor<7x4xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
func.func private @h_vjp(tensor<7x4xf32>, tensor<3x2xf32>) -> (tensor<3x2xf32>, tensor<7x4xf32>) attributes {nabla.vjp = {callee = @h}}
func.func @use_h(%x: tensor<7x4xf32>, %ct: tensor<3x2xf32>) -> tensor<7x4xf32> {
  %r:2 = func.call @h_vjp(%x, %ct) : (tensor<7x4xf32>, tensor<3x2xf32>) -> (tensor<3x2xf32>, tensor<7x4xf32>)
  return %r#1 : tensor<7x4xf32>
}
func.func private @p(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<4x5xf32> {
  %0 = "nabla.pad"(%x, %v) {edge_padding_low = array<i64: 1, 0>, edge_padding_high = array<i64: 0, 2>, interior_padding = array<i64: 1, 0>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}
func.func private @p_vjp(tensor<2x3xf32>, tensor<f32>, tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<2x3xf32>, tensor<f32>) attributes {nabla.vjp = {callee = @p}}
func.func @use_p(%x: tensor<2x3xf32>, %v: tensor<f32>, %ct: tensor<4x5xf32>) -> (tensor<2x3xf32>, tensor<f32>) {
  %r:3 = func.call @p_vjp(%x, %v, %ct) : (tensor<2x3xf32>, tensor<f32>, tensor<4x5xf32>) -> (tensor<4x5xf32>, tensor<2x3xf32>, tensor<f32>)
  return %r#1, %r#2 : tensor<2x3xf32>, tensor<f32>
}
