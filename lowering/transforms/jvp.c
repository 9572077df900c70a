/* jvp.c — forward-mode rules: one entry per nabla op (nb_jvp_table).
 *
 * Each rule follows the JAX rule named in its comment (jax/_src/lax/lax.py,
 * slicing.py) and emits nabla ops only, so the tangent program can itself be
 * differentiated (jvp of grad = Hessian-vector products). Elementwise ops
 * are written as partials, g * df/dx_i (d_<op>, in the op's table entry;
 * nb_ad_partial finds it, for vjp.c too);
 * linear ops (reshape, slice, reduce_sum, ...) apply themselves to the
 * tangent; bilinear dot_general applies itself twice. A null tangent means
 * zero: rules skip its terms instead of materializing zeros, and results
 * of integer or bool type always get a null tangent. */
#include "ad_rules.h"

#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"

enum { MAX_RANK = NB_IR_MAX_RANK };

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirValue ans(MlirOperation op) { return mlirOperationGetResult(op, 0); }
static MlirValue none(void) { return (MlirValue){NULL}; }
static bool is_null(MlirValue v) { return mlirValueIsNull(v); }


int nb_ad_i64s(MlirOperation op, const char *name, int64_t *out) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
  int n = (int)mlirDenseArrayGetNumElements(a);
  for (int i = 0; i < n && i < MAX_RANK; i++)
    out[i] = mlirDenseI64ArrayGetElement(a, i);
  return n;
}

MlirValue nb_ad_clone(nb_builder *b, MlirOperation op, const MlirValue *operands) {
  intptr_t na = mlirOperationGetNumAttributes(op);
  MlirNamedAttribute attrs[na > 0 ? na : 1];
  for (intptr_t i = 0; i < na; i++)
    attrs[i] = mlirOperationGetAttribute(op, i);
  return nbb_op(b, nb_op_name(op), (int)mlirOperationGetNumOperands(op), operands,
                mlirValueGetType(ans(op)), (int)na, attrs);
}

void nb_ad_chooser_mask(nb_builder *b, MlirOperation op, MlirValue *mask, MlirValue *counts) {
  MlirValue x = arg(op, 0);
  int64_t dims[MAX_RANK], kept[MAX_RANK];
  int nd = nb_ad_i64s(op, "dimensions", dims), nk = 0;
  bool reduced[MAX_RANK] = {false};
  for (int i = 0; i < nd; i++)
    reduced[dims[i]] = true;
  for (int i = 0; i < mlirShapedTypeGetRank(mlirValueGetType(x)); i++)
    if (!reduced[i])
      kept[nk++] = i;
  MlirValue wide = nbb_broadcast_in_dim(b, ans(op), mlirValueGetType(x), nk, kept);
  MlirType el = mlirShapedTypeGetElementType(mlirValueGetType(x));
  *mask = nbb_convert(b, nbb_compare(b, "eq", x, wide), el);
  *counts = nbb_reduce(b, "nabla.reduce_sum", *mask, nd, dims);
}

/* ---- elementwise partials ---- */

static MlirValue full(nb_builder *b, MlirValue like, double v) { return nbb_full_like(b, like, v); }

/* JAX's _replace_zero: x with its zeros replaced by ones. */
static MlirValue replace_zero(nb_builder *b, MlirValue x) {
  return nbb_select(b, nbb_compare(b, "eq", x, full(b, x, 0)), full(b, x, 1), x);
}

/* JAX's _balanced_eq(x, z, y): 1 where x alone attains z, 0.5 at ties. */
static MlirValue balanced_eq(nb_builder *b, MlirValue x, MlirValue z, MlirValue y) {
  MlirValue hit = nbb_select(b, nbb_compare(b, "eq", x, z), full(b, z, 1), full(b, z, 0));
  MlirValue ties = nbb_select(b, nbb_compare(b, "eq", y, z), full(b, z, 2), full(b, z, 1));
  return nbb_div(b, hit, ties);
}

/* One partial per elementwise op, g * d op / d operand i, named after the op
 * (d_tanh for nabla.tanh) and referenced from its entry in nb_jvp_table; x,
 * y are operands 0 and 1 (y null for unary ops), r the primal result. */
