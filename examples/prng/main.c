/* main.c — JAX's "pseudorandom numbers" tutorial in C, with samplers
 * compiled at build time (prng.h) and keys made on the host (runtime/
 * prng.c) or in compiled code; both give the keys jax.random gives.
 *
 *   same key -> same numbers; split -> new keys; several subkeys at once;
 *   a host key (nbrt_prng_key) passed into compiled samplers.
 * The numbers are checked against jax.random.normal(jax.random.key(0), (3,))
 * (docs/jax-semantics.md §10) and the host split against the compiled one. */
#include <stdio.h>
#include <string.h>

#include "nabla/runtime.h"
#include "prng.h"

static void print_key(const char *what, const uint32_t *k) {
  printf("%-28s [%10u, %10u]\n", what, k[0], k[1]);
}

static void print_f32(const char *what, const float *v, int n) {
  printf("%-28s [", what);
  for (int i = 0; i < n; i++)
    printf(i ? ", %.8g" : "%.8g", v[i]);
  printf("]\n");
}

int main(void) {
  int bad = 0;
  uint32_t key[2], key2[2];
  nbrt_prng_key(0, key); /* jax.random.key(0): [0, 0] */
  int32_t seed = 0;
  if (prng_key_from_seed(&seed, key2) != 0)
    return 1;
  print_key("host key(0):", key);
  print_key("compiled key(0):", key2);
  bad |= memcmp(key, key2, sizeof key) != 0;

  /* Same key, same numbers: a key is not state. */
  float a[3], b[3];
  prng_normal(key, a);
  prng_normal(key, b);
  print_f32("normal(key, (3,)):", a, 3);
  print_f32("normal(key, (3,)) again:", b, 3);
  const float jax[3] = {1.6226422f, 2.0252647f, -0.43359444f}; /* published */
  bad |= memcmp(a, b, sizeof a) != 0 || memcmp(a, jax, sizeof a) != 0;

  /* Split for new keys: key, subkey = split(key). */
  uint32_t keys[2][2], host[2][2];
  prng_split(key, &keys[0][0]);
  nbrt_prng_split(key, 2, NBRT_PRNG_PARTITIONABLE, &host[0][0]);
  print_key("split(key)[0] (new key):", keys[0]);
  print_key("split(key)[1] (subkey):", keys[1]);
  bad |= memcmp(keys, host, sizeof keys) != 0;
  prng_normal(keys[1], a);
  print_f32("normal(subkey, (3,)):", a, 3);

  /* Several subkeys at once. */
  uint32_t three[3][2];
  prng_split3(key, &three[0][0]);
  for (int i = 0; i < 3; i++) {
    char what[32];
    snprintf(what, sizeof what, "split(key, 3)[%d]:", i);
    print_key(what, three[i]);
  }

  /* Keys split inside compiled code: a dropout mask and a uniform draw. */
  float x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, dropped[8], u[4];
  prng_dropout_step(three[0], x, dropped, u);
  print_f32("dropout(x, 0.5):", dropped, 8);
  print_f32("uniform(-1, 1):", u, 4);

  printf(bad ? "MISMATCH with jax.random\n" : "matches jax.random\n");
  return bad;
}
