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

enum { MAX_RANK = NB_IR_MAX_RANK };

typedef struct rule rule;

/* What a lowering function knows about the op it replaces. */
typedef struct lowering {
  MlirOperation op;
  nb_builder b;       /* inserts before op */
  const rule *r;
  nb_dtype dt;        /* dtype of operand 0 (of the result if no operand) */
  nb_dtype out_dt;    /* dtype of the result */
  MlirType out_type;  /* signless result tensor type */
  MlirType out_elem;  /* signless result element type */
  int rank;           /* rank of the result */
  MlirValue more[2];  /* results 1.. of a multi-result op (threefry2x32) */
} lowering;

/* Returns the replacement of the op's result, or a null value after an error. */
typedef MlirValue (*lower_fn)(lowering *l);

struct rule {
  const char *name;
  lower_fn lower;
  nb_body_fn body; /* scalar body of a linalg.generic, if the op has one */
  /* arith/math op by element class, for bodies that apply one op */
  const char *f, *s, *u, *b;
};

static MlirValue error(lowering *l, const char *what) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s", nb_op_name(l->op), what);
  mlirEmitError(mlirOperationGetLocation(l->op), msg);
  return (MlirValue){NULL};
}

static MlirAttribute attr(lowering *l, const char *name) {
  return mlirOperationGetAttributeByName(l->op, mlirStringRefCreateFromCString(name));
}

static MlirValue operand(lowering *l, int i) { return mlirOperationGetOperand(l->op, i); }

static int64_t dim(MlirValue v, int i) { return mlirShapedTypeGetDimSize(mlirValueGetType(v), i); }
static int rank_of(MlirValue v) { return (int)mlirShapedTypeGetRank(mlirValueGetType(v)); }

static int64_t num_elements(MlirType shaped) {
  int64_t n = 1;
  for (int64_t i = 0; i < mlirShapedTypeGetRank(shaped); i++)
    n *= mlirShapedTypeGetDimSize(shaped, i);
  return n;
}

static void read_i64s(MlirAttribute a, int64_t *out, int *n) {
  *n = (int)mlirDenseArrayGetNumElements(a);
  for (int i = 0; i < *n && i < MAX_RANK; i++)
    out[i] = mlirDenseI64ArrayGetElement(a, i);
}

/* The op that `names` gives for dtype dt (NULL if none). */
static const char *op_for(const rule *r, nb_dtype dt) {
  if (nb_dtype_is_float(dt)) return r->f;
  if (dt == NB_BOOL) return r->b;
  return nb_dtype_is_unsigned(dt) ? r->u : r->s;
}

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
static MlirValue lower_elementwise(lowering *l) {
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

static MlirValue neg_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  if (nb_dtype_is_float(l->dt))
    return nb_build1(b, "arith.negf", args[0]);
  MlirValue zero = nb_build_int(b, mlirValueGetType(args[0]), 0);
  return nb_build2(b, "arith.subi", zero, args[0]);
}

static MlirValue abs_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  if (nb_dtype_is_unsigned(l->dt)) /* already non-negative */
    return args[0];
  return nb_build1(b, nb_dtype_is_float(l->dt) ? "math.absf" : "math.absi", args[0]);
}

/* arith.cmpf / arith.cmpi predicate numbers (the enums' integer values). */
enum { F_OEQ = 1, F_OGT, F_OGE, F_OLT, F_OLE, F_ONE, F_UNE = 13 };
enum { I_EQ = 0, I_NE, I_SLT, I_SLE, I_SGT, I_SGE, I_ULT, I_ULE, I_UGT, I_UGE };

static MlirValue select3(nb_builder *b, MlirValue c, MlirValue t, MlirValue f) {
  MlirValue args[3] = {c, t, f};
  return nb_build_n(b, "arith.select", 3, args, mlirValueGetType(t));
}

/* lax.sign: NaN and +-0 map to themselves, ints to -1/0/1, uints to 0/1.
 * Two compares and selects rather than math.copysign: convert-math-to-libm
 * marks copysign illegal without lowering it. */
