// nb_export of a transformed function: the tagged declaration stays private
// (a declaration cannot be public) and a public wrapper with a body calls
// it, carrying f's argument names and grad_<arg> result names, and the C
// name of the transformed function (or c_name).
// RUN: %cc_dsl %s %nabla_lib -o %t && %t 2>&1 | FileCheck %s
// RUN: %t | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("ex");
  nb_fn *loss = nb_function(m, "loss");
  nb_value th = nb_arg(loss, "theta", NB_F32, NB_SHAPE(2));
  nb_value x = nb_arg(loss, "x", NB_F32, NB_SHAPE(8));
  nb_return(loss, nb_mean_all(nb_square(nb_sub(nb_mul(nb_index(th, 0), x), nb_index(th, 1)))));
  nb_export(loss);
  nb_fn *g = nb_grad(loss);
  nb_export(g);
  nb_export(g); /* twice: one wrapper */
  nb_export(nb_value_and_grad(loss, .argnums = NB_ARGS(0, 1)), .c_name = "loss_and_grads");
  puts(nb_module_print(m, false));
  fflush(stdout);
  fprintf(stderr, "errors: %d\n", nb_module_errors(m));
  nb_module_destroy(m);
  return 0;
}
// CHECK-LABEL: func.func @loss(
// CHECK-LABEL: func.func private @loss_grad_a0(tensor<2xf32> {nabla.name = "theta"}, tensor<8xf32> {nabla.name = "x"}) -> (tensor<2xf32> {nabla.name = "grad_theta"}) attributes {nabla.grad =
// CHECK-LABEL: func.func @loss_grad_a0_export(%arg0: tensor<2xf32> {nabla.name = "theta"}, %arg1: tensor<8xf32> {nabla.name = "x"}) -> (tensor<2xf32> {nabla.name = "grad_theta"})
// CHECK-SAME: attributes {nabla.c_name = "loss_grad_a0", nabla.export} {
// CHECK-NEXT: %[[R:.*]] = call @loss_grad_a0(%arg0, %arg1) : (tensor<2xf32>, tensor<8xf32>) -> tensor<2xf32>
// CHECK-NEXT: return %[[R]] : tensor<2xf32>
// CHECK-NOT: @loss_grad_a0_export_1
// CHECK-LABEL: func.func private @loss_value_and_grad_a0_1(
// CHECK-LABEL: func.func @loss_value_and_grad_a0_1_export(
// CHECK-SAME: -> (tensor<f32> {nabla.name = "value"}, tensor<2xf32> {nabla.name = "grad_theta"}, tensor<8xf32> {nabla.name = "grad_x"})
// CHECK-SAME: attributes {nabla.c_name = "loss_and_grads", nabla.export}
// CHECK-NEXT: %[[V:.*]]:3 = call @loss_value_and_grad_a0_1(%arg0, %arg1)
// CHECK-NEXT: return %[[V]]#0, %[[V]]#1, %[[V]]#2
// CHECK: errors: 0
