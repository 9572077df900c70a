/* test_errors.c — error reporting: one message per mistake, naming the
 * caller's file:line, the op and the operands' shapes/dtypes; invalid
 * values propagate silently, while a handle the library did not make (a
 * zero or forged value, a NULL function or callback) is reported where it
 * is used; shapes beyond int64 are refused where they enter; nb_call does
 * not convert arrays; NULL pointers never crash; nb_compile prints the
 * messages and fails, also for a module that exports nothing. */
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
  CASE(, nb_argmax(x, 2, false), "nb_argmax: axis 2 is out of bounds for shape (2,3)");
  CASE(, nb_prod(x, NB_AXES(2)), "nb_prod: axis 2 is out of bounds for shape (2,3)");
  CASE(, nb_cumsum(x, -3), "nb_cumsum: axis -3 is out of bounds for shape (2,3)");
  CASE(, nb_sort(x, 2), "nb_sort: axis 2 is out of bounds for shape (2,3)");
  CASE(, nb_sort(nb_zeros(f, NB_F32, NB_SHAPE()), 0), "nb_sort: cannot sort a rank-0 array (shape ()); reshape it first");
  CASE(, nb_squeeze(x, NB_AXES(0)), "nb_squeeze: cannot select an axis to squeeze out which has size not equal to one (axis 0 of shape (2,3))");
  CASE(, nb_squeeze(x, NB_AXES(2)), "nb_squeeze: axis 2 is out of bounds for shape (2,3)");
  CASE(, nb_expand_dims(x, NB_AXES(-4)), "nb_expand_dims: axis -4 is out of bounds for shape (2,3)");
  CASE(, nb_expand_dims(x, NB_AXES(0, 0)), "nb_expand_dims: repeated axis 0 for shape (2,3)");
  CASE(, nb_lax_cummax(x, -1, false), "nb_lax_cummax: axis -1 is negative, which XLA operations do not allow (shape (2,3))");
  CASE(, nb_lax_cumsum(nb_zeros(f, NB_BOOL, NB_SHAPE(2)), 0, true), "nb_lax_cumsum: cumsum does not accept dtype bool (got bool(2,))");
  CASE(, nb_round(nb_zeros(f, NB_BOOL, NB_SHAPE(2))), "nb_round: jnp.round does not accept bool, got bool(2,)");
  CASE(, nb_clip(x, nb_zeros(f, NB_F32, NB_SHAPE(4)), nb_scalar(f, 1)), "nb_clip: shapes (2,3) (x), (4,) (lo) and () (hi) are not broadcast-compatible");
  CASE(, nb_clamp(nb_zeros(f, NB_F64, NB_SHAPE()), x, nb_scalar(f, 1)), "nb_clamp: min has dtype float64() but x has float32(2,3) (lax.clamp needs one dtype)");
  CASE(, nb_clamp(nb_scalar(f, 0), x, nb_zeros(f, NB_F32, NB_SHAPE(3))), "nb_clamp: max must have shape () or x's shape (2,3), got (3,)");
  CASE(, nb_nextafter(x, nb_zeros(f, NB_F32, NB_SHAPE(4))), "nb_nextafter: shapes (2,3) and (4,) are not broadcast-compatible");
  CASE(, nb_argmin(nb_zeros(f, NB_F32, NB_SHAPE(2, 0)), -1, true), "nb_argmin: attempt to get argmin of an empty sequence (shape (2,0))");
  CASE(, nb_flip(x, NB_AXES(-3)), "nb_flip: axis -3 is out of bounds for shape (2,3)");
  CASE(, nb_flip(x, NB_AXES(0, -2)), "nb_flip: repeated axis 0 for shape (2,3)");
  CASE(nb_value vs[2]; vs[0] = x; vs[1] = nb_zeros(f, NB_F32, NB_SHAPE(3, 3)), nb_concatenate(vs, 2, 1), "nb_concatenate: array 1 has shape (3,3), which does not match (2,3) except along axis 1");
  CASE(nb_value vs[2]; vs[0] = i; vs[1] = i, nb_concatenate(vs, 2, 1), "nb_concatenate: axis 1 is out of bounds for shape (3,)");
  CASE(nb_value vs[1]; vs[0] = nb_scalar(f, 1.0), nb_concatenate(vs, 1, 0), "nb_concatenate: zero-dimensional arrays cannot be concatenated");
  CASE(nb_value vs[2]; vs[0] = i; vs[1] = p, nb_stack(vs, 2, 2), "nb_stack: axis 2 is out of bounds for shape (3,)");
  CASE(nb_value vs[2]; vs[0] = i; vs[1] = x, nb_stack(vs, 2, 0), "nb_stack: all arrays must have one shape: array 1 is (2,3), array 0 is (3,)");
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
static int compile_line; /* where it calls nb_compile */
static int compile_capturing(nb_module *m, char *buf, size_t size) {
  FILE *tmp = tmpfile();
  assert_non_null(tmp);
  fflush(stderr);
  int saved = dup(2);
  dup2(fileno(tmp), 2);
  compile_line = __LINE__ + 1;
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

/* m's one error is `rest` at line, and nb_compile fails on it. */
static void expect_only(nb_module *m, int line, const char *rest) {
  if (nb_module_errors(m) != 1 || strcmp(nb_module_error(m, 0), AT(line, rest)) != 0) {
    for (int i = 0; i < nb_module_errors(m); i++)
      print_error("error %d: %s\n", i, nb_module_error(m, i));
    print_error("want one: %s\n", AT(line, rest));
    fail();
  }
  char out[4096];
  assert_int_not_equal(compile_capturing(m, out, sizeof out), 0);
  assert_non_null(strstr(out, AT(line, rest)));
  assert_int_equal(nb_module_errors(m), 1);
  nb_module_destroy(m);
}

#define PAIR NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(2)), NB_LEAF("b", NB_F32, NB_SHAPE(2)))

/* In a fresh module, g(y: float32(2,)) -> y and f(x: float32(2,), p: PAIR)
 * being built: `stmt` (on one line) records exactly `rest` at its line, and
 * f, finished with x and exported, still does not compile. */
#define ONE(stmt, rest)                                                        \
  do {                                                                         \
    nb_module *m = nb_module_create("t");                                      \
    nb_fn *g = nb_function(m, "g");                                            \
    nb_return(g, nb_arg(g, "y", NB_F32, NB_SHAPE(2)));                         \
    nb_fn *f = nb_function(m, "f");                                            \
    nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2));                          \
    nb_tree p = nb_arg_tree(f, "p", PAIR);                                     \
    (void)g, (void)p;                                                          \
    int line = __LINE__;                                                       \
    stmt;                                                                      \
    nb_return(f, x);                                                           \
    nb_export(f);                                                              \
    expect_only(m, line, rest);                                                \
  } while (0)

