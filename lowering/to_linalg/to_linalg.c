/* to_linalg.c — nabla-to-linalg: every nabla op becomes linalg, tensor,
 * arith and math ops on signless types.
 *
 * One table, one entry per op: the function that lowers it and, for the
 * elementwise ops, the scalar arith/math op per element class (float,
 * signed, unsigned, bool). Elementwise ops, iota, broadcast_in_dim,
 * transpose, reductions and dot_general all become a single linalg.generic;
 * shape-only ops become tensor ops.
 *
 * Unsigned types: arith and linalg want signless integers, so unsignedness
 * only chooses the op (divui, cmpi ult, uitofp, ...). Ops are lowered in
 * reverse program order so that every op still sees its operands' original
 * (possibly unsigned) types when it is lowered: users go before producers.
 * A final sweep then rewrites every remaining ui<N> in the module (function
 * signatures, block arguments, call results) to i<N>.
 *
 * Regions: the ops to lower are collected by a walk of the whole module, so
 * nabla ops nested in other ops' regions (scf.if, loops) are lowered where
 * they stand, and block arguments of every region become signless too. */
#include "lower.h"
#include "pass.h"
#include "verify.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <mlir-c/Diagnostics.h>

#include "dialect.h"


/* ---- the table ---- */

#define EW nbl_elementwise
static const rule rules[] = {
    /* name                lower  body           float          signed         unsigned       bool */
    {"nabla.neg",          EW, nbl_neg_body,         NULL, NULL, NULL, NULL},
    {"nabla.abs",          EW, nbl_abs_body,         NULL, NULL, NULL, NULL},
    {"nabla.sign",         EW, nbl_sign_body,        NULL, NULL, NULL, NULL},
    {"nabla.exp",          EW, NULL,             "math.exp", NULL, NULL, NULL},
    {"nabla.log",          EW, NULL,             "math.log", NULL, NULL, NULL},
    {"nabla.log1p",        EW, nbl_log1p_body,       "math.log1p", NULL, NULL, NULL},
    {"nabla.expm1",        EW, nbl_expm1_body,       "math.expm1", NULL, NULL, NULL},
    {"nabla.tanh",         EW, nbl_tanh_body,        "math.tanh", NULL, NULL, NULL},
    {"nabla.logistic",     EW, nbl_logistic_body,    NULL, NULL, NULL, NULL},
    {"nabla.sqrt",         EW, NULL,             "math.sqrt", NULL, NULL, NULL},
    {"nabla.rsqrt",        EW, NULL,             "math.rsqrt", NULL, NULL, NULL},
    {"nabla.sin",          EW, NULL,             "math.sin", NULL, NULL, NULL},
    {"nabla.cos",          EW, NULL,             "math.cos", NULL, NULL, NULL},
    {"nabla.add",          EW, NULL,             "arith.addf", "arith.addi", "arith.addi", NULL},
    {"nabla.sub",          EW, NULL,             "arith.subf", "arith.subi", "arith.subi", NULL},
    {"nabla.mul",          EW, NULL,             "arith.mulf", "arith.muli", "arith.muli", NULL},
    /* lax.div truncates toward zero, lax.rem takes the dividend's sign;
     * integer division by zero as XLA defines it */
    {"nabla.div",          EW, nbl_div_rem_body,     "arith.divf", "arith.divsi", "arith.divui", NULL},
    {"nabla.rem",          EW, nbl_div_rem_body,     "arith.remf", "arith.remsi", "arith.remui", NULL},
    {"nabla.pow",          EW, NULL,             "math.powf", "math.ipowi", "math.ipowi", NULL},
    /* maximumf/minimumf propagate NaN, like lax.max/min */
    {"nabla.max",          EW, NULL,             "arith.maximumf", "arith.maxsi", "arith.maxui", "arith.ori"},
    {"nabla.min",          EW, NULL,             "arith.minimumf", "arith.minsi", "arith.minui", "arith.andi"},
    {"nabla.integer_pow",  EW, nbl_integer_pow_body, NULL, NULL, NULL, NULL},
    {"nabla.compare",      EW, nbl_compare_body,     NULL, NULL, NULL, NULL},
    {"nabla.select",       EW, nbl_select_body,      NULL, NULL, NULL, NULL},
    {"nabla.convert",      nbl_convert, nbl_convert_body,     NULL, NULL, NULL, NULL},
    {"nabla.stop_gradient", nbl_identity, NULL,           NULL, NULL, NULL, NULL},
    {"nabla.constant",     nbl_constant, NULL, NULL, NULL, NULL, NULL},
    {"nabla.iota",         nbl_iota, NULL,     NULL, NULL, NULL, NULL},
    {"nabla.broadcast_in_dim", nbl_broadcast_in_dim, NULL, NULL, NULL, NULL, NULL},
    {"nabla.reshape",      nbl_reshape, NULL,  NULL, NULL, NULL, NULL},
    {"nabla.transpose",    nbl_transpose, NULL, NULL, NULL, NULL, NULL},
    {"nabla.slice",        nbl_slice, NULL,    NULL, NULL, NULL, NULL},
    {"nabla.pad",          nbl_pad, NULL,      NULL, NULL, NULL, NULL},
    {"nabla.reduce_sum",   nbl_reduce_sum, NULL, "arith.addf", "arith.addi", "arith.addi", NULL},
    {"nabla.reduce_max",   nbl_reduce_max, NULL, "arith.maximumf", "arith.maxsi", "arith.maxui", "arith.ori"},
    {"nabla.reduce_min",   nbl_reduce_min, NULL, "arith.minimumf", "arith.minsi", "arith.minui", "arith.andi"},
    {"nabla.dot_general",  nbl_dot_general, NULL, NULL, NULL, NULL, NULL},
    {"nabla.and",          EW, NULL,             NULL, "arith.andi", "arith.andi", "arith.andi"},
    {"nabla.or",           EW, NULL,             NULL, "arith.ori", "arith.ori", "arith.ori"},
    {"nabla.xor",          EW, NULL,             NULL, "arith.xori", "arith.xori", "arith.xori"},
    {"nabla.not",          EW, nbl_not_body,         NULL, NULL, NULL, NULL},
    {"nabla.shift_left",   EW, nbl_shift_body,       NULL, "arith.shli", "arith.shli", NULL},
    {"nabla.shift_right_logical", EW, nbl_shift_body, NULL, "arith.shrui", "arith.shrui", NULL},
    {"nabla.shift_right_arithmetic", EW, nbl_shift_body, NULL, "arith.shrsi", "arith.shrsi", NULL},
    {"nabla.bitcast_convert", nbl_bitcast, nbl_bitcast_body, NULL, NULL, NULL, NULL},
    {"nabla.erf_inv",      EW, nb_erf_inv_body,  NULL, NULL, NULL, NULL},
    {"nabla.fma",          EW, NULL,             "math.fma", NULL, NULL, NULL},
    {"nabla.threefry2x32", nbl_threefry, NULL, NULL, NULL, NULL, NULL},
    {"nabla.sort_key_val", nbl_sort_key_val, NULL, NULL, NULL, NULL, NULL},
    {"nabla.tan",          EW, NULL,             "math.tan", NULL, NULL, NULL},
    {"nabla.exp2",         EW, NULL,             "math.exp2", NULL, NULL, NULL},
    {"nabla.erf",          EW, NULL,             "math.erf", NULL, NULL, NULL},
    {"nabla.erfc",         EW, NULL,             "math.erfc", NULL, NULL, NULL},
    {"nabla.floor",        EW, NULL,             "math.floor", NULL, NULL, NULL},
    {"nabla.ceil",         EW, NULL,             "math.ceil", NULL, NULL, NULL},
    {"nabla.is_finite",    EW, nbl_is_finite_body, NULL, NULL, NULL, NULL},
    {"nabla.atan2",        EW, NULL,             "math.atan2", NULL, NULL, NULL},
    {"nabla.dynamic_slice", nbl_dynamic_slice, NULL, NULL, NULL, NULL, NULL},
    {"nabla.dynamic_update_slice", nbl_dynamic_update_slice, NULL, NULL, NULL, NULL, NULL},
    {"nabla.rev",          nbl_rev, NULL,      NULL, NULL, NULL, NULL},
    {"nabla.concatenate",  nbl_concatenate, NULL, NULL, NULL, NULL, NULL},
    {"nabla.argmax",       nbl_argminmax, NULL, NULL, NULL, NULL, NULL},
    {"nabla.argmin",       nbl_argminmax, NULL, NULL, NULL, NULL, NULL},
    {"nabla.gather", nbl_gather, NULL, NULL, NULL, NULL, NULL},
    /* the combining op by element class: float, signed, unsigned, bool */
    {"nabla.scatter", nbl_scatter, NULL, NULL, NULL, NULL, NULL},
    {"nabla.scatter_add", nbl_scatter, NULL, "arith.addf", "arith.addi", "arith.addi", "arith.ori"},
    {"nabla.scatter_mul", nbl_scatter, NULL, "arith.mulf", "arith.muli", "arith.muli", "arith.andi"},
    {"nabla.scatter_min", nbl_scatter, NULL, "arith.minimumf", "arith.minsi", "arith.minui", "arith.andi"},
    {"nabla.scatter_max", nbl_scatter, NULL, "arith.maximumf", "arith.maxsi", "arith.maxui", "arith.ori"},
    {"nabla.round",        EW, nbl_round_body,  NULL, NULL, NULL, NULL},
    /* clamp's table ops are the max; its body picks the matching min */
    {"nabla.clamp",        nbl_clamp, NULL,  "arith.maximumf", "arith.maxsi", "arith.maxui", "arith.ori"},
    {"nabla.nextafter",    EW, nbl_nextafter_body, NULL, NULL, NULL, NULL},
    {"nabla.reduce_prod",  nbl_reduce_prod, NULL, "arith.mulf", "arith.muli", "arith.muli", NULL},
    {"nabla.cumsum",       nbl_cumulative, NULL, "arith.addf", "arith.addi", "arith.addi", NULL},
    {"nabla.cumprod",      nbl_cumulative, NULL, "arith.mulf", "arith.muli", "arith.muli", NULL},
    {"nabla.cummax",       nbl_cumulative, NULL, "arith.maximumf", "arith.maxsi", "arith.maxui", NULL},
    {"nabla.cummin",       nbl_cumulative, NULL, "arith.minimumf", "arith.minsi", "arith.minui", NULL},
    {"nabla.sort",         nbl_sort, NULL, NULL, NULL, NULL, NULL},
};
#undef EW

