/* test_index.c — the errors of indexing (nabla/index.h): each mistake is
 * one message naming the caller's file:line, the op and the shapes/dtypes,
 * and gives an invalid value; plus the result shapes of valid expressions
 * (the values are test/conformance/test_index.py's). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nabla/nabla.h"

static char expect_buf[512];
#define AT(line, rest)                                                         \
  (snprintf(expect_buf, sizeof expect_buf, "%s:%d: %s", __FILE__, (line), (rest)), expect_buf)

/* One error, exactly `want`, and an invalid result. */
static void assert_one_error(nb_module *m, nb_value r, const char *want) {
  assert_false(nb_value_valid(r));
  assert_int_equal(nb_module_errors(m), 1);
  assert_string_equal(nb_module_error(m, 0), want);
}

typedef struct env {
  nb_module *m;
  nb_fn *f;
  nb_value x; /* float32(3,4,5) */
} env;

static env open_env(void) {
  env e = {.m = nb_module_create("t")};
  e.f = nb_function(e.m, "f");
  e.x = nb_arg(e.f, "x", NB_F32, NB_SHAPE(3, 4, 5));
  return e;
}

static void test_too_many_indices(void **state) {
  (void)state;
  env e = open_env();
  int line = __LINE__ + 1;
  nb_value r = nb_idx(e.x, NB_I(0), NB_ALL, NB_NEWAXIS, NB_I(1), NB_S(0, 1));
  assert_one_error(e.m, r, AT(line, "nb_idx: too many indices: array is 3-dimensional, but 4 "
                                    "were indexed (shape (3,4,5))"));
  nb_module_destroy(e.m);
}

static void test_two_ellipses(void **state) {
  (void)state;
  env e = open_env();
  int line = __LINE__ + 1;
  nb_value r = nb_at_set(e.x, NB_IX(NB_ELLIPSIS, NB_I(0), NB_ELLIPSIS), nb_scalar(e.f, 1.0));
  assert_one_error(e.m, r, AT(line, "nb_at_set: an index can only have a single ellipsis "
                                    "('...'): indices 0 and 2"));
  nb_module_destroy(e.m);
}

static void test_float_index(void **state) {
  (void)state;
  env e = open_env();
  nb_value i = nb_arg(e.f, "i", NB_F32, NB_SHAPE(2));
  int line = __LINE__ + 1;
  nb_value r = nb_idx(e.x, NB_ALL, NB_V(i));
  assert_one_error(e.m, r, AT(line, "nb_idx: indexer must have integer or boolean type, got "
                                    "indexer with type float32 (index 1, float32(2,))"));
  nb_module_destroy(e.m);
}

static void test_bool_index(void **state) {
  (void)state;
  env e = open_env();
  nb_value mask = nb_arg(e.f, "mask", NB_BOOL, NB_SHAPE(3));
  int line = __LINE__ + 1;
  nb_value r = nb_idx(e.x, NB_V(mask));
  assert_one_error(e.m, r, AT(line, "nb_idx: boolean index bool(3,) (index 0): JAX needs a "
                                    "concrete mask to know the result's shape "
                                    "(NonConcreteBooleanIndexError); use nb_where"));
  nb_module_destroy(e.m);
}

static void test_arrays_do_not_broadcast(void **state) {
  (void)state;
  env e = open_env();
  nb_value i = nb_arg(e.f, "i", NB_I32, NB_SHAPE(2));
  nb_value j = nb_arg(e.f, "j", NB_I64, NB_SHAPE(3));
  int line = __LINE__ + 1;
  nb_value r = nb_idx(e.x, NB_V(i), NB_V(j));
  assert_one_error(e.m, r, AT(line, "nb_idx: shape mismatch: indexing arrays could not be "
                                    "broadcast together with shapes (2,) and (3,)"));
  nb_module_destroy(e.m);
}

