// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms,nabla-simplify)' %s | FileCheck %s
// grad and value_and_grad of small functions: the exact simplified bodies.
// The callees are private and only the tags referred to them, so they go.

// CHECK-NOT: func.func private @sq(
// CHECK-NOT: func.func private @dist(
// CHECK-NOT: func.func private @aux(
// CHECK-NOT: nabla.grad
// CHECK-NOT: nabla.value_and_grad

// d/dx sum(x*x) = x + x (the forward mul and the ones seed are gone).
// CHECK-LABEL: func.func private @sq_grad
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[G:.*]] = "nabla.add"(%[[X]], %[[X]])
// CHECK-NEXT:    return %[[G]] : tensor<4xf32>

// d/dx sum((x-y)^2) = 2 (x-y); d/dy = -2 (x-y).
// CHECK-LABEL: func.func private @dist_grad_a0
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>) -> tensor<3xf32>
// CHECK-NEXT:    %[[D:.*]] = "nabla.sub"(%[[X]], %[[Y]])
// CHECK-NEXT:    %[[TWO:.*]] = "nabla.constant"() {value = dense<2.000000e+00> : tensor<3xf32>}
// CHECK-NEXT:    %[[G:.*]] = "nabla.mul"(%[[TWO]], %[[D]])
// CHECK-NEXT:    return %[[G]] : tensor<3xf32>

// CHECK-LABEL: func.func private @dist_grad_a01
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[D:.*]] = "nabla.sub"(%[[X]], %[[Y]])
// CHECK-NEXT:    %[[TWO:.*]] = "nabla.constant"() {value = dense<2.000000e+00> : tensor<3xf32>}
// CHECK-NEXT:    %[[GX:.*]] = "nabla.mul"(%[[TWO]], %[[D]])
// CHECK-NEXT:    %[[GY:.*]] = "nabla.neg"(%[[GX]])
// CHECK-NEXT:    return %[[GX]], %[[GY]] : tensor<3xf32>, tensor<3xf32>

// value_and_grad keeps the forward value and shares x-y with the gradient.
// CHECK-LABEL: func.func private @dist_vg
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>, %[[Y:.*]]: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
// CHECK-NEXT:    %[[D:.*]] = "nabla.sub"(%[[X]], %[[Y]])
// CHECK-NEXT:    %[[P:.*]] = "nabla.integer_pow"(%[[D]]) {y = 2 : i64}
// CHECK-NEXT:    %[[V:.*]] = "nabla.reduce_sum"(%[[P]]) {dimensions = array<i64: 0>}
// CHECK-NEXT:    %[[TWO:.*]] = "nabla.constant"() {value = dense<2.000000e+00> : tensor<3xf32>}
// CHECK-NEXT:    %[[G:.*]] = "nabla.mul"(%[[TWO]], %[[D]])
// CHECK-NEXT:    return %[[V]], %[[G]] : tensor<f32>, tensor<3xf32>

// has_aux: the aux result (exp x) passes through; it is also the gradient.
// grad returns (g, aux); value_and_grad returns (value, aux, g).
// CHECK-LABEL: func.func private @aux_grad
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[E:.*]] = "nabla.exp"(%[[X]])
// CHECK-NEXT:    return %[[E]], %[[E]] : tensor<3xf32>, tensor<3xf32>

// CHECK-LABEL: func.func private @aux_vg
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>)
// CHECK-NEXT:    %[[E:.*]] = "nabla.exp"(%[[X]])
// CHECK-NEXT:    %[[S:.*]] = "nabla.reduce_sum"(%[[E]]) {dimensions = array<i64: 0>}
// CHECK-NEXT:    return %[[S]], %[[E]], %[[E]] : tensor<f32>, tensor<3xf32>, tensor<3xf32>

// Callers are untouched.
// CHECK-LABEL: func.func @main
// CHECK:         call @sq_grad
// CHECK:         call @aux_vg

func.func private @sq(%x: tensor<4xf32>) -> tensor<f32> {
  %0 = "nabla.mul"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.reduce_sum"(%0) {dimensions = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
func.func private @sq_grad(tensor<4xf32>) -> tensor<4xf32> attributes {nabla.grad = {callee = @sq, argnums = array<i64: 0>, has_aux = false}}

func.func private @dist(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<f32> {
  %0 = "nabla.sub"(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "nabla.integer_pow"(%0) {y = 2 : i64} : (tensor<3xf32>) -> tensor<3xf32>
  %2 = "nabla.reduce_sum"(%1) {dimensions = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
func.func private @dist_grad_a0(tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32> attributes {nabla.grad = {callee = @dist, argnums = array<i64: 0>, has_aux = false}}
func.func private @dist_grad_a01(tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {nabla.grad = {callee = @dist, argnums = array<i64: 0, 1>, has_aux = false}}
func.func private @dist_vg(tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) attributes {nabla.value_and_grad = {callee = @dist, argnums = array<i64: 0>, has_aux = false}}

func.func private @aux(%x: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) {
  %0 = "nabla.exp"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %1 = "nabla.reduce_sum"(%0) {dimensions = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %1, %0 : tensor<f32>, tensor<3xf32>
}
func.func private @aux_grad(tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {nabla.grad = {callee = @aux, argnums = array<i64: 0>, has_aux = true}}
func.func private @aux_vg(tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>) attributes {nabla.value_and_grad = {callee = @aux, argnums = array<i64: 0>, has_aux = true}}

func.func @main(%x: tensor<4xf32>, %a: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<f32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<f32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = func.call @sq_grad(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = func.call @dist_grad_a0(%a, %b) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %2:2 = func.call @dist_grad_a01(%a, %b) : (tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  %3:2 = func.call @dist_vg(%a, %b) : (tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  %4:2 = func.call @aux_grad(%a) : (tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  %5:3 = func.call @aux_vg(%a) : (tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>)
  return %0, %1, %2#0, %2#1, %3#0, %3#1, %4#0, %4#1, %5#0, %5#1, %5#2 : tensor<4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<f32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<f32>, tensor<3xf32>, tensor<3xf32>
}