static MlirValue sign_body(nb_builder *b, const MlirValue *args, void *user) {
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

/* ---- transcendental functions, accurately ----
 * Upstream lowers math.expm1 to exp(x) - 1 and math.log1p to log(1 + x)
 * (convert-math-to-llvm), which lose every digit near 0. So these evaluate
 * in f64 and round once (for f32 and narrower that is nearly always the correctly
 * rounded result), and expm1/log1p use the classic cancellation-free forms
 * built from exp and log (Kahan; Goldberg, "What every computer scientist
 * should know about floating-point arithmetic", thm. 4). libm's expm1/log1p
 * would do, but calling them by name could clash with a user function of
 * the same name in the module, and convert-math-to-libm cannot be limited
 * to these ops (it claims the whole math dialect). */

static MlirValue to_f64(nb_builder *b, MlirValue x) {
  if (mlirTypeIsAF64(mlirValueGetType(x)))
    return x;
  return nb_build_cast(b, "arith.extf", x, mlirF64TypeGet(b->ctx));
}

static MlirValue from_f64(nb_builder *b, MlirValue y, MlirType t) {
  return mlirTypeIsAF64(t) ? y : nb_build_cast(b, "arith.truncf", y, t);
}

static MlirValue in_f64_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  MlirType t = mlirValueGetType(args[0]);
  return from_f64(b, nb_build1(b, l->r->f, to_f64(b, args[0])), t);
}

/* tanh in f32 (f16/bf16 through f32): XLA:CPU's rational approximation
 * (from Eigen's ptanh_float, the FMA variant; odd degree-13 numerator over
 * even degree-6 denominator in x^2, x clamped to +-7.99881172180175781 where
 * it is exactly +-1, x itself below 0.0004, +-1 from |x| >= 20), evaluated
 * with the same FMAs in the same order: bit for bit what jax.numpy.tanh
 * gives on CPU (checked on 2.4M points; conformance asserts it), and plain
 * vector arithmetic where libm's tanh is a scalar call per element (a
 * quarter of the MLP benchmark's time). Written here because upstream's
 * polynomial approximations are reachable only through a test pass.
 * f64 keeps libm, which is more accurate than XLA's f64 approximation. */
static MlirValue horner_fma(nb_builder *b, MlirValue x2, const float *c, int n) {
  MlirType t = mlirValueGetType(x2);
  MlirValue acc = nb_build_scalar(b, t, c[0]);
  for (int i = 1; i < n; i++) {
    MlirValue fma[3] = {x2, acc, nb_build_scalar(b, t, c[i])};
    acc = nb_build_n(b, "math.fma", 3, fma, t);
  }
  return acc;
}

static MlirValue tanh_body(nb_builder *b, const MlirValue *args, void *user) {
  static const float num[] = {-2.76076847742355e-16f, 2.00018790482477e-13f,
                              -8.60467152213735e-11f, 5.12229709037114e-08f,
                              1.48572235717979e-05f,  6.37261928875436e-04f,
                              4.89352455891786e-03f};
  static const float den[] = {1.19825839466702e-06f, 1.18534705686654e-04f,
                              2.26843463243900e-03f, 4.89352518554385e-03f};
  MlirType t = mlirValueGetType(args[0]);
  if (mlirTypeIsAF64(t))
    return in_f64_body(b, args, user);
  MlirType f32 = mlirF32TypeGet(b->ctx);
  MlirValue x = mlirTypeIsAF32(t) ? args[0] : nb_build_cast(b, "arith.extf", args[0], f32);
  const float clamp = 7.99881172180175781f;
  MlirValue xc = nb_build2(b, "arith.maximumf", x, nb_build_scalar(b, f32, -clamp));
  xc = nb_build2(b, "arith.minimumf", xc, nb_build_scalar(b, f32, clamp));
  MlirValue x2 = nb_build2(b, "arith.mulf", xc, xc);
  MlirValue p = nb_build2(b, "arith.mulf", xc, horner_fma(b, x2, num, 7));
  MlirValue q = horner_fma(b, x2, den, 4);
  MlirValue ax = nb_build1(b, "math.absf", x);
  MlirValue r = select3(b, nb_build_cmp(b, "arith.cmpf", F_OLT, ax, nb_build_scalar(b, f32, 0.0004)),
                        x, nb_build2(b, "arith.divf", p, q));
  MlirValue zero = nb_build_scalar(b, f32, 0), one = nb_build_scalar(b, f32, 1);
  MlirValue sign1 = select3(b, nb_build_cmp(b, "arith.cmpf", F_OLT, x, zero),
                            nb_build_scalar(b, f32, -1), one);
  r = select3(b, nb_build_cmp(b, "arith.cmpf", F_OGE, ax, nb_build_scalar(b, f32, 20)), sign1, r);
  return mlirTypeIsAF32(t) ? r : nb_build_cast(b, "arith.truncf", r, t);
}

