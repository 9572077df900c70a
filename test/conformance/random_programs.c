/* random_programs.c — a generator of jax.random-style programs for
 * test_random.py: one exported function per line of a case file, each
 * taking a key (uint32(2,)) and returning one draw, all in one module
 * compiled in the requested PRNG layout. test_random.py writes the case
 * file and runs the same draws in jax.random.
 *
 * usage: random_programs CASES OUT_DIR partitionable|legacy
 * case line: KIND NAME DTYPE SHAPE A B   (SHAPE "3,5", "-" for a scalar);
 * the fold_in_value kinds take a second argument, the data (dtype DTYPE,
 * shape SHAPE)
 * writes conf_random.o, libconf_random.a, conf_random.h */
#include <nabla/nabla.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static nb_dtype dtype_of(const char *s) {
  static const struct { const char *n; nb_dtype d; } t[] = {
      {"u8", NB_U8},   {"u16", NB_U16}, {"u32", NB_U32},   {"u64", NB_U64}, {"i8", NB_I8},
      {"i16", NB_I16}, {"i32", NB_I32}, {"i64", NB_I64},   {"f16", NB_F16}, {"bf16", NB_BF16},
      {"f32", NB_F32}, {"f64", NB_F64}, {"bool", NB_BOOL},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (!strcmp(t[i].n, s))
      return t[i].d;
  return NB_INVALID_DTYPE;
}

static nb_shape shape_of(char *s) {
  nb_shape sh = {.rank = 0};
  if (!strcmp(s, "-"))
    return sh;
  for (char *p = strtok(s, ","); p && sh.rank < NB_MAX_RANK; p = strtok(NULL, ","))
    sh.dims[sh.rank++] = atoll(p);
  return sh;
}

static int64_t size_of(nb_shape s) {
  int64_t n = 1;
  for (int i = 0; i < s.rank; i++)
    n *= s.dims[i];
  return n;
}

/* Helpers for the kinds that check keys flowing through transforms: a
 * sampler of one key (vmapped over split keys), and a function of (x, key)
 * differentiated with respect to x only (keys are integers: no gradient). */
static nb_fn *helper(nb_module *m, const char *kind, const char *name, nb_dtype dt, nb_shape s) {
  char hname[160];
  snprintf(hname, sizeof hname, "%s_helper", name);
  nb_fn *h = nb_function(m, hname);
  if (!strcmp(kind, "vmap_normal")) {
    nb_value key = nb_arg(h, "key", NB_U32, NB_SHAPE(2));
    nb_return(h, nb_random_normal(key, s, dt));
  } else if (!strcmp(kind, "vmap_fold_in_value")) { /* fold_in(key, one step) */
    nb_value key = nb_arg(h, "key", NB_U32, NB_SHAPE(2));
    nb_return(h, nb_random_fold_in_value(key, nb_arg(h, "step", dt, NB_SHAPE())));
  } else { /* grad_key: sum(sin(x) * normal(key)) */
    nb_value x = nb_arg(h, "x", dt, s);
    nb_value key = nb_arg(h, "key", NB_U32, NB_SHAPE(2));
    nb_return(h, nb_sum_all(nb_mul(nb_sin(x), nb_random_normal(key, s, dt))));
  }
  return h;
}