static uint64_t junk[16]; /* what a forged nb_fn * points at */
static nb_value forged(nb_fn *fn, uint32_t id) { return (nb_value){fn, id}; }
static nb_tree forged_tree(nb_fn *fn, uint32_t id) { return (nb_tree){fn, id}; }

static nb_value give_zero(nb_value a, void *user) {
  (void)a, (void)user;
  return (nb_value){0};
}

static int cb_line;
static nb_value bad_reshape(nb_value a, void *user) {
  (void)user;
  cb_line = __LINE__ + 1;
  return nb_reshape(a, NB_SHAPE(3));
}

/* An invalid handle the library did not make (a zero or forged value or
 * tree, a NULL function) is reported where it is used, once; one made after
 * a reported mistake stays silent. */
static void test_stray_handles(void **state) {
  (void)state;
  ONE(nb_add(x, (nb_value){0}), "nb_add: operand 1 is not a value (zero or forged nb_value)");
  ONE(nb_exp(forged(f, 999)), "nb_exp: operand 0 is not a value (zero or forged nb_value)");
  ONE(nb_mul(x, forged((nb_fn *)junk, 1)), "nb_mul: operand 1 is not a value (zero or forged nb_value)");
  ONE(nb_exp(nb_add(x, (nb_value){0})), "nb_add: operand 1 is not a value (zero or forged nb_value)");
  ONE(nb_call1(g, (nb_value){0}), "nb_call: argument 0 is not a value (zero or forged nb_value)");
  ONE(nb_add(x, nb_call1(nb_vmap(NULL), x)), "nb_call: the function to call is not a function (NULL or forged nb_fn *)");
  ONE(nb_call1((nb_fn *)junk, x), "nb_call: the function to call is not a function (NULL or forged nb_fn *)");
  ONE(nb_tree_map((nb_tree_map1_fn)NULL, NULL, p), "nb_tree_map: the callback is NULL");
  ONE(nb_tree_map(give_zero, NULL, p), "nb_tree_map: the callback's result for leaf 'w' is not a value (zero or forged nb_value)");
  ONE(nb_tree_leaf(p, -1), "nb_tree_leaf: leaf -1 is out of range: tree 'p' has 2 leaves");
  ONE(nb_tree_leaf(p, 2), "nb_tree_leaf: leaf 2 is out of range: tree 'p' has 2 leaves");
  ONE(nb_tree_get(forged_tree(f, 99), "w"), "nb_tree_get: the tree is not a tree (zero or forged nb_tree)");
  ONE(nb_random_dropout(nb_random_key(f, 1), (nb_value){0}, 0.5), "nb_random_dropout: operand 1 is not a value (zero or forged nb_value)");

  /* The callback's own mistake is its one message. */
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_tree p = nb_arg_tree(f, "p", PAIR);
  assert_false(nb_tree_valid(nb_tree_map(bad_reshape, NULL, p)));
  nb_return(f, nb_tree_get(p, "w"));
  nb_export(f);
  expect_only(m, cb_line, "nb_reshape: cannot reshape float32(2,) into shape (3,)");

  /* A zero value after a reported mistake may be its result: silent. */
  m = nb_module_create("t");
  f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2));
  int line = __LINE__ + 1;
  nb_value bad = nb_add(x, nb_arg(f, "y", NB_F32, NB_SHAPE(3)));
  nb_return(f, nb_exp((nb_value){0}), bad);
  expect_only(m, line, "nb_add: shapes (2,) and (3,) are not broadcast-compatible");
}

