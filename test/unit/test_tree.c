/* test_tree.c — parameter bundles (trees) in the DSL: construction, paths,
 * tree_map, calls with trees, grad with respect to a tree (a tree of the
 * same structure back), donation, nb_vmap of a function of trees (a tree
 * is one argument: its axis batches every leaf); and every mistake reported once at the
 * caller's file:line, naming the leaf that differs, with an invalid tree
 * that later calls accept silently. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nabla/nabla.h"

static char expect_buf[512];
#define AT(line, rest)                                                                   \
  (snprintf(expect_buf, sizeof expect_buf, "%s:%d: %s", __FILE__, (line), (rest)),       \
   expect_buf)

/* {hidden: {w: f32[3,2], b: f32[2]}, scale: f32[]} */
#define MLP_TREE                                                                         \
  NB_TREE(NB_SUBTREE("hidden", NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(3, 2)),             \
                                       NB_LEAF("b", NB_F32, NB_SHAPE(2)))),              \
          NB_LEAF("scale", NB_F32, NB_SHAPE()))

static void expect_error(nb_module *m, int line, const char *rest) {
  assert_int_equal(nb_module_errors(m), 1);
  assert_string_equal(nb_module_error(m, 0), AT(line, rest));
}

static void test_construction_and_get(void **state) {
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_tree p = nb_arg_tree(f, "params", MLP_TREE);
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(3));
  assert_true(nb_tree_valid(p));
  assert_string_equal(nb_tree_name(p), "params");
  /* Leaves in depth-first declaration order. */
  assert_int_equal(nb_tree_num_leaves(p), 3);
  assert_string_equal(nb_tree_leaf_path(p, 0), "hidden.w");
  assert_string_equal(nb_tree_leaf_path(p, 1), "hidden.b");
  assert_string_equal(nb_tree_leaf_path(p, 2), "scale");
  assert_null(nb_tree_leaf_path(p, 3));
  nb_value w = nb_tree_get(p, "hidden.w");
  assert_int_equal(nb_value_shape(w).rank, 2);
  assert_int_equal(nb_value_shape(w).dims[0], 3);
  assert_true(nb_tree_leaf(p, 0).id == w.id);
  nb_tree h = nb_tree_sub(p, "hidden");
  assert_int_equal(nb_tree_num_leaves(h), 2);
  assert_true(nb_tree_get(h, "b").id == nb_tree_get(p, "hidden.b").id);
  /* The interned type: the same structure is the same type. */
  nb_tree_type t = nb_tree_type_of(p);
  assert_int_equal(t.n, 2);
  assert_string_equal(t.items[0].name, "hidden");
  assert_non_null(t.items[0].sub);
  assert_int_equal(t.items[1].dtype, NB_F32);
  /* nb_tree_of builds one from values; a C scalar takes the leaf's dtype. */
  nb_tree made = nb_tree_of("made", NB_TREE(NB_LEAF("a", NB_F32, NB_SHAPE(3)),
                                            NB_LEAF("k", NB_F32, NB_SHAPE())),
                            x, nb_scalar(f, 2));
  assert_true(nb_tree_valid(made));
  assert_int_equal(nb_value_dtype(nb_tree_get(made, "k")), NB_F32);
  assert_false(nb_value_weak(nb_tree_get(made, "k")));
  nb_return(f, nb_sum_all(nb_mul(nb_dot(x, w), nb_tree_get(p, "scale"))));
  assert_int_equal(nb_module_errors(m), 0);
  nb_fn *g = nb_function(m, "g");
  nb_tree p2 = nb_arg_tree(g, "p", nb_fn_arg_tree_type(f, 0));
  assert_true(nb_tree_type_of(p2).items == t.items);
  nb_return_tree(g, p2);
  assert_int_equal(nb_module_errors(m), 0);
  nb_module_destroy(m);
  (void)state;
}