static void build(nb_module *m, const char *kind, const char *name, nb_dtype dt, nb_shape s,
                  double a, double b) {
  bool transformed = !strcmp(kind, "vmap_normal") || !strcmp(kind, "grad_key") ||
                     !strcmp(kind, "vmap_fold_in_value");
  nb_fn *h = transformed ? helper(m, kind, name, dt, s) : NULL;
  nb_fn *fn = nb_function(m, name);
  nb_value r;
  if (!strcmp(kind, "key_const")) { /* the seed is a; the key argument is unused */
    nb_arg(fn, "unused", NB_U32, NB_SHAPE(2));
    r = nb_random_key(fn, (int64_t)a);
  } else if (!strcmp(kind, "key_from")) {
    r = nb_random_key_from(nb_arg(fn, "seed", dt, NB_SHAPE()));
  } else {
    nb_value key = nb_arg(fn, "key", NB_U32, NB_SHAPE(2));
    if (!strcmp(kind, "split"))
      r = nb_random_split(key, (int64_t)a);
    else if (!strcmp(kind, "fold_in"))
      r = nb_random_fold_in(key, (uint32_t)(int64_t)a);
    else if (!strcmp(kind, "bits"))
      r = nb_random_bits(key, dt, s);
    else if (!strcmp(kind, "uniform"))
      r = nb_random_uniform(key, s, dt, a, b);
    else if (!strcmp(kind, "normal"))
      r = nb_random_normal(key, s, dt);
    else if (!strcmp(kind, "bernoulli"))
      r = nb_random_bernoulli(key, a, s);
    else if (!strcmp(kind, "randint"))
      r = nb_random_randint(key, s, (int64_t)a, (int64_t)b, dt);
    else if (!strcmp(kind, "truncated_normal"))
      r = nb_random_truncated_normal(key, a, b, s, dt);
    else if (!strcmp(kind, "categorical")) /* logits = log of 1..n along the last axis */
      r = nb_random_categorical(
          key, nb_log(nb_add(nb_iota(fn, dt, s, s.rank - 1), nb_scalar(fn, 1.0))), -1);
    else if (!strcmp(kind, "dropout"))
      r = nb_random_dropout(key, nb_add(nb_iota(fn, dt, s, 0), nb_scalar(fn, 1.0)), a);
    else if (!strcmp(kind, "permutation")) /* n is a */
      r = nb_random_permutation(key, (int64_t)a);
    else if (!strcmp(kind, "shuffle")) /* arange(size) reshaped to s, along axis a */
      r = nb_random_shuffle(key, nb_reshape(nb_iota(fn, dt, NB_SHAPE(size_of(s)), 0), s), (int)a);
    else if (!strcmp(kind, "vmap_normal")) /* vmap(normal) over split(key, a) */
      r = nb_call1(nb_vmap(h), nb_random_split(key, (int64_t)a));
    else if (!strcmp(kind, "grad_key")) /* grad wrt x at x = ones: cos(1) * normal(key) */
      r = nb_call1(nb_grad(h), nb_ones(fn, dt, s), key);
    else if (!strcmp(kind, "split_then_normal")) /* keys as values: split, index, draw */
      r = nb_random_normal(nb_index(nb_random_split(key, 3), 2), s, dt);
    else if (!strcmp(kind, "fold_in_value")) /* data: a second argument, dtype dt */
      r = nb_random_fold_in_value(key, nb_arg(fn, "data", dt, NB_SHAPE()));
    else if (!strcmp(kind, "vmap_fold_in_value")) /* the key shared, steps of shape s */
      r = nb_call1(nb_vmap(h, .in_axes = NB_AXES(NB_NONE, 0)), key, nb_arg(fn, "steps", dt, s));
    else {
      fprintf(stderr, "unknown kind %s\n", kind);
      exit(2);
    }
  }
  nb_return(fn, r);
  nb_export(fn);
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: random_programs CASES OUT_DIR partitionable|legacy\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  if (!f)
    return 2;
  nb_module *m = nb_module_create("conf_random");
  if (!strcmp(argv[3], "legacy"))
    nb_module_set_prng_mode(m, NB_PRNG_LEGACY);
  char kind[64], name[128], dt[16], shape[128];
  double a, b;
  while (fscanf(f, "%63s %127s %15s %127s %lf %lf", kind, name, dt, shape, &a, &b) == 6)
    build(m, kind, name, dtype_of(dt), shape_of(shape), a, b);
  fclose(f);
  int rc = nb_compile(m, .out = "conf_random", .out_dir = argv[2]);
  nb_module_destroy(m);
  return rc;
}
