// RUN: not nabla-opt --split-input-file --pass-pipeline='builtin.module(nabla-expand-transforms)' %s 2>&1 | FileCheck %s
// vmap's errors, at the declaration (where the DSL puts the user's
// file:line).

func.func private @f(%x: tensor<3xf32>, %y: tensor<f32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// CHECK: vmap-errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.vmap of @f: in_axes has 1 entries, but @f has 2 arguments
func.func private @v(tensor<4x3xf32>, tensor<f32>) -> tensor<4x3xf32> attributes {nabla.vmap = {callee = @f, in_axes = array<i64: 0>, out_axes = array<i64: 0>, axis_size = 4 : i64}}

// -----

func.func private @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// CHECK: vmap-errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.vmap of @f: out_axes has 2 entries, but @f has 1 result
func.func private @v(tensor<4x3xf32>) -> tensor<4x3xf32> attributes {nabla.vmap = {callee = @f, in_axes = array<i64: 0>, out_axes = array<i64: 0, 0>, axis_size = 4 : i64}}

// -----

func.func private @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// CHECK: vmap-errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.vmap of @f: in_axes[0] = 2 is out of range for argument 0 of @f (tensor<3xf32>): the batch dim of a rank-2 value is in [0, 1], or -1 for none
func.func private @v(tensor<3x4xf32>) -> tensor<4x3xf32> attributes {nabla.vmap = {callee = @f, in_axes = array<i64: 2>, out_axes = array<i64: 0>, axis_size = 4 : i64}}

// -----

func.func private @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// CHECK: vmap-errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.vmap of @f: out_axes[0] = -2 is out of range for result 0 of @f (tensor<3xf32>)
func.func private @v(tensor<4x3xf32>) -> tensor<4x3xf32> attributes {nabla.vmap = {callee = @f, in_axes = array<i64: 0>, out_axes = array<i64: -2>, axis_size = 4 : i64}}

// -----

func.func private @f(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// CHECK: vmap-errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.vmap of @f: axis_size 4 is inconsistent with argument 1 (tensor<3x5xf32>): its batch dim in_axes[1] = 1 has size 5
func.func private @v(tensor<4x3xf32>, tensor<3x5xf32>) -> tensor<4x3xf32> attributes {nabla.vmap = {callee = @f, in_axes = array<i64: 0, 1>, out_axes = array<i64: 0>, axis_size = 4 : i64}}

// -----

func.func private @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// CHECK: vmap-errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.vmap of @f: axis_size must be a positive integer (axis_size = N : i64)
func.func private @v(tensor<4x3xf32>) -> tensor<4x3xf32> attributes {nabla.vmap = {callee = @f, in_axes = array<i64: 0>, out_axes = array<i64: 0>}}

// -----

func.func private @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "nabla.exp"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
// CHECK: vmap-errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.vmap of @f: result 0 of @f depends on the batch, but out_axes[0] is -1 (none)
func.func private @v(tensor<4x3xf32>) -> tensor<3xf32> attributes {nabla.vmap = {callee = @f, in_axes = array<i64: 0>, out_axes = array<i64: -1>, axis_size = 4 : i64}}

// -----

func.func private @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// The declaration's type disagrees with the options elsewhere than the
// batch size: the signature check reports it.
// CHECK: vmap-errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.vmap of @f: declaration @v has type (tensor<4x3xf32>) -> tensor<3x4xf32>, but the transform gives (tensor<4x3xf32>) -> tensor<4x3xf32>
func.func private @v(tensor<4x3xf32>) -> tensor<3x4xf32> attributes {nabla.vmap = {callee = @f, in_axes = array<i64: 0>, out_axes = array<i64: 0>, axis_size = 4 : i64}}
