/* numpy_programs.c — a generator of programs over the jax.numpy / jax.nn /
 * optax helpers (numpy.h, nn.h) for test_numpy.py: one exported function
 * per line of a case file, and a manifest of each function's result types
 * (the dtype and shape the DSL gave), which test_numpy.py checks against
 * JAX's before calling.
 *
 * usage: numpy_programs CASES OUT_DIR
 * case line: KIND NAME ARGS AXES INTS D0 D1 D2 STR
 *   ARGS "f32:3,4;i32:3" ("f32:" a scalar), AXES/INTS "1,-1", "all" (NB_AXES())
 *   or "-"; a KIND starting "grad_" is nb_grad with respect to argument 0 of
 *   sum(KIND(args) * w), w = cos(0.7 i + 0.3) over the result's elements.
 * writes conf_numpy.o, libconf_numpy.a, conf_numpy.h, manifest.txt */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <nabla/nabla.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *n; nb_dtype d; } DTYPES[] = {
    {"u8", NB_U8},   {"u16", NB_U16}, {"u32", NB_U32},   {"u64", NB_U64}, {"i8", NB_I8},
    {"i16", NB_I16}, {"i32", NB_I32}, {"i64", NB_I64},   {"f16", NB_F16}, {"bf16", NB_BF16},
    {"f32", NB_F32}, {"f64", NB_F64}, {"bool", NB_BOOL},
};
#define NDTYPES (sizeof DTYPES / sizeof DTYPES[0])

static nb_dtype dtype_of(const char *s) {
  for (size_t i = 0; i < NDTYPES; i++)
    if (!strcmp(DTYPES[i].n, s))
      return DTYPES[i].d;
  return NB_INVALID_DTYPE;
}

static const char *dtype_name(nb_dtype d) {
  for (size_t i = 0; i < NDTYPES; i++)
    if (DTYPES[i].d == d)
      return DTYPES[i].n;
  return "invalid";
}

static nb_ints ints_of(const char *s) {
  nb_ints r = {0};
  if (!strcmp(s, "-") || !strcmp(s, "all"))
    return r;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", s);
  for (char *p = strtok(buf, ","); p && r.n < NB_MAX_INTS; p = strtok(NULL, ","))
    r.v[r.n++] = atoll(p);
  return r;
}

typedef struct {
  nb_ints axes, ints;
  double d[3];
  const char *str;
} params;

#define MAX_OUT 16

/* KIND applied to args; results into out, their number returned. */
static int apply(nb_fn *fn, const char *k, const nb_value *a, const params *p, nb_value *out) {
  nb_ints ax = p->axes, in = p->ints;
  nb_value x = a[0], y = a[1];
  nb_value r = {0};
  if (!strcmp(k, "sum_k")) r = nb_sum_keepdims(x, ax);
  else if (!strcmp(k, "mean_k")) r = nb_mean_keepdims(x, ax);
  else if (!strcmp(k, "max_k")) r = nb_max_keepdims(x, ax);
  else if (!strcmp(k, "min_k")) r = nb_min_keepdims(x, ax);
  else if (!strcmp(k, "var")) r = nb_var(x, ax, (int)in.v[0]);
  else if (!strcmp(k, "var_k")) r = nb_var_keepdims(x, ax, (int)in.v[0]);
  else if (!strcmp(k, "std")) r = nb_std(x, ax, (int)in.v[0]);
  else if (!strcmp(k, "std_k")) r = nb_std_keepdims(x, ax, (int)in.v[0]);
  else if (!strcmp(k, "logsumexp")) r = nb_logsumexp(x, ax);
  else if (!strcmp(k, "logsumexp_k")) r = nb_logsumexp_keepdims(x, ax);
  else if (!strcmp(k, "softmax")) r = nb_softmax(x, ax);
  else if (!strcmp(k, "log_softmax")) r = nb_log_softmax(x, ax);
  else if (!strcmp(k, "one_hot")) r = nb_one_hot(x, in.v[0], dtype_of(p->str));
  else if (!strcmp(k, "relu")) r = nb_relu(x);
  else if (!strcmp(k, "relu6")) r = nb_relu6(x);
  else if (!strcmp(k, "gelu_tanh")) r = nb_gelu(x, true);
  else if (!strcmp(k, "gelu_erf")) r = nb_gelu(x, false);
  else if (!strcmp(k, "silu")) r = nb_silu(x);
  else if (!strcmp(k, "softplus")) r = nb_softplus(x);
  else if (!strcmp(k, "log_sigmoid")) r = nb_log_sigmoid(x);
  else if (!strcmp(k, "sigmoid")) r = nb_sigmoid(x);
  else if (!strcmp(k, "elu")) r = nb_elu(x, p->d[0]);
  else if (!strcmp(k, "leaky_relu")) r = nb_leaky_relu(x, p->d[0]);
  else if (!strcmp(k, "selu")) r = nb_selu(x);
  else if (!strcmp(k, "celu")) r = nb_celu(x, p->d[0]);
  else if (!strcmp(k, "sce")) r = nb_softmax_cross_entropy(x, y);
  else if (!strcmp(k, "sce_int")) r = nb_softmax_cross_entropy_with_integer_labels(x, y);
  else if (!strcmp(k, "sbce")) r = nb_sigmoid_binary_cross_entropy(x, y);
  else if (!strcmp(k, "l2")) r = nb_l2_loss(x, y);
  else if (!strcmp(k, "se")) r = nb_squared_error(x, y);
  else if (!strcmp(k, "eye")) r = nb_eye(fn, in.v[0], in.v[1], in.v[2], dtype_of(p->str));
  else if (!strcmp(k, "linspace"))
    r = nb_linspace(fn, p->d[0], p->d[1], in.v[0], in.v[1] != 0, dtype_of(p->str));
  else if (!strcmp(k, "arange"))
    r = nb_arange_step(fn, p->d[0], p->d[1], p->d[2], dtype_of(p->str));
  else if (!strcmp(k, "outer")) r = nb_outer(x, y);
  else if (!strcmp(k, "inner")) r = nb_inner(x, y);
  else if (!strcmp(k, "tensordot")) r = nb_tensordot(x, y, (int)in.v[0]);
  else if (!strcmp(k, "tensordot_axes")) r = nb_tensordot_axes(x, y, ax, in);
  else if (!strcmp(k, "einsum")) r = nb_einsum(p->str, x, y);
  else if (!strcmp(k, "tile")) r = nb_tile(x, in);
  else if (!strcmp(k, "repeat")) r = nb_repeat(x, in.v[0], (int)in.v[1]);
  else if (!strcmp(k, "split")) return nb_split(x, (int)in.v[0], (int)in.v[1], out);
  else if (!strcmp(k, "split_at")) return nb_split_at(x, ax, (int)in.v[0], out);
  else if (!strcmp(k, "fold_in_value")) r = nb_random_fold_in_value(x, y);
  else if (!strcmp(k, "hstack")) r = nb_hstack(a, (int)in.v[0]);
  else if (!strcmp(k, "vstack")) r = nb_vstack(a, (int)in.v[0]);
  else {
    fprintf(stderr, "unknown kind %s\n", k);
    exit(2);
  }
  out[0] = r;
  return 1;
}