static void test_path_errors(void **state) {
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_tree p = nb_arg_tree(f, "params", MLP_TREE);
  int line = __LINE__ + 1;
  nb_value v = nb_tree_get(p, "hidden.c");
  assert_false(nb_value_valid(v));
  expect_error(m, line, "nb_tree_get: tree 'params' has no item 'c' (path 'hidden.c'; "
                        "items there: w, b)");
  nb_module_destroy(m);

  m = nb_module_create("t");
  f = nb_function(m, "f");
  p = nb_arg_tree(f, "params", MLP_TREE);
  line = __LINE__ + 1;
  v = nb_tree_get(p, "hidden");
  expect_error(m, line, "nb_tree_get: 'hidden' in tree 'params' is a subtree, not a leaf: "
                        "use nb_tree_sub");
  /* An invalid tree propagates without a new message. */
  assert_false(nb_value_valid(nb_tree_get((nb_tree){0}, "w")));
  assert_int_equal(nb_module_errors(m), 1);
  nb_module_destroy(m);
  (void)state;
}

static void test_type_errors(void **state) {
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  int line = __LINE__ + 1;
  nb_tree p = nb_arg_tree(f, "p", NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(2)),
                                          NB_LEAF("w", NB_F32, NB_SHAPE(2))));
  assert_false(nb_tree_valid(p));
  expect_error(m, line, "nb_arg_tree: tree item 'w' appears twice");
  nb_module_destroy(m);

  m = nb_module_create("t");
  f = nb_function(m, "f");
  line = __LINE__ + 1;
  p = nb_arg_tree(f, "p", NB_TREE(NB_LEAF("layers.0", NB_F32, NB_SHAPE(2))));
  expect_error(m, line, "nb_arg_tree: tree item name 'layers.0' is not a C identifier "
                        "(it becomes a struct member)");
  nb_module_destroy(m);

  m = nb_module_create("t");
  f = nb_function(m, "f");
  nb_arg(f, "p", NB_F32, NB_SHAPE(2));
  line = __LINE__ + 1;
  p = nb_arg_tree(f, "p", NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(2))));
  expect_error(m, line, "nb_arg_tree: argument 'p' already declared in 'f'");
  nb_module_destroy(m);
  (void)state;
}

static nb_value sgd(nb_value p, nb_value g, void *lr) {
  return nb_sub(p, nb_mul(*(nb_value *)lr, g));
}

static nb_value twice(nb_value a, void *user) {
  (void)user;
  return nb_add(a, a);
}

static nb_value sum3(const nb_value *v, int n, void *user) {
  (void)user;
  assert_int_equal(n, 3);
  return nb_add(nb_add(v[0], v[1]), v[2]);
}

static void test_map(void **state) {
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_tree a = nb_arg_tree(f, "a", MLP_TREE);
  nb_tree b = nb_arg_tree(f, "b", MLP_TREE);
  nb_value lr = nb_scalar(f, 0.1);
  nb_tree r = nb_tree_map(sgd, &lr, a, b);
  assert_true(nb_tree_valid(r));
  assert_string_equal(nb_tree_name(r), "a");
  assert_true(nb_tree_type_of(r).items == nb_tree_type_of(a).items);
  nb_tree r1 = nb_tree_map(twice, NULL, r);
  nb_tree r3 = nb_tree_map(sum3, NULL, a, b, r1);
  assert_int_equal(nb_tree_num_leaves(r3), 3);
  /* Two trees for a one-tree callback. */
  int line = __LINE__ + 1;
  nb_tree bad = nb_tree_map(twice, NULL, a, b);
  assert_false(nb_tree_valid(bad));
  expect_error(m, line, "nb_tree_map: the callback takes the leaves of 1 tree, but 2 trees "
                        "were given");
  nb_module_destroy(m);
  (void)state;
}

