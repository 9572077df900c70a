// nb_grad / nb_value_and_grad declare one tagged private func.func per
// (callee, transform, options), with the signature of lowering/transforms/autodiff.h
// and the caller's file:line; calling one emits func.call.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t loc 2>&1 | FileCheck %s
// RUN: %t | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

int main(int argc, char **argv) {
  nb_module *m = nb_module_create("grads");
  nb_fn *loss = nb_function(m, "loss");
  nb_value w = nb_arg(loss, "w", NB_F32, NB_SHAPE(3));
  nb_value x = nb_arg(loss, "x", NB_F32, NB_SHAPE(3));
  nb_value k = nb_arg(loss, "k", NB_I32, NB_SHAPE());
  nb_value d = nb_sub(w, x);
  nb_return(loss, nb_mul(nb_sum_all(nb_square(d)), k), nb_stop_gradient(d));

  nb_fn *f = nb_function(m, "f");
  nb_value a = nb_arg(f, "a", NB_F32, NB_SHAPE(3));
  nb_value b = nb_arg(f, "b", NB_F32, NB_SHAPE(3));
  nb_value n = nb_arg(f, "n", NB_I32, NB_SHAPE());
  nb_value g[3];
  nb_fn *gw = nb_grad(loss, .has_aux = true);
  nb_call(gw, g, 2, a, b, n);
  /* The same transform again: the same declaration, no second one. */
  nb_value again = nb_call1(nb_grad(loss, .argnums = NB_ARGS(0), .has_aux = true), a, b, n);
  nb_fn *both = nb_grad(loss, .argnums = NB_ARGS(1, -3), .has_aux = true);
  nb_call(both, g, 3, a, b, n);
  nb_value v[4];
  nb_call(nb_value_and_grad(loss, .argnums = NB_ARGS(0, 1), .has_aux = true), v, 4, a, b, n);
  nb_return(f, nb_add(again, g[0]), v[0]);
  nb_export(f);
  /* With locations (argv[1]) to check them; without for nabla-opt, which
   * rejects the location aliases printed before the module. */
  puts(nb_module_print(m, argc > 1));
  fflush(stdout);
  fprintf(stderr, "errors: %d, same: %d\n", nb_module_errors(m), gw == nb_grad(loss, .has_aux = true));
  nb_module_destroy(m);
  return 0;
}
// CHECK-LABEL: func.func private @loss(
// CHECK: "nabla.stop_gradient"
// CHECK-LABEL: func.func private @loss_grad_a0_aux(
// CHECK-SAME: tensor<3xf32> {nabla.name = "w"}, tensor<3xf32> {nabla.name = "x"}, tensor<i32> {nabla.name = "k"})
// CHECK-SAME: -> (tensor<3xf32> {nabla.name = "grad_w"}, tensor<3xf32> {nabla.name = "aux"})
// CHECK-SAME: attributes {nabla.grad = {argnums = array<i64: 0>, callee = @loss, has_aux = true}}
// CHECK-SAME: loc(#[[GRADLOC:loc[0-9]*]])
// CHECK-NOT: @loss_grad_a0_aux_1
// CHECK-LABEL: func.func private @loss_grad_a1_0_aux(
// CHECK-SAME: -> (tensor<3xf32> {nabla.name = "grad_x"}, tensor<3xf32> {nabla.name = "grad_w"}, tensor<3xf32> {nabla.name = "aux"})
// CHECK-SAME: nabla.grad = {argnums = array<i64: 1, 0>, callee = @loss, has_aux = true}
// CHECK-LABEL: func.func private @loss_value_and_grad_a0_1_aux(
// CHECK-SAME: -> (tensor<f32> {nabla.name = "value"}, tensor<3xf32> {nabla.name = "aux"}, tensor<3xf32> {nabla.name = "grad_w"}, tensor<3xf32> {nabla.name = "grad_x"})
// CHECK-SAME: nabla.value_and_grad = {argnums = array<i64: 0, 1>, callee = @loss, has_aux = true}
// CHECK-LABEL: func.func @f(
// CHECK: %[[G:.*]]:2 = call @loss_grad_a0_aux(%arg0, %arg1, %arg2) : (tensor<3xf32>, tensor<3xf32>, tensor<i32>) -> (tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[A:.*]]:2 = call @loss_grad_a0_aux(%arg0, %arg1, %arg2)
// CHECK: %[[B:.*]]:3 = call @loss_grad_a1_0_aux(%arg0, %arg1, %arg2) : {{.*}} -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[V:.*]]:4 = call @loss_value_and_grad_a0_1_aux(%arg0, %arg1, %arg2) : {{.*}} -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[S:.*]] = "nabla.add"(%[[A]]#0, %[[B]]#0)
// CHECK: return %[[S]], %[[V]]#0
// CHECK: #[[GRADLOC]] = loc("{{.*}}transforms-grad.c":23:0)
// CHECK: errors: 0, same: 1
