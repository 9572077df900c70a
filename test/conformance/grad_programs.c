/* grad_programs.c — a generator of the autodiff tutorial's cases (JAX's
 * "autodiff cookbook" and the linear-regression recipe) with the DSL's
 * transforms: grad, value_and_grad, has_aux, grad of grad, jvp, vjp, a
 * Hessian-vector product, grad through a call, an MLP's gradient, a
 * training step, and gradients through nb_gather / nb_scatter. test_grad.py computes each with jax.grad / jax.jvp /
 * jax.vjp and compares; every exported function here has a twin of the same
 * name in its CASES table.
 *
 * usage: grad_programs OUT_DIR   (writes conf_grad.o, libconf_grad.a, conf_grad.h) */
#include <nabla/nabla.h>

#include <stdio.h>

static nb_module *m;

/* Exports a (transformed) function under the case's name. */
#define EXPORT(fn, name) nb_export((fn), .c_name = (name))

/* sum(x^2) */
static nb_fn *sum_sq(void) {
  nb_fn *f = nb_function(m, "sum_sq");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(4));
  nb_return(f, nb_sum_all(nb_square(x)));
  return f;
}

/* sum((x - y)^2) */
static nb_fn *sq_dist(void) {
  nb_fn *f = nb_function(m, "sq_dist");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5));
  nb_value y = nb_arg(f, "y", NB_F32, NB_SHAPE(5));
  nb_return(f, nb_sum_all(nb_square(nb_sub(x, y))));
  return f;
}

/* (sum(tanh(x) * w), tanh(x) * w): a loss and its terms as auxiliary output */
static nb_fn *with_aux(void) {
  nb_fn *f = nb_function(m, "with_aux");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(6));
  nb_value w = nb_arg(f, "w", NB_F32, NB_SHAPE(6));
  nb_value terms = nb_mul(nb_tanh(x), w);
  nb_return(f, nb_sum_all(terms), terms);
  return f;
}

/* x^2 on a scalar */
static nb_fn *square(void) {
  nb_fn *f = nb_function(m, "square");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE());
  nb_return(f, nb_mul(x, x));
  return f;
}

/* x * x / 2 */
static nb_fn *half_sq(void) {
  nb_fn *f = nb_function(m, "half_sq");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5));
  nb_return(f, nb_div(nb_mul(x, x), nb_scalar(f, 2)));
  return f;
}

/* sum(sin(x) * x^2 + exp(x / 3)): curved enough for a Hessian to mean something */
static nb_fn *curved(void) {
  nb_fn *f = nb_function(m, "curved");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5));
  nb_value t = nb_add(nb_mul(nb_sin(x), nb_square(x)), nb_exp(nb_div(x, nb_scalar(f, 3))));
  nb_return(f, nb_sum_all(t));
  return f;
}

/* outer(x) = sum(log1p(inner(x)^2)), inner(x) = sin(x) * x: grad through a call */
static nb_fn *outer(void) {
  nb_fn *in = nb_function(m, "inner");
  nb_value v = nb_arg(in, "v", NB_F32, NB_SHAPE(5));
  nb_return(in, nb_mul(nb_sin(v), v));
  nb_fn *f = nb_function(m, "outer");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5));
  nb_return(f, nb_sum_all(nb_log1p(nb_square(nb_call1(in, x)))));
  return f;
}

/* mean((tanh(tanh(x W1 + b1) W2 + b2) W3 + b3 - y)^2): 8-16-16-4, batch 32 */
static nb_fn *mlp_loss(void) {
  nb_fn *f = nb_function(m, "mlp_loss");
  nb_value w1 = nb_arg(f, "w1", NB_F32, NB_SHAPE(8, 16));
  nb_value b1 = nb_arg(f, "b1", NB_F32, NB_SHAPE(16));
  nb_value w2 = nb_arg(f, "w2", NB_F32, NB_SHAPE(16, 16));
  nb_value b2 = nb_arg(f, "b2", NB_F32, NB_SHAPE(16));
  nb_value w3 = nb_arg(f, "w3", NB_F32, NB_SHAPE(16, 4));
  nb_value b3 = nb_arg(f, "b3", NB_F32, NB_SHAPE(4));
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(32, 8));
  nb_value y = nb_arg(f, "y", NB_F32, NB_SHAPE(32, 4));
  nb_value h = nb_tanh(nb_add(nb_matmul(x, w1), b1));
  h = nb_tanh(nb_add(nb_matmul(h, w2), b2));
  nb_value out = nb_add(nb_matmul(h, w3), b3);
  nb_return(f, nb_mean_all(nb_square(nb_sub(out, y))));
  return f;
}

