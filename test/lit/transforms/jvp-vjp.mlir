// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms)' %s | FileCheck %s
// jvp and vjp bodies (the pass simplifies each body it generates; callees
// stay since only nabla-simplify removes unused functions). Integer values
// carry zero tangents and cotangents; stop_gradient blocks the derivative.

// CHECK-LABEL: func.func private @f_jvp
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>, %[[T:.*]]: tensor<4xf32>) -> (tensor<f32>, tensor<f32>)
// CHECK-NOT:     attributes
// CHECK-NEXT:    %[[XX:.*]] = "nabla.mul"(%[[X]], %[[X]])
// CHECK-NEXT:    %[[TX:.*]] = "nabla.mul"(%[[T]], %[[X]])
// CHECK-NEXT:    %[[D:.*]] = "nabla.add"(%[[TX]], %[[TX]])
// CHECK-NEXT:    %[[Y:.*]] = "nabla.reduce_sum"(%[[XX]])
// CHECK-NEXT:    %[[DY:.*]] = "nabla.reduce_sum"(%[[D]])
// CHECK-NEXT:    return %[[Y]], %[[DY]] : tensor<f32>, tensor<f32>

// CHECK-LABEL: func.func private @f_vjp
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>, %[[CT:.*]]: tensor<f32>) -> (tensor<f32>, tensor<4xf32>)
// CHECK-NEXT:    %[[XX:.*]] = "nabla.mul"(%[[X]], %[[X]])
// CHECK-NEXT:    %[[Y:.*]] = "nabla.reduce_sum"(%[[XX]])
// CHECK-NEXT:    %[[B:.*]] = "nabla.broadcast_in_dim"(%[[CT]]) {broadcast_dimensions = array<i64>}
// CHECK-NEXT:    %[[BX:.*]] = "nabla.mul"(%[[B]], %[[X]])
// CHECK-NEXT:    %[[G:.*]] = "nabla.add"(%[[BX]], %[[BX]])
// CHECK-NEXT:    return %[[Y]], %[[G]] : tensor<f32>, tensor<4xf32>

// CHECK-LABEL: func.func private @g_jvp
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>, %[[N:.*]]: tensor<3xi32>, %[[TX:.*]]: tensor<3xf32>, %[[TN:.*]]: tensor<3xi32>)
// CHECK-NEXT:    %[[C:.*]] = "nabla.convert"(%[[N]])
// CHECK-NEXT:    %[[Y:.*]] = "nabla.mul"(%[[X]], %[[C]])
// CHECK-NEXT:    %[[DY:.*]] = "nabla.mul"(%[[TX]], %[[C]])
// CHECK-NEXT:    %[[M:.*]] = "nabla.add"(%[[N]], %[[N]])
// CHECK-NEXT:    %[[Z:.*]] = "nabla.constant"() {value = dense<0> : tensor<3xi32>}
// CHECK-NEXT:    return %[[Y]], %[[M]], %[[DY]], %[[Z]]

// CHECK-LABEL: func.func private @g_vjp
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>, %[[N:.*]]: tensor<3xi32>, %[[CY:.*]]: tensor<3xf32>, %[[CM:.*]]: tensor<3xi32>)
// CHECK-NEXT:    %[[C:.*]] = "nabla.convert"(%[[N]])
// CHECK-NEXT:    %[[Y:.*]] = "nabla.mul"(%[[X]], %[[C]])
// CHECK-NEXT:    %[[M:.*]] = "nabla.add"(%[[N]], %[[N]])
// CHECK-NEXT:    %[[GX:.*]] = "nabla.mul"(%[[CY]], %[[C]])
// CHECK-NEXT:    %[[Z:.*]] = "nabla.constant"() {value = dense<0> : tensor<3xi32>}
// CHECK-NEXT:    return %[[Y]], %[[M]], %[[GX]], %[[Z]]

// CHECK-LABEL: func.func private @k_jvp
// CHECK:         %[[K:.*]] = "nabla.constant"() {value = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>}
// CHECK-NEXT:    %[[Z:.*]] = "nabla.constant"() {value = dense<0.000000e+00> : tensor<2xf32>}
// CHECK-NEXT:    return %[[K]], %[[Z]]
// CHECK-LABEL: func.func private @k_vjp
// CHECK:         %[[K:.*]] = "nabla.constant"() {value = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>}
// CHECK-NEXT:    %[[Z:.*]] = "nabla.constant"() {value = dense<0.000000e+00> : tensor<2xf32>}
// CHECK-NEXT:    return %[[K]], %[[Z]]

// d/dx (stop_gradient(x) * x) = stop_gradient(x), not 2x.
// CHECK-LABEL: func.func private @s_vjp
// CHECK-SAME:    (%[[X:.*]]: tensor<2xf32>, %[[CT:.*]]: tensor<2xf32>)
// CHECK-NEXT:    %[[S:.*]] = "nabla.stop_gradient"(%[[X]])
// CHECK-NEXT:    %[[Y:.*]] = "nabla.mul"(%[[S]], %[[X]])
// CHECK-NEXT:    %[[G:.*]] = "nabla.mul"(%[[S]], %[[CT]])
// CHECK-NEXT:    return %[[Y]], %[[G]]

func.func private @f(%x: tensor<4xf32>) -> tensor<f32> {
  %0 = "nabla.mul"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.reduce_sum"(%0) {dimensions = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
func.func private @f_jvp(tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<f32>) attributes {nabla.jvp = {callee = @f}}
func.func private @f_vjp(tensor<4xf32>, tensor<f32>) -> (tensor<f32>, tensor<4xf32>) attributes {nabla.vjp = {callee = @f}}

// Two results, an integer argument and an integer result.
func.func private @g(%x: tensor<3xf32>, %n: tensor<3xi32>) -> (tensor<3xf32>, tensor<3xi32>) {
  %0 = "nabla.convert"(%n) : (tensor<3xi32>) -> tensor<3xf32>
  %1 = "nabla.mul"(%x, %0) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %2 = "nabla.add"(%n, %n) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %1, %2 : tensor<3xf32>, tensor<3xi32>
}
func.func private @g_jvp(tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xi32>) -> (tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xi32>) attributes {nabla.jvp = {callee = @g}}
func.func private @g_vjp(tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xi32>) -> (tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xi32>) attributes {nabla.vjp = {callee = @g}}

// A result that does not depend on the input: zero tangent and cotangent.
func.func private @k(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nabla.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
func.func private @k_jvp(tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) attributes {nabla.jvp = {callee = @k}}
func.func private @k_vjp(tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) attributes {nabla.vjp = {callee = @k}}

// stop_gradient: no derivative flows through it.
func.func private @s(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nabla.stop_gradient"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  %1 = "nabla.mul"(%0, %x) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}
func.func private @s_vjp(tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) attributes {nabla.vjp = {callee = @s}}

func.func @main(%x: tensor<4xf32>) -> (tensor<f32>, tensor<f32>) {
  %0:2 = func.call @f_jvp(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> (tensor<f32>, tensor<f32>)
  return %0#0, %0#1 : tensor<f32>, tensor<f32>
}