/* select(a == b, then, otherwise) on f64 */
static MlirValue if_eq(nb_builder *b, MlirValue a, MlirValue c, MlirValue then, MlirValue otherwise) {
  return select3(b, nb_build_cmp(b, "arith.cmpf", F_OEQ, a, c), then, otherwise);
}

/* expm1(x) = u == 1 ? x : u - 1 == -1 ? -1 : (u - 1) * x / log(u), u = exp(x);
 * u = +inf passes through. */
static MlirValue expm1_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)user;
  MlirType t = mlirValueGetType(args[0]), f64 = mlirF64TypeGet(b->ctx);
  MlirValue x = to_f64(b, args[0]);
  MlirValue one = nb_build_scalar(b, f64, 1), minus_one = nb_build_scalar(b, f64, -1);
  MlirValue inf = nb_build_scalar(b, f64, INFINITY);
  MlirValue u = nb_build1(b, "math.exp", x);
  MlirValue um1 = nb_build2(b, "arith.subf", u, one);
  MlirValue general = nb_build2(b, "arith.divf", nb_build2(b, "arith.mulf", um1, x),
                                nb_build1(b, "math.log", u));
  MlirValue r = if_eq(b, um1, minus_one, minus_one, general);
  r = if_eq(b, u, one, x, r);
  return from_f64(b, if_eq(b, u, inf, u, r), t);
}

/* log1p(x) = u == 1 ? x : log(u) * x / (u - 1), u = 1 + x; u = +inf passes. */
static MlirValue log1p_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)user;
  MlirType t = mlirValueGetType(args[0]), f64 = mlirF64TypeGet(b->ctx);
  MlirValue x = to_f64(b, args[0]);
  MlirValue one = nb_build_scalar(b, f64, 1), inf = nb_build_scalar(b, f64, INFINITY);
  MlirValue u = nb_build2(b, "arith.addf", one, x);
  MlirValue lu = nb_build1(b, "math.log", u);
  MlirValue general = nb_build2(b, "arith.divf", nb_build2(b, "arith.mulf", lu, x),
                                nb_build2(b, "arith.subf", u, one));
  MlirValue r = if_eq(b, u, one, x, general);
  return from_f64(b, if_eq(b, u, inf, u, r), t);
}

static MlirValue logistic_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)user;
  MlirValue one = nb_build_scalar(b, mlirValueGetType(args[0]), 1);
  MlirValue e = nb_build1(b, "math.exp", nb_build1(b, "arith.negf", args[0]));
  return nb_build2(b, "arith.divf", one, nb_build2(b, "arith.addf", one, e));
}

