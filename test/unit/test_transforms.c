/* test_transforms.c — the DSL's function transforms: what JAX refuses at
 * trace time is refused here with one message at the caller's file:line
 * (and a NULL function that later calls, exports and transforms accept
 * silently); what JAX accepts gives one deduplicated nb_fn with the
 * contract's signature (lowering/transforms/autodiff.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nabla/nabla.h"

static char expect_buf[512];
#define AT(line, rest) \
  (snprintf(expect_buf, sizeof expect_buf, "%s:%d: %s", __FILE__, (line), (rest)), expect_buf)

/* f(x: f32[3], k: i32) -> (f32 scalar, f32[3]); g(v: f32[3]) -> f32[3];
 * c(n: i32[2]) -> i32 scalar. */
typedef struct fixture {
  nb_module *m;
  nb_fn *f, *g, *c;
} fixture;

static int setup(void **state) {
  static fixture fx;
  fx.m = nb_module_create("t");
  fx.f = nb_function(fx.m, "f");
  nb_value x = nb_arg(fx.f, "x", NB_F32, NB_SHAPE(3));
  nb_value k = nb_arg(fx.f, "k", NB_I32, NB_SHAPE());
  nb_return(fx.f, nb_mul(nb_sum_all(nb_square(x)), k), nb_neg(x));
  fx.g = nb_function(fx.m, "g");
  nb_value v = nb_arg(fx.g, "v", NB_F32, NB_SHAPE(3));
  nb_return(fx.g, nb_tanh(v));
  fx.c = nb_function(fx.m, "c");
  nb_value n = nb_arg(fx.c, "n", NB_I32, NB_SHAPE(2));
  nb_return(fx.c, nb_sum_all(n));
  *state = &fx;
  return nb_module_errors(fx.m);
}

static int teardown(void **state) {
  nb_module_destroy(((fixture *)*state)->m);
  return 0;
}

static void expect_one(nb_module *m, nb_fn *got, int line, const char *rest) {
  assert_null(got);
  assert_int_equal(nb_module_errors(m), 1);
  assert_string_equal(nb_module_error(m, 0), AT(line, rest));
}

static void test_non_scalar_output(void **state) {
  fixture *fx = *state;
  int line = __LINE__ + 1;
  nb_fn *d = nb_grad(fx->g);
  expect_one(fx->m, d, line,
             "nb_grad: 'g' returns float32(3,); grad needs a float scalar output (a loss): "
             "use nb_vjp to differentiate other outputs");
}

static void test_integer_output(void **state) {
  fixture *fx = *state;
  int line = __LINE__ + 1;
  nb_fn *d = nb_value_and_grad(fx->c);
  expect_one(fx->m, d, line,
             "nb_value_and_grad: 'c' returns int32(); grad needs a float scalar output (a loss): "
             "use nb_vjp to differentiate other outputs");
}

static void test_pair_without_has_aux(void **state) {
  fixture *fx = *state;
  int line = __LINE__ + 1;
  nb_fn *d = nb_grad(fx->f);
  expect_one(fx->m, d, line,
             "nb_grad: 'f' returns 2 results; grad needs a single float scalar (set "
             ".has_aux = true if it returns (loss, aux..), or use nb_vjp)");
}

static void test_has_aux_needs_pair(void **state) {
  fixture *fx = *state;
  int line = __LINE__ + 1;
  nb_fn *d = nb_grad(fx->c, .has_aux = true);
  expect_one(fx->m, d, line,
             "nb_grad: has_aux: 'c' must return a pair (loss, aux..), but it returns 1 result");
}

static void test_argnum_out_of_range(void **state) {
  fixture *fx = *state;
  int line = __LINE__ + 1;
  nb_fn *d = nb_grad(fx->f, .argnums = NB_ARGS(0, -3), .has_aux = true);
  expect_one(fx->m, d, line, "nb_grad: argnum -3 is out of range: 'f' takes 2 arguments");
}

static void test_integer_argument(void **state) {
  fixture *fx = *state;
  int line = __LINE__ + 1;
  nb_fn *d = nb_grad(fx->f, .argnums = NB_ARGS(-1), .has_aux = true);
  expect_one(fx->m, d, line,
             "nb_grad: cannot differentiate with respect to argument 1 ('k') of 'f': it is "
             "int32(), and grad needs float arguments (as in JAX; nb_vjp accepts integer "
             "inputs)");
}

static void test_unfinished_function(void **state) {
  fixture *fx = *state;
  nb_fn *h = nb_function(fx->m, "h");
  nb_value y = nb_arg(h, "y", NB_F32, NB_SHAPE());
  int line = __LINE__ + 1;
  nb_fn *d = nb_jvp(h);
  expect_one(fx->m, d, line,
             "nb_jvp: function 'h' has no nb_return yet; a function is transformed once it "
             "is finished");
  nb_return(h, y);
}

/* NULL from a failed transform: calls give invalid values, exports and
 * transforms do nothing, and no second message is recorded. */
