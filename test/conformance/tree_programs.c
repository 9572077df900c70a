/* tree_programs.c — a generator of parameter-bundle (tree) programs:
 * gradients with respect to nested trees, two trees at once, value_and_grad,
 * a tree_map SGD step, and vmap of a function of a tree (the tree shared,
 * batched, and per-example tree gradients). test_tree_grad.py computes each with jax.grad on
 * dict pytrees and compares leaf by leaf; every exported function here has a
 * twin of the same name in its CASES table. A function with trees is
 * exported leaf-wise as conf_tree_<name>_leaves, leaves in declaration
 * order (the order test_tree_grad.py flattens the dicts in).
 *
 * usage: tree_programs OUT_DIR   (writes conf_tree.o, libconf_tree.a, conf_tree.h) */
#include <nabla/nabla.h>

#include <stdio.h>

static nb_module *m;

/* {layer1: {w: [4,8], b: [8]}, layer2: {w: [8,3], b: [3]}} */
#define MLP NB_TREE(NB_SUBTREE("layer1", NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(4, 8)),       \
                                                 NB_LEAF("b", NB_F32, NB_SHAPE(8)))),       \
                    NB_SUBTREE("layer2", NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(8, 3)),       \
                                                 NB_LEAF("b", NB_F32, NB_SHAPE(3)))))

/* mean((tanh(x w1 + b1) w2 + b2 - y)^2) */
static nb_fn *mlp_loss(void) {
  nb_fn *f = nb_function(m, "mlp_loss");
  nb_tree p = nb_arg_tree(f, "params", MLP);
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(16, 4));
  nb_value y = nb_arg(f, "y", NB_F32, NB_SHAPE(16, 3));
  nb_tree l1 = nb_tree_sub(p, "layer1");
  nb_value h = nb_tanh(nb_add(nb_matmul(x, nb_tree_get(l1, "w")), nb_tree_get(l1, "b")));
  nb_value out = nb_add(nb_matmul(h, nb_tree_get(p, "layer2.w")), nb_tree_get(p, "layer2.b"));
  nb_return(f, nb_mean_all(nb_square(nb_sub(out, y))));
  return f;
}

/* sum(a.u * x) * a.s + sum(b.v^2) - b.k: two trees and an array between */
static nb_fn *two_trees(void) {
  nb_fn *f = nb_function(m, "two_trees");
  nb_tree a = nb_arg_tree(f, "a", NB_TREE(NB_LEAF("u", NB_F32, NB_SHAPE(5)),
                                          NB_LEAF("s", NB_F32, NB_SHAPE())));
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5));
  nb_tree b = nb_arg_tree(f, "b", NB_TREE(NB_LEAF("v", NB_F32, NB_SHAPE(2, 3)),
                                          NB_LEAF("k", NB_F32, NB_SHAPE())));
  nb_value t = nb_mul(nb_sum_all(nb_mul(nb_tree_get(a, "u"), x)), nb_tree_get(a, "s"));
  nb_return(f, nb_sub(nb_add(t, nb_sum_all(nb_square(nb_tree_get(b, "v")))),
                      nb_tree_get(b, "k")));
  return f;
}

static nb_value sgd(nb_value p, nb_value g, void *lr) {
  return nb_sub(p, nb_mul(*(nb_value *)lr, g));
}

/* tree_map(p - 0.3 g, params, grad(mlp_loss)(params, x, y)) */
static nb_fn *sgd_step(nb_fn *loss) {
  nb_fn *f = nb_function(m, "sgd_step");
  nb_tree p = nb_arg_tree(f, "params", nb_fn_arg_tree_type(loss, 0));
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(16, 4));
  nb_value y = nb_arg(f, "y", NB_F32, NB_SHAPE(16, 3));
  nb_tree g = nb_call_tree(nb_grad(loss), NB_TREE_V(p), x, y);
  nb_value lr = nb_scalar(f, 0.3);
  nb_return_tree(f, nb_tree_map(sgd, &lr, p, g));
  return f;
}

/* sum((x W + b - y)^2) for one example: vmapped over examples with the
 * bundle shared (in_axes (NB_NONE, 0, 0)) or batched too ((0, 0, 0)), and
 * its per-example gradient (a batched tree result) */
#define AFFINE NB_TREE(NB_LEAF("W", NB_F32, NB_SHAPE(3, 2)), NB_LEAF("b", NB_F32, NB_SHAPE(2)))
static nb_fn *affine_error(void) {
  nb_fn *f = nb_function(m, "affine_error");
  nb_tree p = nb_arg_tree(f, "params", AFFINE);
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(3));
  nb_value y = nb_arg(f, "y", NB_F32, NB_SHAPE(2));
  nb_value d = nb_sub(nb_add(nb_dot(x, nb_tree_get(p, "W")), nb_tree_get(p, "b")), y);
  nb_return(f, nb_sum_all(nb_square(d)));
  return f;
}

/* The shared-bundle vmap through nb_call, sized by the call (as the example). */
static nb_fn *vmap_none_call(nb_fn *se) {
  nb_fn *f = nb_function(m, "vmap_none_call");
  nb_tree p = nb_arg_tree(f, "params", AFFINE);
  nb_value xs = nb_arg(f, "xs", NB_F32, NB_SHAPE(8, 3));
  nb_value ys = nb_arg(f, "ys", NB_F32, NB_SHAPE(8, 2));
  nb_return(f, nb_call1(nb_vmap(se, .in_axes = NB_AXES(NB_NONE, 0, 0)), NB_TREE_V(p), xs, ys));
  return f;
}

int main(int argc, char **argv) {
  m = nb_module_create("conf_tree");
  nb_fn *mlp = mlp_loss();
  nb_export(nb_grad(mlp), .c_name = "grad_mlp");
  nb_export(nb_value_and_grad(mlp), .c_name = "value_and_grad_mlp");
  nb_fn *tt = two_trees();
  nb_export(nb_grad(tt, .argnums = NB_ARGS(0, 2)), .c_name = "grad_two_trees");
  nb_export(nb_grad(tt, .argnums = NB_ARGS(2, 1)), .c_name = "grad_tree_and_array");
  nb_export(sgd_step(mlp), .c_name = "sgd_step");
  nb_fn *ae = affine_error();
  nb_export(vmap_none_call(ae));
  nb_export(nb_vmap(ae, .in_axes = NB_AXES(NB_NONE, 0, 0), .axis_size = 8), .c_name = "vmap_none");
  nb_export(nb_vmap(ae, .in_axes = NB_AXES(0, 0, 0), .axis_size = 8), .c_name = "vmap_batched");
  nb_export(nb_vmap(nb_grad(ae), .in_axes = NB_AXES(NB_NONE, 0, 0), .axis_size = 8),
            .c_name = "per_example_grad");
  int rc = nb_compile(m, .out = "conf_tree", .out_dir = argc > 1 ? argv[1] : NULL);
  if (rc)
    fprintf(stderr, "tree_programs: nb_compile failed\n");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
