// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms,nabla-verify)' %s | FileCheck %s
// The batched IR of each op class (lowering/transforms/batch.c): the batch dim stays
// where the arguments have it whenever the op can take it there, so the
// only transposes are the ones a reshape or an out_axes entry forces.

// Elementwise: the unbatched operand is broadcast to the batched layout
// (batch dim 1); nothing batched is transposed.
// CHECK-LABEL: func.func private @ew_v(
// CHECK-SAME:    %[[X:.*]]: tensor<3x7x4xf32>, %[[Y:.*]]: tensor<3x4xf32>, %[[Z:.*]]: tensor<3x7x4xf32>)
// CHECK-NEXT:    %[[YB:.*]] = "nabla.broadcast_in_dim"(%[[Y]]) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<3x4xf32>) -> tensor<3x7x4xf32>
// CHECK-NEXT:    %[[M:.*]] = "nabla.mul"(%[[X]], %[[YB]]) : (tensor<3x7x4xf32>, tensor<3x7x4xf32>) -> tensor<3x7x4xf32>
// CHECK-NEXT:    %[[A:.*]] = "nabla.add"(%[[M]], %[[Z]])
// CHECK-NEXT:    %[[T:.*]] = "nabla.tanh"(%[[A]])
// CHECK-NEXT:    return %[[T]] : tensor<3x7x4xf32>

// Reductions renumber their dims around the batch dim.
// CHECK-LABEL: func.func private @red_v(
// CHECK-SAME:    %[[X:.*]]: tensor<2x7x3x4xf32>)
// CHECK-NEXT:    %[[S:.*]] = "nabla.reduce_sum"(%[[X]]) {dimensions = array<i64: 0, 3>} : (tensor<2x7x3x4xf32>) -> tensor<7x3xf32>
// CHECK-NEXT:    %[[M:.*]] = "nabla.reduce_max"(%[[X]]) {dimensions = array<i64: 3>} : (tensor<2x7x3x4xf32>) -> tensor<2x7x3xf32>
// CHECK-NEXT:    return %[[S]], %[[M]]

// dot_general, both batched: a new batch dim pair, first in the result.
// CHECK-LABEL: func.func private @mm_both(
// CHECK-NEXT:    %[[D:.*]] = "nabla.dot_general"(%{{.*}}, %{{.*}}) {lhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_batch_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<7x3x4xf32>, tensor<4x5x7xf32>) -> tensor<7x3x5xf32>
// CHECK-NEXT:    return %[[D]]
// One batched: its batch dim is a free dim of the contraction.
// CHECK-LABEL: func.func private @mm_lhs(
// CHECK-NEXT:    %[[D:.*]] = "nabla.dot_general"(%{{.*}}, %{{.*}}) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 2>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<7x3x4xf32>, tensor<4x5xf32>) -> tensor<7x3x5xf32>
// CHECK-NEXT:    return %[[D]]
// CHECK-LABEL: func.func private @mm_rhs(
// CHECK-NEXT:    %[[D:.*]] = "nabla.dot_general"(%{{.*}}, %{{.*}}) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<3x4xf32>, tensor<4x5x7xf32>) -> tensor<3x5x7xf32>
// CHECK-NEXT:    return %[[D]]
// The rhs's batch dim lands after the lhs's free dim; out_axes 0 asks for
// it in front: the one transpose, at the end.
// CHECK-LABEL: func.func private @mm_rhs0(
// CHECK-NEXT:    %[[D:.*]] = "nabla.dot_general"(%{{.*}}, %{{.*}}) {{.*}}rhs_contracting_dimensions = array<i64: 1>} : (tensor<3x4xf32>, tensor<7x4x5xf32>) -> tensor<3x7x5xf32>
// CHECK-NEXT:    %[[T:.*]] = "nabla.transpose"(%[[D]]) {permutation = array<i64: 1, 0, 2>} : (tensor<3x7x5xf32>) -> tensor<7x3x5xf32>
// CHECK-NEXT:    return %[[T]]