#define PARTIAL(name)                                                                      \
  static MlirValue d_##name(nb_builder *b, MlirOperation op, int i, MlirValue g,            \
                            MlirValue x, MlirValue y, MlirValue r)
#define UNUSED_PARTIAL_ARGS (void)op, (void)i, (void)x, (void)y, (void)r

PARTIAL(neg) { UNUSED_PARTIAL_ARGS; return nbb_neg(b, g); }
PARTIAL(abs) { /* _abs_jvp_rule: +g at 0 (select on x >= 0) */
  UNUSED_PARTIAL_ARGS;
  return nbb_select(b, nbb_compare(b, "ge", x, full(b, x, 0)), g, nbb_neg(b, g));
}
PARTIAL(exp) { UNUSED_PARTIAL_ARGS; return nbb_mul(b, g, r); } /* exp_p: g * ans */
PARTIAL(log) { UNUSED_PARTIAL_ARGS; return nbb_div(b, g, x); } /* log_p: g / x */
PARTIAL(log1p) { /* log1p_p: g / (x + 1) */
  UNUSED_PARTIAL_ARGS;
  return nbb_div(b, g, nbb_add(b, x, full(b, x, 1)));
}
PARTIAL(expm1) { /* expm1_p: g * (ans + 1) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, g, nbb_add(b, r, full(b, r, 1)));
}
PARTIAL(tanh) { /* tanh_p: (g + g*ans) * (1 - ans) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, nbb_add(b, g, nbb_mul(b, g, r)), nbb_sub(b, full(b, x, 1), r));
}
PARTIAL(logistic) { /* logistic_p: g * (ans * (1 - ans)) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, g, nbb_mul(b, r, nbb_sub(b, full(b, r, 1), r)));
}
PARTIAL(sqrt) { /* sqrt_p: g * (0.5 / ans) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, g, nbb_div(b, full(b, x, 0.5), r));
}
PARTIAL(rsqrt) { /* rsqrt_p: g * (-0.5 * (ans / x)) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, g, nbb_mul(b, full(b, x, -0.5), nbb_div(b, r, x)));
}
PARTIAL(sin) { /* sin_p: g * cos(x) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, g, nbb_unary(b, "nabla.cos", x));
}
PARTIAL(cos) { /* cos_p: -(g * sin(x)) */
  UNUSED_PARTIAL_ARGS;
  return nbb_neg(b, nbb_mul(b, g, nbb_unary(b, "nabla.sin", x)));
}
PARTIAL(add) { UNUSED_PARTIAL_ARGS; (void)b; return g; }
PARTIAL(sub) { UNUSED_PARTIAL_ARGS; return i ? nbb_neg(b, g) : g; }
PARTIAL(mul) { UNUSED_PARTIAL_ARGS; return i ? nbb_mul(b, x, g) : nbb_mul(b, g, y); }
PARTIAL(div) { /* div_p: g / y and (-g * x) * y^-2 */
  UNUSED_PARTIAL_ARGS;
  return i ? nbb_mul(b, nbb_mul(b, nbb_neg(b, g), x), nbb_integer_pow(b, y, -2))
           : nbb_div(b, g, y);
}
PARTIAL(rem) {
  UNUSED_PARTIAL_ARGS;
  if (!i)
    return g;
  /* rem_p: -g * sign(x/y) * floor(|x/y|), i.e. -g * trunc(x/y). nabla has
   * no floor; x - rem(x, y) is trunc(x/y) * y (one rounding), and reuses
   * the primal result. */
  return nbb_mul(b, nbb_neg(b, g), nbb_div(b, nbb_sub(b, x, r), y));
}
PARTIAL(pow) {
  UNUSED_PARTIAL_ARGS;
  if (!i) /* _pow_jvp_lhs, float exponent: g * (y * x^(y-1)) */
    return nbb_mul(b, g, nbb_mul(b, y, nbb_binary(b, "nabla.pow", x,
                                                  nbb_sub(b, y, full(b, y, 1)))));
  /* _pow_jvp_rhs: g * (log(replace_zero(x)) * ans) */
  return nbb_mul(b, g, nbb_mul(b, nbb_unary(b, "nabla.log", replace_zero(b, x)), r));
}
PARTIAL(max_min) { /* max_p/min_p: ties split evenly */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, g, i ? balanced_eq(b, y, r, x) : balanced_eq(b, x, r, y));
}
PARTIAL(integer_pow) { /* _integer_pow_jvp */
  UNUSED_PARTIAL_ARGS;
  int64_t p = mlirIntegerAttrGetValueSInt(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("y")));
  if (p == 0)
    return none();
  if (p == 1)
    return g;
  MlirValue d = p == 2 ? x : nbb_integer_pow(b, x, p - 1);
  return nbb_mul(b, g, nbb_mul(b, full(b, x, (double)p), d));
}
PARTIAL(erf_inv) { /* erf_inv_p: sqrt(pi)/2 * (g * exp(ans^2)) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, full(b, x, 0.88622692545275801364),
                 nbb_mul(b, g, nbb_unary(b, "nabla.exp", nbb_integer_pow(b, r, 2))));
}
PARTIAL(fma) { /* a*b + c: g*b, a*g, g (as mul then add) */
  UNUSED_PARTIAL_ARGS;
  return i == 2 ? g : i ? nbb_mul(b, x, g) : nbb_mul(b, g, y);
}
#undef PARTIAL
#undef UNUSED_PARTIAL_ARGS

