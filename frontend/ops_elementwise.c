/* ops_elementwise.c — unary, binary, compare, where, integer_pow, astype.
 *
 * Binary ops share one path: broadcast the shapes (NumPy), join the dtypes
 * (JAX, promote.c), then hand the dialect op operands of one type (nb_fe_use
 * inserts the broadcast_in_dim and convert ops). Per-op dtype rules follow
 * jax.numpy: true division and transcendental functions go to an inexact
 * dtype, bool has no subtraction or negation, pow/rem of bools compute in
 * int32, comparisons give strong bool. */
#include "frontend.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

typedef enum {
  K_ANY,     /* result dtype = promoted dtype */
  K_NO_BOOL, /* error on bool */
  K_INT_BOOL, /* bool computes in int32 (jnp.power, jnp.remainder) */
  K_INEXACT, /* to_inexact_dtype (true division, transcendental ops) */
  K_COMPARE, /* result is bool */
} kind;

/* The dtype an op computes in, or NB_INVALID_DTYPE after an error. */
static nb_dtype op_dtype(nb_fn *fn, nb_dtype dt, kind k, const char *what,
                         const char *file, int line, const char *op) {
  if (dt == NB_BOOL && k == K_NO_BOOL) {
    nb_fe_error(fn->m, file, line, op, "%s is not supported for bool", what);
    return NB_INVALID_DTYPE;
  }
  if (dt == NB_BOOL && k == K_INT_BOOL)
    return NB_I32;
  if (k == K_INEXACT)
    return nb_fe_inexact(dt);
  return dt;
}

static nb_value binary(const char *op, const char *name, const char *dir,
                       nb_value a, nb_value b, kind k, const char *file,
                       int line) {
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){a, b}, 2, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val *va = nb_fe_get(a), *vb = nb_fe_get(b);
  char s1[128], s2[128];
  nb_shape s;
  if (!nb_fe_broadcast_shapes(va->shape, vb->shape, &s)) {
    nb_fe_error(fn->m, file, line, op, "shapes %s and %s are not broadcast-compatible",
             nb_fe_fmt_shape(s1, sizeof s1, va->shape),
             nb_fe_fmt_shape(s2, sizeof s2, vb->shape));
    return (nb_value){0};
  }
  if (!nb_fe_check_shape(fn->m, s, "of the result", file, line, op))
    return (nb_value){0};
  nb_ptype t = nb_fe_promote(va->dt, va->weak, vb->dt, vb->weak);
  nb_dtype dt = op_dtype(fn, t.dt, k, "this operation", file, line, op);
  if (!dt)
    return (nb_value){0};
  MlirValue x[2] = {nb_fe_use(a, dt, s, file, line, op), nb_fe_use(b, dt, s, file, line, op)};
  if (!x[0].ptr || !x[1].ptr)
    return (nb_value){0};
  MlirLocation loc = nb_fe_loc(fn, file, line);
  if (k == K_COMPARE) {
    MlirNamedAttribute d = nb_fe_named(
        fn, "direction",
        mlirStringAttrGet(fn->m->ctx, mlirStringRefCreateFromCString(dir)));
    return nb_fe_emit_op(fn, "nabla.compare", x, 2, NB_BOOL, s, false, &d, 1, loc);
  }
  return nb_fe_emit_op(fn, name, x, 2, dt, s, t.weak && dt != NB_BOOL, NULL, 0, loc);
}

#define BINARY(fname, opname, k)                                               \
  nb_value nb__##fname(nb_value a, nb_value b, const char *file, int line) {   \
    return binary("nb_" #fname, "nabla." opname, NULL, a, b, k, file, line);   \
  }
BINARY(add, "add", K_ANY)
BINARY(sub, "sub", K_NO_BOOL)
BINARY(mul, "mul", K_ANY)
BINARY(div, "div", K_INEXACT)
BINARY(rem, "rem", K_INT_BOOL)
BINARY(pow, "pow", K_INT_BOOL)
BINARY(maximum, "max", K_ANY)
BINARY(minimum, "min", K_ANY)
BINARY(arctan2, "atan2", K_INEXACT)
BINARY(nextafter, "nextafter", K_INEXACT)

