// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms,nabla-simplify)' %s -o %t
// RUN: FileCheck %s --check-prefix=TANH < %t
// RUN: FileCheck %s --check-prefix=POW < %t
// RUN: FileCheck %s --check-prefix=BCAST < %t
// RUN: FileCheck %s --check-prefix=DOT < %t
// RUN: FileCheck %s --check-prefix=SUM < %t
// RUN: FileCheck %s --check-prefix=SEED < %t
// Generated bodies carry no dead or duplicated forward work: each forward op
// appears once (shared by the value and the gradient), the seed's ones are
// folded away, and grad (unlike value_and_grad) drops the forward ops only
// the value needs (integer_pow, the final reduce_sum).
//
// loss(W, b, x, y) = sum((tanh(x . W + b) - y)^2)

// TANH-LABEL: func.func private @loss_vg
// TANH-COUNT-1: "nabla.tanh"
// TANH-NOT:     "nabla.tanh"
// TANH-LABEL: func.func private @loss_grad
// TANH-COUNT-1: "nabla.tanh"
// TANH-NOT:     "nabla.tanh"
// TANH-LABEL: func.func @step

// POW-LABEL: func.func private @loss_vg
// POW-COUNT-1: "nabla.integer_pow"
// POW-NOT:     "nabla.integer_pow"
// POW-LABEL: func.func private @loss_grad
// POW-NOT:     "nabla.integer_pow"
// POW-LABEL: func.func @step

// One forward broadcast of b; its reverse is a reduce_sum.
// BCAST-LABEL: func.func private @loss_vg
// BCAST-COUNT-1: "nabla.broadcast_in_dim"
// BCAST-NOT:     "nabla.broadcast_in_dim"
// BCAST-LABEL: func.func private @loss_grad

// Forward x.W, and dL/dW; nothing for x (not in argnums).
// DOT-LABEL: func.func private @loss_vg
// DOT-COUNT-2: "nabla.dot_general"
// DOT-NOT:     "nabla.dot_general"
// DOT-LABEL: func.func private @loss_grad
// DOT-COUNT-2: "nabla.dot_general"
// DOT-NOT:     "nabla.dot_general"
// DOT-LABEL: func.func @step

// The value's reduce_sum and dL/db's; grad keeps only the latter.
// SUM-LABEL: func.func private @loss_vg
// SUM-COUNT-2: "nabla.reduce_sum"
// SUM-NOT:     "nabla.reduce_sum"
// SUM-LABEL: func.func private @loss_grad
// SUM-COUNT-1: "nabla.reduce_sum"
// SUM-NOT:     "nabla.reduce_sum"
// SUM-LABEL: func.func @step

// The seed (ones) is folded into its users: no multiplication by one.
// SEED-NOT: dense<1.000000e+00> : tensor<f32>

func.func private @loss(%w: tensor<3x2xf32>, %b: tensor<2xf32>, %x: tensor<4x3xf32>, %y: tensor<4x2xf32>) -> tensor<f32> {
  %0 = "nabla.dot_general"(%x, %w) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  %1 = "nabla.broadcast_in_dim"(%b) {broadcast_dimensions = array<i64: 1>} : (tensor<2xf32>) -> tensor<4x2xf32>
  %2 = "nabla.add"(%0, %1) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %3 = "nabla.tanh"(%2) : (tensor<4x2xf32>) -> tensor<4x2xf32>
  %4 = "nabla.sub"(%3, %y) : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  %5 = "nabla.integer_pow"(%4) {y = 2 : i64} : (tensor<4x2xf32>) -> tensor<4x2xf32>
  %6 = "nabla.reduce_sum"(%5) {dimensions = array<i64: 0, 1>} : (tensor<4x2xf32>) -> tensor<f32>
  return %6 : tensor<f32>
}
func.func private @loss_vg(tensor<3x2xf32>, tensor<2xf32>, tensor<4x3xf32>, tensor<4x2xf32>) -> (tensor<f32>, tensor<3x2xf32>, tensor<2xf32>) attributes {nabla.value_and_grad = {callee = @loss, argnums = array<i64: 0, 1>, has_aux = false}}
func.func private @loss_grad(tensor<3x2xf32>, tensor<2xf32>, tensor<4x3xf32>, tensor<4x2xf32>) -> (tensor<3x2xf32>, tensor<2xf32>) attributes {nabla.grad = {callee = @loss, argnums = array<i64: 0, 1>, has_aux = false}}
func.func @step(%w: tensor<3x2xf32>, %b: tensor<2xf32>, %x: tensor<4x3xf32>, %y: tensor<4x2xf32>) -> (tensor<f32>, tensor<3x2xf32>, tensor<2xf32>, tensor<3x2xf32>, tensor<2xf32>) {
  %0:3 = func.call @loss_vg(%w, %b, %x, %y) : (tensor<3x2xf32>, tensor<2xf32>, tensor<4x3xf32>, tensor<4x2xf32>) -> (tensor<f32>, tensor<3x2xf32>, tensor<2xf32>)
  %1:2 = func.call @loss_grad(%w, %b, %x, %y) : (tensor<3x2xf32>, tensor<2xf32>, tensor<4x3xf32>, tensor<4x2xf32>) -> (tensor<3x2xf32>, tensor<2xf32>)
  return %0#0, %0#1, %0#2, %1#0, %1#1 : tensor<f32>, tensor<3x2xf32>, tensor<2xf32>, tensor<3x2xf32>, tensor<2xf32>
}
