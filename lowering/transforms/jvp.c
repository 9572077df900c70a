/* jvp.c — forward mode: the rule table (nb_jvp_table, one entry per nabla
 * op), its lookup, and the rules generic to forward mode that many op
 * families share (JAX's ad.defjvp / defjvp_zero / deflinear).
 *
 * Each op family's own rules live in its rules_*.c file, following the JAX
 * rule named in its comment; all emit nabla ops only, so the tangent program
 * can itself be differentiated (jvp of grad = Hessian-vector products).
 * Elementwise ops are written as partials, g * df/dx_i (nb_d_<op>, in
 * rules_elementwise.c, referenced from the op's table entry; nb_ad_partial
 * finds it, for vjp.c too) that jvp_elementwise sums; linear ops (reshape,
 * slice, reduce_sum, ...) apply themselves to the tangent (jvp_linear);
 * ops without a derivative get jvp_zero. A null tangent means zero: rules
 * skip its terms instead of materializing zeros, and results of integer or
 * bool type always get a null tangent. */
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

/* ---- the partials ---- */

/* Here, not with the partials, because it finds them through the table. */
MlirValue nb_ad_partial(nb_builder *b, MlirOperation op, int i, MlirValue g) {
  const nb_jvp_entry *e = nb_find_jvp(nb_op_name(op));
  if (!e || !e->partial) /* sign, stop_gradient: zero derivative */
    return none();
  MlirValue y = mlirOperationGetNumOperands(op) > 1 ? arg(op, 1) : none();
  return e->partial(b, op, i, g, arg(op, 0), y, ans(op));
}

/* ---- the generic rules ---- */

/* Elementwise ops (ad.defjvp): the sum of the partials of the operands
 * that have a tangent. */
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

/* ---- the table ----
 * nb_* rules and partials come from the family files (ad_rules.h). */

#define EW(name) jvp_elementwise, nb_d_##name
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
    {"nabla.select", nb_jvp_select, NULL},
    {"nabla.convert", nb_jvp_convert, NULL},
    {"nabla.broadcast_in_dim", jvp_linear, NULL},
    {"nabla.reshape", jvp_linear, NULL},
    {"nabla.transpose", jvp_linear, NULL},
    {"nabla.slice", jvp_linear, NULL},
    {"nabla.pad", jvp_linear, NULL},
    {"nabla.reduce_sum", jvp_linear, NULL},
    {"nabla.reduce_max", nb_jvp_reduce_chooser, NULL},
    {"nabla.reduce_min", nb_jvp_reduce_chooser, NULL},
    {"nabla.dot_general", nb_jvp_dot_general, NULL},
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
    {"nabla.tan", EW(tan)},
    {"nabla.exp2", EW(exp2)},
    {"nabla.erf", EW(erf)},
    {"nabla.erfc", EW(erfc)},
    {"nabla.floor", jvp_zero, NULL},
    {"nabla.ceil", jvp_zero, NULL},
    {"nabla.is_finite", jvp_zero, NULL},
    {"nabla.atan2", EW(atan2)},
    {"nabla.sort_key_val", nb_jvp_sort_key_val, NULL},
    {"nabla.dynamic_slice", nb_jvp_dynamic_slice, NULL},
    {"nabla.dynamic_update_slice", nb_jvp_dynamic_update_slice, NULL},
    {"nabla.rev", jvp_linear, NULL},
    {"nabla.concatenate", jvp_linear, NULL},
    {"nabla.argmax", jvp_zero, NULL},
    {"nabla.argmin", jvp_zero, NULL},
    {"nabla.gather", nb_jvp_gather, NULL},
    {"nabla.scatter", nb_jvp_scatter, NULL},
    {"nabla.scatter_add", nb_jvp_scatter_add, NULL},
    {"nabla.scatter_mul", nb_jvp_scatter_mul, NULL},
    {"nabla.scatter_min", nb_jvp_scatter_extremal, NULL},
    {"nabla.scatter_max", nb_jvp_scatter_extremal, NULL},
    {"nabla.round", jvp_zero, NULL},
    {"nabla.clamp", nb_jvp_clamp, NULL},
    {"nabla.nextafter", nb_jvp_nextafter, NULL},
    {"nabla.reduce_prod", nb_jvp_reduce_prod, NULL},
    {"nabla.cumsum", jvp_linear, NULL},
    {"nabla.cumprod", nb_jvp_cumulative, NULL},
    {"nabla.cummax", nb_jvp_cumulative, NULL},
    {"nabla.cummin", nb_jvp_cumulative, NULL},
    {"nabla.sort", nb_jvp_sort, NULL},
    {NULL, NULL, NULL},
};
#undef EW

const nb_jvp_entry *nb_find_jvp(const char *op_name) {
  for (const nb_jvp_entry *e = nb_jvp_table; e->name; e++)
    if (strcmp(e->name, op_name) == 0)
      return e;
  return NULL;
}