/* Exponentiation by squaring, unrolled at compile time: O(log |y|) mults. */
static MlirValue integer_pow_body(nb_builder *b, const MlirValue *args, void *user) {
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

static MlirValue select_body(nb_builder *b, const MlirValue *args, void *user) {
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

static MlirValue compare_body(nb_builder *b, const MlirValue *args, void *user) {
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
static MlirValue convert_body(nb_builder *b, const MlirValue *args, void *user) {
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
  return nb_build_cast(b, nb_dtype_is_unsigned(d) ? "arith.fptoui" : "arith.fptosi", x, to);
}

/* i32 <-> ui32 and x -> x keep the bits: no generic at all. */
static MlirValue lower_convert(lowering *l) {
  MlirValue x = operand(l, 0);
  if (mlirTypeEqual(nb_signless(mlirValueGetType(x)), l->out_type))
    return x;
  return lower_elementwise(l);
}

/* stop_gradient only matters to differentiation; at run time it is x. */
static MlirValue lower_identity(lowering *l) { return operand(l, 0); }

/* not: xor with all ones (true for i1). */
static MlirValue not_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)user;
  return nb_build2(b, "arith.xori", args[0], nb_build_int(b, mlirValueGetType(args[0]), -1));
}

/* XLA's shifts are total: an amount outside [0, bits) (as unsigned) gives 0,
 * or the sign fill for shift_right_arithmetic; arith's are poison there. */
static MlirValue shift_body(nb_builder *b, const MlirValue *args, void *user) {
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

static MlirValue bitcast_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  return nb_build_cast(b, "arith.bitcast", args[0], l->out_elem);
}

/* Same signless type (i32 <-> ui32): nothing to do. */
static MlirValue lower_bitcast(lowering *l) {
  MlirValue x = operand(l, 0);
  if (mlirTypeEqual(nb_signless(mlirValueGetType(x)), l->out_type))
    return x;
  return lower_elementwise(l);
}

static MlirValue lower_threefry(lowering *l) {
  MlirValue r[2];
  nb_lower_threefry2x32(&l->b, l->op, r);
  l->more[0] = r[1];
  return r[0];
}

static MlirValue lower_sort_key_val(lowering *l) {
  MlirValue r[2];
  if (!nb_lower_sort_key_val(&l->b, l->op, r)) {
    error(l, "could not build the sort function");
    return (MlirValue){NULL};
  }
  l->more[0] = r[1];
  return r[0];
}

/* ---- constant, iota ---- */

/* A dense attribute of an unsigned type, rebuilt on the signless type with
 * the same bytes (arith.constant accepts only signless integers). */
static MlirAttribute signless_dense(MlirAttribute v) {
  MlirType t = mlirAttributeGetType(v), st = nb_signless(t);
  if (mlirTypeEqual(t, st))
    return v;
  int64_t n = mlirDenseElementsAttrIsSplat(v) ? 1 : num_elements(t);
  size_t bytes = (size_t)n * (mlirIntegerTypeGetWidth(mlirShapedTypeGetElementType(t)) / 8);
  return mlirDenseElementsAttrRawBufferGet(st, bytes, mlirDenseElementsAttrGetRawData(v));
}

static MlirValue lower_constant(lowering *l) {
  return nb_build_constant(&l->b, signless_dense(attr(l, "value")));
}

static MlirValue iota_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)args;
  lowering *l = user;
  MlirNamedAttribute d =
      nb_named(b->ctx, "dim", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64),
                                                 mlirIntegerAttrGetValueInt(attr(l, "dimension"))));
  MlirType index = mlirIndexTypeGet(b->ctx);
  MlirValue i = mlirOperationGetResult(nb_build_op(b, "linalg.index", 0, NULL, 1, &index, 1, &d), 0);
  if (!nb_dtype_is_float(l->out_dt))
    return nb_build_cast(b, nb_dtype_is_unsigned(l->out_dt) ? "arith.index_castui" : "arith.index_cast",
                         i, l->out_elem);
  MlirValue i64 = nb_build_cast(b, "arith.index_cast", i, mlirIntegerTypeGet(b->ctx, 64));
  return nb_build_cast(b, "arith.sitofp", i64, l->out_elem);
}

static MlirValue lower_iota(lowering *l) {
  MlirAttribute map = nb_identity_map(l->b.ctx, l->rank);
  nb_generic g = {.n_loops = l->rank, .maps = &map,
                  .init = nb_build_empty(&l->b, l->out_type), .body = iota_body, .user = l};
  return nb_build_generic(&l->b, &g);
}

/* ---- shape ops ---- */

static MlirValue yield_input(nb_builder *b, const MlirValue *args, void *user) {
  (void)b, (void)user;
  return args[0];
}

/* A copy through a generic whose input map is `in_dims` (see nb_map_attr). */
static MlirValue lower_with_input_map(lowering *l, int n_in, const int *in_dims) {
  MlirAttribute maps[2] = {nb_map_attr(l->b.ctx, l->rank, n_in, in_dims),
                           nb_identity_map(l->b.ctx, l->rank)};
  MlirValue x = operand(l, 0);
  nb_generic g = {.n_loops = l->rank, .n_inputs = 1, .inputs = &x, .maps = maps,
                  .init = nb_build_empty(&l->b, l->out_type), .body = yield_input};
  return nb_build_generic(&l->b, &g);
}

/* Operand dim i reads result loop dim bdims[i], or index 0 where it has size
 * 1 and the result dim is larger (the broadcast case). */
