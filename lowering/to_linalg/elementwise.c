/* elementwise.c — nabla-to-linalg for elementwise ops: one linalg.generic
 * whose scalar body applies the op (by element class: float, signed,
 * unsigned, bool), and the ops that need a body of their own (neg, abs,
 * sign, integer_pow, compare, select, convert, bitwise, shifts, bitcast);
 * threefry2x32 and sort_key_val hand over to threefry.c and sort.c. */
#include "lower.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- elementwise ---- */

/* bf16 arithmetic is done in f32 and rounded back here, per op: left to
 * arith-emulate-unsupported-floats, a chain of bf16 ops fused into one
 * generic would keep its intermediates in f32 unrounded (XLA rounds each),
 * and math.fma on bf16 would reach LLVM as a __truncsfbf2 call. */
static MlirValue apply_by_class(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  int n = (int)mlirOperationGetNumOperands(l->op);
  if (l->dt != NB_BF16)
    return nb_build_n(b, op_for(l->r, l->dt), n, args, mlirValueGetType(args[0]));
  MlirType f32 = mlirF32TypeGet(b->ctx), bf16 = mlirValueGetType(args[0]);
  MlirValue wide[n > 0 ? n : 1];
  for (int i = 0; i < n; i++)
    wide[i] = nb_build_cast(b, "arith.extf", args[i], f32);
  return nb_build_cast(b, "arith.truncf", nb_build_n(b, op_for(l->r, l->dt), n, wide, f32), bf16);
}

/* One all-parallel generic over the operands with identity maps. */
MlirValue nbl_elementwise(lowering *l) {
  int n = (int)mlirOperationGetNumOperands(l->op);
  if (!l->r->body && !op_for(l->r, l->dt))
    return error(l, "no lowering for this element type");
  MlirValue ins[n > 0 ? n : 1];
  MlirAttribute maps[n + 1];
  for (int i = 0; i < n; i++)
    ins[i] = operand(l, i);
  for (int i = 0; i <= n; i++)
    maps[i] = nb_identity_map(l->b.ctx, l->rank);
  nb_generic g = {.n_loops = l->rank,
                  .n_inputs = n,
                  .inputs = ins,
                  .maps = maps,
                  .init = nb_build_empty(&l->b, l->out_type),
                  .body = l->r->body ? l->r->body : apply_by_class,
                  .user = l};
  return nb_build_generic(&l->b, &g);
}

/* XLA defines integer division by zero and the one overflow, where arith
 * (and the CPU: idiv raises SIGFPE) does not: x / 0 = -1 (all ones, also
 * unsigned), x % 0 = x, INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0. The divisor
 * is made safe first (1 in both cases: x / 1 and x % 1 give the overflow's
 * results), then zero divisors are patched. */
MlirValue nbl_div_rem_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  if (nb_dtype_is_float(l->dt))
    return apply_by_class(b, args, user);
  MlirValue x = args[0], y = args[1];
  MlirType t = mlirValueGetType(x);
  MlirValue zero = nb_build_int(b, t, 0), one = nb_build_int(b, t, 1);
  MlirValue by_zero = nb_build_cmp(b, "arith.cmpi", I_EQ, y, zero);
  MlirValue safe = select3(b, by_zero, one, y);
  if (!nb_dtype_is_unsigned(l->dt)) {
    unsigned bits = mlirIntegerTypeGetWidth(t);
    MlirValue int_min = nb_build_int(b, t, bits >= 64 ? INT64_MIN : -((int64_t)1 << (bits - 1)));
    MlirValue minus_one = nb_build_int(b, t, -1);
    MlirValue overflow = nb_build2(b, "arith.andi", nb_build_cmp(b, "arith.cmpi", I_EQ, x, int_min),
                                   nb_build_cmp(b, "arith.cmpi", I_EQ, y, minus_one));
    safe = select3(b, overflow, one, safe);
  }
  MlirValue q[2] = {x, safe};
  MlirValue r = nb_build_n(b, op_for(l->r, l->dt), 2, q, t);
  bool is_div = strcmp(nb_op_name(l->op), "nabla.div") == 0;
  return select3(b, by_zero, is_div ? nb_build_int(b, t, -1) : x, r);
}