static const rule *find_rule(const char *name) {
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
    if (strcmp(rules[i].name, name) == 0)
      return &rules[i];
  return NULL;
}

const char *nb_linalg_rule_name(size_t i) {
  return i < sizeof rules / sizeof rules[0] ? rules[i].name : NULL;
}

bool nb_has_linalg_rule(const char *op_name) {
  const rule *r = find_rule(op_name);
  return r && r->lower;
}

/* ---- the pass ---- */

static bool lower_op(MlirOperation op) {
  /* The rules trust what nabla-verify checks (permutations, slice bounds,
   * dims); run alone on unverified IR, this pass checks each op first. */
  if (!nb_verify_op(op))
    return false;
  lowering l = {.op = op, .b = nb_builder_before(op), .r = find_rule(nb_op_name(op))};
  if (!l.r) {
    error(&l, "no lowering to linalg for this op");
    return false;
  }
  MlirValue res = mlirOperationGetResult(op, 0);
  MlirType rt = mlirValueGetType(res);
  MlirValue first = mlirOperationGetNumOperands(op) ? operand(&l, 0) : res;
  l.dt = nb_tensor_dtype(mlirValueGetType(first));
  l.out_dt = nb_tensor_dtype(rt);
  l.out_type = nb_signless(rt);
  l.out_elem = mlirShapedTypeGetElementType(l.out_type);
  l.rank = (int)mlirShapedTypeGetRank(rt);
  MlirValue v = l.r->lower(&l);
  if (mlirValueIsNull(v))
    return false;
  mlirValueReplaceAllUsesOfWith(res, v);
  for (intptr_t i = 1; i < mlirOperationGetNumResults(op) && i <= 2; i++)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, i), l.more[i - 1]);
  mlirOperationDestroy(op);
  return true;
}

