// nb_vmap of a function with a tree (parameter bundle) argument and a tree
// result: in_axes/out_axes count a tree as one, its axis goes to every
// leaf; the declaration is leaf-wise (per-leaf in_axes in nabla.vmap) and
// the vmapped function keeps the trees, its leaves batched.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
// RUN: %t ir | FileCheck %s --check-prefix=IR
// RUN: %t ir | nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms,nabla-verify)' | FileCheck %s --check-prefix=EXP
#include <nabla/nabla.h>
#include <stdio.h>
#include <string.h>

#define PARAMS NB_TREE(NB_LEAF("W", NB_F32, NB_SHAPE(3, 2)), NB_LEAF("b", NB_F32, NB_SHAPE(2)))

int main(int argc, char **argv) {
  nb_module *m = nb_module_create("vt");
  /* squared error for one example, with the bundle */
  nb_fn *se = nb_function(m, "se");
  nb_tree p = nb_arg_tree(se, "params", PARAMS);
  nb_value x = nb_arg(se, "x", NB_F32, NB_SHAPE(3));
  nb_value y = nb_arg(se, "y", NB_F32, NB_SHAPE(2));
  nb_value d = nb_sub(y, nb_add(nb_dot(x, nb_tree_get(p, "W")), nb_tree_get(p, "b")));
  nb_return(se, nb_dot(d, d));
  /* a tree result: the bundle scaled by s */
  nb_fn *sc = nb_function(m, "scale");
  nb_tree q = nb_arg_tree(sc, "params", PARAMS);
  nb_value s = nb_arg(sc, "s", NB_F32, NB_SHAPE());
  nb_return_tree(sc, nb_tree_of("params", PARAMS, nb_mul(nb_tree_get(q, "W"), s),
                                nb_mul(nb_tree_get(q, "b"), s)));

  nb_fn *mse = nb_function(m, "mse");
  nb_tree mp = nb_arg_tree(mse, "params", PARAMS);
  nb_value xs = nb_arg(mse, "xs", NB_F32, NB_SHAPE(7, 3));
  nb_value ys = nb_arg(mse, "ys", NB_F32, NB_SHAPE(7, 2));
  nb_value per = nb_call1(nb_vmap(se, .in_axes = NB_AXES(NB_NONE, 0, 0)), NB_TREE_V(mp), xs, ys);
  nb_return(mse, nb_mean_all(per));
  nb_export(mse);

  /* a batched tree in and out: one bundle per example, at axis 1 in the result */
  nb_fn *vs = nb_vmap(sc, .in_axes = NB_AXES(0, 0), .out_axes = NB_AXES(1), .axis_size = 4);
  nb_tree_type bt = nb_fn_arg_tree_type(vs, 0);
  nb_fn *many = nb_function(m, "many");
  nb_tree ps = nb_arg_tree(many, "params", bt);
  nb_value ss = nb_arg(many, "s", NB_F32, NB_SHAPE(4));
  nb_tree r = nb_call_tree(vs, NB_TREE_V(ps), ss);
  nb_shape rb = nb_value_shape(nb_tree_get(r, "b"));
  nb_return_tree(many, r);
  nb_export(many);

  if (argc > 1 && !strcmp(argv[1], "ir")) {
    fputs(nb_module_print(m, false), stdout);
    nb_module_destroy(m);
    return 0;
  }
  nb_shape w = bt.items[0].shape;
  printf("batched W: rank %d, dims %lld %lld %lld\n", w.rank, (long long)w.dims[0],
         (long long)w.dims[1], (long long)w.dims[2]);
  printf("result b: rank %d, dims %lld %lld\n", rb.rank, (long long)rb.dims[0],
         (long long)rb.dims[1]);
  printf("errors: %d\n", nb_module_errors(m));
  for (int e = 0; e < nb_module_errors(m); e++)
    printf("%s\n", nb_module_error(m, e));
  nb_module_destroy(m);
  return 0;
}
// CHECK: batched W: rank 3, dims 4 3 2
// CHECK-NEXT: result b: rank 2, dims 2 4
// CHECK-NEXT: errors: 0

// The declaration is leaf-wise: NB_NONE for the bundle is NB_NONE for each
// leaf; the call passes the bundle's leaves unbatched.
// IR-LABEL: func.func private @se_vmap(
// IR-SAME:    tensor<3x2xf32> {nabla.name = "params.W"}, tensor<2xf32> {nabla.name = "params.b"}, tensor<7x3xf32> {nabla.name = "x"}, tensor<7x2xf32> {nabla.name = "y"}) -> (tensor<7xf32> {nabla.name = "out"})
// IR-SAME:    nabla.vmap = {axis_size = 7 : i64, callee = @se, in_axes = array<i64: -1, -1, 0, 0>, out_axes = array<i64: 0>}
// IR-LABEL: func.func @mse(
// IR-SAME:    %[[W:[^:]*]]: tensor<3x2xf32> {nabla.name = "params.W"}, %[[B:[^:]*]]: tensor<2xf32> {nabla.name = "params.b"}, %[[XS:[^:]*]]: tensor<7x3xf32>{{.*}}, %[[YS:[^:]*]]: tensor<7x2xf32>
// IR:         call @se_vmap(%[[W]], %[[B]], %[[XS]], %[[YS]]) : (tensor<3x2xf32>, tensor<2xf32>, tensor<7x3xf32>, tensor<7x2xf32>) -> tensor<7xf32>
// A batched bundle: every leaf gets the batch dim, in and out.
// IR-LABEL: func.func private @scale_vmap(
// IR-SAME:    tensor<4x3x2xf32> {nabla.name = "params.W"}, tensor<4x2xf32> {nabla.name = "params.b"}, tensor<4xf32> {nabla.name = "s"}) -> (tensor<3x4x2xf32> {nabla.name = "params_out.W"}, tensor<2x4xf32> {nabla.name = "params_out.b"})
// IR-SAME:    in_axes = array<i64: 0, 0, 0>, out_axes = array<i64: 1, 1>
// IR-LABEL: func.func @many(
// IR-SAME:    nabla.arg_trees = [{first = 0 : i64, leaves = ["W", "b"], name = "params"}]
// IR-SAME:    nabla.result_trees = [{first = 0 : i64, leaves = ["W", "b"], name = "params_out"}]
// IR:         call @scale_vmap(

// EXP-LABEL: func.func private @se_vmap(
// EXP:         "nabla.dot_general"
// EXP-LABEL: func.func private @scale_vmap(
// EXP:         "nabla.mul"
