/* test_errors.c — error reporting: one message per mistake, naming the
 * caller's file:line, the op and the operands' shapes/dtypes; invalid
 * values propagate silently; nb_compile prints the messages and fails. */
#define _POSIX_C_SOURCE 200809L /* dup, dup2, fileno, access */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "nabla/nabla.h"

static char expect_buf[512];
#define AT(line, rest) \
  (snprintf(expect_buf, sizeof expect_buf, "%s:%d: %s", __FILE__, (line), (rest)), expect_buf)

static void test_message_format(void **state) {
  (void)state;
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_value a = nb_arg(f, "a", NB_F32, NB_SHAPE(3, 4));
  nb_value b = nb_arg(f, "b", NB_F32, NB_SHAPE(5));
  int line = __LINE__ + 1;
  nb_value c = nb_add(a, b);
  assert_false(nb_value_valid(c));
  assert_int_equal(nb_module_errors(m), 1);
  assert_string_equal(nb_module_error(m, 0),
                      AT(line, "nb_add: shapes (3,4) and (5,) are not broadcast-compatible"));
  assert_null(nb_module_error(m, 1));
  assert_null(nb_module_error(m, -1));
  nb_module_destroy(m);
}

static void test_invalid_propagates_silently(void **state) {
  (void)state;
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_value a = nb_arg(f, "a", NB_F32, NB_SHAPE(3, 4));
  nb_value bad = nb_mul(a, nb_arg(f, "b", NB_F32, NB_SHAPE(2)));
  nb_value x = nb_exp(nb_add(bad, a));
  x = nb_matmul(x, a);
  x = nb_sum(nb_reshape(nb_transpose(x, NB_INTS()), NB_SHAPE(12)), NB_AXES(0));
  x = nb_where(nb_lt(x, a), x, nb_scalar(f, 1.0));
  x = nb_astype(nb_index(x, 0), NB_I8);
  nb_value outs[2];
  nb_call(f, outs, 2, x); /* f is unfinished, but x is invalid: silent */
  assert_false(nb_value_valid(outs[0]));
  nb_return(f, x);
  assert_false(nb_value_valid(x));
  assert_int_equal(nb_module_errors(m), 1);
  assert_non_null(strstr(nb_module_error(m, 0), "nb_mul: shapes (3,4) and (2,)"));
  nb_module_destroy(m);
}

/* Builds one bad op per case and checks the single message it records. */
static void expect_one(nb_module *m, int line, const char *rest) {
  assert_int_equal(nb_module_errors(m), 1);
  const char *msg = nb_module_error(m, 0);
  char want[512];
  snprintf(want, sizeof want, "%s:%d: ", __FILE__, line);
  if (strncmp(msg, want, strlen(want)) != 0 || !strstr(msg, rest)) {
    print_error("got '%s', want '%s...%s'\n", msg, want, rest);
    fail();
  }
  nb_module_destroy(m);
}

#define CASE(setup, bad, rest)                                                 \
  do {                                                                         \
    nb_module *m = nb_module_create("t");                                      \
    nb_fn *f = nb_function(m, "f");                                            \
    nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2, 3));                       \
    nb_value i = nb_arg(f, "i", NB_I8, NB_SHAPE(3));                           \
    nb_value p = nb_arg(f, "p", NB_BOOL, NB_SHAPE(3));                         \
    (void)x, (void)i, (void)p;                                                 \
    setup;                                                                     \
    int line = __LINE__;                                                       \
    nb_value r = bad;                                                          \
    assert_false(nb_value_valid(r));                                           \
    expect_one(m, line, rest);                                                 \
  } while (0)