// Shape ops with the batch dim at 2: the reshape keeps it (the dims before
// it merge into 6), transpose and slice keep it in place.
// CHECK-LABEL: func.func private @shape_v(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3x7x4xf32>)
// CHECK-NEXT:    %[[R:.*]] = "nabla.reshape"(%[[X]]) : (tensor<2x3x7x4xf32>) -> tensor<6x7x4xf32>
// CHECK-NEXT:    %[[T:.*]] = "nabla.transpose"(%[[X]]) {permutation = array<i64: 3, 0, 2, 1>} : (tensor<2x3x7x4xf32>) -> tensor<4x2x7x3xf32>
// CHECK-NEXT:    %[[S:.*]] = "nabla.slice"(%[[X]]) {limit_indices = array<i64: 2, 3, 7, 4>, start_indices = array<i64: 0, 1, 0, 0>, strides = array<i64: 1, 1, 1, 2>} : (tensor<2x3x7x4xf32>) -> tensor<2x2x7x2xf32>
// CHECK-NEXT:    return %[[R]], %[[T]], %[[S]]
// At 1 the reshape regroups dims on both sides of it: batch dim to the
// front first (JAX's rule).
// CHECK-LABEL: func.func private @shape_v1(
// CHECK-SAME:    %[[X:.*]]: tensor<2x7x3x4xf32>)
// CHECK-NEXT:    %[[F:.*]] = "nabla.transpose"(%[[X]]) {permutation = array<i64: 1, 0, 2, 3>} : (tensor<2x7x3x4xf32>) -> tensor<7x2x3x4xf32>
// CHECK-NEXT:    %[[R:.*]] = "nabla.reshape"(%[[F]]) : (tensor<7x2x3x4xf32>) -> tensor<7x6x4xf32>
// CHECK-NEXT:    %[[T:.*]] = "nabla.transpose"(%[[X]]) {permutation = array<i64: 3, 1, 0, 2>}
// CHECK-NEXT:    %[[S:.*]] = "nabla.slice"(%[[X]])
// CHECK-NEXT:    return %[[R]], %[[T]], %[[S]]

// broadcast_in_dim: the batch dim keeps its place in broadcast_dimensions;
// pad gets no padding along it.
// CHECK-LABEL: func.func private @bc_v(
// CHECK-SAME:    %[[X:.*]]: tensor<7x4xf32>, %[[P:.*]]: tensor<f32>)
// CHECK-NEXT:    %[[B:.*]] = "nabla.broadcast_in_dim"(%[[X]]) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<7x4xf32>) -> tensor<7x3x4xf32>
// CHECK-NEXT:    %[[Q:.*]] = "nabla.pad"(%[[X]], %[[P]]) {edge_padding_high = array<i64: 0, 1>, edge_padding_low = array<i64: 0, 1>, interior_padding = array<i64: 0, 0>} : (tensor<7x4xf32>, tensor<f32>) -> tensor<7x6xf32>
// CHECK-NEXT:    return %[[B]], %[[Q]]
// Batch dim last; a batched padding value is a select on the padded
// positions (_pad_batch_rule).
// CHECK-LABEL: func.func private @bc_v1(
// CHECK-SAME:    %[[X:.*]]: tensor<4x7xf32>, %[[P:.*]]: tensor<7xf32>)
// CHECK-NEXT:    %[[B:.*]] = "nabla.broadcast_in_dim"(%[[X]]) {broadcast_dimensions = array<i64: 1, 2>} : (tensor<4x7xf32>) -> tensor<3x4x7xf32>
// CHECK-NEXT:    %[[Z:.*]] = "nabla.constant"() {value = dense<0.000000e+00> : tensor<f32>}
// CHECK-NEXT:    %[[Q:.*]] = "nabla.pad"(%[[X]], %[[Z]]) {edge_padding_high = array<i64: 1, 0>, edge_padding_low = array<i64: 1, 0>, interior_padding = array<i64: 0, 0>} : (tensor<4x7xf32>, tensor<f32>) -> tensor<6x7xf32>
// CHECK:         %[[IN:.*]] = "nabla.compare"
// CHECK-NEXT:    %[[PB:.*]] = "nabla.broadcast_in_dim"(%[[P]]) {broadcast_dimensions = array<i64: 1>} : (tensor<7xf32>) -> tensor<6x7xf32>
// CHECK-NEXT:    %[[MB:.*]] = "nabla.broadcast_in_dim"(%[[IN]]) {broadcast_dimensions = array<i64: 0>} : (tensor<6xi1>) -> tensor<6x7xi1>
// CHECK-NEXT:    %[[S:.*]] = "nabla.select"(%[[MB]], %[[Q]], %[[PB]])
// CHECK-NEXT:    return %[[B]], %[[S]]