static void test_null_propagates_silently(void **state) {
  fixture *fx = *state;
  nb_fn *bad = nb_grad(fx->g);
  assert_null(nb_grad(nb_jvp(nb_vjp(nb_value_and_grad(bad)))));
  nb_export(bad);
  nb_fn *u = nb_function(fx->m, "u");
  nb_value v = nb_arg(u, "v", NB_F32, NB_SHAPE(3));
  nb_value r = nb_call1(bad, v);
  assert_false(nb_value_valid(r));
  nb_return(u, v);
  assert_int_equal(nb_module_errors(fx->m), 1);
}

/* One nb_fn per (callee, transform, options); argnums normalized first. */
static void test_dedupe(void **state) {
  fixture *fx = *state;
  nb_fn *a = nb_grad(fx->f, .has_aux = true);
  assert_non_null(a);
  assert_ptr_equal(a, nb_grad(fx->f, .argnums = NB_ARGS(-2), .has_aux = true));
  assert_ptr_equal(nb_vjp(fx->g), nb_vjp(fx->g));
  assert_ptr_not_equal(nb_vjp(fx->g), nb_jvp(fx->g));
  assert_ptr_not_equal(a, nb_value_and_grad(fx->f, .has_aux = true));
  assert_int_equal(nb_module_errors(fx->m), 0);
}

/* Calling a transformed function checks arguments like any call, and its
 * results have the contract's types. */
static void test_call_signature(void **state) {
  fixture *fx = *state;
  nb_fn *u = nb_function(fx->m, "u");
  nb_value x = nb_arg(u, "x", NB_F32, NB_SHAPE(3));
  nb_value k = nb_arg(u, "k", NB_I32, NB_SHAPE());
  nb_value out[4];
  assert_int_equal(nb_call(nb_value_and_grad(fx->f, .has_aux = true), out, 4, x, k), 3);
  assert_int_equal(nb_value_shape(out[0]).rank, 0);      /* value */
  assert_int_equal(nb_value_shape(out[1]).dims[0], 3);   /* aux */
  assert_int_equal(nb_value_dtype(out[2]), NB_F32);      /* grad x */
  assert_int_equal(nb_call(nb_vjp(fx->f), out, 4, x, k, out[0], x), 4);
  assert_int_equal(nb_value_dtype(out[3]), NB_I32);      /* cotangent of k */
  assert_int_equal(nb_call(nb_jvp(fx->g), out, 4, x, x), 2);
  assert_int_equal(nb_module_errors(fx->m), 0);
  int line = __LINE__ + 1;
  nb_value bad = nb_call1(nb_grad(fx->g, .argnums = NB_ARGS()), x);
  assert_false(nb_value_valid(bad));
  assert_string_equal(nb_module_error(fx->m, 0),
                      AT(line, "nb_grad: 'g' returns float32(3,); grad needs a float scalar "
                               "output (a loss): use nb_vjp to differentiate other outputs"));
  line = __LINE__ + 1;
  nb_call1(nb_jvp(fx->g), x);
  assert_string_equal(nb_module_error(fx->m, 1),
                      AT(line, "nb_call: function 'g_jvp' takes 2 arguments, got 1"));
  nb_return(u, x);
}

static void test_stop_gradient(void **state) {
  fixture *fx = *state;
  nb_fn *u = nb_function(fx->m, "u");
  nb_value x = nb_arg(u, "x", NB_F16, NB_SHAPE(2, 2));
  nb_value s = nb_stop_gradient(x);
  assert_int_equal(nb_value_dtype(s), NB_F16);
  assert_int_equal(nb_value_shape(s).rank, 2);
  /* A C constant has no derivative: it stays a weak scalar. */
  nb_value c = nb_stop_gradient(nb_scalar(u, 2.0));
  assert_true(nb_value_weak(c));
  assert_int_equal(nb_value_dtype(nb_add(s, c)), NB_F16);
  assert_false(nb_value_valid(nb_stop_gradient((nb_value){0})));
  nb_return(u, s);
  assert_int_equal(nb_module_errors(fx->m), 0);
  assert_non_null(strstr(nb_module_print(fx->m, false), "\"nabla.stop_gradient\""));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_non_scalar_output, setup, teardown),
      cmocka_unit_test_setup_teardown(test_integer_output, setup, teardown),
      cmocka_unit_test_setup_teardown(test_pair_without_has_aux, setup, teardown),
      cmocka_unit_test_setup_teardown(test_has_aux_needs_pair, setup, teardown),
      cmocka_unit_test_setup_teardown(test_argnum_out_of_range, setup, teardown),
      cmocka_unit_test_setup_teardown(test_integer_argument, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unfinished_function, setup, teardown),
      cmocka_unit_test_setup_teardown(test_null_propagates_silently, setup, teardown),
      cmocka_unit_test_setup_teardown(test_dedupe, setup, teardown),
      cmocka_unit_test_setup_teardown(test_call_signature, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stop_gradient, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
