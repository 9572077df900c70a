// Trees (parameter bundles) in the DSL: a tree argument is one func.func
// argument per leaf named "<tree>.<path>", in declaration order (subtrees
// depth first), and the function records the trees in nabla.arg_trees /
// nabla.result_trees; grad with respect to a tree gives a tree; calls pass
// a tree's leaves; tree_map emits one op per leaf.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t 2>&1 | FileCheck %s
// RUN: %t | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

static nb_value sgd(nb_value p, nb_value g, void *lr) {
  return nb_sub(p, nb_mul(*(nb_value *)lr, g));
}

int main(void) {
  nb_module *m = nb_module_create("trees");
  nb_fn *loss = nb_function(m, "loss");
  nb_tree p = nb_arg_tree(loss, "params", NB_TREE(
      NB_SUBTREE("hidden", NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(3, 2)),
                                   NB_LEAF("b", NB_F32, NB_SHAPE(2)))),
      NB_LEAF("scale", NB_F32, NB_SHAPE())));
  nb_value x = nb_arg(loss, "x", NB_F32, NB_SHAPE(3));
  nb_tree h = nb_tree_sub(p, "hidden");
  nb_value y = nb_add(nb_dot(x, nb_tree_get(h, "w")), nb_tree_get(p, "hidden.b"));
  nb_return(loss, nb_mul(nb_sum_all(nb_square(y)), nb_tree_get(p, "scale")));

  nb_fn *step = nb_function(m, "step");
  nb_tree q = nb_arg_tree(step, "params", nb_fn_arg_tree_type(loss, 0));
  nb_value xs = nb_arg(step, "x", NB_F32, NB_SHAPE(3));
  nb_tree g = nb_call_tree(nb_grad(loss), NB_TREE_V(q), xs);
  nb_value lr = nb_scalar(step, 0.5);
  nb_value l = nb_call1(loss, NB_TREE_V(q), xs);
  nb_return_tree(step, nb_tree_map(sgd, &lr, q, g), l);
  nb_export(step, .donate = NB_ARGS(0));
  puts(nb_module_print(m, false));
  fflush(stdout);
  fprintf(stderr, "errors: %d\n", nb_module_errors(m));
  nb_module_destroy(m);
  return 0;
}

// CHECK-LABEL: func.func private @loss(
// CHECK-SAME:    %{{.*}}: tensor<3x2xf32> {nabla.name = "params.hidden.w"}
// CHECK-SAME:    %{{.*}}: tensor<2xf32> {nabla.name = "params.hidden.b"}
// CHECK-SAME:    %{{.*}}: tensor<f32> {nabla.name = "params.scale"}
// CHECK-SAME:    %{{.*}}: tensor<3xf32> {nabla.name = "x"}) -> tensor<f32>
// CHECK-SAME:    nabla.arg_trees = [{first = 0 : i64, leaves = ["hidden.w", "hidden.b", "scale"], name = "params"}]

// The gradient with respect to argument 0 (the tree) is with respect to its
// three leaves, and its results are named as a tree.
// CHECK-LABEL: func.func private @loss_grad_a0_1_2(
// CHECK-SAME:    -> (tensor<3x2xf32> {nabla.name = "grad_params.hidden.w"}, tensor<2xf32> {nabla.name = "grad_params.hidden.b"}, tensor<f32> {nabla.name = "grad_params.scale"})
// CHECK-SAME:    nabla.grad = {argnums = array<i64: 0, 1, 2>, callee = @loss, has_aux = false}

// CHECK-LABEL: func.func @step(
// CHECK-SAME:    -> (tensor<3x2xf32> {nabla.name = "params_out.hidden.w"}, tensor<2xf32> {nabla.name = "params_out.hidden.b"}, tensor<f32> {nabla.name = "params_out.scale"}, tensor<f32> {nabla.name = "out1"})
// CHECK-SAME:    nabla.arg_trees = [{donate = 0 : i64, first = 0 : i64, leaves = ["hidden.w", "hidden.b", "scale"], name = "params"}]
// CHECK-SAME:    nabla.result_trees = [{first = 0 : i64, leaves = ["hidden.w", "hidden.b", "scale"], name = "params_out"}]
// CHECK:         %[[G:.*]]:3 = call @loss_grad_a0_1_2(%arg0, %arg1, %arg2, %arg3)
// CHECK:         %[[L:.*]] = call @loss(%arg0, %arg1, %arg2, %arg3)
// CHECK-COUNT-3: "nabla.sub"
// CHECK:         return {{.*}}, %[[L]] :
// CHECK:         errors: 0
