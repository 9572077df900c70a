/* erf_inv.c — the scalar body of nabla.erf_inv, computed the way XLA:CPU
 * computes lax.erf_inv, so that jax.random.normal's bits can be matched.
 *
 * XLA builds erf_inv from HLO ops (docs/jax-semantics.md §6.2; the § numbers
 * below are that file's): w = -log1p(-x²),
 * then a Horner polynomial in w - 2.5 or sqrt(w) - 3 (Giles' single-precision
 * approximation; f64 uses the three-interval double version, ErfInv64), and
 * it evaluates log1p and, for f32, log with its own formulas (§6.3). On an
 * FMA host its backend contracts every fmul whose single use is an fadd into
 * an FMA. Rounding differs with each of these choices, so this file writes
 * the same operations in the same order, and writes the contractions XLA's
 * backend makes as explicit math.fma ops. The order was read from the LLVM
 * IR XLA:CPU emits for jax.jit(lax.erf_inv) (XLA_FLAGS=--xla_dump_to) and
 * checked against jax: every input that jax.random.normal can produce in f32
 * (all 2^23 uniform values) and 4M random ones give identical bits.
 * f16/bf16 compute in f32 and round once, as XLA does. */
#include "lower.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>


typedef struct {
  nb_builder *b;
  MlirType t; /* f32 or f64 */
} ctx;

