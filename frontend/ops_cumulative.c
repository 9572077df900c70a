/* ops_cumulative.c — running sums, products, maxima and minima along an
 * axis: jnp.cumsum / jnp.cumprod (negative axes; bool counts as int32, other
 * dtypes are kept, as jnp's promote_integers=False), and lax.cumsum,
 * cumprod, cummax, cummin with `reverse` (a non-negative axis; numbers
 * only, as lax's dtype rule). */
#include "frontend.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

static nb_value cumulative(const char *op, const char *name, nb_value x, int axis, bool reverse,
                           bool lax_rules, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(x);
  char b[128];
  if (lax_rules && v.dt == NB_BOOL) {
    nb_fe_error(fn->m, file, line, op, "%s does not accept dtype bool (got %s)", name + 6,
                nb_fe_fmt_type(b, sizeof b, v.dt, v.shape));
    return (nb_value){0};
  }
  if (lax_rules && axis < 0) {
    nb_fe_error(fn->m, file, line, op, "axis %d is negative, which XLA operations do not allow "
                "(shape %s)", axis, nb_fe_fmt_shape(b, sizeof b, v.shape));
    return (nb_value){0};
  }
  nb_ints ax = {.n = 1, .v = {axis}};
  if (!nb_fe_norm_axes(fn, &ax, v.shape.rank, file, line, op, v.shape))
    return (nb_value){0};
  nb_dtype dt = v.dt == NB_BOOL ? NB_I32 : v.dt;
  MlirValue in = nb_fe_use(x, dt, v.shape, file, line, op);
  if (!in.ptr)
    return (nb_value){0};
  MlirNamedAttribute a[2] = {
      nb_fe_named(fn, "axis", mlirIntegerAttrGet(mlirIntegerTypeGet(fn->m->ctx, 64), ax.v[0])),
      nb_fe_named(fn, "reverse", mlirBoolAttrGet(fn->m->ctx, reverse))};
  return nb_fe_emit_op(fn, name, &in, 1, dt, v.shape, false, a, 2, nb_fe_loc(fn, file, line));
}

nb_value nb__cumsum(nb_value x, int axis, const char *file, int line) {
  return cumulative("nb_cumsum", "nabla.cumsum", x, axis, false, false, file, line);
}
nb_value nb__cumprod(nb_value x, int axis, const char *file, int line) {
  return cumulative("nb_cumprod", "nabla.cumprod", x, axis, false, false, file, line);
}
nb_value nb__lax_cumsum(nb_value x, int axis, bool reverse, const char *file, int line) {
  return cumulative("nb_lax_cumsum", "nabla.cumsum", x, axis, reverse, true, file, line);
}
nb_value nb__lax_cumprod(nb_value x, int axis, bool reverse, const char *file, int line) {
  return cumulative("nb_lax_cumprod", "nabla.cumprod", x, axis, reverse, true, file, line);
}
nb_value nb__lax_cummax(nb_value x, int axis, bool reverse, const char *file, int line) {
  return cumulative("nb_lax_cummax", "nabla.cummax", x, axis, reverse, true, file, line);
}
nb_value nb__lax_cummin(nb_value x, int axis, bool reverse, const char *file, int line) {
  return cumulative("nb_lax_cummin", "nabla.cummin", x, axis, reverse, true, file, line);
}