static void test_map_mismatch(void **state) {
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_tree a = nb_arg_tree(f, "a", MLP_TREE);
  nb_tree c = nb_arg_tree(f, "c", NB_TREE(NB_SUBTREE("hidden", NB_TREE(
                                              NB_LEAF("w", NB_F32, NB_SHAPE(3, 2)),
                                              NB_LEAF("b", NB_F32, NB_SHAPE(4)))),
                                          NB_LEAF("scale", NB_F32, NB_SHAPE())));
  nb_tree d = nb_arg_tree(f, "d", NB_TREE(NB_SUBTREE("hidden", NB_TREE(
                                              NB_LEAF("w", NB_F32, NB_SHAPE(3, 2)),
                                              NB_LEAF("b", NB_F32, NB_SHAPE(2))))));
  nb_value lr = nb_scalar(f, 0.1);
  int line = __LINE__ + 1;
  nb_tree r = nb_tree_map(sgd, &lr, a, c);
  assert_false(nb_tree_valid(r));
  expect_error(m, line, "nb_tree_map: tree 2 ('c') does not have the structure of tree 1 "
                        "('a'): at 'hidden.b': float32(2,) vs float32(4,)");
  /* The invalid result propagates silently. */
  assert_false(nb_tree_valid(nb_tree_map(twice, NULL, r)));
  assert_int_equal(nb_module_errors(m), 1);
  nb_module_destroy(m);

  m = nb_module_create("t");
  f = nb_function(m, "f");
  a = nb_arg_tree(f, "a", MLP_TREE);
  d = nb_arg_tree(f, "d", NB_TREE(NB_SUBTREE("hidden", NB_TREE(
                                      NB_LEAF("w", NB_F32, NB_SHAPE(3, 2)),
                                      NB_LEAF("b", NB_F32, NB_SHAPE(2))))));
  lr = nb_scalar(f, 0.1);
  line = __LINE__ + 1;
  r = nb_tree_map(sgd, &lr, a, d);
  expect_error(m, line, "nb_tree_map: tree 2 ('d') does not have the structure of tree 1 "
                        "('a'): leaf 'scale' is only in the first (3 leaves vs 2)");
  nb_module_destroy(m);
  (void)state;
}

static void test_grad_of_tree(void **state) {
  nb_module *m = nb_module_create("t");
  nb_fn *loss = nb_function(m, "loss");
  nb_value x = nb_arg(loss, "x", NB_F32, NB_SHAPE(3));
  nb_tree p = nb_arg_tree(loss, "params", MLP_TREE);
  nb_value y = nb_add(nb_dot(x, nb_tree_get(p, "hidden.w")), nb_tree_get(p, "hidden.b"));
  nb_return(loss, nb_mul(nb_sum_all(nb_square(y)), nb_tree_get(p, "scale")));

  nb_fn *f = nb_function(m, "f");
  nb_value xs = nb_arg(f, "x", NB_F32, NB_SHAPE(3));
  nb_tree q = nb_arg_tree(f, "params", nb_fn_arg_tree_type(loss, 1));
  /* argnums count the tree as one argument: 1 is the tree, 0 the array. */
  nb_fn *gp = nb_grad(loss, .argnums = NB_ARGS(1));
  nb_tree g = nb_call_tree(gp, xs, NB_TREE_V(q));
  assert_true(nb_tree_valid(g));
  assert_string_equal(nb_tree_name(g), "grad_params");
  assert_true(nb_tree_type_of(g).items == nb_tree_type_of(q).items);
  /* Both: an array and a tree, in argnums order; value_and_grad too. */
  nb_value out[2];
  assert_int_equal(nb_call(nb_grad(loss, .argnums = NB_ARGS(-1, 0)), out, 2, xs,
                           NB_TREE_V(q)), 2);
  assert_true(nb_tree_valid(nb_value_tree(out[0])));
  assert_int_equal(nb_value_shape(out[1]).dims[0], 3);
  assert_int_equal(nb_call(nb_value_and_grad(loss, .argnums = NB_ARGS(1)), out, 2, xs,
                           NB_TREE_V(q)), 2);
  assert_int_equal(nb_value_shape(out[0]).rank, 0);
  assert_true(nb_tree_valid(nb_value_tree(out[1])));
  /* vjp: (primal, cotangents of x and of the tree). */
  nb_value v[3];
  assert_int_equal(nb_call(nb_vjp(loss), v, 3, xs, NB_TREE_V(q), nb_scalar(f, 1.0)), 3);
  assert_true(nb_tree_valid(nb_value_tree(v[2])));
  assert_string_equal(nb_tree_name(nb_value_tree(v[2])), "ct_params");
  nb_return_tree(f, g);
  assert_int_equal(nb_module_errors(m), 0);

  int line = __LINE__ + 1;
  assert_null(nb_grad(loss, .argnums = NB_ARGS(2)));
  expect_error(m, line, "nb_grad: argnum 2 is out of range: 'loss' takes 2 arguments (a "
                        "tree counts as one)");
  nb_module_destroy(m);
  (void)state;
}

