/* ops_reduce.c — sum, prod, max, min, mean over axes (NB_AXES() = all); argmax,
 * argmin (keepdims reshapes: ops_shape.c).
 *
 * Dtypes follow jnp: sum widens bool and small ints (to int32/uint32, the
 * default-mode ints), f16/bf16 sums accumulate in float32 and convert back
 * (prod: the same),
 * mean of ints is float (to_inexact_dtype) and divides by the count after
 * the sum. Results are strong. */
#include "frontend.h"

#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

typedef enum { R_SUM, R_MAX, R_MIN, R_MEAN, R_PROD } rkind;

static nb_value reduce(const char *op, nb_value x, nb_ints axes, rkind k,
                       const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(x); /* a copy: the value table grows below */
  int r = v.shape.rank;
  if (axes.n == 0) {
    axes.n = r;
    for (int i = 0; i < r; i++)
      axes.v[i] = i;
  }
  if (!nb_fe_norm_axes(fn, &axes, r, file, line, op, v.shape))
    return (nb_value){0};
  /* ascending order, so the attribute does not depend on how axes were
   * spelled */
  for (int i = 1; i < axes.n; i++)
    for (int j = i; j > 0 && axes.v[j - 1] > axes.v[j]; j--) {
      int64_t t = axes.v[j];
      axes.v[j] = axes.v[j - 1];
      axes.v[j - 1] = t;
    }
  nb_shape s = {0};
  int64_t count = 1;
  for (int d = 0, j = 0; d < r; d++) {
    if (j < axes.n && axes.v[j] == d) {
      count *= v.shape.dims[d];
      j++;
    } else
      s.dims[s.rank++] = v.shape.dims[d];
  }
  nb_dtype out = k == R_SUM || k == R_PROD ? nb_fe_sum_dtype(v.dt)
                 : k == R_MEAN             ? nb_fe_inexact(v.dt)
                                           : v.dt;
  nb_dtype acc = (k == R_SUM || k == R_MEAN || k == R_PROD) && (out == NB_F16 || out == NB_BF16)
                     ? NB_F32 : out;
  MlirValue in = nb_fe_use(x, acc, v.shape, file, line, op);
  if (!in.ptr)
    return (nb_value){0};
  MlirLocation loc = nb_fe_loc(fn, file, line);
  MlirNamedAttribute a = nb_fe_named(fn, "dimensions", nb_fe_i64_array(fn, axes.v, axes.n));
  const char *name = k == R_MAX ? "nabla.reduce_max"
                     : k == R_MIN  ? "nabla.reduce_min"
                     : k == R_PROD ? "nabla.reduce_prod"
                                   : "nabla.reduce_sum";
  nb_value res = nb_fe_emit_op(fn, name, &in, 1, acc, s, false, &a, 1, loc);
  if (k == R_MEAN) {
    MlirValue ops[2] = {nb_fe_get(res)->v,
                        nb_fe_splat(fn, acc, s, (double)count, count, false, loc)};
    res = nb_fe_emit_op(fn, "nabla.div", ops, 2, acc, s, false, NULL, 0, loc);
  }
  if (acc != out) {
    MlirValue r0 = nb_fe_use(res, out, s, file, line, op);
    res = nb_fe_add_val(fn, (nb_val){.v = r0, .dt = out, .shape = s, .loc = loc});
  }
  return res;
}

nb_value nb__sum(nb_value x, nb_ints axes, const char *file, int line) {
  return reduce("nb_sum", x, axes, R_SUM, file, line);
}
nb_value nb__max(nb_value x, nb_ints axes, const char *file, int line) {
  return reduce("nb_max", x, axes, R_MAX, file, line);
}
nb_value nb__min(nb_value x, nb_ints axes, const char *file, int line) {
  return reduce("nb_min", x, axes, R_MIN, file, line);
}
nb_value nb__prod(nb_value x, nb_ints axes, const char *file, int line) {
  return reduce("nb_prod", x, axes, R_PROD, file, line);
}
nb_value nb__mean(nb_value x, nb_ints axes, const char *file, int line) {
  return reduce("nb_mean", x, axes, R_MEAN, file, line);
}

/* jnp.argmax/argmin with an axis: int32 indices (JAX's default int);
 * keepdims leaves the axis as size 1. */
static nb_value arg_extreme(const char *op, const char *name, nb_value x, int axis,
                            bool keepdims, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(x);
  char b[128];
  nb_shape in = v.shape;
  nb_ints ax = {.n = 1, .v = {axis}};
  if (!nb_fe_norm_axes(fn, &ax, in.rank, file, line, op, in))
    return (nb_value){0};
  if (in.dims[ax.v[0]] == 0) {
    nb_fe_error(fn->m, file, line, op, "attempt to get %s of an empty sequence (shape %s)",
                name, nb_fe_fmt_shape(b, sizeof b, v.shape));
    return (nb_value){0};
  }
  MlirValue m = nb_fe_use(x, v.dt, in, file, line, op);
  if (!m.ptr)
    return (nb_value){0};
  nb_shape s = {0};
  for (int d = 0; d < in.rank; d++)
    if (d != ax.v[0])
      s.dims[s.rank++] = in.dims[d];
  MlirNamedAttribute a = nb_fe_named(
      fn, "axis", mlirIntegerAttrGet(mlirIntegerTypeGet(fn->m->ctx, 64), ax.v[0]));
  nb_value r = nb_fe_emit_op(fn, strcmp(name, "argmax") == 0 ? "nabla.argmax" : "nabla.argmin",
                             &m, 1, NB_I32, s, false, &a, 1, nb_fe_loc(fn, file, line));
  if (!keepdims)
    return r;
  nb_shape k = v.shape;
  for (int d = 0; d < k.rank; d++)
    if (d == ax.v[0])
      k.dims[d] = 1;
  return nb__reshape(r, k, file, line);
}

nb_value nb__argmax(nb_value x, int axis, bool keepdims, const char *file, int line) {
  return arg_extreme("nb_argmax", "argmax", x, axis, keepdims, file, line);
}
nb_value nb__argmin(nb_value x, int axis, bool keepdims, const char *file, int line) {
  return arg_extreme("nb_argmin", "argmin", x, axis, keepdims, file, line);
}