MlirValue nb_ad_partial(nb_builder *b, MlirOperation op, int i, MlirValue g) {
  const nb_jvp_entry *e = nb_find_jvp(nb_op_name(op));
  if (!e || !e->partial) /* sign, stop_gradient: zero derivative */
    return none();
  MlirValue y = mlirOperationGetNumOperands(op) > 1 ? arg(op, 1) : none();
  return e->partial(b, op, i, g, arg(op, 0), y, ans(op));
}

/* ---- rules ---- */

static bool jvp_elementwise(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if (!nb_ad_is_float(ans(op)))
    return true;
  for (int i = 0; i < mlirOperationGetNumOperands(op); i++) {
    if (is_null(t[i]))
      continue;
    MlirValue term = nb_ad_partial(b, op, i, t[i]);
    if (!is_null(term))
      out[0] = is_null(out[0]) ? term : nbb_add(b, out[0], term);
  }
  return true;
}

/* sign, compare, iota, constant, stop_gradient (ad.defjvp_zero). */
static bool jvp_zero(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  (void)b, (void)op, (void)t;
  out[0] = none();
  return true;
}

/* Linear in every operand: the op itself on the tangents, zeros filled in
 * for null ones (pad's value, when only x has a tangent). */
static bool jvp_linear(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  int n = (int)mlirOperationGetNumOperands(op);
  MlirValue ts[MAX_RANK];
  bool any = false;
  out[0] = none();
  if (!nb_ad_is_float(ans(op)))
    return true;
  for (int i = 0; i < n; i++)
    any = any || !is_null(t[i]);
  if (!any)
    return true;
  for (int i = 0; i < n; i++)
    ts[i] = is_null(t[i]) ? nbb_zeros(b, mlirValueGetType(arg(op, i))) : t[i];
  out[0] = nb_ad_clone(b, op, ts);
  return true;
}

/* _select_jvp: select(pred, t_true, t_false); pred has no tangent. */
static bool jvp_select(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if (!nb_ad_is_float(ans(op)) || (is_null(t[1]) && is_null(t[2])))
    return true;
  MlirValue tt = is_null(t[1]) ? nbb_zeros(b, mlirValueGetType(ans(op))) : t[1];
  MlirValue tf = is_null(t[2]) ? nbb_zeros(b, mlirValueGetType(ans(op))) : t[2];
  out[0] = nbb_select(b, arg(op, 0), tt, tf);
  return true;
}

/* _convert_element_type_jvp_rule: float -> float converts the tangent;
 * an int or bool on either side has no derivative. */
static bool jvp_convert(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if (!is_null(t[0]) && nb_ad_is_float(arg(op, 0)) && nb_ad_is_float(ans(op)))
    out[0] = nbb_convert(b, t[0], mlirShapedTypeGetElementType(mlirValueGetType(ans(op))));
  return true;
}