/* nb_return of a stray value fails the function, with a message: it is never
 * dropped from the library quietly. */
static void test_return_stray(void **state) {
  (void)state;
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2));
  int line = __LINE__ + 1;
  nb_return(f, x, (nb_value){0});
  nb_export(f);
  nb_fn *g = nb_function(m, "g");
  nb_value z = nb_arg(g, "z", NB_F32, NB_SHAPE(2));
  assert_false(nb_value_valid(nb_call1(f, z))); /* a failed callee: silent */
  nb_return(g, z);
  expect_only(m, line, "nb_return: result 1 is not a value (zero or forged nb_value)");
}

#define BIG (INT64_C(1) << 40)
#define E62 (INT64_C(1) << 62)

/* A shape whose element count overflows int64 is refused where it enters,
 * naming it; so is one an op would derive from two others. */
static void test_shape_overflow(void **state) {
  (void)state;
  float data[4] = {0};
  ONE(nb_arg(f, "big", NB_F32, NB_SHAPE(BIG, BIG)), "nb_arg: shape (1099511627776,1099511627776) of argument 'big' has more elements than an int64 can count");
  ONE(nb_arg(f, "n", NB_F32, NB_SHAPE(3, -1)), "nb_arg: shape (3,-1) of argument 'n' has a negative dimension");
  ONE(nb_reshape(x, NB_SHAPE(E62, 4)), "nb_reshape: shape (4611686018427387904,4) has more elements than an int64 can count");
  ONE(nb_reshape(x, NB_SHAPE(E62, 4, -1)), "nb_reshape: shape (4611686018427387904,4,-1) has more elements than an int64 can count");
  ONE(nb_broadcast_to(x, NB_SHAPE(E62, 4, 2)), "nb_broadcast_to: shape (4611686018427387904,4,2) has more elements than an int64 can count");
  ONE(nb_broadcast_in_dim(x, NB_SHAPE(BIG, BIG, 2), NB_INTS(2)), "nb_broadcast_in_dim: shape (1099511627776,1099511627776,2) has more elements than an int64 can count");
  ONE(nb_iota(f, NB_I32, NB_SHAPE(E62, 4), 0), "nb_iota: shape (4611686018427387904,4) has more elements than an int64 can count");
  ONE(nb_zeros(f, NB_F32, NB_SHAPE(BIG, BIG)), "nb_full: shape (1099511627776,1099511627776) has more elements than an int64 can count");
  ONE(nb_const(f, NB_F32, NB_SHAPE(E62, 4), data), "nb_const: shape (4611686018427387904,4) has more elements than an int64 can count");
  ONE(nb_random_normal(nb_random_key(f, 0), NB_SHAPE(E62, 4), NB_F32), "nb_random_normal: shape (4611686018427387904,4) has more elements than an int64 can count");
  ONE(nb_random_randint(nb_random_key(f, 0), NB_SHAPE(BIG), 0, 9, NB_I32), "nb_random_randint: draws of 2^31 or more elements are not supported (got 1099511627776)");
  ONE(nb_arg_tree(f, "q", NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(E62, 4)))), "nb_arg_tree: shape (4611686018427387904,4) of tree leaf 'w' has more elements than an int64 can count");
  ONE(nb_add(nb_arg(f, "a", NB_F32, NB_SHAPE(INT64_C(1) << 31, 1)), nb_arg(f, "b", NB_F32, NB_SHAPE(1, INT64_C(1) << 33))), "nb_add: shape (2147483648,8589934592) of the result has more elements than an int64 can count");

  nb_module *m = nb_module_create("t");
  nb_fn *g = nb_function(m, "g");
  nb_return(g, nb_arg(g, "y", NB_F32, NB_SHAPE(BIG)));
  nb_export(g);
  int line = __LINE__ + 1;
  assert_null(nb_vmap(g, .axis_size = BIG));
  expect_only(m, line, "nb_vmap: shape (1099511627776,1099511627776) of argument 'y' batched by 1099511627776 has more elements than an int64 can count");
}