static MlirValue lower_broadcast_in_dim(lowering *l) {
  int64_t bd[MAX_RANK];
  int n, in_dims[MAX_RANK];
  read_i64s(attr(l, "broadcast_dimensions"), bd, &n);
  MlirValue x = operand(l, 0);
  for (int i = 0; i < n; i++)
    in_dims[i] = dim(x, i) == 1 && mlirShapedTypeGetDimSize(l->out_type, bd[i]) != 1
                     ? -1 : (int)bd[i];
  return lower_with_input_map(l, n, in_dims);
}

/* result[.., i, ..] = x[.., i at operand dim perm[i], ..] */
static MlirValue lower_transpose(lowering *l) {
  int64_t p[MAX_RANK];
  int n, in_dims[MAX_RANK];
  read_i64s(attr(l, "permutation"), p, &n);
  for (int i = 0; i < n; i++)
    in_dims[p[i]] = i;
  return lower_with_input_map(l, n, in_dims);
}

/* tensor.collapse_shape / expand_shape with reassociation groups: either all
 * dims in one group (to or from rank 1), or none (to or from rank 0). */
static MlirValue reshape_step(lowering *l, const char *name, MlirValue x, MlirType to,
                              int grouped_rank) {
  char text[512];
  size_t n = (size_t)snprintf(text, sizeof text, grouped_rank ? "[[" : "[");
  for (int i = 0; i < grouped_rank; i++)
    n += (size_t)snprintf(text + n, sizeof text - n, i ? ", %d" : "%d", i);
  snprintf(text + n, sizeof text - n, grouped_rank ? "]]" : "]");
  MlirNamedAttribute attrs[2] = {nb_named(l->b.ctx, "reassociation", nb_parse_attr(l->b.ctx, "%s", text))};
  int n_attrs = 1;
  if (strcmp(name, "tensor.expand_shape") == 0) {
    int r = (int)mlirShapedTypeGetRank(to);
    int64_t dims[MAX_RANK];
    for (int i = 0; i < r; i++)
      dims[i] = mlirShapedTypeGetDimSize(to, i);
    attrs[n_attrs++] = nb_named(l->b.ctx, "static_output_shape",
                                mlirDenseI64ArrayGet(l->b.ctx, r, dims));
  }
  return mlirOperationGetResult(nb_build_op(&l->b, name, 1, &x, 1, &to, n_attrs, attrs), 0);
}

/* Row-major reshape = collapse to 1-D, then expand to the result shape
 * (through rank 0 when either side is a scalar); canonicalize folds the pair
 * into a direct reassociation where one exists. */
static MlirValue lower_reshape(lowering *l) {
  MlirValue x = operand(l, 0);
  int in_rank = rank_of(x);
  if (mlirTypeEqual(nb_signless(mlirValueGetType(x)), l->out_type))
    return x;
  int flat_rank = in_rank == 0 || l->rank == 0 ? 0 : 1;
  int64_t count = num_elements(l->out_type);
  MlirType flat = mlirRankedTensorTypeGet(flat_rank, &count, l->out_elem,
                                          mlirAttributeGetNull());
  if (in_rank != flat_rank)
    x = reshape_step(l, "tensor.collapse_shape", x, flat, flat_rank ? in_rank : 0);
  if (l->rank == flat_rank)
    return x;
  return reshape_step(l, "tensor.expand_shape", x, l->out_type, flat_rank ? l->rank : 0);
}

static MlirValue lower_slice(lowering *l) {
  int64_t s[MAX_RANK], lim[MAX_RANK], st[MAX_RANK], sizes[MAX_RANK];
  int n;
  read_i64s(attr(l, "start_indices"), s, &n);
  read_i64s(attr(l, "limit_indices"), lim, &n);
  read_i64s(attr(l, "strides"), st, &n);
  for (int i = 0; i < n; i++)
    sizes[i] = mlirShapedTypeGetDimSize(l->out_type, i);
  MlirContext c = l->b.ctx;
  MlirNamedAttribute attrs[4] = {
      nb_named(c, "static_offsets", mlirDenseI64ArrayGet(c, n, s)),
      nb_named(c, "static_sizes", mlirDenseI64ArrayGet(c, n, sizes)),
      nb_named(c, "static_strides", mlirDenseI64ArrayGet(c, n, st)),
      nb_named(c, "operandSegmentSizes", nb_parse_attr(c, "array<i32: 1, 0, 0, 0>")),
  };
  MlirValue x = operand(l, 0);
  return mlirOperationGetResult(
      nb_build_op(&l->b, "tensor.extract_slice", 1, &x, 1, &l->out_type, 4, attrs), 0);
}

