/* test_numpy_errors.c — the jax.numpy / jax.nn / optax helpers (numpy.h,
 * nn.h) report a mistake as every op does: exactly one message, naming the
 * caller's file:line and the helper the caller wrote (not an op it is built
 * from), with the shapes/dtypes or counts at fault; the result is invalid,
 * and an invalid operand passes through a helper silently. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nabla/nabla.h"

/* The one message the module holds must be "FILE:LINE: want". */
static void expect_one(nb_module *m, int line, const char *want) {
  char full[512];
  snprintf(full, sizeof full, "%s:%d: %s", __FILE__, line, want);
  if (nb_module_errors(m) != 1 || strcmp(nb_module_error(m, 0), full) != 0) {
    print_error("got %d message(s), first '%s'; want '%s'\n", nb_module_errors(m),
                nb_module_errors(m) ? nb_module_error(m, 0) : "", full);
    fail();
  }
  nb_module_destroy(m);
}

/* x float32(2,3), i int8(3,), p bool(3,), k a key uint32(2,); `bad` is
 * the mistaken call, on a line of its own. */
#define CASE(setup, bad, want)                                                 \
  do {                                                                         \
    nb_module *m = nb_module_create("t");                                      \
    nb_fn *f = nb_function(m, "f");                                            \
    nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2, 3));                       \
    nb_value i = nb_arg(f, "i", NB_I8, NB_SHAPE(3));                           \
    nb_value p = nb_arg(f, "p", NB_BOOL, NB_SHAPE(3));                         \
    nb_value k = nb_arg(f, "k", NB_U32, NB_SHAPE(2));                          \
    (void)x, (void)i, (void)p, (void)k;                                        \
    setup;                                                                     \
    int line = __LINE__;                                                       \
    nb_value r = bad;                                                          \
    assert_false(nb_value_valid(r));                                           \
    expect_one(m, line, want);                                                 \
  } while (0)

/* The same for the split helpers, which return a count (0 after an error). */
#define CASE_SPLIT(bad, want)                                                  \
  do {                                                                         \
    nb_module *m = nb_module_create("t");                                      \
    nb_fn *f = nb_function(m, "f");                                            \
    nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2, 3));                       \
    nb_value out[8];                                                           \
    (void)out;                                                                 \
    int line = __LINE__;                                                       \
    int n = bad;                                                               \
    assert_int_equal(n, 0);                                                    \
    expect_one(m, line, want);                                                 \
  } while (0)

static void test_reductions(void **state) {
  (void)state;
  CASE(, nb_sum_keepdims(x, NB_AXES(2)), "nb_sum_keepdims: axis 2 is out of bounds for shape (2,3) (rank 2)");
  CASE(, nb_mean_keepdims(x, NB_AXES(0, -2)), "nb_mean_keepdims: repeated axis 0 for shape (2,3)");
  CASE(, nb_max_keepdims(i, NB_AXES(-2)), "nb_max_keepdims: axis -2 is out of bounds for shape (3,) (rank 1)");
  CASE(, nb_min_keepdims(x, NB_AXES(5)), "nb_min_keepdims: axis 5 is out of bounds for shape (2,3) (rank 2)");
  CASE(, nb_var(x, NB_AXES(2), 0), "nb_var: axis 2 is out of bounds for shape (2,3) (rank 2)");
  CASE(, nb_var_keepdims(x, NB_AXES(1, 1), 1), "nb_var_keepdims: repeated axis 1 for shape (2,3)");
  CASE(, nb_std(x, NB_AXES(-3), 1), "nb_std: axis -3 is out of bounds for shape (2,3) (rank 2)");
  CASE(, nb_std_keepdims(i, NB_AXES(1), 0), "nb_std_keepdims: axis 1 is out of bounds for shape (3,) (rank 1)");
}

static void test_nn(void **state) {
  (void)state;
  CASE(, nb_logsumexp(x, NB_AXES(2)), "nb_logsumexp: axis 2 is out of bounds for shape (2,3) (rank 2)");
  CASE(, nb_logsumexp_keepdims(x, NB_AXES(0, 0)), "nb_logsumexp_keepdims: repeated axis 0 for shape (2,3)");
  CASE(, nb_softmax(x, NB_AXES(-3)), "nb_softmax: axis -3 is out of bounds for shape (2,3) (rank 2)");
  CASE(, nb_log_softmax(i, NB_AXES(1)), "nb_log_softmax: axis 1 is out of bounds for shape (3,) (rank 1)");
  CASE(, nb_one_hot(x, 4, NB_F32), "nb_one_hot: labels must be an integer array, got float32(2,3)");
  CASE(, nb_one_hot(i, 4, (nb_dtype)99), "nb_one_hot: invalid dtype 99");
  CASE(, nb_one_hot(i, -1, NB_F32), "nb_one_hot: cannot add an axis of -1 classes to labels int8(3,)");
}

