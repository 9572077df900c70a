/* constants.c — weak scalars (literals, materialized per use by nb_fe_use),
 * strongly typed dense constants, fills and iota. */
#include "frontend.h"

#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

/* fn is usable for a new op; records why not. */
static bool open_fn(nb_fn *fn, const char *file, int line, const char *op) {
  if (!nb_fe_fn_live(fn))
    return false;
  if (fn->finished) {
    nb_fe_error(fn->m, file, line, op,
             "function '%s' is already finished (nb_return was called)", fn->name);
    return false;
  }
  return true;
}

static bool check_type(nb_fn *fn, nb_dtype dt, nb_shape s, const char *file,
                       int line, const char *op) {
  if (!nb_fe_dtype_valid(dt)) {
    nb_fe_error(fn->m, file, line, op, "invalid dtype %d", (int)dt);
    return false;
  }
  return nb_fe_check_shape(fn->m, s, "", file, line, op);
}

nb_value nb__scalar(nb_fn *fn, double x, const char *file, int line) {
  if (!open_fn(fn, file, line, "nb_scalar"))
    return (nb_value){0};
  return nb_fe_add_val(fn, (nb_val){.dt = NB_F32, .weak = true, .literal = true,
                                 .fval = x, .loc = nb_fe_loc(fn, file, line)});
}

nb_value nb__scalar_int(nb_fn *fn, int64_t x, const char *file, int line) {
  if (!open_fn(fn, file, line, "nb_scalar_int"))
    return (nb_value){0};
  return nb_fe_add_val(fn, (nb_val){.dt = NB_I32, .weak = true, .literal = true,
                                 .ival = x, .fval = (double)x,
                                 .loc = nb_fe_loc(fn, file, line)});
}

static MlirAttribute dense(MlirType t, nb_dtype dt, int64_t n, const void *d) {
  switch (dt) {
  case NB_BOOL: {
    /* the C API takes bools as int */
    int *b = malloc(sizeof(int) * (size_t)(n ? n : 1));
    if (!b)
      return (MlirAttribute){NULL};
    for (int64_t i = 0; i < n; i++)
      b[i] = ((const uint8_t *)d)[i] != 0;
    MlirAttribute a = mlirDenseElementsAttrBoolGet(t, n, b);
    free(b);
    return a;
  }
  case NB_I8: return mlirDenseElementsAttrInt8Get(t, n, d);
  case NB_I16: return mlirDenseElementsAttrInt16Get(t, n, d);
  case NB_I32: return mlirDenseElementsAttrInt32Get(t, n, d);
  case NB_I64: return mlirDenseElementsAttrInt64Get(t, n, d);
  case NB_U8: return mlirDenseElementsAttrUInt8Get(t, n, d);
  case NB_U16: return mlirDenseElementsAttrUInt16Get(t, n, d);
  case NB_U32: return mlirDenseElementsAttrUInt32Get(t, n, d);
  case NB_U64: return mlirDenseElementsAttrUInt64Get(t, n, d);
  case NB_F16: return mlirDenseElementsAttrFloat16Get(t, n, d);
  case NB_BF16: return mlirDenseElementsAttrBFloat16Get(t, n, d);
  case NB_F32: return mlirDenseElementsAttrFloatGet(t, n, d);
  case NB_F64: return mlirDenseElementsAttrDoubleGet(t, n, d);
  default: return (MlirAttribute){NULL};
  }
}

nb_value nb__const(nb_fn *fn, nb_dtype dtype, nb_shape shape, const void *data,
                   const char *file, int line) {
  if (!open_fn(fn, file, line, "nb_const") ||
      !check_type(fn, dtype, shape, file, line, "nb_const"))
    return (nb_value){0};
  if (!data) {
    nb_fe_error(fn->m, file, line, "nb_const", "data is NULL");
    return (nb_value){0};
  }
  MlirType t = nb_fe_type(fn, dtype, shape);
  MlirAttribute a = dense(t, dtype, nb_fe_shape_size(shape), data);
  if (mlirAttributeIsNull(a))
    return (nb_value){0};
  MlirNamedAttribute na = nb_fe_named(fn, "value", a);
  return nb_fe_emit_op(fn, "nabla.constant", NULL, 0, dtype, shape, false, &na, 1,
                 nb_fe_loc(fn, file, line));
}

nb_value nb__full(nb_fn *fn, nb_dtype dtype, nb_shape shape, double x,
                  const char *file, int line) {
  if (!open_fn(fn, file, line, "nb_full") ||
      !check_type(fn, dtype, shape, file, line, "nb_full"))
    return (nb_value){0};
  MlirLocation loc = nb_fe_loc(fn, file, line);
  MlirValue v = nb_fe_splat(fn, dtype, shape, x, (int64_t)x,
                         !nb_dtype_is_float(dtype), loc);
  return nb_fe_add_val(fn, (nb_val){.v = v, .dt = dtype, .shape = shape, .loc = loc});
}

nb_value nb__iota(nb_fn *fn, nb_dtype dtype, nb_shape shape, int dimension,
                  const char *file, int line) {
  if (!open_fn(fn, file, line, "nb_iota") ||
      !check_type(fn, dtype, shape, file, line, "nb_iota"))
    return (nb_value){0};
  char b[128];
  if (dtype == NB_BOOL) {
    nb_fe_error(fn->m, file, line, "nb_iota", "dtype bool is not a number type");
    return (nb_value){0};
  }
  if (dimension < 0 || dimension >= shape.rank) {
    nb_fe_error(fn->m, file, line, "nb_iota",
             "dimension %d is out of bounds for shape %s", dimension,
             nb_fe_fmt_shape(b, sizeof b, shape));
    return (nb_value){0};
  }
  MlirNamedAttribute a = nb_fe_named(
      fn, "dimension",
      mlirIntegerAttrGet(mlirIntegerTypeGet(fn->m->ctx, 64), dimension));
  return nb_fe_emit_op(fn, "nabla.iota", NULL, 0, dtype, shape, false, &a, 1,
                 nb_fe_loc(fn, file, line));
}