/* lax.pad: a fill with the padding value, then x inserted at offset `low`
 * with stride interior + 1 (the verifier keeps every amount >= 0). */
static MlirValue lower_pad(lowering *l) {
  int64_t lo[MAX_RANK], in[MAX_RANK], sizes[MAX_RANK];
  int n;
  read_i64s(attr(l, "edge_padding_low"), lo, &n);
  read_i64s(attr(l, "interior_padding"), in, &n);
  MlirValue x = operand(l, 0), pv = operand(l, 1);
  for (int i = 0; i < n; i++) {
    sizes[i] = dim(x, i);
    in[i] += 1;
  }
  MlirValue scalar = mlirOperationGetResult(
      nb_build_op(&l->b, "tensor.extract", 1, &pv, 1, &l->out_elem, 0, NULL), 0);
  MlirValue ins[2] = {x, nb_build_fill(&l->b, l->out_type, scalar)};
  MlirContext c = l->b.ctx;
  MlirNamedAttribute attrs[4] = {
      nb_named(c, "static_offsets", mlirDenseI64ArrayGet(c, n, lo)),
      nb_named(c, "static_sizes", mlirDenseI64ArrayGet(c, n, sizes)),
      nb_named(c, "static_strides", mlirDenseI64ArrayGet(c, n, in)),
      nb_named(c, "operandSegmentSizes", nb_parse_attr(c, "array<i32: 1, 1, 0, 0, 0>")),
  };
  return mlirOperationGetResult(
      nb_build_op(&l->b, "tensor.insert_slice", 2, ins, 1, &l->out_type, 4, attrs), 0);
}

/* ---- reductions and dot_general ---- */

/* Which end of the element type a reduction starts from. */
typedef enum { ZERO, LOWEST, HIGHEST } identity;

static MlirValue identity_value(nb_builder *b, MlirType t, nb_dtype dt, identity id) {
  if (id == ZERO)
    return nb_build_scalar(b, t, 0);
  bool hi = id == HIGHEST;
  if (nb_dtype_is_float(dt))
    return nb_build_scalar(b, t, hi ? INFINITY : -INFINITY);
  int w = nb_dtype_bits(dt);
  if (dt == NB_BOOL || nb_dtype_is_unsigned(dt)) /* all ones is the max */
    return nb_build_int(b, t, hi ? -1 : 0);
  int64_t max = w == 64 ? INT64_MAX : ((int64_t)1 << (w - 1)) - 1;
  return nb_build_int(b, t, hi ? max : -max - 1);
}

static MlirValue reduce_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  return nb_build2(b, op_for(l->r, l->dt), args[0], args[1]);
}

static MlirValue lower_reduce(lowering *l, identity id) {
  MlirValue x = operand(l, 0);
  int in_rank = rank_of(x), out_dims[MAX_RANK], n_out = 0;
  int64_t d[MAX_RANK];
  int nd;
  bool red[MAX_RANK] = {false};
  read_i64s(attr(l, "dimensions"), d, &nd);
  for (int i = 0; i < nd; i++)
    red[d[i]] = true;
  for (int i = 0; i < in_rank; i++)
    if (!red[i])
      out_dims[n_out++] = i;
  if (!op_for(l->r, l->dt))
    return error(l, "no lowering for this element type");
  MlirValue init = nb_build_fill(&l->b, l->out_type,
                                 identity_value(&l->b, l->out_elem, l->dt, id));
  MlirAttribute maps[2] = {nb_identity_map(l->b.ctx, in_rank),
                           nb_map_attr(l->b.ctx, in_rank, n_out, out_dims)};
  nb_generic g = {.n_loops = in_rank, .n_inputs = 1, .inputs = &x, .maps = maps,
                  .reduction = red, .init = init, .body = reduce_body, .user = l};
  return nb_build_generic(&l->b, &g);
}

static MlirValue lower_reduce_sum(lowering *l) { return lower_reduce(l, ZERO); }
static MlirValue lower_reduce_max(lowering *l) { return lower_reduce(l, LOWEST); }
static MlirValue lower_reduce_min(lowering *l) { return lower_reduce(l, HIGHEST); }