func.func private @ew(%x: tensor<3x4xf32>, %y: tensor<3x4xf32>, %z: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = "nabla.mul"(%x, %y) : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %1 = "nabla.add"(%0, %z) : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %2 = "nabla.tanh"(%1) : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %2 : tensor<3x4xf32>
}
func.func private @ew_v(tensor<3x7x4xf32>, tensor<3x4xf32>, tensor<3x7x4xf32>) -> tensor<3x7x4xf32> attributes {nabla.vmap = {callee = @ew, in_axes = array<i64: 1, -1, 1>, out_axes = array<i64: 1>, axis_size = 7 : i64}}
func.func private @red(%x: tensor<2x3x4xf32>) -> (tensor<3xf32>, tensor<2x3xf32>) {
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %1 = "nabla.reduce_max"(%x) {dimensions = array<i64: 2>} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
  return %0, %1 : tensor<3xf32>, tensor<2x3xf32>
}
func.func private @red_v(tensor<2x7x3x4xf32>) -> (tensor<7x3xf32>, tensor<2x7x3xf32>) attributes {nabla.vmap = {callee = @red, in_axes = array<i64: 1>, out_axes = array<i64: 0, 1>, axis_size = 7 : i64}}
func.func private @mm(%x: tensor<3x4xf32>, %w: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %0 = "nabla.dot_general"(%x, %w) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}
func.func private @mm_both(tensor<7x3x4xf32>, tensor<4x5x7xf32>) -> tensor<7x3x5xf32> attributes {nabla.vmap = {callee = @mm, in_axes = array<i64: 0, 2>, out_axes = array<i64: 0>, axis_size = 7 : i64}}
func.func private @mm_lhs(tensor<7x3x4xf32>, tensor<4x5xf32>) -> tensor<7x3x5xf32> attributes {nabla.vmap = {callee = @mm, in_axes = array<i64: 0, -1>, out_axes = array<i64: 0>, axis_size = 7 : i64}}
func.func private @mm_rhs(tensor<3x4xf32>, tensor<4x5x7xf32>) -> tensor<3x5x7xf32> attributes {nabla.vmap = {callee = @mm, in_axes = array<i64: -1, 2>, out_axes = array<i64: 2>, axis_size = 7 : i64}}
func.func private @mm_rhs0(tensor<3x4xf32>, tensor<7x4x5xf32>) -> tensor<7x3x5xf32> attributes {nabla.vmap = {callee = @mm, in_axes = array<i64: -1, 0>, out_axes = array<i64: 0>, axis_size = 7 : i64}}
func.func private @shape(%x: tensor<2x3x4xf32>) -> (tensor<6x4xf32>, tensor<4x2x3xf32>, tensor<2x2x2xf32>) {
  %0 = "nabla.reshape"(%x) : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %1 = "nabla.transpose"(%x) {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %2 = "nabla.slice"(%x) {start_indices = array<i64: 0, 1, 0>, limit_indices = array<i64: 2, 3, 4>, strides = array<i64: 1, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x2x2xf32>
  return %0, %1, %2 : tensor<6x4xf32>, tensor<4x2x3xf32>, tensor<2x2x2xf32>
}
func.func private @shape_v(tensor<2x3x7x4xf32>) -> (tensor<6x7x4xf32>, tensor<4x2x7x3xf32>, tensor<2x2x7x2xf32>) attributes {nabla.vmap = {callee = @shape, in_axes = array<i64: 2>, out_axes = array<i64: 1, 2, 2>, axis_size = 7 : i64}}
func.func private @shape_v1(tensor<2x7x3x4xf32>) -> (tensor<7x6x4xf32>, tensor<4x7x2x3xf32>, tensor<2x7x2x2xf32>) attributes {nabla.vmap = {callee = @shape, in_axes = array<i64: 1>, out_axes = array<i64: 0, 1, 1>, axis_size = 7 : i64}}
func.func private @bc(%x: tensor<4xf32>, %p: tensor<f32>) -> (tensor<3x4xf32>, tensor<6xf32>) {
  %0 = "nabla.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 1>} : (tensor<4xf32>) -> tensor<3x4xf32>
  %1 = "nabla.pad"(%x, %p) {edge_padding_low = array<i64: 1>, edge_padding_high = array<i64: 1>, interior_padding = array<i64: 0>} : (tensor<4xf32>, tensor<f32>) -> tensor<6xf32>
  return %0, %1 : tensor<3x4xf32>, tensor<6xf32>
}
func.func private @bc_v(tensor<7x4xf32>, tensor<f32>) -> (tensor<7x3x4xf32>, tensor<7x6xf32>) attributes {nabla.vmap = {callee = @bc, in_axes = array<i64: 0, -1>, out_axes = array<i64: 0, 0>, axis_size = 7 : i64}}
func.func private @bc_v1(tensor<4x7xf32>, tensor<7xf32>) -> (tensor<3x4x7xf32>, tensor<6x7xf32>) attributes {nabla.vmap = {callee = @bc, in_axes = array<i64: 1, 0>, out_axes = array<i64: 2, 1>, axis_size = 7 : i64}}
