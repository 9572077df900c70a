/* nabla/random.h — random numbers (jax.random, Threefry-2x32): part of the DSL, split out of nabla.h
 * (which includes it at its end); including either gives the whole DSL. */
#ifndef NABLA_RANDOM_H
#define NABLA_RANDOM_H

#include "nabla/nabla.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- random numbers (jax.random, Threefry-2x32) ---------------------------
 *
 * Bit-exact with jax.random for the same key. A key is an ordinary
 * uint32(2,) value (jax.random.PRNGKey's raw data): it can be a function
 * argument (e.g. from nbrt_prng_key on the host), be split and folded, and
 * flows through calls, grad (no derivative), vmap and loops like any array.
 * Samplers consume a key; use a fresh subkey per draw, as in JAX.
 *
 * Layout: jax_threefry_partitionable=True (JAX >= 0.5's default) unless the
 * module is set to NB_PRNG_LEGACY (jax_threefry_partitionable=False, JAX <
 * 0.5); it changes split and every draw, not keys or fold_in. The mode
 * applies to the whole module (it is read as functions are built: set it
 * before building them). Shapes are static; a draw has fewer than 2^31
 * elements. Not yet: permutation/shuffle (they need a sort op). */
typedef enum nb_prng_mode { NB_PRNG_PARTITIONABLE = 0, NB_PRNG_LEGACY = 1 } nb_prng_mode;
void nb_module_set_prng_mode(nb_module *m, nb_prng_mode mode);
nb_prng_mode nb_module_prng_mode(const nb_module *m);

/* jax.random.PRNGKey(seed) in JAX's default x32 mode ([0, low 32 bits]);
 * _x64: as with jax_enable_x64 ([seed >> 32, low 32 bits]); _from: from an
 * integer scalar value (int32 seeds give [0, seed], int64 ones [hi, lo]). */
#define nb_random_key(fn, seed) nb__random_key((fn), (seed), __FILE__, __LINE__)
nb_value nb__random_key(nb_fn *fn, int64_t seed, const char *file, int line);
#define nb_random_key_x64(fn, seed) nb__random_key_x64((fn), (seed), __FILE__, __LINE__)
nb_value nb__random_key_x64(nb_fn *fn, int64_t seed, const char *file, int line);
#define nb_random_key_from(seed) nb__random_key_from((seed), __FILE__, __LINE__)
nb_value nb__random_key_from(nb_value seed, const char *file, int line);
/* split(key, n): uint32(n, 2), one key per row (nb_index(keys, i)). */
#define nb_random_split(key, n) nb__random_split((key), (n), __FILE__, __LINE__)
nb_value nb__random_split(nb_value key, int64_t n, const char *file, int line);
#define nb_random_fold_in(key, data) nb__random_fold_in((key), (data), __FILE__, __LINE__)
nb_value nb__random_fold_in(nb_value key, uint32_t data, const char *file, int line);
/* fold_in with data computed in the program (a step counter): an integer
 * or bool scalar, converted as jax.random.fold_in does (jnp.uint32(data):
 * the low 32 bits, two's complement for negative values). */
#define nb_random_fold_in_value(key, data)                                     \
  nb__random_fold_in_value((key), (data), __FILE__, __LINE__)
nb_value nb__random_fold_in_value(nb_value key, nb_value data, const char *file, int line);
/* random.bits: dtype NB_U8, NB_U16, NB_U32 or NB_U64. */
#define nb_random_bits(key, dtype, shape)                                      \
  nb__random_bits((key), (dtype), (shape), __FILE__, __LINE__)
nb_value nb__random_bits(nb_value key, nb_dtype dtype, nb_shape shape,
                         const char *file, int line);
/* uniform in [minval, maxval) of a float dtype (f16, bf16, f32, f64). */
#define nb_random_uniform(key, shape, dtype, minval, maxval)                   \
  nb__random_uniform((key), (shape), (dtype), (minval), (maxval), __FILE__, __LINE__)
nb_value nb__random_uniform(nb_value key, nb_shape shape, nb_dtype dtype,
                            double minval, double maxval, const char *file,
                            int line);
#define nb_random_normal(key, shape, dtype)                                    \
  nb__random_normal((key), (shape), (dtype), __FILE__, __LINE__)
nb_value nb__random_normal(nb_value key, nb_shape shape, nb_dtype dtype,
                           const char *file, int line);
/* bernoulli(key, p, shape): bool, true with probability p (float32 draw). */
#define nb_random_bernoulli(key, p, shape)                                     \
  nb__random_bernoulli((key), (p), (shape), __FILE__, __LINE__)
nb_value nb__random_bernoulli(nb_value key, double p, nb_shape shape,
                              const char *file, int line);
/* randint in [minval, maxval) of an integer dtype (JAX's clipping rules). */
#define nb_random_randint(key, shape, minval, maxval, dtype)                   \
  nb__random_randint((key), (shape), (minval), (maxval), (dtype), __FILE__, __LINE__)
nb_value nb__random_randint(nb_value key, nb_shape shape, int64_t minval,
                            int64_t maxval, nb_dtype dtype, const char *file,
                            int line);
/* truncated_normal in (lower, upper), f32 or f64. */
#define nb_random_truncated_normal(key, lower, upper, shape, dtype)            \
  nb__random_truncated_normal((key), (lower), (upper), (shape), (dtype),       \
                              __FILE__, __LINE__)
nb_value nb__random_truncated_normal(nb_value key, double lower, double upper,
                                     nb_shape shape, nb_dtype dtype,
                                     const char *file, int line);
/* categorical(key, logits, axis): int32 indices, logits' shape without axis. */
#define nb_random_categorical(key, logits, axis)                               \
  nb__random_categorical((key), (logits), (axis), __FILE__, __LINE__)
nb_value nb__random_categorical(nb_value key, nb_value logits, int axis,
                                const char *file, int line);
/* Dropout (flax.linen.Dropout): x / (1 - rate) where bernoulli(1 - rate),
 * else 0. */
#define nb_random_dropout(key, x, rate)                                        \
  nb__random_dropout((key), (x), (rate), __FILE__, __LINE__)
nb_value nb__random_dropout(nb_value key, nb_value x, double rate,
                            const char *file, int line);

/* permutation(key, n): a random permutation of 0..n-1 as int32, as
 * jax.random.permutation(key, n) draws it. */
#define nb_random_permutation(key, n)                                          \
  nb__random_permutation((key), (n), __FILE__, __LINE__)
nb_value nb__random_permutation(nb_value key, int64_t n, const char *file,
                                int line);
/* shuffle(key, x, axis): x reordered along axis by jax.random's _shuffle
 * (what jax.random.shuffle and permutation(key, x, independent=True) do). */
#define nb_random_shuffle(key, x, axis)                                        \
  nb__random_shuffle((key), (x), (axis), __FILE__, __LINE__)
nb_value nb__random_shuffle(nb_value key, nb_value x, int axis,
                            const char *file, int line);

#ifdef __cplusplus
}
#endif
#endif