static MlirValue dot_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  bool fp = nb_dtype_is_float(l->dt);
  MlirValue p = nb_build2(b, fp ? "arith.mulf" : "arith.muli", args[0], args[1]);
  return nb_build2(b, fp ? "arith.addf" : "arith.addi", args[2], p);
}

/* Loop dim of each dim of one side: batch k -> k, contracting k -> after all
 * result dims, free dims in order from `free_base`. */
static void dot_side_map(lowering *l, const char *side, int rank, int free_base,
                         int n_result, int *loop) {
  char bn[64], cn[64];
  int64_t bd[MAX_RANK], cd[MAX_RANK];
  int nb, nc;
  snprintf(bn, sizeof bn, "%s_batch_dimensions", side);
  snprintf(cn, sizeof cn, "%s_contracting_dimensions", side);
  read_i64s(attr(l, bn), bd, &nb);
  read_i64s(attr(l, cn), cd, &nc);
  for (int i = 0; i < rank; i++)
    loop[i] = -1;
  for (int k = 0; k < nb; k++)
    loop[bd[k]] = k;
  for (int k = 0; k < nc; k++)
    loop[cd[k]] = n_result + k;
  for (int i = 0, f = free_base; i < rank; i++)
    if (loop[i] < 0)
      loop[i] = f++;
}

static MlirValue lower_dot_general(lowering *l) {
  MlirValue ins[2] = {operand(l, 0), operand(l, 1)};
  int lr = rank_of(ins[0]), rr = rank_of(ins[1]);
  int nc = (int)mlirDenseArrayGetNumElements(attr(l, "lhs_contracting_dimensions"));
  int nb = (int)mlirDenseArrayGetNumElements(attr(l, "lhs_batch_dimensions"));
  int n_loops = l->rank + nc, lhs_free = lr - nb - nc;
  int lm[MAX_RANK], rm[MAX_RANK];
  bool red[2 * MAX_RANK] = {false};
  dot_side_map(l, "lhs", lr, nb, l->rank, lm);
  dot_side_map(l, "rhs", rr, nb + lhs_free, l->rank, rm);
  for (int i = l->rank; i < n_loops; i++)
    red[i] = true;
  int out[MAX_RANK];
  for (int i = 0; i < l->rank; i++)
    out[i] = i;
  MlirAttribute maps[3] = {nb_map_attr(l->b.ctx, n_loops, lr, lm),
                           nb_map_attr(l->b.ctx, n_loops, rr, rm),
                           nb_map_attr(l->b.ctx, n_loops, l->rank, out)};
  /* -0.0 is the exact float additive identity: an all -0.0 (or empty-
   * contraction) product stays -0.0, as XLA's dot gives. */
  double zero = nb_dtype_is_float(l->dt) ? -0.0 : 0.0;
  MlirValue init = nb_build_fill(&l->b, l->out_type, nb_build_scalar(&l->b, l->out_elem, zero));
  nb_generic g = {.n_loops = n_loops, .n_inputs = 2, .inputs = ins, .maps = maps,
                  .reduction = red, .init = init, .body = dot_body, .user = l};
  return nb_build_generic(&l->b, &g);
}

/* ---- the table ---- */

