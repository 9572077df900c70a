/* ops_sort.c — jnp.sort(x, axis): lax.sort of one operand (stable; floats
 * in JAX's total order: -0.0 and 0.0 tie, NaNs last); dtype kept. */
#include "frontend.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

nb_value nb__sort(nb_value x, int axis, const char *file, int line) {
  static const char op[] = "nb_sort";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(x);
  char b[128];
  if (v.shape.rank == 0) {
    nb_fe_error(fn->m, file, line, op, "cannot sort a rank-0 array (shape %s); reshape it first",
                nb_fe_fmt_shape(b, sizeof b, v.shape));
    return (nb_value){0};
  }
  nb_ints ax = {.n = 1, .v = {axis}};
  if (!nb_fe_norm_axes(fn, &ax, v.shape.rank, file, line, op, v.shape))
    return (nb_value){0};
  MlirValue in = nb_fe_use(x, v.dt, v.shape, file, line, op);
  if (!in.ptr)
    return (nb_value){0};
  MlirNamedAttribute a =
      nb_fe_named(fn, "dimension", mlirIntegerAttrGet(mlirIntegerTypeGet(fn->m->ctx, 64), ax.v[0]));
  return nb_fe_emit_op(fn, "nabla.sort", &in, 1, v.dt, v.shape, false, &a, 1,
                       nb_fe_loc(fn, file, line));
}
