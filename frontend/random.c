/* random.c — jax.random's samplers in the DSL, built on random bits
 * (random_bits.c) exactly as jax/_src/random/core.py builds them, op for
 * op, so that the same key gives the same numbers as JAX:
 *   uniform   mantissa bits under the exponent of 1.0, minus 1, scaled,
 *             clamped below (docs/jax-semantics.md §5; every § here is a
 *             section of that file; bf16 draws 8 bits as JAX >= 0.5 does);
 *   normal    sqrt(2) * erf_inv(uniform(nextafter(-1, 0), 1)) (§6), with
 *             nabla.erf_inv evaluated as XLA:CPU does;
 *   randint   two draws from a 2-way split and the span/multiplier
 *             remainder trick (§7); 8/16-bit dtypes sample in int32 with
 *             clipped bounds, as JAX >= 0.7.2 does;
 *   bernoulli uniform < p;  truncated_normal  erf_inv of a uniform between
 *             erf(lower/sqrt2) and erf(upper/sqrt2), clipped inside;
 *   categorical argmax(logits + gumbel), gumbel = -log(-log(uniform(tiny, 1)))
 *             (JAX's default "low" mode);
 *   dropout   flax's: keep with probability 1 - rate, scale by 1/(1 - rate).
 * Bounds and probabilities are compile-time constants; the arithmetic JAX
 * does on them in the sample's dtype is emitted as ops, so it rounds alike. */
#include "random.h"

#include <math.h>
#include <stdio.h>

/* C11 has no SQRT2; np.sqrt(2) rounded to the sample's dtype */
#define SQRT2 1.41421356237309504880

static bool check_float(nb_rnd *r, nb_dtype dt) {
  if (dt == NB_F16 || dt == NB_BF16 || dt == NB_F32 || dt == NB_F64)
    return true;
  nb_fe_error(r->fn->m, r->file, r->line, r->op, "dtype must be a float (f16, bf16, f32, f64), got %s",
              nb_fe_dtype_valid(dt) ? nb_dtype_name(dt) : "an invalid dtype");
  return false;
}

static int float_bits(nb_dtype dt) { return dt == NB_F64 ? 64 : dt == NB_F32 ? 32 : 16; }
static int mantissa_bits(nb_dtype dt) {
  return dt == NB_F64 ? 52 : dt == NB_F32 ? 23 : dt == NB_F16 ? 10 : 7;
}
static nb_dtype uint_of(int bits) {
  return bits == 64 ? NB_U64 : bits == 32 ? NB_U32 : bits == 16 ? NB_U16 : NB_U8;
}
static uint64_t one_bits(nb_dtype dt) {
  return dt == NB_F64 ? 0x3FF0000000000000u : dt == NB_F32 ? 0x3F800000u
                                            : dt == NB_F16 ? 0x3C00u : 0x3F80u;
}

/* _uniform: lo and hi are converted to dtype first; (hi - lo) is rounded in
 * dtype before the multiply. */
static nb_value uniform(nb_rnd *r, nb_value key, nb_shape s, nb_dtype dt, double minval,
                        double maxval) {
  int nbits = float_bits(dt), nmant = mantissa_bits(dt);
  int rng_bits = nmant < 8 ? 8 : nbits;
  nb_value bits = nb_rnd_bits(r, key, rng_bits, s);
  if (!nb_value_valid(bits))
    return bits;
  nb_dtype ut = uint_of(nbits);
  if (rng_bits != nbits)
    bits = nb_rnd_convert(r, bits, ut);
  bits = nb_rnd_op2(r, "nabla.shift_right_logical", bits, nb_rnd_int(r, ut, s, (uint64_t)(rng_bits - nmant)));
  bits = nb_rnd_op2(r, "nabla.or", bits, nb_rnd_int(r, ut, s, one_bits(dt)));
  nb_value f = nb_rnd_op2(r, "nabla.sub", nb_rnd_bitcast(r, bits, dt), nb_rnd_float(r, dt, s, 1.0));
  nb_value lo = nb_rnd_float(r, dt, s, minval), hi = nb_rnd_float(r, dt, s, maxval);
  nb_value span = nb_rnd_op2(r, "nabla.sub", hi, lo);
  /* XLA:CPU contracts f * span + lo into an FMA (§5, §6.3): nabla.fma,
   * rounded once. XLA computes f16 and bf16 op by op, rounding to the
   * dtype after each op (checked against jax), so they are not fused. */
  nb_value u;
  if (dt == NB_F64 || dt == NB_F32) {
    u = nb_rnd_op3(r, "nabla.fma", f, span, lo);
  } else {
    u = nb_rnd_op2(r, "nabla.add", nb_rnd_op2(r, "nabla.mul", f, span), lo);
  }
  return nb_rnd_op2(r, "nabla.max", lo, u);
}