/* nb_call converts weak scalars only: an int32 or bool array where the
 * callee takes float32 is an error naming both. */
static void test_call_no_array_conversion(void **state) {
  (void)state;
  ONE(nb_call1(g, nb_arg(f, "i", NB_I32, NB_SHAPE(2))), "nb_call: argument 0 ('y') of 'g' expects float32(2,), got int32(2,) (arrays are not converted: use nb_astype)");
  ONE(nb_call1(g, nb_arg(f, "q", NB_BOOL, NB_SHAPE(2))), "nb_call: argument 0 ('y') of 'g' expects float32(2,), got bool(2,) (arrays are not converted: use nb_astype)");
  ONE(nb_call1(g, nb_arg(f, "d", NB_F64, NB_SHAPE(2))), "nb_call: argument 0 ('y') of 'g' expects float32(2,), got float64(2,) (arrays are not converted: use nb_astype)");

  nb_module *m = nb_module_create("t");
  nb_fn *s = nb_function(m, "s");
  nb_return(s, nb_arg(s, "y", NB_F32, NB_SHAPE()));
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE());
  nb_value a = nb_call1(s, nb_scalar_int(f, 2)), b = nb_call1(s, nb_scalar(f, 0.5));
  nb_return(f, nb_add(nb_add(a, b), x));
  assert_int_equal(nb_value_dtype(a), NB_F32);
  assert_int_equal(nb_module_errors(m), 0);
  nb_module_destroy(m);
}

/* A path typo is one error: the function it fails is not also reported
 * at nb_export (its donation has no result to check). */
static void test_tree_typo_once(void **state) {
  (void)state;
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_tree p = nb_arg_tree(f, "p", PAIR);
  int line = __LINE__ + 1;
  nb_value w = nb_tree_get(p, "wx");
  nb_return(f, NB_TREE_V(nb_tree_of("p", nb_tree_type_of(p), w, nb_tree_get(p, "b"))));
  nb_export(f, .donate = NB_INTS(0));
  expect_only(m, line, "nb_tree_get: tree 'p' has no item 'wx' (path 'wx'; items there: w, b)");
}

/* A module that exports nothing would be an empty library. */
static void test_no_export(void **state) {
  (void)state;
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_return(f, nb_arg(f, "x", NB_F32, NB_SHAPE(2)));
  char out[4096];
  assert_int_not_equal(compile_capturing(m, out, sizeof out), 0);
  const char *want = "nb_compile: module 't' exports no function; nothing to compile "
                     "(nb_export the functions the library offers)";
  assert_int_equal(nb_module_errors(m), 1);
  assert_string_equal(nb_module_error(m, 0), AT(compile_line, want));
  assert_non_null(strstr(out, AT(compile_line, want)));
  assert_false(access("never_written.h", F_OK) == 0);
  nb_module_destroy(m);
}

