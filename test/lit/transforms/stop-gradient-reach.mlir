// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms,nabla-simplify)' %s | FileCheck %s
// The reverse sweep transposes only ops an argument reaches other than
// through stop_gradient, as JAX traces only those: nextafter (which has no
// derivative and whose VJP rule refuses) of stop_gradient'd operands is
// fine under grad, and its value still flows into the loss. Found by the
// random program tester (--seed 11, programs 1072 and 2653: nablac refused
// what JAX differentiates). f(x) = sum(x * x + nextafter(sg(x), 0.25)):
// grad = 2x, and no cotangent is built for nextafter or its operands.

// CHECK-LABEL: func.func private @f_grad(
// CHECK-NOT: "nabla.nextafter"
// CHECK: %[[G:.*]] = "nabla.add"(%arg0, %arg0)
// CHECK-NEXT: return %[[G]]
func.func private @f(%x: tensor<3xf32>) -> tensor<f32> {
  %s = "nabla.stop_gradient"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  %c = "nabla.constant"() {value = dense<0.25> : tensor<3xf32>} : () -> tensor<3xf32>
  %n = "nabla.nextafter"(%s, %c) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %sq = "nabla.mul"(%x, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %a = "nabla.add"(%sq, %n) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %r = "nabla.reduce_sum"(%a) {dimensions = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %r : tensor<f32>
}
func.func private @f_grad(tensor<3xf32>) -> tensor<3xf32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}
func.func @step(%x: tensor<3xf32>) -> tensor<3xf32> {
  %g = func.call @f_grad(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %g : tensor<3xf32>
}