nb_value nb__random_uniform(nb_value key, nb_shape shape, nb_dtype dtype, double minval,
                            double maxval, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin_draw(&r, key, shape, file, line, "nb_random_uniform") ||
      !check_float(&r, dtype))
    return (nb_value){0};
  return uniform(&r, key, shape, dtype, minval, maxval);
}

/* _normal_real: lo = nextafter(-1, 0) in dtype = -(1 - 2^-(nmant+1)). */
static nb_value normal(nb_rnd *r, nb_value key, nb_shape s, nb_dtype dt) {
  double lo = -(1.0 - ldexp(1.0, -(mantissa_bits(dt) + 1)));
  nb_value u = uniform(r, key, s, dt, lo, 1.0);
  if (!nb_value_valid(u))
    return u;
  return nb_rnd_op2(r, "nabla.mul", nb_rnd_float(r, dt, s, SQRT2), nb_rnd_op1(r, "nabla.erf_inv", u));
}

nb_value nb__random_normal(nb_value key, nb_shape shape, nb_dtype dtype, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin_draw(&r, key, shape, file, line, "nb_random_normal") ||
      !check_float(&r, dtype))
    return (nb_value){0};
  return normal(&r, key, shape, dtype);
}

nb_value nb__random_bernoulli(nb_value key, double p, nb_shape shape, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin_draw(&r, key, shape, file, line, "nb_random_bernoulli"))
    return (nb_value){0};
  /* a Python float p is float32 in JAX's default mode */
  nb_value u = uniform(&r, key, shape, NB_F32, 0.0, 1.0);
  return nb__lt(u, nb_rnd_float(&r, NB_F32, shape, p), file, line);
}

/* ---- randint ---- */