#define COMPARE(fname)                                                         \
  nb_value nb__##fname(nb_value a, nb_value b, const char *file, int line) {   \
    return binary("nb_" #fname, NULL, #fname, a, b, K_COMPARE, file, line);    \
  }
COMPARE(eq) COMPARE(ne) COMPARE(lt) COMPARE(le) COMPARE(gt) COMPARE(ge)

static nb_value unary(const char *op, const char *name, nb_value x, kind k,
                      const MlirNamedAttribute *attr, const char *file,
                      int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val *v = nb_fe_get(x);
  nb_dtype dt = op_dtype(fn, v->dt, k, "this operation", file, line, op);
  if (!dt)
    return (nb_value){0};
  nb_shape s = v->shape;
  bool weak = v->weak && dt != NB_BOOL;
  MlirValue in = nb_fe_use(x, dt, s, file, line, op);
  if (!in.ptr)
    return (nb_value){0};
  return nb_fe_emit_op(fn, name, &in, 1, dt, s, weak, attr, attr ? 1 : 0,
                 nb_fe_loc(fn, file, line));
}

#define UNARY(fname, opname, k)                                                \
  nb_value nb__##fname(nb_value x, const char *file, int line) {               \
    return unary("nb_" #fname, "nabla." opname, x, k, NULL, file, line);       \
  }
UNARY(neg, "neg", K_NO_BOOL)
UNARY(abs, "abs", K_NO_BOOL)
UNARY(sign, "sign", K_NO_BOOL)
UNARY(exp, "exp", K_INEXACT)
UNARY(log, "log", K_INEXACT)
UNARY(log1p, "log1p", K_INEXACT)
UNARY(expm1, "expm1", K_INEXACT)
UNARY(tanh, "tanh", K_INEXACT)
UNARY(sigmoid, "logistic", K_INEXACT)
UNARY(sqrt, "sqrt", K_INEXACT)
UNARY(rsqrt, "rsqrt", K_INEXACT)
UNARY(sin, "sin", K_INEXACT)
UNARY(cos, "cos", K_INEXACT)
UNARY(tan, "tan", K_INEXACT)
UNARY(exp2, "exp2", K_INEXACT)
UNARY(erf, "erf", K_INEXACT)
UNARY(erfc, "erfc", K_INEXACT)

/* jnp.floor/ceil: the op on floats; integers and bools are already whole. */
static nb_value round_down_up(const char *op, const char *name, nb_value x, const char *file,
                              int line) {
  if (!nb_fe_operands_fn(&x, 1, file, line, op))
    return (nb_value){0};
  if (!nb_dtype_is_float(nb_fe_get(x)->dt))
    return x;
  return unary(op, name, x, K_ANY, NULL, file, line);
}
nb_value nb__floor(nb_value x, const char *file, int line) {
  return round_down_up("nb_floor", "nabla.floor", x, file, line);
}
nb_value nb__ceil(nb_value x, const char *file, int line) {
  return round_down_up("nb_ceil", "nabla.ceil", x, file, line);
}

/* jnp.isfinite: nabla.is_finite on floats (a strong bool result), all true
 * for integers and bools. */
nb_value nb__isfinite(nb_value x, const char *file, int line) {
  static const char op[] = "nb_isfinite";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val *v = nb_fe_get(x);
  if (!nb_dtype_is_float(v->dt))
    return nb__full(fn, NB_BOOL, v->shape, 1, file, line);
  MlirValue in = nb_fe_use(x, v->dt, v->shape, file, line, op);
  if (!in.ptr)
    return (nb_value){0};
  return nb_fe_emit_op(fn, "nabla.is_finite", &in, 1, NB_BOOL, v->shape, false, NULL, 0,
                       nb_fe_loc(fn, file, line));
}