static void test_call_errors(void **state) {
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_tree p = nb_arg_tree(f, "params", MLP_TREE);
  nb_return(f, nb_tree_get(p, "scale"));
  nb_fn *g = nb_function(m, "g");
  nb_tree c = nb_arg_tree(g, "c", NB_TREE(NB_LEAF("scale", NB_F32, NB_SHAPE())));
  nb_value x = nb_arg(g, "x", NB_F32, NB_SHAPE());
  int line = __LINE__ + 1;
  nb_value r = nb_call1(f, NB_TREE_V(c));
  assert_false(nb_value_valid(r));
  expect_error(m, line, "nb_call: argument 0 ('params') of 'f': the tree 'c' has another "
                        "structure: leaf 0 is 'hidden.w' in one and 'scale' in the other");
  nb_module_destroy(m);

  m = nb_module_create("t");
  f = nb_function(m, "f");
  p = nb_arg_tree(f, "params", MLP_TREE);
  nb_return(f, nb_tree_get(p, "scale"));
  g = nb_function(m, "g");
  x = nb_arg(g, "x", NB_F32, NB_SHAPE());
  line = __LINE__ + 1;
  r = nb_call1(f, x);
  expect_error(m, line, "nb_call: argument 0 ('params') of 'f' is a tree: pass "
                        "NB_TREE_V(tree)");
  nb_module_destroy(m);

  /* A tree where an array is expected. */
  m = nb_module_create("t");
  g = nb_function(m, "g");
  c = nb_arg_tree(g, "c", NB_TREE(NB_LEAF("s", NB_F32, NB_SHAPE())));
  line = __LINE__ + 1;
  r = nb_add(NB_TREE_V(c), NB_TREE_V(c));
  expect_error(m, line, "nb_add: operand 0 is a tree (NB_TREE_V), not an array: use "
                        "nb_tree_get or nb_tree_map");
  nb_module_destroy(m);
  (void)state;
}

static void test_donate(void **state) {
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_tree p = nb_arg_tree(f, "params", MLP_TREE);
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE());
  nb_return(f, x, nb_tree_get(p, "scale"));
  int line = __LINE__ + 1;
  nb_export(f, .donate = NB_ARGS(0));
  expect_error(m, line, "nb_export: donate: argument 0 ('params') of 'f' is donated, but no "
                        "result tree of its structure can take its place");
  nb_module_destroy(m);
  (void)state;
}

/* loss(params: MLP_TREE, x: f32[3]) = sum((x w + b)^2) * scale */
static nb_fn *tree_loss(nb_module *m) {
  nb_fn *f = nb_function(m, "loss");
  nb_tree p = nb_arg_tree(f, "params", MLP_TREE);
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(3));
  nb_value y = nb_add(nb_dot(x, nb_tree_get(p, "hidden.w")), nb_tree_get(p, "hidden.b"));
  nb_return(f, nb_mul(nb_sum_all(nb_square(y)), nb_tree_get(p, "scale")));
  return f;
}

static void test_vmap_of_tree(void **state) {
  nb_module *m = nb_module_create("t");
  nb_fn *f = tree_loss(m);
  /* NB_NONE for the whole bundle; the vmapped function still takes it as
   * a tree of the same type. */
  nb_fn *v = nb_vmap(f, .in_axes = NB_AXES(NB_NONE, 0), .axis_size = 6);
  assert_non_null(v);
  nb_tree_type t = nb_fn_arg_tree_type(v, 0);
  assert_true(t.items == nb_fn_arg_tree_type(f, 0).items);
  /* A batched bundle: every leaf gains the batch dim at the tree's axis. */
  nb_fn *vb = nb_vmap(f, .in_axes = NB_AXES(0, 0), .axis_size = 6);
  t = nb_fn_arg_tree_type(vb, 0);
  assert_int_equal(t.n, 2);
  assert_int_equal(t.items[0].sub->items[0].shape.rank, 3); /* hidden.w: [6,3,2] */
  assert_int_equal(t.items[0].sub->items[0].shape.dims[0], 6);
  assert_int_equal(t.items[1].shape.rank, 1); /* scale: [6] */
  /* Called with a batched bundle, the size comes from its leaves. */
  nb_fn *g = nb_function(m, "g");
  nb_tree ps = nb_arg_tree(g, "params", t);
  nb_value xs = nb_arg(g, "xs", NB_F32, NB_SHAPE(6, 3));
  nb_value r = nb_call1(nb_vmap(f, .in_axes = NB_AXES(0, 0)), NB_TREE_V(ps), xs);
  assert_int_equal(nb_value_shape(r).rank, 1);
  assert_int_equal(nb_value_shape(r).dims[0], 6);
  assert_int_equal(nb_module_errors(m), 0);
  nb_module_destroy(m);
  (void)state;
}

