/* transcendental.c — scalar bodies of the transcendental ops that must match
 * XLA:CPU bit for bit or be accurate where LLVM's expansion is not (tanh,
 * expm1, log1p, logistic). */
#include "lower.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

MlirValue nbl_tanh_body(nb_builder *b, const MlirValue *args, void *user) {
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
MlirValue nbl_expm1_body(nb_builder *b, const MlirValue *args, void *user) {
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
MlirValue nbl_log1p_body(nb_builder *b, const MlirValue *args, void *user) {
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

MlirValue nbl_logistic_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)user;
  MlirValue one = nb_build_scalar(b, mlirValueGetType(args[0]), 1);
  MlirValue e = nb_build1(b, "math.exp", nb_build1(b, "arith.negf", args[0]));
  return nb_build2(b, "arith.divf", one, nb_build2(b, "arith.addf", one, e));
}