static nb_value integer_pow(const char *op, nb_value x, int n, kind k,
                            const char *file, int line) {
  if (!nb_fe_operands_fn(&x, 1, file, line, op))
    return (nb_value){0};
  nb_val *v = nb_fe_get(x);
  if (n < 0 && !nb_dtype_is_float(v->dt) && v->dt != NB_BOOL) {
    nb_fe_error(x.fn->m, file, line, op,
             "integers cannot be raised to negative powers (%s ** %d)",
             nb_dtype_name(v->dt), n);
    return (nb_value){0};
  }
  MlirNamedAttribute y = nb_fe_named(
      x.fn, "y", mlirIntegerAttrGet(mlirIntegerTypeGet(x.fn->m->ctx, 64), n));
  return unary(op, "nabla.integer_pow", x, k, &y, file, line);
}

/* jnp.square(bool) is int32, hence K_INT_BOOL. */
nb_value nb__square(nb_value x, const char *file, int line) {
  return integer_pow("nb_square", x, 2, K_INT_BOOL, file, line);
}

nb_value nb__integer_pow(nb_value x, int n, const char *file, int line) {
  return integer_pow("nb_integer_pow", x, n, K_NO_BOOL, file, line);
}

nb_value nb__where(nb_value pred, nb_value a, nb_value b, const char *file,
                   int line) {
  const char *op = "nb_where";
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){pred, a, b}, 3, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val *vp = nb_fe_get(pred), *va = nb_fe_get(a), *vb = nb_fe_get(b);
  char s1[128], s2[128], s3[128];
  if (vp->dt != NB_BOOL) {
    nb_fe_error(fn->m, file, line, op, "pred must be bool, got %s",
             nb_fe_fmt_type(s1, sizeof s1, vp->dt, vp->shape));
    return (nb_value){0};
  }
  nb_shape s;
  if (!nb_fe_broadcast_shapes(vp->shape, va->shape, &s) ||
      !nb_fe_broadcast_shapes(s, vb->shape, &s)) {
    nb_fe_error(fn->m, file, line, op,
             "shapes %s, %s and %s are not broadcast-compatible",
             nb_fe_fmt_shape(s1, sizeof s1, vp->shape),
             nb_fe_fmt_shape(s2, sizeof s2, va->shape),
             nb_fe_fmt_shape(s3, sizeof s3, vb->shape));
    return (nb_value){0};
  }
  if (!nb_fe_check_shape(fn->m, s, "of the result", file, line, op))
    return (nb_value){0};
  nb_ptype t = nb_fe_promote(va->dt, va->weak, vb->dt, vb->weak);
  MlirValue x[3] = {nb_fe_use(pred, NB_BOOL, s, file, line, op),
                    nb_fe_use(a, t.dt, s, file, line, op),
                    nb_fe_use(b, t.dt, s, file, line, op)};
  if (!x[0].ptr || !x[1].ptr || !x[2].ptr)
    return (nb_value){0};
  return nb_fe_emit_op(fn, "nabla.select", x, 3, t.dt, s, t.weak, NULL, 0,
                 nb_fe_loc(fn, file, line));
}

nb_value nb__astype(nb_value x, nb_dtype dtype, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_astype");
  if (!fn)
    return (nb_value){0};
  nb_val *v = nb_fe_get(x);
  if (!nb_fe_dtype_valid(dtype)) {
    char b[128];
    nb_fe_error(fn->m, file, line, "nb_astype", "invalid dtype %d (from %s)",
             (int)dtype, nb_fe_fmt_type(b, sizeof b, v->dt, v->shape));
    return (nb_value){0};
  }
  nb_shape s = v->shape;
  MlirValue r = nb_fe_use(x, dtype, s, file, line, "nb_astype");
  if (!r.ptr)
    return (nb_value){0};
  /* nb_fe_use converted (or materialized) already; the result is strong. */
  return nb_fe_add_val(fn, (nb_val){.v = r, .dt = dtype, .shape = s,
                                 .loc = nb_fe_loc(fn, file, line)});
}
