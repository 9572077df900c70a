/* ops_clip.c — round, clip, clamp (and nextafter: ops_elementwise.c's
 * binary path, as jnp.nextafter is a plain ufunc).
 *
 * jnp.clip is jnp.maximum then jnp.minimum (promotion, broadcasting, NaN
 * and the ties' half gradients all theirs), not lax.clamp; nb_clamp is
 * lax.clamp itself: one dtype, bounds of rank 0 or x's shape. */
#include "frontend.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

/* jnp.round(x) (decimals=0): lax.round to nearest even on floats; integers
 * come back as they are; bool is refused (jnp.round asks bool for finfo). */
nb_value nb__round(nb_value x, const char *file, int line) {
  static const char op[] = "nb_round";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(x);
  char b[128];
  if (v.dt == NB_BOOL) {
    nb_fe_error(fn->m, file, line, op, "jnp.round does not accept bool, got %s",
                nb_fe_fmt_type(b, sizeof b, v.dt, v.shape));
    return (nb_value){0};
  }
  if (!nb_dtype_is_float(v.dt))
    return x;
  MlirValue in = nb_fe_use(x, v.dt, v.shape, file, line, op);
  if (!in.ptr)
    return (nb_value){0};
  MlirNamedAttribute m = nb_fe_named(
      fn, "rounding_method", mlirIntegerAttrGet(mlirIntegerTypeGet(fn->m->ctx, 64), 1));
  return nb_fe_emit_op(fn, "nabla.round", &in, 1, v.dt, v.shape, v.weak, &m, 1,
                       nb_fe_loc(fn, file, line));
}

nb_value nb__clip(nb_value x, nb_value lo, nb_value hi, const char *file, int line) {
  static const char op[] = "nb_clip";
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){x, lo, hi}, 3, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_shape sx = nb_fe_get(x)->shape, sl = nb_fe_get(lo)->shape, sh = nb_fe_get(hi)->shape, s;
  if (!nb_fe_broadcast_shapes(sx, sl, &s) || !nb_fe_broadcast_shapes(s, sh, &s)) {
    char b1[128], b2[128], b3[128];
    nb_fe_error(fn->m, file, line, op,
                "shapes %s (x), %s (lo) and %s (hi) are not broadcast-compatible",
                nb_fe_fmt_shape(b1, sizeof b1, sx), nb_fe_fmt_shape(b2, sizeof b2, sl),
                nb_fe_fmt_shape(b3, sizeof b3, sh));
    return (nb_value){0};
  }
  return nb__minimum(hi, nb__maximum(lo, x, file, line), file, line);
}

/* lax.clamp(lo, x, hi): a weak bound takes x's dtype (as a Python scalar
 * does); otherwise the dtypes must match, and each bound has shape () or
 * x's shape (lax's _clamp_shape_rule). */
nb_value nb__clamp(nb_value lo, nb_value x, nb_value hi, const char *file, int line) {
  static const char op[] = "nb_clamp";
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){lo, x, hi}, 3, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val vx = *nb_fe_get(x);
  nb_value bound[2] = {lo, hi};
  static const char *const names[2] = {"min", "max"};
  MlirValue in[3];
  char b1[128], b2[128];
  for (int k = 0; k < 2; k++) {
    nb_val vb = *nb_fe_get(bound[k]);
    if (!vb.weak && vb.dt != vx.dt) {
      nb_fe_error(fn->m, file, line, op, "%s has dtype %s but x has %s (lax.clamp needs one dtype)",
                  names[k], nb_fe_fmt_type(b1, sizeof b1, vb.dt, vb.shape),
                  nb_fe_fmt_type(b2, sizeof b2, vx.dt, vx.shape));
      return (nb_value){0};
    }
    bool same = vb.shape.rank == vx.shape.rank;
    for (int d = 0; same && d < vx.shape.rank; d++)
      same = vb.shape.dims[d] == vx.shape.dims[d];
    if (vb.shape.rank != 0 && !same) {
      nb_fe_error(fn->m, file, line, op, "%s must have shape () or x's shape %s, got %s", names[k],
                  nb_fe_fmt_shape(b1, sizeof b1, vx.shape), nb_fe_fmt_shape(b2, sizeof b2, vb.shape));
      return (nb_value){0};
    }
    in[k == 0 ? 0 : 2] = nb_fe_use(bound[k], vx.dt, vb.shape, file, line, op);
  }
  in[1] = nb_fe_use(x, vx.dt, vx.shape, file, line, op);
  if (!in[0].ptr || !in[1].ptr || !in[2].ptr)
    return (nb_value){0};
  return nb_fe_emit_op(fn, "nabla.clamp", in, 3, vx.dt, vx.shape, false, NULL, 0,
                       nb_fe_loc(fn, file, line));
}