static int nargs;
static nb_dtype arg_dt[8];
static nb_shape arg_shape[8];

static void parse_args(char *s) {
  nargs = 0;
  if (!strcmp(s, "-"))
    return;
  for (char *save = NULL, *p = strtok_r(s, ";", &save); p; p = strtok_r(NULL, ";", &save)) {
    char *colon = strchr(p, ':');
    *colon = 0;
    arg_dt[nargs] = dtype_of(p);
    nb_shape sh = {0};
    for (char *save2 = NULL, *q = strtok_r(colon + 1, ",", &save2); q; q = strtok_r(NULL, ",", &save2))
      sh.dims[sh.rank++] = atoll(q);
    arg_shape[nargs++] = sh;
  }
}

static const char *ARG_NAMES[] = {"a", "b", "c", "d", "e", "f", "g", "h"};

static void manifest(FILE *mf, const char *name, const nb_value *r, int n) {
  fprintf(mf, "%s %d", name, n);
  for (int i = 0; i < n; i++) {
    nb_shape s = nb_value_shape(r[i]);
    fprintf(mf, " %s:", dtype_name(nb_value_dtype(r[i])));
    for (int d = 0; d < s.rank; d++)
      fprintf(mf, "%s%lld", d ? "," : "", (long long)s.dims[d]);
  }
  fprintf(mf, "\n");
}

static void build(nb_module *m, FILE *mf, const char *kind, const char *name, const params *p) {
  bool grad = !strncmp(kind, "grad_", 5);
  char h[160]; /* a grad case's loss is a private helper of its own */
  snprintf(h, sizeof h, "%s_loss", name);
  nb_fn *fn = nb_function(m, grad ? h : name);
  nb_value a[8] = {{0}}, out[MAX_OUT];
  for (int i = 0; i < nargs; i++)
    a[i] = nb_arg(fn, ARG_NAMES[i], arg_dt[i], arg_shape[i]);
  int n = apply(fn, grad ? kind + 5 : kind, a, p, out);
  if (!grad) {
    nb__return(fn, out, n, __FILE__, __LINE__);
    nb_export(fn);
    manifest(mf, name, out, n);
    return;
  }
  nb_shape s = nb_value_shape(out[0]);
  int64_t size = 1;
  for (int d = 0; d < s.rank; d++)
    size *= s.dims[d];
  nb_value w = nb_cos(nb_add(nb_mul(nb_iota(fn, NB_F32, NB_SHAPE(size), 0), nb_scalar(fn, 0.7)),
                             nb_scalar(fn, 0.3)));
  w = nb_astype(nb_reshape(w, s), nb_value_dtype(out[0]));
  nb_return(fn, nb_sum_all(nb_mul(out[0], w)));
  nb_fn *g = nb_grad(fn);
  nb_fn *outer = nb_function(m, name);
  nb_value b[8];
  for (int i = 0; i < nargs; i++)
    b[i] = nb_arg(outer, ARG_NAMES[i], arg_dt[i], arg_shape[i]);
  nb_value r = nb__call1(g, b, nargs, __FILE__, __LINE__);
  nb_return(outer, r);
  nb_export(outer);
  manifest(mf, name, &r, 1);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: numpy_programs CASES OUT_DIR\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "r");
  char path[4096];
  snprintf(path, sizeof path, "%s/manifest.txt", argv[2]);
  FILE *mf = fopen(path, "w");
  if (!f || !mf)
    return 2;
  nb_module *m = nb_module_create("conf_numpy");
  char kind[64], name[128], args[256], axes[128], ints[128], str[128];
  params p;
  while (fscanf(f, "%63s %127s %255s %127s %127s %lf %lf %lf %127s", kind, name, args, axes, ints,
                &p.d[0], &p.d[1], &p.d[2], str) == 9) {
    parse_args(args);
    p.axes = ints_of(axes);
    p.ints = ints_of(ints);
    p.str = str;
    build(m, mf, kind, name, &p);
  }
  fclose(f);
  fclose(mf);
  int rc = nb_compile(m, .out = "conf_numpy", .out_dir = argv[2]);
  nb_module_destroy(m);
  return rc;
}