MlirValue nbl_neg_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  if (nb_dtype_is_float(l->dt))
    return nb_build1(b, "arith.negf", args[0]);
  MlirValue zero = nb_build_int(b, mlirValueGetType(args[0]), 0);
  return nb_build2(b, "arith.subi", zero, args[0]);
}

MlirValue nbl_abs_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  if (nb_dtype_is_unsigned(l->dt)) /* already non-negative */
    return args[0];
  return nb_build1(b, nb_dtype_is_float(l->dt) ? "math.absf" : "math.absi", args[0]);
}

/* lax.sign: NaN and +-0 map to themselves, ints to -1/0/1, uints to 0/1.
 * Two compares and selects rather than math.copysign: convert-math-to-libm
 * marks copysign illegal without lowering it. */
MlirValue nbl_sign_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  MlirValue x = args[0];
  MlirType t = mlirValueGetType(x);
  MlirValue zero = nb_build_scalar(b, t, 0), one = nb_build_scalar(b, t, 1);
  if (nb_dtype_is_unsigned(l->dt))
    return select3(b, nb_build_cmp(b, "arith.cmpi", I_NE, x, zero), one, zero);
  bool fl = nb_dtype_is_float(l->dt);
  const char *cmp = fl ? "arith.cmpf" : "arith.cmpi";
  MlirValue minus = fl ? nb_build_scalar(b, t, -1) : nb_build_int(b, t, -1);
  /* Ordered float compares are false for NaN and both zeros: x passes through. */
  MlirValue rest = fl ? x : zero;
  MlirValue neg = select3(b, nb_build_cmp(b, cmp, fl ? F_OLT : I_SLT, x, zero), minus, rest);
  return select3(b, nb_build_cmp(b, cmp, fl ? F_OGT : I_SGT, x, zero), one, neg);
}


/* Exponentiation by squaring, unrolled at compile time: O(log |y|) mults. */
MlirValue nbl_integer_pow_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  int64_t y = mlirIntegerAttrGetValueSInt(attr(l, "y"));
  bool fp = nb_dtype_is_float(l->dt);
  const char *mul = fp ? "arith.mulf" : "arith.muli";
  uint64_t n = y < 0 ? -(uint64_t)y : (uint64_t)y;
  MlirValue acc = {NULL}, base = args[0];
  while (n) {
    if (n & 1)
      acc = mlirValueIsNull(acc) ? base : nb_build2(b, mul, acc, base);
    n >>= 1;
    if (n)
      base = nb_build2(b, mul, base, base);
  }
  MlirType t = mlirValueGetType(args[0]);
  if (mlirValueIsNull(acc))
    acc = nb_build_scalar(b, t, 1);
  if (y < 0 && fp)
    acc = nb_build2(b, "arith.divf", nb_build_scalar(b, t, 1), acc);
  return acc;
}

MlirValue nbl_select_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)user;
  return select3(b, args[0], args[1], args[2]);
}

/* Ordered float predicates except ne, which is unordered so NaN != NaN. */
static const struct {
  const char *dir;
  int64_t f, s, u;
} compare_preds[] = {
    {"eq", F_OEQ, I_EQ, I_EQ},    {"ne", F_UNE, I_NE, I_NE},
    {"lt", F_OLT, I_SLT, I_ULT},  {"le", F_OLE, I_SLE, I_ULE},
    {"gt", F_OGT, I_SGT, I_UGT},  {"ge", F_OGE, I_SGE, I_UGE},
};