/* _reduce_chooser_jvp_rule: the tangent averaged over the tied extrema. */
static bool jvp_chooser(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if (is_null(t[0]) || !nb_ad_is_float(ans(op)))
    return true;
  MlirValue mask, counts;
  int64_t dims[MAX_RANK];
  int nd = nb_ad_i64s(op, "dimensions", dims);
  nb_ad_chooser_mask(b, op, &mask, &counts);
  MlirValue picked = nbb_reduce(b, "nabla.reduce_sum", nbb_mul(b, t[0], mask), nd, dims);
  out[0] = nbb_div(b, picked, counts);
  return true;
}

/* dot_general is bilinear (ad.defbilinear): dot(tx, y) + dot(x, ty). */
static bool jvp_dot_general(nb_builder *b, MlirOperation op, const MlirValue *t,
                            MlirValue *out) {
  out[0] = none();
  if (!nb_ad_is_float(ans(op)))
    return true;
  for (int i = 0; i < 2; i++) {
    if (is_null(t[i]))
      continue;
    MlirValue xs[2] = {arg(op, 0), arg(op, 1)};
    xs[i] = t[i];
    MlirValue term = nb_ad_clone(b, op, xs);
    out[0] = is_null(out[0]) ? term : nbb_add(b, out[0], term);
  }
  return true;
}

#define EW(name) jvp_elementwise, d_##name
const nb_jvp_entry nb_jvp_table[] = {
    {"nabla.neg", EW(neg)},
    {"nabla.abs", EW(abs)},
    {"nabla.sign", jvp_zero, NULL},
    {"nabla.exp", EW(exp)},
    {"nabla.log", EW(log)},
    {"nabla.log1p", EW(log1p)},
    {"nabla.expm1", EW(expm1)},
    {"nabla.tanh", EW(tanh)},
    {"nabla.logistic", EW(logistic)},
    {"nabla.sqrt", EW(sqrt)},
    {"nabla.rsqrt", EW(rsqrt)},
    {"nabla.sin", EW(sin)},
    {"nabla.cos", EW(cos)},
    {"nabla.add", EW(add)},
    {"nabla.sub", EW(sub)},
    {"nabla.mul", EW(mul)},
    {"nabla.div", EW(div)},
    {"nabla.rem", EW(rem)},
    {"nabla.pow", EW(pow)},
    {"nabla.max", EW(max_min)},
    {"nabla.min", EW(max_min)},
    {"nabla.integer_pow", EW(integer_pow)},
    {"nabla.constant", jvp_zero, NULL},
    {"nabla.iota", jvp_zero, NULL},
    {"nabla.compare", jvp_zero, NULL},
    {"nabla.select", jvp_select, NULL},
    {"nabla.convert", jvp_convert, NULL},
    {"nabla.broadcast_in_dim", jvp_linear, NULL},
    {"nabla.reshape", jvp_linear, NULL},
    {"nabla.transpose", jvp_linear, NULL},
    {"nabla.slice", jvp_linear, NULL},
    {"nabla.pad", jvp_linear, NULL},
    {"nabla.reduce_sum", jvp_linear, NULL},
    {"nabla.reduce_max", jvp_chooser, NULL},
    {"nabla.reduce_min", jvp_chooser, NULL},
    {"nabla.dot_general", jvp_dot_general, NULL},
    {"nabla.stop_gradient", jvp_zero, NULL},
    /* integer and bit-level ops: no derivative (ad.defjvp_zero) */
    {"nabla.and", jvp_zero, NULL},
    {"nabla.or", jvp_zero, NULL},
    {"nabla.xor", jvp_zero, NULL},
    {"nabla.not", jvp_zero, NULL},
    {"nabla.shift_left", jvp_zero, NULL},
    {"nabla.shift_right_logical", jvp_zero, NULL},
    {"nabla.shift_right_arithmetic", jvp_zero, NULL},
    {"nabla.bitcast_convert", jvp_zero, NULL},
    {"nabla.threefry2x32", jvp_zero, NULL},
    {"nabla.erf_inv", EW(erf_inv)},
    {"nabla.fma", EW(fma)},
    {"nabla.sort_key_val", nb_jvp_sort_key_val, NULL},
    {NULL, NULL, NULL},
};
#undef EW

const nb_jvp_entry *nb_find_jvp(const char *op_name) {
  for (const nb_jvp_entry *e = nb_jvp_table; e->name; e++)
    if (strcmp(e->name, op_name) == 0)
      return e;
  return NULL;
}
