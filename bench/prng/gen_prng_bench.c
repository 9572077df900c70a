/* gen_prng_bench.c — the PRNG benchmark's kernels (issue 5): random_bits
 * (uint32) and normal (f32) of 2^24 elements from a key argument, default
 * (partitionable) layout. usage: gen_prng_bench OUT_DIR -> libprb.a, prb.h */
#include <nabla/nabla.h>

int main(int argc, char **argv) {
  nb_module *m = nb_module_create("prb");
  nb_fn *f = nb_function(m, "bits");
  nb_return(f, nb_random_bits(nb_arg(f, "key", NB_U32, NB_SHAPE(2)), NB_U32, NB_SHAPE(1 << 24)));
  nb_export(f);
  f = nb_function(m, "normal");
  nb_return(f, nb_random_normal(nb_arg(f, "key", NB_U32, NB_SHAPE(2)), NB_SHAPE(1 << 24), NB_F32));
  nb_export(f);
  int rc = nb_compile(m, .out = "prb", .out_dir = argc > 1 ? argv[1] : ".");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