static void test_each_op_names_itself(void **state) {
  (void)state;
  CASE(, nb_where(i, x, x), "nb_where: pred must be bool, got int8(3,)");
  CASE(, nb_where(p, x, nb_zeros(f, NB_F32, NB_SHAPE(4))), "nb_where: shapes (3,), (2,3) and (4,) are not broadcast-compatible");
  CASE(, nb_astype(x, (nb_dtype)99), "nb_astype: invalid dtype 99 (from float32(2,3))");
  CASE(, nb_sub(p, p), "nb_sub: this operation is not supported for bool");
  CASE(, nb_neg(p), "nb_neg: this operation is not supported for bool");
  CASE(, nb_index(x, 2), "nb_index: index 2 is out of bounds for axis 0 with size 2");
  CASE(, nb_reshape(x, NB_SHAPE(4)), "nb_reshape: cannot reshape float32(2,3) into shape (4,)");
  CASE(, nb_matmul(x, x), "nb_matmul: shapes (2,3) and (2,3) are not aligned: 3 (dim 1) != 2 (dim 0)");
  CASE(, nb_dot(i, x), "nb_dot: shapes (3,) and (2,3) are not aligned");
  CASE(, nb_add(i, nb_scalar_int(f, 300)), "nb_add: weak int 300 does not fit in int8");
  CASE(, nb_sum(x, NB_AXES(2)), "nb_sum: axis 2 is out of bounds for shape (2,3)");
  CASE(, nb_mean(x, NB_AXES(1, -1)), "nb_mean: repeated axis 1 for shape (2,3)");
  CASE(, nb_transpose(x, NB_INTS(0)), "nb_transpose: permutation has 1 axes but the operand has shape (2,3)");
  CASE(, nb_broadcast_to(x, NB_SHAPE(3, 3)), "nb_broadcast_to: cannot broadcast shape (2,3) to (3,3)");
  CASE(, nb_broadcast_in_dim(i, NB_SHAPE(3, 2), NB_INTS(1)), "nb_broadcast_in_dim: cannot broadcast shape (3,) to (3,2)");
  CASE(, nb_slice(x, NB_INTS(0, 0), NB_INTS(3, 3), NB_INTS()), "nb_slice: invalid slice 0:3:1 of axis 0 for shape (2,3)");
  CASE(, nb_integer_pow(i, -1), "nb_integer_pow: integers cannot be raised to negative powers");
  CASE(, nb_iota(f, NB_F32, NB_SHAPE(3), 1), "nb_iota: dimension 1 is out of bounds for shape (3,)");
  CASE(nb_fn *g = nb_function(m, "g"); nb_value y = nb_arg(g, "y", NB_F32, NB_SHAPE(2, 3)), nb_add(x, y), "nb_add: operands come from different functions ('f' and 'g')");
  CASE(nb_fn *g = nb_function(m, "g"); nb_arg(g, "y", NB_F32, NB_SHAPE(2, 3)), nb_call1(g, x), "nb_call: function 'g' is not finished (no nb_return yet)");
  CASE(nb_fn *g = nb_function(m, "g"); nb_value y = nb_arg(g, "y", NB_F32, NB_SHAPE(3)); nb_return(g, y), nb_call1(g, x), "nb_call: argument 0 ('y') of 'g' expects float32(3,), got float32(2,3)");
  CASE(nb_return(f, x), nb_exp(x), "nb_exp: function 'f' is already finished");
}

static void test_not_errors(void **state) {
  (void)state;
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_value n = nb_arg(f, "n", NB_I32, NB_SHAPE(3));
  nb_value e = nb_exp(n); /* jnp.exp(int32) is float32 */
  assert_int_equal(nb_value_dtype(e), NB_F32);
  assert_int_equal(nb_value_dtype(nb_mean_all(n)), NB_F32);
  assert_int_equal(nb_value_dtype(nb_lt(n, nb_scalar(f, 1.5))), NB_BOOL);
  assert_false(nb_value_weak(nb_lt(nb_scalar(f, 1.0), nb_scalar(f, 2.0))));
  assert_int_equal(nb_value_dtype(nb_square(nb_gt(n, n))), NB_I32);
  nb_return(f, e);
  assert_int_equal(nb_module_errors(m), 0);
  nb_module_destroy(m);
}

/* Names reach the generated header verbatim, so a C keyword is refused
 * where it is given, like any other non-identifier. */
