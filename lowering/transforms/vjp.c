/* vjp.c — reverse mode: the rule table (nb_vjp_table, one entry per nabla
 * op), its lookup, and the rules generic to reverse mode that many op
 * families share.
 *
 * JAX gets reverse mode by transposing its linear JVPs; we write each
 * transpose directly, in its op family's rules_*.c file, naming the JAX
 * transpose rule it follows. Elementwise partials are diagonal, so they are
 * their own transpose: vjp_elementwise applies them (nb_ad_partial, shared
 * with jvp.c). Integer and bool operands get no cotangent (null), nor do
 * predicates and indices; ops without a derivative get vjp_none. */
#include "ad_rules.h"

#include <string.h>

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirValue ans(MlirOperation op) { return mlirOperationGetResult(op, 0); }

/* ---- the generic rules ---- */

/* Elementwise ops: each float operand gets ct * df/dx_i (ad.defjvp's
 * transpose). */
static bool vjp_elementwise(nb_builder *b, MlirOperation op, const MlirValue *cts,
                            MlirValue *out) {
  for (int i = 0; i < mlirOperationGetNumOperands(op); i++)
    out[i] = nb_ad_is_float(arg(op, i)) && nb_ad_is_float(ans(op))
                 ? nb_ad_partial(b, op, i, cts[0])
                 : (MlirValue){NULL};
  return true;
}

/* sign, compare, iota, constant, stop_gradient: nothing flows back. */
static bool vjp_none(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  (void)b, (void)cts;
  for (int i = 0; i < mlirOperationGetNumOperands(op); i++)
    out[i] = (MlirValue){NULL};
  return true;
}

/* ---- the table ----
 * nb_* rules come from the family files (ad_rules.h). */

#define EW vjp_elementwise
const nb_vjp_entry nb_vjp_table[] = {
    {"nabla.neg", EW},          {"nabla.abs", EW},         {"nabla.sign", vjp_none},
    {"nabla.exp", EW},          {"nabla.log", EW},         {"nabla.log1p", EW},
    {"nabla.expm1", EW},        {"nabla.tanh", EW},        {"nabla.logistic", EW},
    {"nabla.sqrt", EW},         {"nabla.rsqrt", EW},       {"nabla.sin", EW},
    {"nabla.cos", EW},          {"nabla.add", EW},         {"nabla.sub", EW},
    {"nabla.mul", EW},          {"nabla.div", EW},         {"nabla.rem", EW},
    {"nabla.pow", EW},          {"nabla.max", EW},         {"nabla.min", EW},
    {"nabla.integer_pow", EW},  {"nabla.constant", vjp_none},
    {"nabla.iota", vjp_none},   {"nabla.compare", vjp_none},
    {"nabla.select", nb_vjp_select},
    {"nabla.convert", nb_vjp_convert},
    {"nabla.broadcast_in_dim", nb_vjp_broadcast_in_dim},
    {"nabla.reshape", nb_vjp_reshape},
    {"nabla.transpose", nb_vjp_transpose},
    {"nabla.slice", nb_vjp_slice},
    {"nabla.pad", nb_vjp_pad},
    {"nabla.reduce_sum", nb_vjp_reduce_sum},
    {"nabla.reduce_max", nb_vjp_reduce_chooser},
    {"nabla.reduce_min", nb_vjp_reduce_chooser},
    {"nabla.dot_general", nb_vjp_dot_general},
    {"nabla.stop_gradient", vjp_none},
    {"nabla.and", vjp_none},    {"nabla.or", vjp_none},    {"nabla.xor", vjp_none},
    {"nabla.not", vjp_none},    {"nabla.shift_left", vjp_none},
    {"nabla.shift_right_logical", vjp_none},
    {"nabla.shift_right_arithmetic", vjp_none},
    {"nabla.bitcast_convert", vjp_none},
    {"nabla.threefry2x32", vjp_none},
    {"nabla.erf_inv", EW},
    {"nabla.fma", EW},
    {"nabla.tan", EW},          {"nabla.exp2", EW},        {"nabla.erf", EW},
    {"nabla.erfc", EW},
    {"nabla.floor", vjp_none},  {"nabla.ceil", vjp_none},
    {"nabla.is_finite", vjp_none},
    {"nabla.atan2", EW},
    {"nabla.sort_key_val", nb_vjp_sort_key_val},
    {"nabla.dynamic_slice", nb_vjp_dynamic_slice},
    {"nabla.dynamic_update_slice", nb_vjp_dynamic_update_slice},
    {"nabla.rev", nb_vjp_rev},
    {"nabla.concatenate", nb_vjp_concatenate},
    {"nabla.argmax", vjp_none},
    {"nabla.argmin", vjp_none},
    {"nabla.gather", nb_vjp_gather},
    {"nabla.scatter", nb_vjp_scatter},
    {"nabla.scatter_add", nb_vjp_scatter_add},
    {"nabla.scatter_mul", nb_vjp_scatter_mul},
    {"nabla.scatter_min", nb_vjp_scatter_extremal},
    {"nabla.scatter_max", nb_vjp_scatter_extremal},
    {"nabla.round", vjp_none},
    {"nabla.clamp", nb_vjp_clamp},
    {"nabla.nextafter", nb_vjp_nextafter},
    {"nabla.reduce_prod", nb_vjp_reduce_prod},
    {"nabla.cumsum", nb_vjp_cumsum},
    {"nabla.cumprod", nb_vjp_cumulative},
    {"nabla.cummax", nb_vjp_cumulative},
    {"nabla.cummin", nb_vjp_cumulative},
    {"nabla.sort", nb_vjp_sort},
    {NULL, NULL},
};
#undef EW

const nb_vjp_entry *nb_find_vjp(const char *op_name) {
  for (const nb_vjp_entry *e = nb_vjp_table; e->name; e++)
    if (strcmp(e->name, op_name) == 0)
      return e;
  return NULL;
}