typedef struct {
  MlirOperation *ops;
  size_t n, cap;
  bool keep_contractions;
} op_list;

static MlirWalkResult collect(MlirOperation op, void *user) {
  op_list *list = user;
  if (!nb_is_nabla_op(op))
    return MlirWalkResultAdvance;
  if (list->keep_contractions && strcmp(nb_op_name(op), "nabla.dot_general") == 0)
    return MlirWalkResultAdvance;
  if (list->n == list->cap) {
    list->cap = list->cap ? 2 * list->cap : 64;
    list->ops = realloc(list->ops, list->cap * sizeof *list->ops);
  }
  list->ops[list->n++] = op;
  return MlirWalkResultAdvance;
}

static MlirType signless_function_type(MlirType ft) {
  intptr_t ni = mlirFunctionTypeGetNumInputs(ft), nr = mlirFunctionTypeGetNumResults(ft);
  MlirType ins[ni > 0 ? ni : 1], outs[nr > 0 ? nr : 1];
  for (intptr_t i = 0; i < ni; i++)
    ins[i] = nb_signless(mlirFunctionTypeGetInput(ft, i));
  for (intptr_t i = 0; i < nr; i++)
    outs[i] = nb_signless(mlirFunctionTypeGetResult(ft, i));
  return mlirFunctionTypeGet(mlirTypeGetContext(ft), ni, ins, nr, outs);
}