static int64_t int_min(nb_dtype dt) {
  int b = nb_dtype_bits(dt);
  return nb_dtype_is_unsigned(dt) ? 0 : b == 64 ? INT64_MIN : -((int64_t)1 << (b - 1));
}
static int64_t int_max(nb_dtype dt) { /* clipped to int64, where the bounds live */
  int b = nb_dtype_bits(dt);
  if (nb_dtype_is_unsigned(dt))
    return b == 64 ? INT64_MAX : (int64_t)(((uint64_t)1 << b) - 1);
  return b == 64 ? INT64_MAX : ((int64_t)1 << (b - 1)) - 1;
}
static int64_t clip(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

nb_value nb__random_randint(nb_value key, nb_shape shape, int64_t minval, int64_t maxval,
                            nb_dtype dtype, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin_draw(&r, key, shape, file, line, "nb_random_randint"))
    return (nb_value){0};
  if (!nb_dtype_is_int(dtype)) {
    nb_fe_error(r.fn->m, file, line, r.op, "dtype must be an integer type, got %s",
                nb_fe_dtype_valid(dtype) ? nb_dtype_name(dtype) : "an invalid dtype");
    return (nb_value){0};
  }
  nb_dtype dt = dtype;
  if (nb_dtype_bits(dtype) < 32) { /* sampled in int32, bounds clipped (max + 1 allowed) */
    minval = clip(minval, int_min(dtype), int_max(dtype));
    maxval = clip(maxval, int_min(dtype), int_max(dtype) + 1);
    dt = NB_I32;
  }
  int nbits = nb_dtype_bits(dt);
  uint64_t mask = nbits == 64 ? ~(uint64_t)0 : ((uint64_t)1 << nbits) - 1;
  bool oor = maxval > int_max(dt);
  int64_t lo = clip(minval, int_min(dt), int_max(dt)), hi = clip(maxval, int_min(dt), int_max(dt));
  /* span and multiplier as JAX computes them in uint<nbits> (x % 0 = x) */
  uint64_t span = ((uint64_t)hi - (uint64_t)lo) & mask;
  if (hi <= lo)
    span = 1;
  if (oor && hi > lo)
    span = (span + 1) & mask;
  uint64_t half = (uint64_t)1 << (nbits / 2);
  uint64_t mult = span ? half % span : half;
  mult = (mult * mult) & mask;
  mult = span ? mult % span : mult;
  nb_dtype ut = uint_of(nbits);
  nb_value keys = nb_rnd_split(&r, key, 2);
  nb_value k1 = nb__index(keys, 0, file, line), k2 = nb__index(keys, 1, file, line);
  nb_value hb = nb_rnd_bits(&r, k1, nbits, shape), lb = nb_rnd_bits(&r, k2, nbits, shape);
  if (!nb_value_valid(hb) || !nb_value_valid(lb))
    return (nb_value){0};
  nb_value off;
  if (span == 0) { /* the full range: every remainder is the identity */
    off = nb_rnd_op2(&r, "nabla.add", nb_rnd_op2(&r, "nabla.mul", hb, nb_rnd_int(&r, ut, shape, mult)), lb);
  } else {
    nb_value sp = nb_rnd_int(&r, ut, shape, span);
    nb_value h = nb_rnd_op2(&r, "nabla.mul", nb_rnd_op2(&r, "nabla.rem", hb, sp),
                            nb_rnd_int(&r, ut, shape, mult));
    off = nb_rnd_op2(&r, "nabla.rem", nb_rnd_op2(&r, "nabla.add", h, nb_rnd_op2(&r, "nabla.rem", lb, sp)), sp);
  }
  /* minval + offset in the sampling dtype (wrapping), then the user's dtype */
  nb_value v = nb_rnd_op2(&r, "nabla.add", nb_rnd_int(&r, dt, shape, (uint64_t)lo), nb_rnd_bitcast(&r, off, dt));
  return dt == dtype ? v : nb_rnd_convert(&r, v, dtype);
}

/* ---- truncated normal, categorical, dropout ---- */

nb_value nb__random_truncated_normal(nb_value key, double lower, double upper, nb_shape shape,
                                     nb_dtype dtype, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin_draw(&r, key, shape, file, line, "nb_random_truncated_normal"))
    return (nb_value){0};
  if (dtype != NB_F32 && dtype != NB_F64) {
    nb_fe_error(r.fn->m, file, line, r.op, "dtype must be f32 or f64");
    return (nb_value){0};
  }
  bool f32 = dtype == NB_F32;
  /* a = erf(lower / sqrt2) in dtype; the host's erf stands in for XLA's */
  double a = f32 ? (double)erff((float)lower / (float)SQRT2) : erf(lower / SQRT2);
  double b = f32 ? (double)erff((float)upper / (float)SQRT2) : erf(upper / SQRT2);
  nb_value u = uniform(&r, key, shape, dtype, a, b);
  if (!nb_value_valid(u))
    return u;
  nb_value out = nb_rnd_op2(&r, "nabla.mul", nb_rnd_float(&r, dtype, shape, SQRT2),
                            nb_rnd_op1(&r, "nabla.erf_inv", u));
  double lo = f32 ? (double)nextafterf((float)lower, INFINITY) : nextafter(lower, INFINITY);
  double hi = f32 ? (double)nextafterf((float)upper, -INFINITY) : nextafter(upper, -INFINITY);
  /* jnp.clip: min(max(x, lo), hi) */
  out = nb_rnd_op2(&r, "nabla.max", out, nb_rnd_float(&r, dtype, shape, lo));
  return nb_rnd_op2(&r, "nabla.min", out, nb_rnd_float(&r, dtype, shape, hi));
}

