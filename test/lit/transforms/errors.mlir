// RUN: not nabla-opt --split-input-file --pass-pipeline='builtin.module(nabla-expand-transforms)' %s 2>&1 | FileCheck %s
// Every error is reported at the declaration (where the DSL puts the user's
// file:line) or at the offending op, and fails the pass.

func.func private @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
// CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.grad of @f: grad is only defined for functions whose result is a float scalar (tensor<f32>, ...), but @f returns tensor<3xf32>; use vjp for other outputs
func.func private @g(tensor<3xf32>) -> tensor<3xf32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}

// -----

func.func private @f(%x: tensor<i32>) -> tensor<i32> {
  return %x : tensor<i32>
}
// CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.value_and_grad of @f: grad is only defined for functions whose result is a float scalar (tensor<f32>, ...), but @f returns tensor<i32>
func.func private @g(tensor<i32>) -> (tensor<i32>, tensor<i32>) attributes {nabla.value_and_grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}

// -----

func.func private @f(%x: tensor<f32>, %y: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}
// CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.grad of @f: argnum 2 is out of range: @f takes 2 arguments
func.func private @g(tensor<f32>, tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 2>, has_aux = false}}

// -----

func.func private @f(%x: tensor<f32>, %n: tensor<3xi32>) -> tensor<f32> {
  return %x : tensor<f32>
}
// CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.grad of @f: cannot differentiate with respect to argument 1 of @f, of type tensor<3xi32>: grad needs float inputs (integer and bool arguments have no derivative)
func.func private @g(tensor<f32>, tensor<3xi32>) -> tensor<3xi32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 1>, has_aux = false}}

// -----

func.func private @f(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}
// CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.grad of @f: has_aux needs @f to return a pair (value, aux...), but it returns a single result
func.func private @g(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 0>, has_aux = true}}

// -----

func.func private @f(%x: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  return %x, %x : tensor<f32>, tensor<f32>
}
// CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.grad of @f: grad needs @f to return one float scalar, but it returns 2 results; use has_aux to pass the others through, or vjp
func.func private @g(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}

// -----

func.func private @f(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}
// CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.vjp of @f: declaration @g has type (tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>), but the transform gives (tensor<3xf32>, tensor<f32>) -> (tensor<f32>, tensor<3xf32>)
func.func private @g(tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) attributes {nabla.vjp = {callee = @f}}

// -----

// CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.jvp of @nowhere: no function @nowhere in the module
func.func private @g(tensor<f32>, tensor<f32>) -> (tensor<f32>, tensor<f32>) attributes {nabla.jvp = {callee = @nowhere}}

// -----

// CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.jvp on @g: the tag must be a dictionary with 'callee = @function'
func.func private @g(tensor<f32>, tensor<f32>) -> (tensor<f32>, tensor<f32>) attributes {nabla.jvp = {argnums = array<i64: 0>}}

// -----

func.func private @f(%x: tensor<f32>) -> tensor<f32> {
  // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.grad of @f: cannot handle 'arith.addf' in @f: a function that is transformed or inlined may hold only nabla ops without regions, func.call and func.return
  %0 = arith.addf %x, %x : tensor<f32>
  return %0 : tensor<f32>
}
func.func private @g(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}

// -----

func.func private @ext(tensor<f32>) -> tensor<f32>
func.func private @f(%x: tensor<f32>) -> tensor<f32> {
  // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.grad of @f: cannot differentiate through @ext: it is a declaration without a body
  %0 = func.call @ext(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @g(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}

// -----

func.func private @f(%x: tensor<f32>) -> tensor<f32> {
  // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.grad of @f: @f is recursive; recursive functions cannot be inlined for differentiation
  %0 = func.call @f(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @g(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}

// -----

// A transform this pass does not know (yet) cannot be differentiated through.
func.func private @v(tensor<f32>) -> tensor<f32> attributes {nabla.pmap = {callee = @f}}
func.func private @f(%x: tensor<f32>) -> tensor<f32> {
  // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.grad of @f: cannot differentiate through @v: its transform 'nabla.pmap' is not expanded by nabla-expand-transforms
  %0 = func.call @v(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @g(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}

// -----

// Two declarations that need each other.
// CHECK-DAG: errors.mlir:[[@LINE+2]]:{{[0-9]+}}: error: cannot expand @a: transformed functions depend on each other in a cycle (@a -> @b -> @a)
// CHECK-DAG: errors.mlir:[[@LINE+2]]:{{[0-9]+}}: error: cannot expand @b: transformed functions depend on each other in a cycle (@b -> @a -> @b)
func.func private @a(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @b, argnums = array<i64: 0>, has_aux = false}}
func.func private @b(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @a, argnums = array<i64: 0>, has_aux = false}}

// -----

// scatter_mul: JAX differentiates the updates only for unique indices.
func.func private @m(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>, %u: tensor<3x4xf32>) -> tensor<10x4xf32> {
  // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.scatter_mul: the derivative with respect to the updates is not defined for indices that may repeat (JAX's scatter_mul needs unique_indices=True); make the updates a constant or use scatter_add of logs
  %0 = "nabla.scatter_mul"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<10x4xf32>, tensor<3x1xi32>, tensor<3x4xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}
func.func private @m_vjp(tensor<10x4xf32>, tensor<3x1xi32>, tensor<3x4xf32>, tensor<10x4xf32>) -> (tensor<10x4xf32>, tensor<10x4xf32>, tensor<3x1xi32>, tensor<3x4xf32>) attributes {nabla.vjp = {callee = @m}}

// -----

// nextafter has no derivative (JAX: "Differentiation rule for 'nextafter' not
// implemented"): forward and reverse mode both refuse it at the op.
func.func private @f(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: JVP of nabla.nextafter: JAX defines no derivative for nextafter
  %0 = "nabla.nextafter"(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
func.func private @g(tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {nabla.jvp = {callee = @f}}

// -----

func.func private @f(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  // CHECK: errors.mlir:[[@LINE+1]]:{{[0-9]+}}: error: VJP of nabla.nextafter: JAX defines no derivative for nextafter
  %0 = "nabla.nextafter"(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
func.func private @g(tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) attributes {nabla.vjp = {callee = @f}}
