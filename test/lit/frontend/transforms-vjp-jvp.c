// nb_vjp / nb_jvp signatures, nested transforms (grad of grad, the
// Hessian-vector product jvp of grad) and grad of a function that calls
// another: each declaration names its callee, inner ones first.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t 2>&1 | FileCheck %s
// RUN: %t | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("vj");
  nb_fn *half = nb_function(m, "half_sq"); /* x*x/2 and an int count */
  nb_value x = nb_arg(half, "x", NB_F32, NB_SHAPE(4));
  nb_value n = nb_arg(half, "n", NB_I32, NB_SHAPE());
  nb_return(half, nb_div(nb_mul(x, x), nb_scalar(half, 2)), n);

  nb_fn *sq = nb_function(m, "sq");
  nb_value s = nb_arg(sq, "s", NB_F32, NB_SHAPE());
  nb_return(sq, nb_mul(s, s));

  nb_fn *outer = nb_function(m, "outer"); /* calls sq */
  nb_value o = nb_arg(outer, "o", NB_F32, NB_SHAPE());
  nb_return(outer, nb_call1(sq, nb_sin(o)));

  nb_fn *f = nb_function(m, "f");
  nb_value a = nb_arg(f, "a", NB_F32, NB_SHAPE(4));
  nb_value c = nb_arg(f, "c", NB_F32, NB_SHAPE());
  nb_value k = nb_arg(f, "k", NB_I32, NB_SHAPE());
  nb_value r[4];
  nb_call(nb_vjp(half), r, 4, a, k, a, k);
  nb_value t[4];
  nb_call(nb_jvp(half), t, 4, a, k, a, k);
  nb_fn *d2 = nb_grad(nb_grad(sq));
  nb_value hvp[2];
  nb_call(nb_jvp(nb_grad(sq)), hvp, 2, c, c);
  nb_value dd = nb_call1(d2, c);
  nb_value go = nb_call1(nb_grad(outer), c);
  nb_return(f, r[2], t[2], dd, hvp[1], go);
  nb_export(f);
  puts(nb_module_print(m, false));
  fflush(stdout);
  fprintf(stderr, "errors: %d\n", nb_module_errors(m));
  nb_module_destroy(m);
  return 0;
}
// CHECK-LABEL: func.func private @half_sq_vjp(
// CHECK-SAME: tensor<4xf32> {nabla.name = "x"}, tensor<i32> {nabla.name = "n"}, tensor<4xf32> {nabla.name = "ct_out0"}, tensor<i32> {nabla.name = "ct_out1"})
// CHECK-SAME: -> (tensor<4xf32> {nabla.name = "out0"}, tensor<i32> {nabla.name = "out1"}, tensor<4xf32> {nabla.name = "ct_x"}, tensor<i32> {nabla.name = "ct_n"})
// CHECK-SAME: attributes {nabla.vjp = {callee = @half_sq}}
// CHECK-LABEL: func.func private @half_sq_jvp(
// CHECK-SAME: tensor<4xf32> {nabla.name = "x"}, tensor<i32> {nabla.name = "n"}, tensor<4xf32> {nabla.name = "t_x"}, tensor<i32> {nabla.name = "t_n"})
// CHECK-SAME: -> (tensor<4xf32> {nabla.name = "out0"}, tensor<i32> {nabla.name = "out1"}, tensor<4xf32> {nabla.name = "t_out0"}, tensor<i32> {nabla.name = "t_out1"})
// CHECK-SAME: attributes {nabla.jvp = {callee = @half_sq}}
// CHECK-LABEL: func.func private @sq_grad_a0(tensor<f32> {nabla.name = "s"}) -> (tensor<f32> {nabla.name = "grad_s"})
// CHECK-SAME: nabla.grad = {argnums = array<i64: 0>, callee = @sq, has_aux = false}
// CHECK-LABEL: func.func private @sq_grad_a0_grad_a0(tensor<f32> {nabla.name = "s"}) -> (tensor<f32> {nabla.name = "grad_s"})
// CHECK-SAME: nabla.grad = {argnums = array<i64: 0>, callee = @sq_grad_a0, has_aux = false}
// CHECK-LABEL: func.func private @sq_grad_a0_jvp(
// CHECK-SAME: tensor<f32> {nabla.name = "s"}, tensor<f32> {nabla.name = "t_s"}) -> (tensor<f32> {nabla.name = "grad_s"}, tensor<f32> {nabla.name = "t_grad_s"})
// CHECK-SAME: nabla.jvp = {callee = @sq_grad_a0}
// CHECK-LABEL: func.func private @outer_grad_a0(
// CHECK-SAME: nabla.grad = {argnums = array<i64: 0>, callee = @outer, has_aux = false}
// CHECK-LABEL: func.func @f(
// CHECK: call @half_sq_vjp(%arg0, %arg2, %arg0, %arg2)
// CHECK: call @half_sq_jvp(%arg0, %arg2, %arg0, %arg2)
// CHECK: call @sq_grad_a0_jvp(%arg1, %arg1)
// CHECK: call @sq_grad_a0_grad_a0(%arg1)
// CHECK: call @outer_grad_a0(%arg1)
// CHECK: errors: 0
