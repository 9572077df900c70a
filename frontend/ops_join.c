/* ops_join.c — jnp.flip, jnp.concatenate, jnp.stack: the DSL side of
 * nabla.rev and nabla.concatenate.
 *
 * nabla.concatenate joins two arrays (see the IRDL file for why it is not
 * variadic); n arrays become a balanced tree of n - 1 of them, so each
 * element is copied about log2(n) times rather than up to n. */
#include "frontend.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

nb_value nb__flip(nb_value x, nb_ints axes, const char *file, int line) {
  const char *op = "nb_flip";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(x);
  int r = v.shape.rank;
  if (axes.n == 0) { /* jnp.flip(x, axis=None): every axis */
    axes.n = r;
    for (int i = 0; i < r; i++)
      axes.v[i] = i;
  }
  if (!nb_fe_norm_axes(fn, &axes, r, file, line, op, v.shape))
    return (nb_value){0};
  if (axes.n == 0)
    return x;
  MlirValue in = nb_fe_use(x, v.dt, v.shape, file, line, op);
  if (!in.ptr)
    return (nb_value){0};
  MlirNamedAttribute a = nb_fe_named(fn, "dimensions", nb_fe_i64_array(fn, axes.v, axes.n));
  return nb_fe_emit_op(fn, "nabla.rev", &in, 1, v.dt, v.shape, v.weak, &a, 1,
                       nb_fe_loc(fn, file, line));
}

/* values[lo..hi) (converted to dt) joined along axis. */
static nb_value join(nb_fn *fn, const nb_value *values, int lo, int hi, int axis,
                     nb_ptype t, const char *file, int line, const char *op) {
  if (hi - lo == 1) {
    nb_shape s = nb_fe_get(values[lo])->shape; /* a copy: nb_fe_use may grow the table */
    MlirValue x = nb_fe_use(values[lo], t.dt, s, file, line, op);
    return x.ptr ? nb_fe_add_val(fn, (nb_val){.v = x, .dt = t.dt, .shape = s,
                                              .weak = t.weak, .loc = nb_fe_loc(fn, file, line)})
                 : (nb_value){0};
  }
  int mid = lo + (hi - lo) / 2;
  nb_value a = join(fn, values, lo, mid, axis, t, file, line, op);
  nb_value b = join(fn, values, mid, hi, axis, t, file, line, op);
  if (!nb_fe_get(a) || !nb_fe_get(b))
    return (nb_value){0};
  nb_shape s = nb_fe_get(a)->shape;
  s.dims[axis] += nb_fe_get(b)->shape.dims[axis];
  MlirValue xs[2] = {nb_fe_get(a)->v, nb_fe_get(b)->v};
  MlirNamedAttribute d = nb_fe_named(
      fn, "dimension", mlirIntegerAttrGet(mlirIntegerTypeGet(fn->m->ctx, 64), axis));
  return nb_fe_emit_op(fn, "nabla.concatenate", xs, 2, t.dt, s, t.weak, &d, 1,
                       nb_fe_loc(fn, file, line));
}

nb_value nb__concatenate(const nb_value *values, int n, int axis, const char *file, int line) {
  return nb_fe_concatenate(values, n, axis, file, line, "nb_concatenate");
}

nb_value nb_fe_concatenate(const nb_value *values, int n, int axis, const char *file, int line,
                           const char *op) {
  if (!values || n <= 0) /* no value to name a module to report to; using the */
    return (nb_value){0};    /* invalid result reports it (checks.c) */
  nb_fn *fn = nb_fe_operands_fn(values, n, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val *first = nb_fe_get(values[0]);
  int r = first->shape.rank;
  char b1[128], b2[128];
  if (r == 0) {
    nb_fe_error(fn->m, file, line, op, "zero-dimensional arrays cannot be concatenated");
    return (nb_value){0};
  }
  nb_ints ax = {.n = 1, .v = {axis}};
  if (!nb_fe_norm_axes(fn, &ax, r, file, line, op, first->shape))
    return (nb_value){0};
  nb_ptype t = {.dt = first->dt, .weak = first->weak};
  nb_shape s = first->shape;
  for (int i = 1; i < n; i++) {
    nb_val *v = nb_fe_get(values[i]);
    bool ok = v->shape.rank == r;
    for (int d = 0; ok && d < r; d++)
      ok = d == ax.v[0] || v->shape.dims[d] == first->shape.dims[d];
    if (!ok) {
      nb_fe_error(fn->m, file, line, op,
                  "array %d has shape %s, which does not match %s except along axis %lld", i,
                  nb_fe_fmt_shape(b1, sizeof b1, v->shape),
                  nb_fe_fmt_shape(b2, sizeof b2, first->shape), (long long)ax.v[0]);
      return (nb_value){0};
    }
    s.dims[ax.v[0]] += v->shape.dims[ax.v[0]];
    t = nb_fe_promote(t.dt, t.weak, v->dt, v->weak);
    if (t.dt == NB_INVALID_DTYPE) {
      nb_fe_error(fn->m, file, line, op, "array %d's dtype cannot be promoted with the others", i);
      return (nb_value){0};
    }
  }
  if (!nb_fe_check_shape(fn->m, s, "of the result", file, line, op))
    return (nb_value){0};
  return join(fn, values, 0, n, (int)ax.v[0], t, file, line, op);
}

nb_value nb__stack(const nb_value *values, int n, int axis, const char *file, int line) {
  const char *op = "nb_stack";
  if (!values || n <= 0) /* as nb_concatenate */
    return (nb_value){0};
  nb_fn *fn = nb_fe_operands_fn(values, n, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_shape s = nb_fe_get(values[0])->shape;
  char b1[128], b2[128];
  if (s.rank >= NB_MAX_RANK) {
    nb_fe_error(fn->m, file, line, op, "stacking arrays of rank %d exceeds rank %d", s.rank,
                NB_MAX_RANK);
    return (nb_value){0};
  }
  nb_ints ax = {.n = 1, .v = {axis}};
  if (!nb_fe_norm_axes(fn, &ax, s.rank + 1, file, line, op, s))
    return (nb_value){0};
  nb_value expanded[n];
  nb_shape e = {.rank = s.rank + 1};
  for (int d = 0, k = 0; d <= s.rank; d++)
    e.dims[d] = d == ax.v[0] ? 1 : s.dims[k++];
  for (int i = 0; i < n; i++) {
    nb_val *v = nb_fe_get(values[i]);
    if (!nb_fe_shape_eq(v->shape, s)) {
      nb_fe_error(fn->m, file, line, op, "all arrays must have one shape: array %d is %s, "
                  "array 0 is %s", i, nb_fe_fmt_shape(b1, sizeof b1, v->shape),
                  nb_fe_fmt_shape(b2, sizeof b2, s));
      return (nb_value){0};
    }
    expanded[i] = nb__reshape(values[i], e, file, line);
    if (!nb_fe_get(expanded[i]))
      return (nb_value){0};
  }
  return nb__concatenate(expanded, n, (int)ax.v[0], file, line);
}
