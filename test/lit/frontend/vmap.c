// nb_vmap: a tagged declaration whose signature has the batch dim inserted
// at in_axes/out_axes; an unsized vmap takes its size from each nb_call;
// errors at the user's line. The module then expands and verifies.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
// RUN: %t ir | nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms,nabla-verify)' | FileCheck %s --check-prefix=EXP
#include <nabla/nabla.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  nb_module *m = nb_module_create("vm");
  /* a layer for one example: tanh(x . W + b) */
  nb_fn *layer = nb_function(m, "layer");
  nb_value W = nb_arg(layer, "W", NB_F32, NB_SHAPE(4, 2));
  nb_value b = nb_arg(layer, "b", NB_F32, NB_SHAPE(2));
  nb_value x = nb_arg(layer, "x", NB_F32, NB_SHAPE(4));
  nb_return(layer, nb_tanh(nb_add(nb_matmul(x, W), b)));
  nb_fn *loss = nb_function(m, "loss");
  nb_value lw = nb_arg(loss, "W", NB_F32, NB_SHAPE(4, 2));
  nb_value lx = nb_arg(loss, "x", NB_F32, NB_SHAPE(4));
  nb_return(loss, nb_sum_all(nb_square(nb_matmul(lx, lw))));

  /* explicit size: a declaration right away; asking twice gives the same */
  nb_fn *v8 = nb_vmap(layer, .in_axes = NB_AXES(NB_NONE, NB_NONE, 0), .axis_size = 8);
  nb_fn *v8b = nb_vmap(layer, .in_axes = NB_AXES(NB_NONE, NB_NONE, 0), .axis_size = 8);
  /* per-example gradients, exported */
  nb_fn *peg = nb_vmap(nb_grad(loss), .in_axes = NB_AXES(NB_NONE, 0), .out_axes = NB_AXES(0),
                       .axis_size = 8);
  nb_export(peg, .c_name = "per_example_grads");

  /* unsized: resolved at each call (two sizes, two declarations) */
  nb_fn *vl = nb_vmap(layer, .in_axes = NB_AXES(NB_NONE, NB_NONE, 1), .out_axes = NB_AXES(1));
  nb_fn *main_fn = nb_function(m, "batched");
  nb_value mW = nb_arg(main_fn, "W", NB_F32, NB_SHAPE(4, 2));
  nb_value mb = nb_arg(main_fn, "b", NB_F32, NB_SHAPE(2));
  nb_value xs = nb_arg(main_fn, "xs", NB_F32, NB_SHAPE(4, 16));
  nb_value ys = nb_arg(main_fn, "ys", NB_F32, NB_SHAPE(4, 3));
  nb_value r1 = nb_call1(vl, mW, mb, xs);
  nb_value r2 = nb_call1(vl, mW, mb, ys);
  nb_value r3 = nb_call1(v8, mW, mb, nb_reshape(nb_slice(xs, NB_INTS(0, 0), NB_INTS(4, 8), NB_INTS(1, 1)), NB_SHAPE(8, 4)));
  nb_return(main_fn, nb_add(nb_sum_all(r1), nb_add(nb_sum_all(r2), nb_sum_all(r3))));
  nb_export(main_fn);

  /* errors */
  nb_fn *two = nb_vmap(layer, .in_axes = NB_AXES(0, 0));                 /* length */
  nb_fn *range = nb_vmap(layer, .in_axes = NB_AXES(0, 0, 2));            /* axis > rank */
  nb_fn *outr = nb_vmap(layer, .out_axes = NB_AXES(2));                  /* out axis > rank */
  nb_fn *none = nb_vmap(layer, .in_axes = NB_AXES(NB_NONE, NB_NONE, NB_NONE)); /* no size */
  nb_fn *both = nb_vmap(layer, .in_axes = NB_AXES(NB_NONE, 0, 0));
  nb_fn *g = nb_function(m, "g");
  nb_value gW = nb_arg(g, "W", NB_F32, NB_SHAPE(4, 2));
  nb_value gb = nb_arg(g, "b", NB_F32, NB_SHAPE(5, 2));
  nb_value gx = nb_arg(g, "x", NB_F32, NB_SHAPE(6, 4));
  nb_value bad = nb_call1(both, gW, gb, gx); /* batch sizes 5 and 6 */
  nb_fn *again = nb_grad(vl);                /* unsized: cannot transform */
  nb_export(vl);                             /* nor export */
  nb_return(g, gW);
  (void)bad;

  if (argc > 1 && !strcmp(argv[1], "ir")) {
    fputs(nb_module_print(m, false), stdout);
    nb_module_destroy(m);
    return 0;
  }
  printf("same: %d\n", v8 == v8b);
  printf("null: %d %d %d %d %d\n", two == NULL, range == NULL, outr == NULL, none == NULL,
         again == NULL);
  for (int e = 0; e < nb_module_errors(m); e++)
    printf("%s\n", nb_module_error(m, e));
  nb_module_destroy(m);
  return 0;
}
// CHECK: same: 1
// CHECK-NEXT: null: 1 1 1 1 1
// CHECK-NEXT: vmap.c:45: nb_vmap: in_axes has 2 entries, but 'layer' has 3 arguments
// CHECK-NEXT: vmap.c:46: nb_vmap: in_axes[2] = 2 is out of range for argument 'x' of rank 1: the batch axis is in [0, 1], or NB_NONE
// CHECK-NEXT: vmap.c:47: nb_vmap: out_axes[0] = 2 is out of range for result 'out' of rank 1: the batch axis is in [0, 1], or NB_NONE
// CHECK-NEXT: vmap.c:48: nb_vmap: no argument of 'layer' is batched (every in_axes entry is NB_NONE), so the batch size must be given as .axis_size
// CHECK-NEXT: vmap.c:54: nb_call: inconsistent batch sizes in 'vmap(layer)': argument 1 ('b') has size 5 at in_axes 0, argument 2 ('x') has size 6 at in_axes 0
// CHECK-NEXT: vmap.c:55: nb_grad: 'vmap(layer)' takes its batch size from each call; give nb_vmap an .axis_size to export it or transform it again
// CHECK-NEXT: vmap.c:56: nb_export: 'vmap(layer)' takes its batch size from each call; give nb_vmap an .axis_size to export it or transform it again

// EXP-LABEL: func.func private @layer_vmap(
// EXP-SAME:    tensor<4x2xf32>{{.*}}tensor<2xf32>{{.*}}tensor<8x4xf32>{{.*}} -> (tensor<8x2xf32>
// EXP:         "nabla.dot_general"{{.*}} -> tensor<8x2xf32>
// EXP:         "nabla.tanh"
// EXP-LABEL: func.func private @loss_grad_a0_vmap(
// EXP-SAME:    tensor<4x2xf32>{{.*}}tensor<8x4xf32>{{.*}} -> (tensor<8x4x2xf32>
// EXP-LABEL: func.func @loss_grad_a0_vmap_export(
// EXP-SAME:    nabla.c_name = "per_example_grads"
// EXP-LABEL: func.func private @layer_vmap_1(
// EXP-SAME:    tensor<4x16xf32>{{.*}} -> (tensor<2x16xf32>
// EXP-LABEL: func.func private @layer_vmap_2(
// EXP-SAME:    tensor<4x3xf32>{{.*}} -> (tensor<2x3xf32>
// EXP-LABEL: func.func @batched(