MlirValue nbl_compare_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  MlirStringRef dir = mlirStringAttrGetValue(attr(l, "direction"));
  size_t i = 0;
  while (i + 1 < sizeof compare_preds / sizeof compare_preds[0] &&
         !(strlen(compare_preds[i].dir) == dir.length &&
           strncmp(compare_preds[i].dir, dir.data, dir.length) == 0))
    i++;
  if (nb_dtype_is_float(l->dt))
    return nb_build_cmp(b, "arith.cmpf", compare_preds[i].f, args[0], args[1]);
  /* bool compares as unsigned: false < true */
  bool uns = nb_dtype_is_unsigned(l->dt) || l->dt == NB_BOOL;
  return nb_build_cmp(b, "arith.cmpi", uns ? compare_preds[i].u : compare_preds[i].s,
                      args[0], args[1]);
}

/* lax.convert_element_type: the source's signedness picks the int ops. */
/* float -> int saturates, as XLA's convert does: NaN gives 0, a value at or
 * below the type's minimum its minimum, at or above 2^bits (2^(bits-1)
 * signed) its maximum. arith.fptosi/fptoui are poison out of range (the
 * CPU gives 0x80000000 for all of them); select never picks that poison.
 * A bound a narrow float cannot hold rounds to infinity, which only
 * infinity reaches: the right answer there too. */
static MlirValue float_to_int(nb_builder *b, MlirValue x, MlirType to, bool is_unsigned) {
  unsigned w = mlirIntegerTypeGetWidth(to);
  MlirType ft = mlirValueGetType(x);
  double lo = is_unsigned ? 0.0 : -ldexp(1.0, (int)w - 1);
  double hi = ldexp(1.0, is_unsigned ? (int)w : (int)w - 1);
  int64_t min = is_unsigned ? 0 : w == 64 ? INT64_MIN : -((int64_t)1 << (w - 1));
  int64_t max = is_unsigned ? -1 /* all ones */ : (int64_t)(((uint64_t)1 << (w - 1)) - 1);
  MlirValue r = nb_build_cast(b, is_unsigned ? "arith.fptoui" : "arith.fptosi", x, to);
  r = select3(b, nb_build_cmp(b, "arith.cmpf", F_OGE, x, nb_build_scalar(b, ft, hi)),
              nb_build_int(b, to, max), r);
  r = select3(b, nb_build_cmp(b, "arith.cmpf", F_OLE, x, nb_build_scalar(b, ft, lo)),
              nb_build_int(b, to, min), r);
  return select3(b, nb_build_cmp(b, "arith.cmpf", F_UNO, x, x), nb_build_int(b, to, 0), r);
}

MlirValue nbl_convert_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  MlirValue x = args[0];
  MlirType from = mlirValueGetType(x), to = l->out_elem;
  nb_dtype s = l->dt, d = l->out_dt;
  if (mlirTypeEqual(from, to))
    return x;
  if (d == NB_BOOL) {
    if (nb_dtype_is_float(s))
      return nb_build_cmp(b, "arith.cmpf", F_UNE, x, nb_build_scalar(b, from, 0));
    return nb_build_cmp(b, "arith.cmpi", I_NE, x, nb_build_scalar(b, from, 0));
  }
  bool sf = nb_dtype_is_float(s), df = nb_dtype_is_float(d);
  bool src_unsigned = s == NB_BOOL || nb_dtype_is_unsigned(s);
  if (sf && df) {
    unsigned ws = mlirFloatTypeGetWidth(from), wd = mlirFloatTypeGetWidth(to);
    if (ws == wd) /* f16 <-> bf16: through f32, which holds both exactly */
      return nb_build_cast(b, "arith.truncf",
                           nb_build_cast(b, "arith.extf", x, mlirF32TypeGet(b->ctx)), to);
    /* f64 -> f16/bf16 rounds to f32 first, as XLA does (and as nabla.h's
     * "Reduced precision" says: computed in f32, then rounded): 1 + 2^-11
     * + 2^-40 becomes 1.0 in f16, not the nearer 1 + 2^-10. */
    if (ws == 64 && wd == 16)
      return nb_build_cast(b, "arith.truncf",
                           nb_build_cast(b, "arith.truncf", x, mlirF32TypeGet(b->ctx)), to);
    return nb_build_cast(b, ws < wd ? "arith.extf" : "arith.truncf", x, to);
  }
  if (!sf && !df) {
    unsigned ws = mlirIntegerTypeGetWidth(from), wd = mlirIntegerTypeGetWidth(to);
    if (ws > wd)
      return nb_build_cast(b, "arith.trunci", x, to);
    return nb_build_cast(b, src_unsigned ? "arith.extui" : "arith.extsi", x, to);
  }
  if (df)
    return nb_build_cast(b, src_unsigned ? "arith.uitofp" : "arith.sitofp", x, to);
  return float_to_int(b, x, to, nb_dtype_is_unsigned(d));
}