/* Rewrites ui<N> to i<N> in one op's results, block arguments and, for
 * functions, its signature. */
static MlirWalkResult make_signless(MlirOperation op, void *user) {
  (void)user;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++) {
    MlirValue r = mlirOperationGetResult(op, i);
    mlirValueSetType(r, nb_signless(mlirValueGetType(r)));
  }
  for (intptr_t i = 0; i < mlirOperationGetNumRegions(op); i++) {
    MlirRegion region = mlirOperationGetRegion(op, i);
    for (MlirBlock b = mlirRegionGetFirstBlock(region); !mlirBlockIsNull(b);
         b = mlirBlockGetNextInRegion(b))
      for (intptr_t a = 0; a < mlirBlockGetNumArguments(b); a++) {
        MlirValue arg = mlirBlockGetArgument(b, a);
        mlirBlockArgumentSetType(arg, nb_signless(mlirValueGetType(arg)));
      }
  }
  MlirStringRef ft_name = mlirStringRefCreateFromCString("function_type");
  MlirAttribute ft = mlirOperationGetAttributeByName(op, ft_name);
  if (!mlirAttributeIsNull(ft) && mlirAttributeIsAType(ft) &&
      mlirTypeIsAFunction(mlirTypeAttrGetValue(ft)))
    mlirOperationSetAttributeByName(
        op, ft_name, mlirTypeAttrGet(signless_function_type(mlirTypeAttrGetValue(ft))));
  return MlirWalkResultAdvance;
}

static bool run(MlirOperation module, void *user) {
  op_list list = {.keep_contractions = user != NULL};
  mlirOperationWalk(module, collect, &list, MlirWalkPreOrder);
  bool ok = true;
  /* Users before producers: see the comment at the top of the file. */
  for (size_t i = list.n; ok && i-- > 0;)
    ok = lower_op(list.ops[i]);
  free(list.ops);
  if (ok)
    mlirOperationWalk(module, make_signless, NULL, MlirWalkPreOrder);
  return ok;
}

bool nb_add_to_linalg_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-to-linalg",
                              "lower every nabla op to linalg/tensor/arith/math", run, NULL));
  return true;
}

/* Contractions stay nabla.dot_general here so that linalg's elementwise
 * fusion, which runs next, cannot fuse a producer into them: fused into a
 * contraction, an elementwise producer (say the tanh of the previous layer)
 * is recomputed for every output column. They are lowered after fusion.
 * Unsigned operands turn signless in between, which is harmless: a
 * contraction's muli/addi are the same for both signednesses. */
bool nb_add_to_linalg_except_contractions_pass(MlirOpPassManager pm) {
  static int keep = 1;
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-to-linalg-except-contractions",
                              "nabla-to-linalg, leaving nabla.dot_general", run, &keep));
  return true;
}