static void test_vmap_tree_errors(void **state) {
  /* in_axes counts a tree as one argument: one entry per leaf is wrong. */
  nb_module *m = nb_module_create("t");
  nb_fn *f = tree_loss(m);
  int line = __LINE__ + 1;
  nb_fn *v = nb_vmap(f, .in_axes = NB_AXES(NB_NONE, NB_NONE, NB_NONE, 0));
  assert_null(v);
  expect_error(m, line, "nb_vmap: in_axes has 4 entries, but 'loss' has 2 arguments (a tree "
                        "counts as one)");
  nb_module_destroy(m);

  /* out_axes likewise for a tree result. */
  m = nb_module_create("t");
  f = nb_function(m, "id");
  nb_tree p = nb_arg_tree(f, "params", MLP_TREE);
  nb_return_tree(f, p);
  line = __LINE__ + 1;
  v = nb_vmap(f, .out_axes = NB_AXES(0, 0, 0));
  assert_null(v);
  expect_error(m, line, "nb_vmap: out_axes has 3 entries, but 'id' has 1 result (a tree "
                        "counts as one)");
  nb_module_destroy(m);

  /* The leaves of a batched tree must agree on the batch size. */
  m = nb_module_create("t");
  f = tree_loss(m);
  nb_fn *g = nb_function(m, "g");
  nb_tree ps = nb_arg_tree(
      g, "ps",
      NB_TREE(NB_SUBTREE("hidden", NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(4, 3, 2)),
                                           NB_LEAF("b", NB_F32, NB_SHAPE(5, 2)))),
              NB_LEAF("scale", NB_F32, NB_SHAPE(4))));
  nb_value xs = nb_arg(g, "xs", NB_F32, NB_SHAPE(4, 3));
  v = nb_vmap(f, .in_axes = NB_AXES(0, 0));
  line = __LINE__ + 1;
  nb_value r = nb_call1(v, NB_TREE_V(ps), xs);
  assert_false(nb_value_valid(r));
  expect_error(m, line, "nb_call: inconsistent batch sizes in 'vmap(loss)': argument 0 "
                        "('params.hidden.w') has size 4 at in_axes 0, argument 0 "
                        "('params.hidden.b') has size 5 at in_axes 0");
  nb_module_destroy(m);

  /* A tree of another structure is named as for any call. */
  m = nb_module_create("t");
  f = tree_loss(m);
  g = nb_function(m, "g");
  nb_tree c = nb_arg_tree(g, "c", NB_TREE(NB_LEAF("scale", NB_F32, NB_SHAPE(4))));
  xs = nb_arg(g, "xs", NB_F32, NB_SHAPE(4, 3));
  line = __LINE__ + 1;
  r = nb_call1(nb_vmap(f, .in_axes = NB_AXES(0, 0)), NB_TREE_V(c), xs);
  assert_false(nb_value_valid(r));
  expect_error(m, line, "nb_call: argument 0 ('params') of 'loss': the tree 'c' has another "
                        "structure: leaf 0 is 'hidden.w' in one and 'scale' in the other");
  nb_module_destroy(m);
  (void)state;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_construction_and_get),
      cmocka_unit_test(test_path_errors),
      cmocka_unit_test(test_type_errors),
      cmocka_unit_test(test_map),
      cmocka_unit_test(test_map_mismatch),
      cmocka_unit_test(test_grad_of_tree),
      cmocka_unit_test(test_call_errors),
      cmocka_unit_test(test_donate),
      cmocka_unit_test(test_vmap_of_tree),
      cmocka_unit_test(test_vmap_tree_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
