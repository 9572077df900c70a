/* rules_elementwise.c — the elementwise ops' rules: each op's partial
 * (nb_d_<op>) and select's and convert's JVP and VJP rules.
 *
 * An elementwise op's JVP, g -> g * df/dx_i, is a diagonal linear map, so
 * its transpose (the VJP) is the same product applied to the cotangent.
 * JAX writes these once (ad.defjvp) and transposes them; we write each
 * partial once, here, and reference it from the op's nb_jvp_table entry:
 * jvp.c's and vjp.c's elementwise drivers apply it (through nb_ad_partial),
 * and batch.c's broadcast batcher batches every elementwise op. Each follows
 * the JAX rule named in its comment (jax/_src/lax/lax.py). */
#include "ad_rules.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirValue ans(MlirOperation op) { return mlirOperationGetResult(op, 0); }
static MlirValue none(void) { return (MlirValue){NULL}; }
static bool is_null(MlirValue v) { return mlirValueIsNull(v); }

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
 * (nb_d_tanh for nabla.tanh) and referenced from its entry in nb_jvp_table;
 * x, y are operands 0 and 1 (y null for unary ops), r the primal result. */
#define PARTIAL(name) NB_AD_PARTIAL(name)
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
PARTIAL(tan) { /* tan_p: g * (1 + ans^2) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, g, nbb_add(b, full(b, x, 1), nbb_integer_pow(b, r, 2)));
}
PARTIAL(exp2) { /* exp2_p: log(2) * (g * ans) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, full(b, x, 0.69314718055994530942), nbb_mul(b, g, r));
}
PARTIAL(erf) { /* erf_p: 2/sqrt(pi) * (g * exp(-x^2)) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, full(b, x, 1.12837916709551257390),
                 nbb_mul(b, g, nbb_unary(b, "nabla.exp", nbb_neg(b, nbb_integer_pow(b, x, 2)))));
}
PARTIAL(erfc) { /* erfc_p: -2/sqrt(pi) * (g * exp(-x^2)) */
  UNUSED_PARTIAL_ARGS;
  return nbb_mul(b, full(b, x, -1.12837916709551257390),
                 nbb_mul(b, g, nbb_unary(b, "nabla.exp", nbb_neg(b, nbb_integer_pow(b, x, 2)))));
}
PARTIAL(atan2) { /* atan2_p: g * (y / (x^2 + y^2)) and g * -x / (x^2 + y^2) */
  UNUSED_PARTIAL_ARGS;
  MlirValue d = nbb_add(b, nbb_integer_pow(b, x, 2), nbb_integer_pow(b, y, 2));
  return i ? nbb_div(b, nbb_mul(b, g, nbb_neg(b, x)), d) : nbb_mul(b, g, nbb_div(b, y, d));
}
#undef PARTIAL
#undef UNUSED_PARTIAL_ARGS

/* ---- select ---- */

/* _select_jvp: select(pred, t_true, t_false); pred has no tangent. */
bool nb_jvp_select(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if (!nb_ad_is_float(ans(op)) || (is_null(t[1]) && is_null(t[2])))
    return true;
  MlirValue tt = is_null(t[1]) ? nbb_zeros(b, mlirValueGetType(ans(op))) : t[1];
  MlirValue tf = is_null(t[2]) ? nbb_zeros(b, mlirValueGetType(ans(op))) : t[2];
  out[0] = nbb_select(b, arg(op, 0), tt, tf);
  return true;
}

/* _select_transpose_rule: the cotangent goes to the branch that was taken. */
bool nb_vjp_select(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  for (int i = 0; i < mlirOperationGetNumOperands(op); i++)
    out[i] = none();
  if (!nb_ad_is_float(ans(op)))
    return true;
  MlirValue zeros = nbb_zeros(b, mlirValueGetType(ans(op)));
  out[1] = nbb_select(b, arg(op, 0), cts[0], zeros);
  out[2] = nbb_select(b, arg(op, 0), zeros, cts[0]);
  return true;
}

/* ---- convert ---- */

/* _convert_element_type_jvp_rule: float -> float converts the tangent;
 * an int or bool on either side has no derivative. */
bool nb_jvp_convert(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if (!is_null(t[0]) && nb_ad_is_float(arg(op, 0)) && nb_ad_is_float(ans(op)))
    out[0] = nbb_convert(b, t[0], mlirShapedTypeGetElementType(mlirValueGetType(ans(op))));
  return true;
}

/* _convert_element_type_transpose_rule: convert back, float <-> float only. */
bool nb_vjp_convert(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = none();
  if (nb_ad_is_float(arg(op, 0)) && nb_ad_is_float(ans(op)))
    out[0] = nbb_convert(b, cts[0], mlirShapedTypeGetElementType(mlirValueGetType(arg(op, 0))));
  return true;
}