#define EW lower_elementwise
static const rule rules[] = {
    /* name                lower  body           float          signed         unsigned       bool */
    {"nabla.neg",          EW, neg_body,         NULL, NULL, NULL, NULL},
    {"nabla.abs",          EW, abs_body,         NULL, NULL, NULL, NULL},
    {"nabla.sign",         EW, sign_body,        NULL, NULL, NULL, NULL},
    {"nabla.exp",          EW, NULL,             "math.exp", NULL, NULL, NULL},
    {"nabla.log",          EW, NULL,             "math.log", NULL, NULL, NULL},
    {"nabla.log1p",        EW, log1p_body,       "math.log1p", NULL, NULL, NULL},
    {"nabla.expm1",        EW, expm1_body,       "math.expm1", NULL, NULL, NULL},
    {"nabla.tanh",         EW, tanh_body,        "math.tanh", NULL, NULL, NULL},
    {"nabla.logistic",     EW, logistic_body,    NULL, NULL, NULL, NULL},
    {"nabla.sqrt",         EW, NULL,             "math.sqrt", NULL, NULL, NULL},
    {"nabla.rsqrt",        EW, NULL,             "math.rsqrt", NULL, NULL, NULL},
    {"nabla.sin",          EW, NULL,             "math.sin", NULL, NULL, NULL},
    {"nabla.cos",          EW, NULL,             "math.cos", NULL, NULL, NULL},
    {"nabla.add",          EW, NULL,             "arith.addf", "arith.addi", "arith.addi", NULL},
    {"nabla.sub",          EW, NULL,             "arith.subf", "arith.subi", "arith.subi", NULL},
    {"nabla.mul",          EW, NULL,             "arith.mulf", "arith.muli", "arith.muli", NULL},
    /* lax.div truncates toward zero, lax.rem takes the dividend's sign */
    {"nabla.div",          EW, NULL,             "arith.divf", "arith.divsi", "arith.divui", NULL},
    {"nabla.rem",          EW, NULL,             "arith.remf", "arith.remsi", "arith.remui", NULL},
    {"nabla.pow",          EW, NULL,             "math.powf", "math.ipowi", "math.ipowi", NULL},
    /* maximumf/minimumf propagate NaN, like lax.max/min */
    {"nabla.max",          EW, NULL,             "arith.maximumf", "arith.maxsi", "arith.maxui", "arith.ori"},
    {"nabla.min",          EW, NULL,             "arith.minimumf", "arith.minsi", "arith.minui", "arith.andi"},
    {"nabla.integer_pow",  EW, integer_pow_body, NULL, NULL, NULL, NULL},
    {"nabla.compare",      EW, compare_body,     NULL, NULL, NULL, NULL},
    {"nabla.select",       EW, select_body,      NULL, NULL, NULL, NULL},
    {"nabla.convert",      lower_convert, convert_body,     NULL, NULL, NULL, NULL},
    {"nabla.stop_gradient", lower_identity, NULL,           NULL, NULL, NULL, NULL},
    {"nabla.constant",     lower_constant, NULL, NULL, NULL, NULL, NULL},
    {"nabla.iota",         lower_iota, NULL,     NULL, NULL, NULL, NULL},
    {"nabla.broadcast_in_dim", lower_broadcast_in_dim, NULL, NULL, NULL, NULL, NULL},
    {"nabla.reshape",      lower_reshape, NULL,  NULL, NULL, NULL, NULL},
    {"nabla.transpose",    lower_transpose, NULL, NULL, NULL, NULL, NULL},
    {"nabla.slice",        lower_slice, NULL,    NULL, NULL, NULL, NULL},
    {"nabla.pad",          lower_pad, NULL,      NULL, NULL, NULL, NULL},
    {"nabla.reduce_sum",   lower_reduce_sum, NULL, "arith.addf", "arith.addi", "arith.addi", NULL},
    {"nabla.reduce_max",   lower_reduce_max, NULL, "arith.maximumf", "arith.maxsi", "arith.maxui", "arith.ori"},
    {"nabla.reduce_min",   lower_reduce_min, NULL, "arith.minimumf", "arith.minsi", "arith.minui", "arith.andi"},
    {"nabla.dot_general",  lower_dot_general, NULL, NULL, NULL, NULL, NULL},
    {"nabla.and",          EW, NULL,             NULL, "arith.andi", "arith.andi", "arith.andi"},
    {"nabla.or",           EW, NULL,             NULL, "arith.ori", "arith.ori", "arith.ori"},
    {"nabla.xor",          EW, NULL,             NULL, "arith.xori", "arith.xori", "arith.xori"},
    {"nabla.not",          EW, not_body,         NULL, NULL, NULL, NULL},
    {"nabla.shift_left",   EW, shift_body,       NULL, "arith.shli", "arith.shli", NULL},
    {"nabla.shift_right_logical", EW, shift_body, NULL, "arith.shrui", "arith.shrui", NULL},
    {"nabla.shift_right_arithmetic", EW, shift_body, NULL, "arith.shrsi", "arith.shrsi", NULL},
    {"nabla.bitcast_convert", lower_bitcast, bitcast_body, NULL, NULL, NULL, NULL},
    {"nabla.erf_inv",      EW, nb_erf_inv_body,  NULL, NULL, NULL, NULL},
    {"nabla.fma",          EW, NULL,             "math.fma", NULL, NULL, NULL},
    {"nabla.threefry2x32", lower_threefry, NULL, NULL, NULL, NULL, NULL},
    {"nabla.sort_key_val", lower_sort_key_val, NULL, NULL, NULL, NULL, NULL},
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