/* The linear-regression recipe's step: theta - 0.1 * grad(loss)(theta, x, y) */
static void linreg_update(void) {
  nb_fn *loss = nb_function(m, "linreg_loss");
  nb_value t = nb_arg(loss, "theta", NB_F32, NB_SHAPE(2));
  nb_value x = nb_arg(loss, "x", NB_F32, NB_SHAPE(100));
  nb_value y = nb_arg(loss, "y", NB_F32, NB_SHAPE(100));
  nb_value pred = nb_add(nb_mul(nb_index(t, 0), x), nb_index(t, 1));
  nb_return(loss, nb_mean_all(nb_square(nb_sub(pred, y))));
  nb_fn *u = nb_function(m, "linreg_update");
  nb_value ut = nb_arg(u, "theta", NB_F32, NB_SHAPE(2));
  nb_value ux = nb_arg(u, "x", NB_F32, NB_SHAPE(100));
  nb_value uy = nb_arg(u, "y", NB_F32, NB_SHAPE(100));
  nb_value g = nb_call1(nb_grad(loss), ut, ux, uy);
  nb_return(u, nb_sub(ut, nb_mul(nb_scalar(u, 0.1), g)));
  nb_export(u);
}

/* sum(table[idx]^2): an embedding lookup (nb_gather), a row repeated and
 * one index out of range (clamped) */
static nb_fn *embedding_loss(void) {
  nb_fn *f = nb_function(m, "embedding_loss");
  nb_value t = nb_arg(f, "table", NB_F32, NB_SHAPE(6, 3));
  nb_value i = nb_arg(f, "idx", NB_I32, NB_SHAPE(4, 1));
  nb_gather_dims rows = {.offset_dims = NB_INTS(1), .collapsed_slice_dims = NB_INTS(0),
                         .start_index_map = NB_INTS(0)};
  nb_return(f, nb_sum_all(nb_square(nb_gather(t, i, rows, NB_INTS(1, 3), NB_INDEX_CLIP))));
  return f;
}

/* sum(tanh(x.at[idx].add(u))), a row repeated and one dropped */
static nb_fn *scatter_add_loss(void) {
  nb_fn *f = nb_function(m, "scatter_add_loss");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5, 2));
  nb_value u = nb_arg(f, "u", NB_F32, NB_SHAPE(3, 2));
  nb_value i = nb_arg(f, "idx", NB_I32, NB_SHAPE(3, 1));
  nb_scatter_dims rows = {.update_window_dims = NB_INTS(1), .inserted_window_dims = NB_INTS(0),
                          .scatter_dims_to_operand_dims = NB_INTS(0)};
  nb_value y = nb_scatter(NB_SCATTER_ADD, x, i, u, rows, NB_INDEX_FILL_OR_DROP);
  nb_return(f, nb_sum_all(nb_tanh(y)));
  return f;
}

/* jvp and vjp take the tangent / cotangent as arguments: the test passes the
 * vector of ones. */
static void programs(void) {
  EXPORT(nb_grad(sum_sq()), "grad_sum_sq");
  nb_fn *d = sq_dist();
  EXPORT(nb_grad(d), "grad_sq_dist_a0");
  EXPORT(nb_grad(d, .argnums = NB_ARGS(0, 1)), "grad_sq_dist_a01");
  EXPORT(nb_value_and_grad(d), "value_and_grad_sq_dist");
  nb_fn *a = with_aux();
  EXPORT(nb_grad(a, .has_aux = true), "grad_has_aux");
  EXPORT(nb_value_and_grad(a, .argnums = NB_ARGS(0, 1), .has_aux = true),
         "value_and_grad_has_aux");
  EXPORT(nb_grad(nb_grad(square())), "second_derivative");
  nb_fn *h = half_sq();
  EXPORT(nb_jvp(h), "jvp_half_sq");
  EXPORT(nb_vjp(h), "vjp_half_sq");
  nb_fn *c = curved();
  EXPORT(nb_jvp(nb_grad(c)), "hvp_curved");
  EXPORT(nb_grad(outer()), "grad_through_call");
  EXPORT(nb_value_and_grad(mlp_loss(), .argnums = NB_ARGS(0, 1, 2, 3, 4, 5)), "mlp_value_and_grad");
  linreg_update();
  EXPORT(nb_grad(embedding_loss()), "grad_embedding_loss");
  EXPORT(nb_value_and_grad(scatter_add_loss(), .argnums = NB_ARGS(0, 1)), "value_and_grad_scatter_add");
}

int main(int argc, char **argv) {
  m = nb_module_create("conf_grad");
  programs();
  int rc = nb_compile(m, .out = "conf_grad", .out_dir = argc > 1 ? argv[1] : NULL);
  if (rc)
    fprintf(stderr, "grad_programs: nb_compile failed\n");
  nb_module_destroy(m);
  return rc;
}