static float f32_of(uint32_t bits) {
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

static MlirValue k(ctx *c, double v) { return nb_build_scalar(c->b, c->t, v); }
static MlirValue kbits(ctx *c, uint32_t bits) { return k(c, f32_of(bits)); }
static MlirValue add(ctx *c, MlirValue x, MlirValue y) { return nb_build2(c->b, "arith.addf", x, y); }
static MlirValue sub(ctx *c, MlirValue x, MlirValue y) { return nb_build2(c->b, "arith.subf", x, y); }
static MlirValue mul(ctx *c, MlirValue x, MlirValue y) { return nb_build2(c->b, "arith.mulf", x, y); }
static MlirValue fma3(ctx *c, MlirValue x, MlirValue y, MlirValue z) {
  MlirValue a[3] = {x, y, z};
  return nb_build_n(c->b, "math.fma", 3, a, c->t);
}
static MlirValue sel(ctx *c, MlirValue p, MlirValue x, MlirValue y) {
  MlirValue a[3] = {p, x, y};
  return nb_build_n(c->b, "arith.select", 3, a, mlirValueGetType(x));
}
static MlirValue cmp(ctx *c, int pred, MlirValue x, MlirValue y) {
  return nb_build_cmp(c->b, "arith.cmpf", pred, x, y);
}

/* XLA:CPU's f32 log (Cephes logf as in its polynomial_approximations):
 * x = m * 2^e with m in [sqrt(1/2), sqrt(2)), log = e*ln2 + poly(m - 1),
 * ln2 split in two (0.693359375 and -2.12194440e-4); <= 0, 0, +inf and NaN
 * handled by bit selects as XLA does. */
static MlirValue log_f32(ctx *c, MlirValue x) {
  nb_builder *b = c->b;
  MlirType i32 = mlirIntegerTypeGet(b->ctx, 32);
  MlirValue min_normal = kbits(c, 0x00800000);
  MlirValue xc = sel(c, cmp(c, F_OGT, x, min_normal), x, min_normal);
  MlirValue bits = nb_build_cast(b, "arith.bitcast", xc, i32);
  MlirValue ebits = nb_build2(b, "arith.shrui", bits, nb_build_int(b, i32, 23));
  MlirValue mbits = nb_build2(b, "arith.ori",
                              nb_build2(b, "arith.andi", bits, nb_build_int(b, i32, (int32_t)0x807FFFFF)),
                              nb_build_int(b, i32, 0x3F000000));
  MlirValue m = nb_build_cast(b, "arith.bitcast", mbits, c->t);
  MlirValue e = nb_build_cast(b, "arith.sitofp",
                              nb_build2(b, "arith.addi", ebits, nb_build_int(b, i32, -127)), c->t);
  e = add(c, e, k(c, 1));
  MlirValue small = cmp(c, F_OLT, m, kbits(c, 0x3F3504F3));
  MlirValue xs = add(c, add(c, m, k(c, -1)), sel(c, small, m, k(c, 0)));
  e = sub(c, e, sel(c, small, k(c, 1), k(c, 0)));
  MlirValue z = mul(c, xs, xs), x3 = mul(c, z, xs);
  MlirValue p1 = fma3(c, xs, kbits(c, 0x3D9021BB), kbits(c, 0xBDEBD1B8));
  MlirValue p2 = fma3(c, xs, kbits(c, 0xBDFE5D4F), kbits(c, 0x3E11E9BF));
  MlirValue p3 = fma3(c, xs, kbits(c, 0x3E4CCEAC), kbits(c, 0xBE7FFFFC));
  p1 = fma3(c, p1, xs, kbits(c, 0x3DEF251A));
  p2 = fma3(c, p2, xs, kbits(c, 0xBE2AAE50));
  p3 = fma3(c, p3, xs, kbits(c, 0x3EAAAAAA));
  MlirValue r = fma3(c, fma3(c, p1, x3, p2), x3, p3);
  MlirValue y = fma3(c, r, x3, mul(c, e, kbits(c, 0xB95E8083)));
  MlirValue a = fma3(c, nb_build1(b, "arith.negf", z), k(c, 0.5), xs);
  MlirValue res = fma3(c, e, kbits(c, 0x3F318000), add(c, a, y));
  /* x <= 0 or NaN -> NaN (all ones), 0 -> -inf, +inf -> +inf */
  MlirValue rb = nb_build_cast(b, "arith.bitcast", res, i32);
  rb = sel(c, cmp(c, F_ULE, x, k(c, 0)), nb_build_int(b, i32, -1), rb);
  MlirValue nonzero = cmp(c, F_UNE, x, k(c, 0)), finite = cmp(c, F_UNE, x, k(c, INFINITY));
  MlirValue special = sel(c, nonzero, sel(c, finite, nb_build_int(b, i32, 0),
                                          nb_build_int(b, i32, 0x7F800000)),
                          nb_build_int(b, i32, (int32_t)0xFF800000));
  MlirValue keep = sel(c, nb_build2(b, "arith.andi", nonzero, finite), rb, nb_build_int(b, i32, 0));
  return nb_build_cast(b, "arith.bitcast", nb_build2(b, "arith.ori", special, keep), c->t);
}

/* XLA's log1p (§6.3): a rational approximation for |t| < sqrt(2) - 1, else
 * log(1 + t). f64's log is libm's, as XLA:CPU calls it. */
static MlirValue log1p_xla(ctx *c, MlirValue t) {
  static const double D[6] = {1.5062909083469192043167E1, 8.3047565967967209469434E1,
                              2.2176239823732856465394E2, 3.0909872225312059774938E2,
                              2.1642788614495947685003E2, 6.0118660497603843919306E1};
  static const double N[6] = {4.9854102823193375972212E-1, 6.5787325942061044846969E0,
                              2.9911919328553073277375E1, 6.0949667980987787057556E1,
                              5.7112963590585538103336E1, 2.0039553499201281259648E1};
  bool f32 = mlirTypeIsAF32(c->t);
  MlirValue onep = add(c, t, k(c, 1));
  MlirValue large = f32 ? log_f32(c, onep) : nb_build1(c->b, "math.log", onep);
  MlirValue x2 = mul(c, t, t);
  MlirValue z0 = mul(c, t, k(c, 0)); /* Horner starts at 0: 0*t + c */
  MlirValue d = add(c, z0, k(c, 1)), n = add(c, z0, k(c, 4.5270000862445199635215E-5));
  for (int i = 0; i < 6; i++) {
    d = fma3(c, d, t, k(c, f32 ? (double)(float)D[i] : D[i]));
    n = fma3(c, n, t, k(c, f32 ? (double)(float)N[i] : N[i]));
  }
  MlirValue q = nb_build2(c->b, "arith.divf", n, d);
  MlirValue s = fma3(c, x2, k(c, -0.5), mul(c, mul(c, t, x2), q));
  MlirValue small = add(c, t, s);
  MlirValue use_small = cmp(c, F_OLT, nb_build1(c->b, "math.absf", t),
                            k(c, f32 ? (double)(float)0.41421356237309504880 : 0.41421356237309504880));
  return sel(c, use_small, small, large);
}

/* ErfInv32 (§6.2), coefficients highest degree first. */
static MlirValue erf_inv_f32(ctx *c, MlirValue x, MlirValue w_neg) {
  static const uint32_t A[9] = {0x32F16588, 0x34B84B36, 0xB66C7357, 0xB6935AC1, 0x396532DB,
                                0xBAA45408, 0xBB88E4EF, 0x3E7C8F63, 0x3FC02E2F};
  static const uint32_t B[9] = {0xB951F09B, 0x38D3B56B, 0x3AB0DC72, 0xBB70BDE7, 0x3BBC127B,
                                0xBBF9C5D7, 0x3C1AA57E, 0x3F8036DB, 0x40354F7E};
  /* w_neg = log1p(-x²) = -w; w < 5 <=> w_neg > -5 */
  MlirValue lt = cmp(c, F_OGT, w_neg, k(c, -5));
  MlirValue v = sel(c, lt, sub(c, k(c, -2.5), w_neg),
                    add(c, nb_build1(c->b, "math.sqrt", nb_build1(c->b, "arith.negf", w_neg)),
                        k(c, -3)));
  MlirValue p = sel(c, lt, kbits(c, A[0]), kbits(c, B[0]));
  for (int i = 1; i < 9; i++)
    p = fma3(c, p, v, sel(c, lt, kbits(c, A[i]), kbits(c, B[i])));
  return p;
}

/* ErfInv64 (xla/hlo/builder/lib/math.cc): three intervals of w. */
static MlirValue erf_inv_f64(ctx *c, MlirValue x, MlirValue w_neg) {
  static const double W6[23] = {
      -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18,
      1.115787767802518096e-17,   -1.333171662854620906e-16, 2.0972767875968561637e-17,
      6.6376381343583238325e-15,  -4.0545662729752068639e-14, -8.1519341976054721522e-14,
      2.6335093153082322977e-12,  -1.2975133253453532498e-11, -5.4154120542946279317e-11,
      1.051212273321532285e-09,   -4.1126339803469836976e-09, -2.9070369957882005086e-08,
      4.2347877827932403518e-07,  -1.3654692000834678645e-06, -1.3882523362786468719e-05,
      0.0001867342080340571352,   -0.00074070253416626697512, -0.0060336708714301490533,
      0.24015818242558961693,     1.6536545626831027356};
  static const double W16[19] = {
      2.2137376921775787049e-09,  9.0756561938885390979e-08, -2.7517406297064545428e-07,
      1.8239629214389227755e-08,  1.5027403968909827627e-06, -4.013867526981545969e-06,
      2.9234449089955446044e-06,  1.2475304481671778723e-05, -4.7318229009055733981e-05,
      6.8284851459573175448e-05,  2.4031110387097893999e-05, -0.0003550375203628474796,
      0.00095328937973738049703,  -0.0016882755560235047313, 0.0024914420961078508066,
      -0.0037512085075692412107,  0.005370914553590063617,   1.0052589676941592334,
      3.0838856104922207635};
  static const double WB[17] = {
      -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-09,
      -3.7894654401267369937e-09, 7.6157012080783393804e-09,  -1.4960026627149240478e-08,
      2.9147953450901080826e-08,  -6.7711997758452339498e-08, 2.2900482228026654717e-07,
      -9.9298272942317002539e-07, 4.5260625972231537039e-06,  -1.9681778105531670567e-05,
      7.5995277030017761139e-05,  -0.00021503011930044477347, -0.00013871931833623122026,
      1.0103004648645343977,      4.8499064014085844221};
  (void)x;
  MlirValue lt6 = cmp(c, F_OGT, w_neg, k(c, -6.25)), lt16 = cmp(c, F_OGT, w_neg, k(c, -16));
  MlirValue sq = nb_build1(c->b, "math.sqrt", nb_build1(c->b, "arith.negf", w_neg));
  MlirValue v = sel(c, lt6, sub(c, k(c, -3.125), w_neg),
                    sub(c, sq, sel(c, lt16, k(c, 3.25), k(c, 5.0))));
  MlirValue p = {NULL};
  for (int i = 0; i < 23; i++) {
    MlirValue ci = k(c, W6[i]);
    if (i < 19)
      ci = sel(c, lt6, ci, k(c, W16[i]));
    if (i < 17)
      ci = sel(c, lt16, ci, k(c, WB[i]));
    if (i == 0) {
      p = ci;
      continue;
    }
    MlirValue next = fma3(c, p, v, ci);
    p = i < 17 ? next : sel(c, i < 19 ? lt16 : lt6, next, p);
  }
  return p;
}

MlirValue nb_erf_inv_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)user;
  MlirValue x = args[0];
  MlirType t = mlirValueGetType(x);
  bool narrow = !mlirTypeIsAF32(t) && !mlirTypeIsAF64(t);
  ctx c = {b, narrow ? mlirF32TypeGet(b->ctx) : t};
  if (narrow)
    x = nb_build_cast(b, "arith.extf", x, c.t);
  MlirValue w_neg = log1p_xla(&c, mul(&c, x, nb_build1(b, "arith.negf", x)));
  MlirValue p = mlirTypeIsAF64(c.t) ? erf_inv_f64(&c, x, w_neg) : erf_inv_f32(&c, x, w_neg);
  /* erf_inv(+-1) = +-inf: x * inf there (XLA's select before the multiply) */
  MlirValue one = cmp(&c, F_OEQ, nb_build1(b, "math.absf", x), k(&c, 1));
  MlirValue r = mul(&c, x, sel(&c, one, k(&c, INFINITY), p));
  return narrow ? nb_build_cast(b, "arith.truncf", r, t) : r;
}