/* i32 <-> ui32 and x -> x keep the bits: no generic at all. */
MlirValue nbl_convert(lowering *l) {
  MlirValue x = operand(l, 0);
  if (mlirTypeEqual(nb_signless(mlirValueGetType(x)), l->out_type))
    return x;
  return nbl_elementwise(l);
}

/* stop_gradient only matters to differentiation; at run time it is x. */
MlirValue nbl_identity(lowering *l) { return operand(l, 0); }

/* not: xor with all ones (true for i1). */
MlirValue nbl_not_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)user;
  return nb_build2(b, "arith.xori", args[0], nb_build_int(b, mlirValueGetType(args[0]), -1));
}

/* lax.is_finite: |x| compared ordered-not-equal with infinity is false for
 * NaN (unordered) and for +-inf, true otherwise. arith only: math.isfinite
 * has no lowering to LLVM in the pipeline's passes. */
MlirValue nbl_is_finite_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)user;
  MlirValue ax = nb_build1(b, "math.absf", args[0]);
  MlirValue inf = nb_build_scalar(b, mlirValueGetType(args[0]), INFINITY);
  return nb_build_cmp(b, "arith.cmpf", F_ONE, ax, inf);
}

/* XLA's shifts are total: an amount outside [0, bits) (as unsigned) gives 0,
 * or the sign fill for shift_right_arithmetic; arith's are poison there. */
MlirValue nbl_shift_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  MlirType t = mlirValueGetType(args[0]);
  MlirValue bits = nb_build_int(b, t, mlirIntegerTypeGetWidth(t));
  MlirValue in_range = nb_build_cmp(b, "arith.cmpi", I_ULT, args[1], bits);
  const char *name = nb_op_name(l->op);
  MlirValue shifted = nb_build2(b, op_for(l->r, l->dt), args[0], args[1]);
  MlirValue fill = nb_build_int(b, t, 0);
  if (strcmp(name, "nabla.shift_right_arithmetic") == 0)
    fill = nb_build2(b, "arith.shrsi", args[0],
                     nb_build_int(b, t, mlirIntegerTypeGetWidth(t) - 1));
  return select3(b, in_range, shifted, fill);
}

MlirValue nbl_bitcast_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  return nb_build_cast(b, "arith.bitcast", args[0], l->out_elem);
}

/* Same signless type (i32 <-> ui32): nothing to do. */
MlirValue nbl_bitcast(lowering *l) {
  MlirValue x = operand(l, 0);
  if (mlirTypeEqual(nb_signless(mlirValueGetType(x)), l->out_type))
    return x;
  return nbl_elementwise(l);
}

MlirValue nbl_threefry(lowering *l) {
  MlirValue r[2];
  nb_lower_threefry2x32(&l->b, l->op, r);
  l->more[0] = r[1];
  return r[0];
}

MlirValue nbl_sort_key_val(lowering *l) {
  MlirValue r[2];
  if (!nb_lower_sort_key_val(&l->b, l->op, r)) {
    error(l, "could not build the sort function");
    return (MlirValue){NULL};
  }
  l->more[0] = r[1];
  return r[0];
}