static void test_losses(void **state) {
  (void)state;
  CASE(, nb_softmax_cross_entropy(i, i), "nb_softmax_cross_entropy: logits must be a float array, got int8(3,)");
  CASE(, nb_softmax_cross_entropy(x, nb_zeros(f, NB_F32, NB_SHAPE(4))), "nb_softmax_cross_entropy: labels (4,) do not broadcast to logits (2,3)");
  CASE(, nb_softmax_cross_entropy(nb_scalar(f, 1.0), nb_scalar(f, 1.0)), "nb_softmax_cross_entropy: logits need a class axis, got float32()");
  CASE(, nb_softmax_cross_entropy_with_integer_labels(x, x), "nb_softmax_cross_entropy_with_integer_labels: labels must be an integer array, got float32(2,3)");
  CASE(, nb_softmax_cross_entropy_with_integer_labels(x, i), "nb_softmax_cross_entropy_with_integer_labels: labels (3,) must have the shape of logits (2,3) without the class axis");
  CASE(, nb_sigmoid_binary_cross_entropy(i, x), "nb_sigmoid_binary_cross_entropy: logits must be a float array, got int8(3,)");
}

static void test_creation(void **state) {
  (void)state;
  CASE(, nb_eye(f, 2, 3, 0, (nb_dtype)99), "nb_eye: invalid dtype 99");
  CASE(, nb_eye(f, -1, 3, 0, NB_F32), "nb_eye: shape (-1,3) has a negative dimension");
  CASE(, nb_linspace(f, 0.0, 1.0, -2, true, NB_F32), "nb_linspace: number of samples -2 must be non-negative");
  CASE(, nb_linspace(f, 0.0, 1.0, 5, true, NB_BOOL), "nb_linspace: dtype bool is not a number type");
  CASE(, nb_arange_step(f, 0.0, 1.0, 0.0, NB_F32), "nb_arange_step: needs finite bounds and a non-zero step, got 0, 1, 0");
  CASE(, nb_arange_step(f, 0.0, 1.0 / 0.0, 1.0, NB_F32), "nb_arange_step: needs finite bounds and a non-zero step, got 0, inf, 1");
  CASE(, nb_arange_step(f, 0.0, 5.0, 1.0, NB_BOOL), "nb_arange_step: dtype bool is not a number type");
}

static void test_products(void **state) {
  (void)state;
  CASE(, nb_inner(x, nb_zeros(f, NB_F32, NB_SHAPE(4))), "nb_inner: shapes (2,3) and (4,) do not match: axis 1 of a has 3, axis 0 of b 4");
  CASE(, nb_tensordot(x, x, 3), "nb_tensordot: cannot contract 3 axes of shapes (2,3) and (2,3)");
  CASE(, nb_tensordot(x, x, 1), "nb_tensordot: shapes (2,3) and (2,3) do not match: axis 1 of a has 3, axis 0 of b 2");
  CASE(, nb_tensordot_axes(x, x, NB_INTS(0), NB_INTS(0, 1)), "nb_tensordot_axes: 1 axes of a but 2 of b");
  CASE(, nb_tensordot_axes(x, x, NB_INTS(0), NB_INTS(1)), "nb_tensordot_axes: shapes (2,3) and (2,3) do not match: axis 0 of a has 2, axis 1 of b 3");
  CASE(, nb_tensordot_axes(x, x, NB_INTS(2), NB_INTS(1)), "nb_tensordot_axes: axis 2 is out of bounds for shape (2,3) (rank 2)");
  CASE(, nb_einsum("ij,jk", x, x), "nb_einsum: subscripts \"ij,jk\" needs two operands and an explicit output, as \"ij,jk->ik\" (operands (2,3) and (2,3))");
  CASE(, nb_einsum("ij,jk->ik", x, x), "nb_einsum: subscript 'j' has size 3 in a (2,3) and 2 in b (2,3)");
  CASE(, nb_einsum("ii,jk->ik", x, x), "nb_einsum: subscripts \"ii,jk->ik\" does not support a letter repeated within one term (diagonals, traces) (operands (2,3) and (2,3))");
  CASE(, nb_einsum("...i,ji->j", x, x), "nb_einsum: subscripts \"...i,ji->j\" supports letters only (no \"...\", spaces or other characters) (operands (2,3) and (2,3))");
  CASE(, nb_einsum("ijk,jk->i", x, x), "nb_einsum: subscripts \"ijk,jk->i\" has a term whose letter count is not its operand's rank (operands (2,3) and (2,3))");
  CASE(, nb_einsum("ij,jk->iz", x, x), "nb_einsum: subscripts \"ij,jk->iz\" has an output letter that no operand has (operands (2,3) and (2,3))");
  CASE(, nb_einsum(NULL, x, x), "nb_einsum: subscripts are NULL");
}