static void test_static_out_of_range(void **state) {
  (void)state;
  env e = open_env();
  int line = __LINE__ + 1;
  nb_value r = nb_idx(e.x, NB_ALL, NB_I(-5));
  assert_one_error(e.m, r, AT(line, "nb_idx: index -5 is out of bounds for axis 1 with size 4 "
                                    "(shape (3,4,5))"));
  nb_module_destroy(e.m);
  e = open_env();
  line = __LINE__ + 1;
  r = nb_at_add(e.x, NB_IX(NB_ELLIPSIS, NB_I(5)), nb_scalar(e.f, 1.0));
  assert_one_error(e.m, r, AT(line, "nb_at_add: index 5 is out of bounds for axis 2 with size 5 "
                                    "(shape (3,4,5))"));
  nb_module_destroy(e.m);
}

static void test_update_does_not_broadcast(void **state) {
  (void)state;
  env e = open_env();
  nb_value v = nb_arg(e.f, "v", NB_F32, NB_SHAPE(3));
  int line = __LINE__ + 1;
  nb_value r = nb_at_set(e.x, NB_IX(NB_I(0), NB_S(1, 3)), v);
  assert_one_error(e.m, r, AT(line, "nb_at_set: update float32(3,) does not broadcast to the "
                                    "indexed shape (2,5) (x is float32(3,4,5))"));
  nb_module_destroy(e.m);
}

static void test_bad_slices(void **state) {
  (void)state;
  env e = open_env();
  int line = __LINE__ + 1;
  nb_value r = nb_idx(e.x, NB_S(0, 3, 0));
  assert_one_error(e.m, r, AT(line, "nb_idx: slice step cannot be zero (index 0)"));
  nb_module_destroy(e.m);
  e = open_env();
  line = __LINE__ + 1;
  r = nb_idx(e.x, NB_ALL, NB_S(1));
  assert_one_error(e.m, r, AT(line, "nb_idx: NB_S takes (start, stop) or (start, stop, step) "
                                    "(index 1)"));
  nb_module_destroy(e.m);
  e = open_env();
  line = __LINE__ + 1;
  r = nb_at_get(e.x, ((nb_indices){.n = 1}));
  assert_one_error(e.m, r, AT(line, "nb_at_get: index 0 is not an index (a zeroed or "
                                    "uninitialized nb_index)"));
  nb_module_destroy(e.m);
}

/* jnp.take / take_along_axis: axis out of range, float indices, indices
 * of another rank than arr, shapes that do not broadcast. */
