/* test_prng_host.c — the runtime's host PRNG against published vectors:
 * Random123's known answers for the block function and the values in JAX's
 * own tests (tests/random_test.py; docs/jax-semantics.md §1, §2, §10).
 * test_prng_host.py compares with jax.random itself on many seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "nabla/runtime.h"

static void block_known_answers(void **state) {
  (void)state;
  static const uint32_t cases[][6] = {
      /* key0, key1, x0, x1, y0, y1 */
      {0, 0, 0, 0, 0x6b200159u, 0x99ba4efeu},
      {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x1cb996fcu, 0xbb002be7u},
      {0x13198a2eu, 0x03707344u, 0x243f6a88u, 0x85a308d3u, 0xc4923a9cu, 0x483df7a0u},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint32_t y[2];
    nbrt_threefry2x32(cases[i], cases[i] + 2, y);
    assert_int_equal(y[0], cases[i][4]);
    assert_int_equal(y[1], cases[i][5]);
  }
}

static void seeds(void **state) {
  (void)state;
  uint32_t k[2];
  /* x32 mode (JAX's default) */
  static const struct { int64_t seed; uint32_t k0, k1; } x32[] = {
      {0, 0, 0}, {1, 0, 1}, {-1, 0, 4294967295u}, {-2, 0, 4294967294u},
      {2147483647LL + 100, 0, 2147483747u}, {-2147483648LL - 100, 0, 2147483548u}};
  for (size_t i = 0; i < sizeof x32 / sizeof x32[0]; i++) {
    nbrt_prng_key(x32[i].seed, k);
    assert_int_equal(k[0], x32[i].k0);
    assert_int_equal(k[1], x32[i].k1);
  }
  /* x64 mode */
  nbrt_prng_key_x64(-1, k);
  assert_int_equal(k[0], 4294967295u);
  assert_int_equal(k[1], 4294967295u);
  nbrt_prng_key_x64(-2147483648LL - 100, k);
  assert_int_equal(k[0], 4294967295u);
  assert_int_equal(k[1], 2147483548u);
}

static void split_and_fold_in(void **state) {
  (void)state;
  uint32_t key[2], out[8];
  nbrt_prng_key(0, key);
  /* legacy: split(PRNGKey(0)) and split(PRNGKey(0), 4) */
  static const uint32_t legacy2[4] = {4146024105u, 967050713u, 2718843009u, 1272950319u};
  assert_int_equal(nbrt_prng_split(key, 2, NBRT_PRNG_LEGACY, out), NBRT_OK);
  assert_memory_equal(out, legacy2, sizeof legacy2);
  static const uint32_t legacy4[8] = {2285895361u, 1501764800u, 1518642379u, 4090693311u,
                                      433833334u,  4221794875u, 839183663u,  3740430601u};
  assert_int_equal(nbrt_prng_split(key, 4, NBRT_PRNG_LEGACY, out), NBRT_OK);
  assert_memory_equal(out, legacy4, sizeof legacy4);
  /* partitionable: split(key(0)) */
  static const uint32_t part2[4] = {1797259609u, 2579123966u, 928981903u, 3453687069u};
  assert_int_equal(nbrt_prng_split(key, 2, NBRT_PRNG_PARTITIONABLE, out), NBRT_OK);
  assert_memory_equal(out, part2, sizeof part2);
  /* fold_in(PRNGKey(0), 4) and the partitionable split = fold_in symmetry */
  uint32_t f[2];
  nbrt_prng_fold_in(key, 4, f);
  assert_int_equal(f[0], 2285895361u);
  assert_int_equal(f[1], 433833334u);
  nbrt_prng_fold_in(key, 1, f);
  assert_memory_equal(f, part2 + 2, sizeof f);
}

static void bad_calls_return_status(void **state) {
  (void)state;
  uint32_t key[2] = {0, 0}, out[2];
  nbrt_clear_error();
  assert_int_equal(nbrt_prng_split(key, 1, 7, out), NBRT_ERR_INVALID);
  assert_int_equal(nbrt_last_status(), NBRT_ERR_INVALID);
  assert_non_null(nbrt_last_error());
  assert_int_equal(nbrt_prng_split(key, 1, NBRT_PRNG_LEGACY, NULL), NBRT_ERR_INVALID);
  assert_int_equal(nbrt_prng_split(key, 0, NBRT_PRNG_LEGACY, NULL), NBRT_OK);
  /* null keys: a status and a message naming the function, never a crash */
  nbrt_clear_error();
  assert_int_equal(nbrt_prng_key(1, NULL), NBRT_ERR_INVALID);
  assert_string_equal(nbrt_last_error(), "nbrt_prng_key: null output key");
  assert_int_equal(nbrt_prng_key_x64(1, NULL), NBRT_ERR_INVALID);
  assert_int_equal(nbrt_prng_fold_in(NULL, 3, out), NBRT_ERR_INVALID);
  assert_string_equal(nbrt_last_error(), "nbrt_prng_fold_in: null key or output key");
  assert_int_equal(nbrt_prng_fold_in(key, 3, NULL), NBRT_ERR_INVALID);
  assert_int_equal(nbrt_prng_key(1, out), NBRT_OK);
  assert_int_equal(nbrt_prng_fold_in(key, 3, out), NBRT_OK);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(block_known_answers),
      cmocka_unit_test(seeds),
      cmocka_unit_test(split_and_fold_in),
      cmocka_unit_test(bad_calls_return_status),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
