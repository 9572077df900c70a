/* gen_prng.c — runs at build time: JAX's key-splitting tutorial as a
 * compiled library (libprng.a + prng.h). Every function takes a key, the
 * uint32[2] array jax.random.PRNGKey returns, so keys can come from the host
 * (nbrt_prng_key, nbrt_prng_split) or from compiled code (split); the
 * layout is JAX's default (jax_threefry_partitionable=True). */
#include <nabla/nabla.h>

int main(void) {
  nb_module *m = nb_module_create("prng");

  nb_fn *f = nb_function(m, "key_from_seed"); /* jax.random.PRNGKey(seed) */
  nb_return(f, nb_random_key_from(nb_arg(f, "seed", NB_I32, NB_SHAPE())));
  nb_export(f);

  f = nb_function(m, "normal"); /* jax.random.normal(key, (3,)) */
  nb_return(f, nb_random_normal(nb_arg(f, "key", NB_U32, NB_SHAPE(2)), NB_SHAPE(3), NB_F32));
  nb_export(f);

  f = nb_function(m, "split"); /* key, subkey = jax.random.split(key) */
  nb_return(f, nb_random_split(nb_arg(f, "key", NB_U32, NB_SHAPE(2)), 2));
  nb_export(f);

  f = nb_function(m, "split3"); /* several subkeys at once */
  nb_return(f, nb_random_split(nb_arg(f, "key", NB_U32, NB_SHAPE(2)), 3));
  nb_export(f);

  /* A dropout mask and a uniform draw from subkeys split inside compiled
   * code: the key is a value like any other. */
  f = nb_function(m, "dropout_step");
  nb_value key = nb_arg(f, "key", NB_U32, NB_SHAPE(2));
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(8));
  nb_value keys = nb_random_split(key, 2);
  nb_return(f, nb_random_dropout(nb_index(keys, 0), x, 0.5),
            nb_random_uniform(nb_index(keys, 1), NB_SHAPE(4), NB_F32, -1.0, 1.0));
  nb_export(f);

  int rc = nb_compile(m, .target = NB_TARGET_CPU, .out = "prng");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
