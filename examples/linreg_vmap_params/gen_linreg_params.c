/* gen_linreg_params.c — runs at build time: the linear regression of Flax's
 * "JAX for the impatient" with the parameters in one bundle (a tree), as
 * in JAX where params = {'W': ..., 'b': ...}:
 *
 *   squared_error(params, x[10], y[5]) = |y - (x W + b)|^2 / 2
 *   mse(params, xs[20,10], ys[20,5])   = mean of nb_vmap(squared_error)
 *                                        over the 20 samples (the whole
 *                                        bundle shared: in_axes NB_NONE)
 *   update(params, xs, ys)             = tree_map(p - 0.3 g, params,
 *                                                 grad(mse)(params, xs, ys))
 *
 * grad with respect to the bundle gives a bundle of the same structure, and
 * tree_map applies the SGD step leaf by leaf. update donates params: the
 * generated flax_linreg.h declares
 *   typedef struct { float W[10][5]; float b[5]; } flax_linreg_params;
 *   int flax_linreg_update(flax_linreg_params *params, xs, ys);
 * which updates the struct in place. */
#include <nabla/nabla.h>

enum { X_DIM = 10, Y_DIM = 5, N = 20 };

/* The error for one example, with the bundle: what the header exports as
 * flax_linreg_squared_error(const flax_linreg_params *, x, y, out). */
static nb_fn *make_squared_error(nb_module *m) {
  nb_fn *f = nb_function(m, "squared_error");
  nb_tree p = nb_arg_tree(f, "params", NB_TREE(NB_LEAF("W", NB_F32, NB_SHAPE(X_DIM, Y_DIM)),
                                              NB_LEAF("b", NB_F32, NB_SHAPE(Y_DIM))));
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(X_DIM));
  nb_value y = nb_arg(f, "y", NB_F32, NB_SHAPE(Y_DIM));
  nb_value d = nb_sub(y, nb_add(nb_dot(x, nb_tree_get(p, "W")), nb_tree_get(p, "b")));
  nb_return(f, nb_div(nb_dot(d, d), nb_scalar(f, 2.0)));
  return f;
}

/* mean(vmap(squared_error, in_axes=(None, 0, 0))(params, xs, ys)): the
 * bundle is one argument of the vmapped function, shared by every sample */
static nb_fn *make_mse(nb_module *m, nb_fn *se) {
  nb_fn *f = nb_function(m, "mse");
  nb_tree p = nb_arg_tree(f, "params", nb_fn_arg_tree_type(se, 0));
  nb_value xs = nb_arg(f, "xs", NB_F32, NB_SHAPE(N, X_DIM));
  nb_value ys = nb_arg(f, "ys", NB_F32, NB_SHAPE(N, Y_DIM));
  nb_fn *batched = nb_vmap(se, .in_axes = NB_AXES(NB_NONE, 0, 0));
  nb_return(f, nb_mean_all(nb_call1(batched, NB_TREE_V(p), xs, ys)));
  return f;
}

static nb_value sgd_leaf(nb_value p, nb_value g, void *lr) {
  return nb_sub(p, nb_mul(*(nb_value *)lr, g));
}

int main(void) {
  nb_module *m = nb_module_create("flax_linreg");
  nb_fn *se = make_squared_error(m);
  nb_fn *mse = make_mse(m, se);

  nb_fn *update = nb_function(m, "update");
  nb_tree q = nb_arg_tree(update, "params", nb_fn_arg_tree_type(mse, 0));
  nb_value xs = nb_arg(update, "xs", NB_F32, NB_SHAPE(N, X_DIM));
  nb_value ys = nb_arg(update, "ys", NB_F32, NB_SHAPE(N, Y_DIM));
  nb_tree g = nb_call_tree(nb_grad(mse), NB_TREE_V(q), xs, ys);
  nb_value lr = nb_scalar(update, 0.3);
  nb_return_tree(update, nb_tree_map(sgd_leaf, &lr, q, g));

  nb_export(update, .donate = NB_ARGS(0)); /* params updated in place */
  nb_export(mse);
  nb_export(se);
  int rc = nb_compile(m, .target = NB_TARGET_CPU, .out = "flax_linreg");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