nb_value nb__random_categorical(nb_value key, nb_value logits, int axis, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin(&r, key, file, line, "nb_random_categorical"))
    return (nb_value){0};
  nb_val *lv = nb_rnd_operand(&r, key, logits); /* dies as values are added: copied now */
  if (!lv)
    return (nb_value){0};
  if (!nb_dtype_is_float(lv->dt) || lv->shape.rank < 1) {
    nb_fe_error(r.fn->m, file, line, r.op, "logits must be a float array of rank >= 1");
    return (nb_value){0};
  }
  nb_shape s = lv->shape;
  nb_dtype dt = lv->dt;
  if (axis < 0)
    axis += s.rank;
  if (axis < 0 || axis >= s.rank) {
    nb_fe_error(r.fn->m, file, line, r.op, "axis out of range for rank %d", s.rank);
    return (nb_value){0};
  }
  /* gumbel, "low" mode: -log(-log(uniform(tiny, 1))) */
  double tiny = dt == NB_F64 ? 2.2250738585072014e-308 : dt == NB_F32 ? 1.17549435e-38
              : dt == NB_F16 ? 6.103515625e-05 : 1.17549435e-38;
  nb_value u = uniform(&r, key, s, dt, tiny, 1.0);
  if (!nb_value_valid(u))
    return u;
  nb_value g = nb_rnd_op1(&r, "nabla.neg", nb_rnd_op1(&r, "nabla.log",
                          nb_rnd_op1(&r, "nabla.neg", nb_rnd_op1(&r, "nabla.log", u))));
  nb_value z = nb_rnd_op2(&r, "nabla.add", g, logits);
  /* argmax: the first index attaining the max */
  nb_value m = nb__max(z, NB_AXES(axis), file, line);
  nb_ints keep = {.n = 0};
  for (int i = 0; i < s.rank; i++)
    if (i != axis)
      keep.v[keep.n++] = i;
  nb_value hit = nb__eq(z, nb__broadcast_in_dim(m, s, keep, file, line), file, line);
  nb_value idx = nb__where(hit, nb__iota(r.fn, NB_I32, s, axis, file, line),
                           nb_rnd_int(&r, NB_I32, s, (uint64_t)s.dims[axis]), file, line);
  return nb__min(idx, NB_AXES(axis), file, line);
}

nb_value nb__random_dropout(nb_value key, nb_value x, double rate, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin(&r, key, file, line, "nb_random_dropout"))
    return (nb_value){0};
  nb_val *v = nb_rnd_operand(&r, key, x);
  if (!v)
    return (nb_value){0};
  if (!nb_dtype_is_float(v->dt) || !(rate >= 0 && rate < 1)) {
    nb_fe_error(r.fn->m, file, line, r.op, "needs a float array and 0 <= rate < 1");
    return (nb_value){0};
  }
  if (rate == 0)
    return x;
  nb_shape s = v->shape; /* v dies as values are added */
  nb_dtype dt = v->dt;
  nb_value keep = nb__random_bernoulli(key, 1.0 - rate, s, file, line);
  /* XLA turns the division by a constant into a multiply by its
   * reciprocal, rounded in dtype: so does this */
  nb_value keep_p = nb_rnd_float(&r, dt, s, 1.0 - rate);
  nb_value scaled = nb_rnd_op2(&r, "nabla.mul", x,
                               nb_rnd_op2(&r, "nabla.div", nb_rnd_float(&r, dt, s, 1.0), keep_p));
  return nb__where(keep, scaled, nb_rnd_float(&r, dt, s, 0.0), file, line);
}
