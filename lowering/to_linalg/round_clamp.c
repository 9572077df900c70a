/* round_clamp.c — nabla-to-linalg for round, clamp and nextafter: each one
 * elementwise generic. clamp's min and max may be rank 0 (lax.clamp), so
 * its maps read them as scalars then; nextafter steps x's bit pattern. */
#include "lower.h"

#include <math.h>
#include <string.h>

/* bf16 goes through f32 (exact here: the results are bf16 values). */
static MlirValue widen(nb_builder *b, lowering *l, MlirValue v) {
  return l->dt == NB_BF16 ? nb_build_cast(b, "arith.extf", v, mlirF32TypeGet(b->ctx)) : v;
}
static MlirValue narrow(nb_builder *b, lowering *l, MlirValue v, MlirType to) {
  return l->dt == NB_BF16 ? nb_build_cast(b, "arith.truncf", v, to) : v;
}

/* lax.round: RoundingMethod 0 rounds halves away from zero (math.round),
 * 1 to even (math.roundeven). */
MlirValue nbl_round_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  bool even = mlirIntegerAttrGetValueInt(attr(l, "rounding_method")) == 1;
  MlirValue x = widen(b, l, args[0]);
  return narrow(b, l, nb_build1(b, even ? "math.roundeven" : "math.round", x),
                mlirValueGetType(args[0]));
}

/* min(max(x, lo), hi) with the op of the table for the element class:
 * maximumf/minimumf propagate NaN, as XLA's clamp does. */
static MlirValue clamp_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  MlirType t = mlirValueGetType(args[1]);
  const char *mx = op_for(l->r, l->dt);
  const char *mn = nb_dtype_is_float(l->dt) ? "arith.minimumf"
                   : l->dt == NB_BOOL        ? "arith.andi"
                   : nb_dtype_is_unsigned(l->dt) ? "arith.minui"
                                                 : "arith.minsi";
  MlirValue lo = widen(b, l, args[0]), x = widen(b, l, args[1]), hi = widen(b, l, args[2]);
  return narrow(b, l, nb_build2(b, mn, nb_build2(b, mx, x, lo), hi), t);
}

MlirValue nbl_clamp(lowering *l) {
  MlirValue ins[3] = {operand(l, 0), operand(l, 1), operand(l, 2)};
  MlirAttribute maps[4];
  for (int i = 0; i < 3; i++)
    maps[i] = rank_of(ins[i]) == 0 && l->rank > 0 ? nb_map_attr(l->b.ctx, l->rank, 0, NULL)
                                                  : nb_identity_map(l->b.ctx, l->rank);
  maps[3] = nb_identity_map(l->b.ctx, l->rank);
  nb_generic g = {.n_loops = l->rank, .n_inputs = 3, .inputs = ins, .maps = maps,
                  .init = nb_build_empty(&l->b, l->out_type), .body = clamp_body, .user = l};
  return nb_build_generic(&l->b, &g);
}

/* lax.nextafter as XLA's chlo.next_after: NaN if either is NaN, y if x == y
 * (so -0.0 toward 0.0 gives 0.0), the smallest subnormal with y's sign if
 * x is zero, else x's bits one step away from zero when y is farther from
 * zero on x's side, one step toward it otherwise. Subnormals are kept. */
MlirValue nbl_nextafter_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  MlirType ft = mlirValueGetType(args[0]);
  MlirType it = mlirIntegerTypeGet(b->ctx, (unsigned)nb_dtype_bits(l->dt));
  MlirValue x = widen(b, l, args[0]), y = widen(b, l, args[1]);
  MlirValue zero = nb_build_scalar(b, mlirValueGetType(x), 0.0);
  MlirValue xi = nb_build_cast(b, "arith.bitcast", args[0], it);
  MlirValue yi = nb_build_cast(b, "arith.bitcast", args[1], it);
  int bits = nb_dtype_bits(l->dt);
  MlirValue sign = nb_build_int(b, it, bits == 64 ? INT64_MIN : -((int64_t)1 << (bits - 1)));
  MlirValue one = nb_build_int(b, it, 1);
  MlirValue tiny = nb_build2(b, "arith.ori", nb_build2(b, "arith.andi", yi, sign), one);
  MlirValue away = nb_build_cmp(b, "arith.cmpi", I_EQ, nb_build_cmp(b, "arith.cmpf", F_OLT, x, y),
                                nb_build_cmp(b, "arith.cmpf", F_OGT, x, zero));
  MlirValue step = select3(b, away, nb_build2(b, "arith.addi", xi, one),
                           nb_build2(b, "arith.subi", xi, one));
  MlirValue r = select3(b, nb_build_cmp(b, "arith.cmpf", F_OEQ, x, zero), tiny, step);
  r = nb_build_cast(b, "arith.bitcast", r, ft);
  r = select3(b, nb_build_cmp(b, "arith.cmpf", F_OEQ, x, y), args[1], r);
  MlirValue nan_x = nb_build_cmp(b, "arith.cmpf", F_UNO, x, x);
  MlirValue nan_y = nb_build_cmp(b, "arith.cmpf", F_UNO, y, y);
  return select3(b, nan_x, args[0], select3(b, nan_y, args[1], r));
}