/* NULL where a pointer goes: a message when there is a module to keep it,
 * a safe return otherwise; never a crash. */
static void test_null_pointers(void **state) {
  (void)state;
  assert_null(nb_grad(NULL));
  assert_null(nb_value_and_grad(NULL));
  assert_null(nb_vjp(NULL));
  assert_null(nb_jvp(NULL));
  assert_null(nb_vmap(NULL));
  nb_export(NULL);
  assert_int_equal(nb_fn_arg_tree_type(NULL, 0).n, -1);
  assert_false(nb_value_valid(nb_scalar(NULL, 1)));
  assert_false(nb_value_valid(nb_iota(NULL, NB_I32, NB_SHAPE(2), 0)));
  assert_false(nb_value_valid(nb_random_key(NULL, 0)));
  assert_false(nb_tree_valid(nb_arg_tree(NULL, "p", PAIR)));
  assert_false(nb_value_valid(nb_tree_leaf((nb_tree){0}, 0)));
  assert_false(nb_tree_valid(nb_tree_map(give_zero, NULL, (nb_tree){0})));
  assert_false(nb_value_valid(nb_exp((nb_value){0})));
  assert_false(nb_value_valid(nb__call1(NULL, NULL, 0, __FILE__, __LINE__)));
  assert_false(nb_tree_valid(nb__tree_map((nb_tree_cb){.arity = 1}, NULL, NULL, 1, __FILE__, __LINE__)));
  assert_int_not_equal(nb_compile(NULL), 0);
  assert_null(nb_module_print(NULL, false));
  nb_module_set_prng_mode(NULL, NB_PRNG_LEGACY);

  ONE(nb_fn *h = nb_function(m, NULL); nb_return(h, nb_arg(h, "z", NB_F32, NB_SHAPE())), "nb_function: function name '(null)' is not a C identifier");
  ONE(nb_tree_get(p, NULL), "nb_tree_get: the path into tree 'p' is NULL");
  ONE(nb_tree_sub(p, NULL), "nb_tree_sub: the path into tree 'p' is NULL");
  ONE(nb_tree_of(NULL, PAIR, x, x), "nb_tree_of: tree name '(null)' is not a C identifier");
  ONE(nb_arg_tree(f, NULL, PAIR), "nb_arg_tree: argument name '(null)' is not a C identifier");
  ONE(nb_arg_tree(f, "q", ((nb_tree_type){.n = 2})), "nb_arg_tree: the tree type has 2 items but its item list is NULL");
  ONE(nb_arg_tree(f, "q", NB_TREE(NB_LEAF(NULL, NB_F32, NB_SHAPE()))), "nb_arg_tree: tree item name '(null)' is not a C identifier (it becomes a struct member)");
  ONE(nb_const(f, NB_F32, NB_SHAPE(2), NULL), "nb_const: data is NULL");
  ONE(nb_export(g, .c_name = ""), "nb_export: c_name '' is not a C identifier");
  ONE(nb__return(g, NULL, 1, __FILE__, __LINE__), "nb_return: function 'g' already returned");
  ONE(nb_fn *h = nb_function(m, "h"); nb__return(h, NULL, 1, __FILE__, __LINE__), "nb_return: invalid result list (1 results, NULL)");
  ONE(nb__call(g, NULL, 1, NULL, 0, __FILE__, __LINE__), "nb_call: 'g' is called without arguments: the caller is found from them");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_message_format),
      cmocka_unit_test(test_invalid_propagates_silently),
      cmocka_unit_test(test_each_op_names_itself),
      cmocka_unit_test(test_not_errors),
      cmocka_unit_test(test_keyword_names),
      cmocka_unit_test(test_compile_prints_and_fails),
      cmocka_unit_test(test_stray_handles),
      cmocka_unit_test(test_return_stray),
      cmocka_unit_test(test_shape_overflow),
      cmocka_unit_test(test_call_no_array_conversion),
      cmocka_unit_test(test_tree_typo_once),
      cmocka_unit_test(test_no_export),
      cmocka_unit_test(test_null_pointers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
