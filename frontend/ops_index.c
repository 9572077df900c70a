/* ops_index.c — lax's indexing primitives: dynamic_slice and
 * dynamic_update_slice (gather and scatter: ops_gather.c).
 *
 * Starts follow lax.dynamic_slice: one integer scalar per axis, all
 * converted to one dtype (their promotion; int32 when all are weak
 * literals), negative ones counted from the end (allow_negative_indices),
 * and the op clamps them so the window fits. The checks here make the
 * emitted op always verify. */
#include "frontend.h"

#include <string.h>

/* The starts as rank-0 MLIR values of one integer dtype, negative ones
 * wrapped by the axis size; false after an error. */
static bool starts_values(nb_fn *fn, nb_val *x, const nb_value *starts, int n, MlirValue *out,
                          const char *file, int line, const char *op) {
  char b[128], c[128];
  if (n != x->shape.rank || (n > 0 && !starts)) {
    nb_fe_error(fn->m, file, line, op, "needs %d start indices for operand %s, got %d",
                x->shape.rank, nb_fe_fmt_type(b, sizeof b, x->dt, x->shape), n);
    return false;
  }
  if (n == 0)
    return true;
  if (!nb_fe_operands_fn(starts, n, file, line, op))
    return false;
  nb_ptype p = {nb_fe_get(starts[0])->dt, nb_fe_get(starts[0])->weak};
  for (int i = 0; i < n; i++) {
    nb_val *s = nb_fe_get(starts[i]);
    if (s->shape.rank != 0 || !nb_dtype_is_int(s->dt)) {
      nb_fe_error(fn->m, file, line, op,
                  "start index %d must be an integer scalar, got %s (operand %s)", i,
                  nb_fe_fmt_type(b, sizeof b, s->dt, s->shape),
                  nb_fe_fmt_shape(c, sizeof c, x->shape));
      return false;
    }
    if (i > 0)
      p = nb_fe_promote(p.dt, p.weak, s->dt, s->weak);
  }
  if (!nb_dtype_is_int(p.dt)) {
    nb_fe_error(fn->m, file, line, op, "start indices of mixed signedness promote to %s, "
                "not an integer: convert them to one dtype", nb_dtype_name(p.dt));
    return false;
  }
  for (int i = 0; i < n; i++) {
    nb_value s = starts[i];
    nb_val *sv = nb_fe_get(s);
    if (!nb_dtype_is_unsigned(p.dt)) {
      if (sv->literal && sv->ival < 0)
        s = nb__scalar_int(fn, sv->ival + x->shape.dims[i], file, line);
      else if (!sv->literal) {
        nb_value size = nb__scalar_int(fn, x->shape.dims[i], file, line);
        s = nb__where(nb__lt(s, nb__scalar_int(fn, 0, file, line), file, line),
                      nb__add(s, size, file, line), s, file, line);
      }
    }
    if (!nb_fe_get(s))
      return false;
    out[i] = nb_fe_use(s, p.dt, (nb_shape){0}, file, line, op);
    if (!out[i].ptr)
      return false;
  }
  return true;
}

nb_value nb__dynamic_slice(nb_value x, const nb_value *starts, int nstarts, nb_ints sizes,
                           const char *file, int line) {
  const char *op = "nb_dynamic_slice";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(x); /* a copy: the value table grows below */
  char b1[128], b2[128];
  bool ok = sizes.n == v.shape.rank;
  for (int i = 0; ok && i < sizes.n; i++)
    ok = sizes.v[i] >= 0 && sizes.v[i] <= v.shape.dims[i];
  if (!ok) {
    nb_shape s = {.rank = sizes.n < 0 || sizes.n > NB_MAX_RANK ? 0 : sizes.n};
    memcpy(s.dims, sizes.v, sizeof(int64_t) * (size_t)s.rank);
    nb_fe_error(fn->m, file, line, op, "slice sizes %s do not fit operand %s",
                nb_fe_fmt_shape(b1, sizeof b1, s), nb_fe_fmt_type(b2, sizeof b2, v.dt, v.shape));
    return (nb_value){0};
  }
  MlirValue ops[1 + NB_MAX_RANK];
  if (!starts_values(fn, &v, starts, nstarts, ops + 1, file, line, op))
    return (nb_value){0};
  ops[0] = nb_fe_use(x, v.dt, v.shape, file, line, op);
  if (!ops[0].ptr)
    return (nb_value){0};
  nb_shape s = {.rank = sizes.n};
  memcpy(s.dims, sizes.v, sizeof(int64_t) * (size_t)s.rank);
  MlirNamedAttribute a = nb_fe_named(fn, "slice_sizes", nb_fe_i64_array(fn, sizes.v, sizes.n));
  return nb_fe_emit_op(fn, "nabla.dynamic_slice", ops, 1 + nstarts, v.dt, s, v.weak, &a, 1,
                       nb_fe_loc(fn, file, line));
}

nb_value nb__dynamic_update_slice(nb_value x, nb_value update, const nb_value *starts,
                                  int nstarts, const char *file, int line) {
  const char *op = "nb_dynamic_update_slice";
  nb_value xu[2] = {x, update};
  nb_fn *fn = nb_fe_operands_fn(xu, 2, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(x), u = *nb_fe_get(update);
  char b1[128], b2[128];
  bool ok = u.shape.rank == v.shape.rank;
  for (int i = 0; ok && i < v.shape.rank; i++)
    ok = u.shape.dims[i] <= v.shape.dims[i];
  if (!ok) {
    nb_fe_error(fn->m, file, line, op, "update %s must have the rank of operand %s and fit in it",
                nb_fe_fmt_type(b1, sizeof b1, u.dt, u.shape),
                nb_fe_fmt_type(b2, sizeof b2, v.dt, v.shape));
    return (nb_value){0};
  }
  MlirValue ops[2 + NB_MAX_RANK];
  if (!starts_values(fn, &v, starts, nstarts, ops + 2, file, line, op))
    return (nb_value){0};
  /* the update takes the operand's dtype, as jnp's .at[].set does */
  ops[0] = nb_fe_use(x, v.dt, v.shape, file, line, op);
  ops[1] = ops[0].ptr ? nb_fe_use(update, v.dt, u.shape, file, line, op) : ops[0];
  if (!ops[1].ptr)
    return (nb_value){0};
  return nb_fe_emit_op(fn, "nabla.dynamic_update_slice", ops, 2 + nstarts, v.dt, v.shape, v.weak,
                       NULL, 0, nb_fe_loc(fn, file, line));
}
