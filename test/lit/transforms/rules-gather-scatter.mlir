// RUN: nabla-opt --split-input-file --pass-pipeline='builtin.module(nabla-expand-transforms)' %s | FileCheck %s
// gather and scatter_add transpose into each other (JAX's rules): the VJP of
// a fill gather is a drop scatter_add of the cotangent into zeros, and the
// updates' cotangent of a drop scatter_add is a fill_zero gather.
// (scatter_mul's updates without unique indices: errors.mlir.)

// CHECK-LABEL: func.func private @g_vjp(
// CHECK: %[[Z:.*]] = "nabla.constant"() {value = dense<0.000000e+00> : tensor<10x4xf32>}
// CHECK: "nabla.scatter_add"(%[[Z]], %arg1, %{{.*}}) {{{.*}}mode = "drop"{{.*}}update_window_dims = array<i64: 1>}
func.func private @g(%t: tensor<10x4xf32>, %i: tensor<3x1xi32>) -> tensor<3x4xf32> {
  %0 = "nabla.gather"(%t, %i) {offset_dims = array<i64: 1>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 1, 4>, mode = "fill"} : (tensor<10x4xf32>, tensor<3x1xi32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}
func.func private @g_vjp(tensor<10x4xf32>, tensor<3x1xi32>, tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<10x4xf32>, tensor<3x1xi32>) attributes {nabla.vjp = {callee = @g}}

// -----

// CHECK-LABEL: func.func private @s_vjp(
// CHECK: "nabla.gather"(%{{.*}}, %arg1) {{{.*}}mode = "fill_zero"{{.*}}slice_sizes = array<i64: 1, 4>
func.func private @s(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>, %u: tensor<3x4xf32>) -> tensor<10x4xf32> {
  %0 = "nabla.scatter_add"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<10x4xf32>, tensor<3x1xi32>, tensor<3x4xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}
func.func private @s_vjp(tensor<10x4xf32>, tensor<3x1xi32>, tensor<3x4xf32>, tensor<10x4xf32>) -> (tensor<10x4xf32>, tensor<10x4xf32>, tensor<3x1xi32>, tensor<3x4xf32>) attributes {nabla.vjp = {callee = @s}}
