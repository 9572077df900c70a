/* prng.c — JAX's Threefry-2x32 PRNG on the host: keys from seeds, split and
 * fold_in, so a C program can seed and derive keys without calling compiled
 * code, and get the same keys as jax.random for the same seed.
 *
 * The algorithms and their two layouts (jax_threefry_partitionable True,
 * the default since JAX 0.5, and the legacy False) are spelled out in
 * docs/jax-semantics.md §1-3; the tests hold them to the published
 * vectors and to jax.random itself. */
#include "nabla/runtime.h"

static uint32_t rotl(uint32_t v, int r) { return (v << r) | (v >> (32 - r)); }

void nbrt_threefry2x32(const uint32_t key[2], const uint32_t count[2], uint32_t out[2]) {
  static const int rot[2][4] = {{13, 15, 26, 6}, {17, 29, 16, 24}};
  /* Threefish's key-schedule parity constant, top 32 bits. */
  const uint32_t ks[3] = {key[0], key[1], key[0] ^ key[1] ^ 0x1BD11BDAu};
  uint32_t x0 = count[0] + ks[0], x1 = count[1] + ks[1];
  for (int g = 0; g < 5; g++) {
    for (int r = 0; r < 4; r++) {
      x0 += x1;
      x1 = rotl(x1, rot[g % 2][r]);
      x1 ^= x0;
    }
    x0 += ks[(g + 1) % 3];
    x1 += ks[(g + 2) % 3] + (uint32_t)(g + 1);
  }
  out[0] = x0;
  out[1] = x1;
}

static int null_argument(const char *message) {
  nbrt__set_error(NBRT_ERR_INVALID, message);
  return NBRT_ERR_INVALID;
}

int nbrt_prng_key(int64_t seed, uint32_t out_key[2]) {
  if (!out_key)
    return null_argument("nbrt_prng_key: null output key");
  /* JAX's default (x32) mode canonicalizes the seed to 32 bits: the high
   * word of the key is 0 and the low word is the seed's low 32 bits. */
  out_key[0] = 0;
  out_key[1] = (uint32_t)((uint64_t)seed & 0xFFFFFFFFu);
  return NBRT_OK;
}

int nbrt_prng_key_x64(int64_t seed, uint32_t out_key[2]) {
  if (!out_key)
    return null_argument("nbrt_prng_key_x64: null output key");
  out_key[0] = (uint32_t)((uint64_t)seed >> 32);
  out_key[1] = (uint32_t)((uint64_t)seed & 0xFFFFFFFFu);
  return NBRT_OK;
}

int nbrt_prng_fold_in(const uint32_t key[2], uint32_t data, uint32_t out_key[2]) {
  if (!key || !out_key)
    return null_argument("nbrt_prng_fold_in: null key or output key");
  const uint32_t count[2] = {0, data};
  nbrt_threefry2x32(key, count, out_key);
  return NBRT_OK;
}

int nbrt_prng_split(const uint32_t key[2], size_t n, int mode, uint32_t *out_keys) {
  if (!key || (!out_keys && n) || (mode != NBRT_PRNG_PARTITIONABLE && mode != NBRT_PRNG_LEGACY)) {
    nbrt__set_error(NBRT_ERR_INVALID, "nbrt_prng_split: null key/output or unknown mode");
    return NBRT_ERR_INVALID;
  }
  if (mode == NBRT_PRNG_LEGACY && n > 0x7FFFFFFFu) {
    nbrt__set_error(NBRT_ERR_INVALID, "nbrt_prng_split: legacy mode takes at most 2^31-1 keys");
    return NBRT_ERR_INVALID;
  }
  for (size_t i = 0; i < n; i++) {
    uint32_t y[2];
    if (mode == NBRT_PRNG_PARTITIONABLE) {
      /* key_i = block(key, hi32(i), lo32(i)) */
      const uint32_t count[2] = {(uint32_t)((uint64_t)i >> 32), (uint32_t)i};
      nbrt_threefry2x32(key, count, y);
      out_keys[2 * i] = y[0];
      out_keys[2 * i + 1] = y[1];
    } else {
      /* threefry_2x32(key, iota(2n)) pairs count i with i + n and lays out
       * all first words, then all second words; keys are read two words at
       * a time from that. */
      const uint32_t count[2] = {(uint32_t)i, (uint32_t)(i + n)};
      nbrt_threefry2x32(key, count, y);
      out_keys[i] = y[0];
      out_keys[n + i] = y[1];
    }
  }
  return NBRT_OK;
}