static void test_keyword_names(void **state) {
  (void)state;
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  int line = __LINE__ + 1;
  nb_arg(f, "int", NB_F32, NB_SHAPE(2));
  assert_int_equal(nb_module_errors(m), 1);
  assert_string_equal(nb_module_error(m, 0), AT(line, "nb_arg: argument name 'int' is a C keyword"));
  nb_module_destroy(m);

  m = nb_module_create("t");
  f = nb_function(m, "f");
  line = __LINE__ + 1;
  nb_tree p = nb_arg_tree(f, "p", NB_TREE(NB_LEAF("_Bool", NB_F32, NB_SHAPE(2))));
  assert_false(nb_tree_valid(p));
  assert_int_equal(nb_module_errors(m), 1);
  assert_string_equal(nb_module_error(m, 0),
                      AT(line, "nb_arg_tree: tree item name '_Bool' is a C keyword (it becomes "
                               "a struct member)"));
  nb_module_destroy(m);

  m = nb_module_create("t");
  f = nb_function(m, "f");
  line = __LINE__ + 1;
  p = nb_arg_tree(f, "struct", NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(2))));
  assert_false(nb_tree_valid(p));
  assert_int_equal(nb_module_errors(m), 1);
  assert_string_equal(nb_module_error(m, 0),
                      AT(line, "nb_arg_tree: argument name 'struct' is a C keyword"));
  nb_module_destroy(m);

  /* Not keywords: a keyword's prefix or another case, and a non-identifier
   * keeps its message. */
  m = nb_module_create("t");
  f = nb_function(m, "f");
  nb_arg(f, "int_", NB_F32, NB_SHAPE(2));
  nb_arg(f, "Bool", NB_F32, NB_SHAPE(2));
  nb_arg(f, "in", NB_F32, NB_SHAPE(2));
  assert_int_equal(nb_module_errors(m), 0);
  line = __LINE__ + 1;
  nb_arg(f, "2x", NB_F32, NB_SHAPE(2));
  assert_string_equal(nb_module_error(m, 0), AT(line, "nb_arg: argument name '2x' is not a C identifier"));
  nb_module_destroy(m);
}

/* Runs nb_compile with stderr captured into buf. */
static int compile_capturing(nb_module *m, char *buf, size_t size) {
  FILE *tmp = tmpfile();
  assert_non_null(tmp);
  fflush(stderr);
  int saved = dup(2);
  dup2(fileno(tmp), 2);
  int rc = nb_compile(m, .out = "never_written");
  fflush(stderr);
  dup2(saved, 2);
  close(saved);
  rewind(tmp);
  size_t n = fread(buf, 1, size - 1, tmp);
  buf[n] = 0;
  fclose(tmp);
  return rc;
}

static void test_compile_prints_and_fails(void **state) {
  (void)state;
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_value a = nb_arg(f, "a", NB_F32, NB_SHAPE(3, 4));
  int line = __LINE__ + 1;
  nb_value c = nb_add(a, nb_arg(f, "b", NB_F32, NB_SHAPE(5)));
  nb_return(f, c);
  nb_export(f);
  int unfinished_line = __LINE__ + 1;
  nb_function(m, "g");
  char out[4096];
  assert_int_not_equal(compile_capturing(m, out, sizeof out), 0);
  assert_non_null(strstr(out, AT(line, "nb_add: shapes (3,4) and (5,) are not broadcast-compatible\n")));
  assert_non_null(strstr(out, AT(unfinished_line, "nb_function: function 'g' has no nb_return")));
  assert_int_equal(nb_module_errors(m), 2);
  assert_false(access("never_written.h", F_OK) == 0);
  nb_module_destroy(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_message_format),
      cmocka_unit_test(test_invalid_propagates_silently),
      cmocka_unit_test(test_each_op_names_itself),
      cmocka_unit_test(test_not_errors),
      cmocka_unit_test(test_keyword_names),
      cmocka_unit_test(test_compile_prints_and_fails),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