static void test_shape_helpers(void **state) {
  (void)state;
  CASE(, nb_tile(x, NB_INTS(2, -1)), "nb_tile: cannot tile shape (2,3) by 2 counts (counts must be >= 0, and at most 4 axes of x or counts)");
  CASE(, nb_repeat(x, 2, 2), "nb_repeat: axis 2 is out of bounds for shape (2,3) (rank 2)");
  CASE(, nb_repeat(x, -1, 0), "nb_repeat: cannot repeat -1 times along axis 0 of shape (2,3)");
  CASE_SPLIT(nb_split(x, 2, 1, out), "nb_split: cannot split axis 1 of shape (2,3) (size 3) into 2 equal parts");
  CASE_SPLIT(nb_split(x, 0, 0, out), "nb_split: cannot split axis 0 of shape (2,3) (size 2) into 0 equal parts");
  CASE_SPLIT(nb_split(x, 2, -3, out), "nb_split: axis -3 is out of bounds for shape (2,3) (rank 2)");
  CASE_SPLIT(nb_split(x, 2, 0, NULL), "nb_split: out is NULL");
  CASE_SPLIT(nb_split_at(x, NB_INTS(2, 1), 1, out), "nb_split_at: indices must increase within [0, 3] (axis 1 of shape (2,3)); index 1 is 1");
  CASE_SPLIT(nb_split_at(x, NB_INTS(-1), 1, out), "nb_split_at: indices must increase within [0, 3] (axis 1 of shape (2,3)); index 0 is -1");
  CASE_SPLIT(nb_split_at(x, NB_INTS(4), 1, out), "nb_split_at: indices must increase within [0, 3] (axis 1 of shape (2,3)); index 0 is 4");
}

static void test_stacking(void **state) {
  (void)state;
  CASE(nb_value vs[2]; vs[0] = x; vs[1] = i, nb_hstack(vs, 2), "nb_hstack: array 1 has shape (3,), which does not match (2,3) except along axis 1");
  CASE(nb_value vs[2]; vs[0] = i; vs[1] = x, nb_hstack(vs, 2), "nb_hstack: array 1 has shape (2,3), which does not match (3,) except along axis 0");
  CASE(nb_value vs[2]; vs[0] = x; vs[1] = nb_zeros(f, NB_F32, NB_SHAPE(4)), nb_vstack(vs, 2), "nb_vstack: array 1 has shape (1,4), which does not match (2,3) except along axis 0");
}

static void test_fold_in_value(void **state) {
  (void)state;
  CASE(, nb_random_fold_in_value(k, nb_scalar(f, 1.5)), "nb_random_fold_in_value: data must be an integer scalar, got float32()");
  CASE(, nb_random_fold_in_value(k, i), "nb_random_fold_in_value: data must be an integer scalar, got int8(3,)");
}

/* A helper given an invalid value (an earlier mistake) adds no message. */
static void test_invalid_passes_silently(void **state) {
  (void)state;
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2, 3));
  nb_value bad = nb_add(x, nb_arg(f, "y", NB_F32, NB_SHAPE(4)));
  nb_value out[4];
  nb_value rs[] = {
      nb_var(bad, NB_AXES(0), 0), nb_logsumexp(bad, NB_AXES(-1)), nb_softmax(bad, NB_AXES(0)),
      nb_gelu(bad, false), nb_softplus(bad), nb_one_hot(bad, 3, NB_F32),
      nb_softmax_cross_entropy(bad, x), nb_einsum("ij,kj->ik", bad, x), nb_tile(bad, NB_INTS(2)),
      nb_repeat(bad, 2, 0), nb_outer(bad, x),
  };
  for (size_t j = 0; j < sizeof rs / sizeof rs[0]; j++)
    assert_false(nb_value_valid(rs[j]));
  assert_int_equal(nb_split(bad, 2, 0, out), 0);
  assert_int_equal(nb_module_errors(m), 1);
  assert_non_null(strstr(nb_module_error(m, 0), "nb_add: shapes (2,3) and (4,)"));
  nb_module_destroy(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_reductions),    cmocka_unit_test(test_nn),
      cmocka_unit_test(test_losses),        cmocka_unit_test(test_creation),
      cmocka_unit_test(test_products),      cmocka_unit_test(test_shape_helpers),
      cmocka_unit_test(test_fold_in_value), cmocka_unit_test(test_invalid_passes_silently),
      cmocka_unit_test(test_stacking),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
