/* test_promote.c — nabla's type promotion and broadcasting against tables
 * produced by JAX and NumPy (gen_promotion_table.py, run at build time).
 *
 * Deliberate difference, asserted explicitly: where JAX's join is a weak
 * node (weak int or weak float: i32 + 5.0, u64 + i64, 1 + 2, ...) JAX with
 * x64 answers the 64-bit default (int64/float64, weak); nabla answers the
 * default-mode int32/float32, still weak (nabla.h: "a result made only of
 * weak scalars is int32/float32"). Every other cell must equal JAX's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "frontend.h"

typedef struct {
  nb_dtype a;
  bool aw;
  nb_dtype b;
  bool bw;
  nb_dtype r;
  bool rw;
} promo_cell;
typedef struct {
  nb_shape a, b;
  bool ok;
  nb_shape r;
} bcast_cell;
#include "promotion_table.inc"

#define N(t) (sizeof(t) / sizeof(t[0]))

/* nabla's expectation for a JAX cell (see the comment at the top). */
static promo_cell expected(promo_cell c) {
  if (c.rw && c.r != NB_BOOL) {
    /* JAX's weak results are only ever its x64 defaults */
    assert_true(c.r == NB_I64 || c.r == NB_F64);
    c.r = c.r == NB_I64 ? NB_I32 : NB_F32;
  }
  return c;
}

static void fail_cell(const char *what, promo_cell c, nb_dtype got, bool gw) {
  print_error("%s: %s%s + %s%s: expected %s%s, got %s%s\n", what,
              nb_dtype_name(c.a), c.aw ? "(weak)" : "", nb_dtype_name(c.b),
              c.bw ? "(weak)" : "", nb_dtype_name(c.r), c.rw ? "(weak)" : "",
              nb_dtype_name(got), gw ? "(weak)" : "");
  fail();
}

static void test_lattice_matches_jax(void **state) {
  (void)state;
  int deviations = 0;
  for (size_t i = 0; i < N(add_table); i++) {
    promo_cell want = expected(add_table[i]);
    deviations += want.r != add_table[i].r;
    nb_ptype got = nb_fe_promote(want.a, want.aw, want.b, want.bw);
    if (got.dt != want.r || got.weak != want.rw)
      fail_cell("nb_fe_promote", want, got.dt, got.weak);
  }
  /* the documented difference covers only a few cells, e.g. 1 + 2.0 */
  assert_true(deviations > 0 && deviations < 40);
}

static void test_weak_defaults_explicitly(void **state) {
  (void)state;
  nb_ptype t = nb_fe_promote(NB_I32, false, NB_F32, true); /* i32 + 5.0 */
  assert_int_equal(t.dt, NB_F32);
  assert_true(t.weak);
  t = nb_fe_promote(NB_U64, false, NB_I64, false); /* JAX x64: float64 weak */
  assert_int_equal(t.dt, NB_F32);
  assert_true(t.weak);
  t = nb_fe_promote(NB_I32, true, NB_I32, true); /* 1 + 2 */
  assert_int_equal(t.dt, NB_I32);
  assert_true(t.weak);
  t = nb_fe_promote(NB_I8, false, NB_I32, true); /* int8 + 2 stays int8 */
  assert_int_equal(t.dt, NB_I8);
  assert_false(t.weak);
  t = nb_fe_promote(NB_U32, false, NB_I32, false); /* x64 lattice */
  assert_int_equal(t.dt, NB_I64);
}

/* A value of (dtype, weak) built with the DSL, as the JAX operand was. */
static nb_value operand(nb_fn *fn, nb_dtype dt, bool weak) {
  if (weak && dt == NB_I32)
    return nb_scalar_int(fn, 0);
  if (weak && dt == NB_F32)
    return nb_scalar(fn, 0.0);
  return nb_zeros(fn, dt, NB_SHAPE()); /* a Python bool is strong */
}

static void check_dsl(const promo_cell *table, size_t n, bool div) {
  nb_module *m = nb_module_create("promo");
  nb_fn *fn = nb_function(m, "f");
  for (size_t i = 0; i < n; i++) {
    promo_cell want = expected(table[i]);
    nb_value a = operand(fn, want.a, want.aw), b = operand(fn, want.b, want.bw);
    nb_value r = div ? nb_div(a, b) : nb_add(a, b);
    if (nb_value_dtype(r) != want.r || nb_value_weak(r) != want.rw)
      fail_cell(div ? "nb_div" : "nb_add", want, nb_value_dtype(r), nb_value_weak(r));
  }
  assert_int_equal(nb_module_errors(m), 0);
  nb_module_destroy(m);
}

static void test_dsl_add_matches_jax(void **state) {
  (void)state;
  check_dsl(add_table, N(add_table), false);
}

static void test_dsl_div_matches_jax(void **state) {
  (void)state;
  check_dsl(div_table, N(div_table), true);
}

static void test_broadcast_matches_numpy(void **state) {
  (void)state;
  for (size_t i = 0; i < N(bcast_table); i++) {
    nb_shape r;
    bool ok = nb_fe_broadcast_shapes(bcast_table[i].a, bcast_table[i].b, &r);
    assert_int_equal(ok, bcast_table[i].ok);
    if (ok)
      assert_true(nb_fe_shape_eq(r, bcast_table[i].r));
    /* broadcasting is symmetric */
    assert_int_equal(nb_fe_broadcast_shapes(bcast_table[i].b, bcast_table[i].a, NULL), ok);
  }
}

static void test_inexact_and_sum_dtypes(void **state) {
  (void)state;
  /* jnp.true_divide / jnp.mean: to_inexact_dtype */
  assert_int_equal(nb_fe_inexact(NB_I32), NB_F32);
  assert_int_equal(nb_fe_inexact(NB_BOOL), NB_F32);
  assert_int_equal(nb_fe_inexact(NB_U32), NB_F32);
  assert_int_equal(nb_fe_inexact(NB_I64), NB_F64);
  assert_int_equal(nb_fe_inexact(NB_U64), NB_F64);
  assert_int_equal(nb_fe_inexact(NB_BF16), NB_BF16);
  /* jnp.sum widens small ints to the default int (int32 in nabla) */
  assert_int_equal(nb_fe_sum_dtype(NB_BOOL), NB_I32);
  assert_int_equal(nb_fe_sum_dtype(NB_I8), NB_I32);
  assert_int_equal(nb_fe_sum_dtype(NB_U8), NB_U32);
  assert_int_equal(nb_fe_sum_dtype(NB_I64), NB_I64);
  assert_int_equal(nb_fe_sum_dtype(NB_F16), NB_F16);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_lattice_matches_jax),
      cmocka_unit_test(test_weak_defaults_explicitly),
      cmocka_unit_test(test_dsl_add_matches_jax),
      cmocka_unit_test(test_dsl_div_matches_jax),
      cmocka_unit_test(test_broadcast_matches_numpy),
      cmocka_unit_test(test_inexact_and_sum_dtypes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