static void test_take_errors(void **state) {
  (void)state;
  env e = open_env();
  nb_value i = nb_arg(e.f, "i", NB_I32, NB_SHAPE(2));
  int line = __LINE__ + 1;
  nb_value r = nb_take(e.x, i, 3, NB_INDEX_FILL_OR_DROP);
  assert_one_error(e.m, r, AT(line, "nb_take: axis 3 is out of bounds for shape (3,4,5) (rank 3)"));
  nb_module_destroy(e.m);

  e = open_env();
  nb_value fi = nb_arg(e.f, "fi", NB_F32, NB_SHAPE(2));
  line = __LINE__ + 1;
  r = nb_take(e.x, fi, 0, NB_INDEX_FILL_OR_DROP);
  assert_one_error(e.m, r, AT(line, "nb_take: indices must be of integer type, got float32(2,) (a is float32(3,4,5))"));
  nb_module_destroy(e.m);

  e = open_env();
  fi = nb_arg(e.f, "fi", NB_F64, NB_SHAPE(3, 4, 5));
  line = __LINE__ + 1;
  r = nb_take_along_axis(e.x, fi, 0, NB_INDEX_FILL_OR_DROP);
  assert_one_error(e.m, r, AT(line, "nb_take_along_axis: indices must be of integer type, got float64(3,4,5) (a is float32(3,4,5))"));
  nb_module_destroy(e.m);

  e = open_env();
  i = nb_arg(e.f, "i", NB_I32, NB_SHAPE(3, 2));
  line = __LINE__ + 1;
  r = nb_take_along_axis(e.x, i, 1, NB_INDEX_FILL_OR_DROP);
  assert_one_error(e.m, r, AT(line, "nb_take_along_axis: indices and arr must have the same number of dimensions; 2 vs. 3 (indices (3,2), arr (3,4,5))"));
  nb_module_destroy(e.m);

  e = open_env();
  i = nb_arg(e.f, "i", NB_I32, NB_SHAPE(2, 4, 5));
  line = __LINE__ + 1;
  r = nb_take_along_axis(e.x, i, -1, NB_INDEX_FILL_OR_DROP);
  assert_one_error(e.m, r, AT(line, "nb_take_along_axis: indices (2,4,5) do not broadcast with arr (3,4,5) outside axis 2"));
  nb_module_destroy(e.m);

  e = open_env();
  i = nb_arg(e.f, "i", NB_I32, NB_SHAPE(3, 4, 5));
  line = __LINE__ + 1;
  r = nb_take_along_axis(e.x, i, -4, NB_INDEX_CLIP);
  assert_one_error(e.m, r, AT(line, "nb_take_along_axis: axis -4 is out of bounds for shape (3,4,5) (rank 3)"));
  nb_module_destroy(e.m);

  /* valid: the shapes of jnp */
  e = open_env();
  i = nb_arg(e.f, "i", NB_I32, NB_SHAPE(2, 6));
  nb_shape s = nb_value_shape(nb_take(e.x, i, -2, NB_INDEX_CLIP));
  assert_int_equal(s.rank, 4);
  assert_int_equal(s.dims[0], 3);
  assert_int_equal(s.dims[1], 2);
  assert_int_equal(s.dims[2], 6);
  assert_int_equal(s.dims[3], 5);
  nb_value j = nb_arg(e.f, "j", NB_U8, NB_SHAPE(1, 7, 1));
  s = nb_value_shape(nb_take_along_axis(e.x, j, 1, NB_INDEX_FILL_OR_DROP));
  assert_int_equal(s.rank, 3);
  assert_int_equal(s.dims[0], 3);
  assert_int_equal(s.dims[1], 7);
  assert_int_equal(s.dims[2], 5);
  assert_int_equal(nb_module_errors(e.m), 0);
  nb_module_destroy(e.m);
}

/* Shapes of valid expressions, and no error. */
static void test_result_shapes(void **state) {
  (void)state;
  env e = open_env();
  nb_shape s = nb_value_shape(nb_idx(e.x, NB_I(0), NB_NEWAXIS, NB_ELLIPSIS, NB_S(NB_END, NB_END, 2)));
  assert_int_equal(s.rank, 3);
  assert_int_equal(s.dims[0], 1);
  assert_int_equal(s.dims[1], 4);
  assert_int_equal(s.dims[2], 3);
  s = nb_value_shape(nb_idx(e.x));
  assert_int_equal(s.rank, 3);
  s = nb_value_shape(nb_at_set(e.x, NB_IX(NB_ALL, NB_I(1)), nb_scalar(e.f, 2.0)));
  assert_int_equal(s.rank, 3);
  assert_int_equal(nb_value_dtype(nb_at_add(e.x, NB_IX(NB_I(1)), nb_scalar_int(e.f, 2))), NB_F32);
  assert_int_equal(nb_module_errors(e.m), 0);
  nb_module_destroy(e.m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_too_many_indices),
      cmocka_unit_test(test_two_ellipses),
      cmocka_unit_test(test_float_index),
      cmocka_unit_test(test_bool_index),
      cmocka_unit_test(test_arrays_do_not_broadcast),
      cmocka_unit_test(test_static_out_of_range),
      cmocka_unit_test(test_update_does_not_broadcast),
      cmocka_unit_test(test_bad_slices),
      cmocka_unit_test(test_result_shapes),
      cmocka_unit_test(test_take_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
