// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms,nabla-simplify)' %s | FileCheck %s
// Nested transforms expand innermost first: grad(grad(f)) gives the second
// derivative, jvp(grad(f)) a Hessian-vector product, and calls inside the
// differentiated function are inlined first.

// d2/dx2 x^3 = 6x, as 3x + 3x. @cube_gg is declared before @cube_g, whose
// body it needs: the driver waits for it.
// CHECK-LABEL: func.func private @cube_gg
// CHECK-SAME:    (%[[X:.*]]: tensor<f32>) -> tensor<f32>
// CHECK-NEXT:    %[[C3:.*]] = "nabla.constant"() {value = dense<3.000000e+00> : tensor<f32>}
// CHECK-NEXT:    %[[T:.*]] = "nabla.mul"(%[[C3]], %[[X]])
// CHECK-NEXT:    %[[R:.*]] = "nabla.add"(%[[T]], %[[T]])
// CHECK-NEXT:    return %[[R]] : tensor<f32>

// f(x) = sum(sin(x) * x) through a call to @inner:
// grad f = sin x + x cos x; H v = 2 v cos x - x v sin x.
// CHECK-LABEL: func.func private @outer_hvp
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>, %[[V:.*]]: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[SIN:.*]] = "nabla.sin"(%[[X]])
// CHECK-NEXT:    %[[COS:.*]] = "nabla.cos"(%[[X]])
// CHECK-NEXT:    %[[VCOS:.*]] = "nabla.mul"(%[[V]], %[[COS]])
// CHECK-NEXT:    %[[VSIN:.*]] = "nabla.mul"(%[[V]], %[[SIN]])
// CHECK-NEXT:    %[[NVSIN:.*]] = "nabla.neg"(%[[VSIN]])
// CHECK-NEXT:    %[[XCOS:.*]] = "nabla.mul"(%[[X]], %[[COS]])
// CHECK-NEXT:    %[[XNVSIN:.*]] = "nabla.mul"(%[[X]], %[[NVSIN]])
// CHECK-NEXT:    %[[A:.*]] = "nabla.add"(%[[VCOS]], %[[XNVSIN]])
// CHECK-NEXT:    %[[G:.*]] = "nabla.add"(%[[SIN]], %[[XCOS]])
// CHECK-NEXT:    %[[HV:.*]] = "nabla.add"(%[[VCOS]], %[[A]])
// CHECK-NEXT:    return %[[G]], %[[HV]] : tensor<3xf32>, tensor<3xf32>

// The inner grad and the called function are private and now unused.
// CHECK-NOT: func.func private @cube_g(
// CHECK-NOT: func.func private @outer_g(
// CHECK-NOT: func.func private @inner(
// CHECK-LABEL: func.func @main

func.func private @cube(%x: tensor<f32>) -> tensor<f32> {
  %0 = "nabla.mul"(%x, %x) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %1 = "nabla.mul"(%0, %x) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %1 : tensor<f32>
}
func.func private @cube_gg(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @cube_g, argnums = array<i64: 0>, has_aux = false}}
func.func private @cube_g(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @cube, argnums = array<i64: 0>, has_aux = false}}

func.func private @inner(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "nabla.sin"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
func.func private @outer(%x: tensor<3xf32>) -> tensor<f32> {
  %0 = func.call @inner(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "nabla.mul"(%0, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %2 = "nabla.reduce_sum"(%1) {dimensions = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
func.func private @outer_g(tensor<3xf32>) -> tensor<3xf32> attributes {nabla.grad = {callee = @outer, argnums = array<i64: 0>, has_aux = false}}
func.func private @outer_hvp(tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {nabla.jvp = {callee = @outer_g}}

func.func @main(%s: tensor<f32>, %x: tensor<3xf32>, %v: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = func.call @cube_gg(%s) : (tensor<f32>) -> tensor<f32>
  %1:2 = func.call @outer_hvp(%x, %v) : (tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  return %0, %1#0, %1#1 : tensor<f32>, tensor<3xf32>, tensor<3xf32>
}
