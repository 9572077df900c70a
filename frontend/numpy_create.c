/* numpy_create.c — jnp.eye, jnp.linspace and jnp.arange(start, stop, step):
 * arrays of compile-time constants, built from iota and splats so that the
 * arithmetic rounds as JAX's does (each function says which form that is). */
#include "frontend.h"

#include <math.h>

static bool live(nb_fn *fn, nb_dtype dt, const char *file, int line, const char *op) {
  if (!nb_fe_fn_live(fn))
    return false;
  if (!nb_fe_dtype_valid(dt)) {
    nb_fe_error(fn->m, file, line, op, "invalid dtype %d", (int)dt);
    return false;
  }
  return true;
}

static bool numeric(nb_fn *fn, nb_dtype dt, const char *file, int line, const char *op) {
  if (dt != NB_BOOL)
    return true;
  nb_fe_error(fn->m, file, line, op, "dtype bool is not a number type");
  return false;
}

/* lax._eye: iota(0) + k == iota(1), converted. */
nb_value nb__eye(nb_fn *fn, int64_t n, int64_t m, int64_t k, nb_dtype dtype, const char *file,
                 int line) {
  const char *op = "nb_eye";
  if (!live(fn, dtype, file, line, op))
    return (nb_value){0};
  nb_shape s = NB_SHAPE(n, m);
  if (!nb_fe_check_shape(fn->m, s, "", file, line, op))
    return (nb_value){0};
  nb_value rows = nb__add(nb__iota(fn, NB_I64, s, 0, file, line), nb__scalar_int(fn, k, file, line),
                          file, line);
  nb_value hit = nb__eq(rows, nb__iota(fn, NB_I64, s, 1, file, line), file, line);
  return nb__astype(hit, dtype, file, line);
}

static nb_value splat(nb_fn *fn, nb_dtype dt, double x, const char *file, int line) {
  return nb__full(fn, dt, NB_SHAPE(), x, file, line);
}

static nb_value reciprocal(nb_fn *fn, nb_dtype dt, nb_value x, const char *file, int line) {
  return nb__div(splat(fn, dt, 1.0, file, line), x, file, line);
}

/* jnp.linspace is a jitted function of start and stop, so what a JAX user
 * gets is XLA's optimized form of start * (1 - step) + stop * step, step =
 * iota / div (the HLO after optimization, jax 0.10.2 on the CPU):
 *  - the division is a multiplication by the reciprocal c = 1 / div with
 *    div first rounded to the dtype (asarray(div, dtype): 299 is 300 in
 *    bf16) and the quotient rounded to the dtype;
 *  - stop * (iota * c) is reassociated to iota * (stop * c);
 *  - bf16 is computed in f32 with a rounding to bf16 after each op, except
 *    that c is the f32 quotient 1 / bf16(div), iota * c the f32 product
 *    (then rounded to bf16), and the reassociation does not happen.
 * This builds that form. XLA's CPU back end may also contract a product
 * and the sum into a fused multiply-add (float and double only, varying
 * with how the loop is unrolled); test_numpy.py bounds that difference. */
static nb_value interpolate(nb_fn *fn, nb_value lo, nb_value hi, int64_t num, bool endpoint,
                            nb_dtype cdt, const char *file, int line) {
  int64_t div = endpoint ? num - 1 : num;
  nb_shape s = NB_SHAPE(num);
  /* the iota has num elements: the last is replaced by stop below when
   * endpoint (jax concatenates stop after the first num - 1 values) */
  nb_value one = nb__scalar_int(fn, 1, file, line), out;
  if (cdt == NB_BF16) {
    nb_value i = nb__astype(nb__iota(fn, NB_BF16, s, 0, file, line), NB_F32, file, line);
    nb_value c = reciprocal(fn, NB_F32, nb__astype(splat(fn, NB_BF16, (double)div, file, line), NB_F32,
                                                   file, line), file, line);
    nb_value t = nb__astype(nb__mul(i, c, file, line), NB_BF16, file, line);
    out = nb__add(nb__mul(lo, nb__sub(one, t, file, line), file, line), nb__mul(hi, t, file, line),
                  file, line);
  } else {
    nb_value c = reciprocal(fn, cdt, splat(fn, cdt, (double)div, file, line), file, line);
    nb_value i = nb__iota(fn, cdt, s, 0, file, line);
    nb_value t = nb__mul(i, c, file, line);
    out = nb__add(nb__mul(lo, nb__sub(one, t, file, line), file, line),
                  nb__mul(i, nb__mul(hi, c, file, line), file, line), file, line);
  }
  if (endpoint)
    out = nb__where(nb__eq(nb__iota(fn, NB_I64, s, 0, file, line),
                           nb__scalar_int(fn, num - 1, file, line), file, line),
                    hi, out, file, line);
  return out;
}

nb_value nb__linspace(nb_fn *fn, double start, double stop, int64_t num, bool endpoint,
                      nb_dtype dtype, const char *file, int line) {
  const char *op = "nb_linspace";
  if (!live(fn, dtype, file, line, op) || !numeric(fn, dtype, file, line, op))
    return (nb_value){0};
  if (num < 0) {
    nb_fe_error(fn->m, file, line, op, "number of samples %lld must be non-negative",
                (long long)num);
    return (nb_value){0};
  }
  nb_dtype cdt = nb_fe_inexact(dtype);
  nb_shape s = NB_SHAPE(num);
  if (num == 0) /* the CPU back end fails on some empty computations */
    return nb__full(fn, dtype, s, 0, file, line);
  nb_value lo = splat(fn, cdt, start, file, line), hi = splat(fn, cdt, stop, file, line);
  nb_value out = num > 1 ? interpolate(fn, lo, hi, num, endpoint, cdt, file, line)
                         : nb__broadcast_to(lo, s, file, line);
  if (nb_dtype_is_int(dtype))
    out = nb__floor(out, file, line);
  return nb__astype(out, dtype, file, line);
}

nb_value nb__arange_step(nb_fn *fn, double start, double stop, double step, nb_dtype dtype,
                         const char *file, int line) {
  const char *op = "nb_arange_step";
  if (!live(fn, dtype, file, line, op) || !numeric(fn, dtype, file, line, op))
    return (nb_value){0};
  if (step == 0 || !isfinite(start) || !isfinite(stop) || !isfinite(step)) {
    nb_fe_error(fn->m, file, line, op, "needs finite bounds and a non-zero step, got %g, %g, %g",
                start, stop, step);
    return (nb_value){0};
  }
  double len = ceil((stop - start) / step);
  int64_t n = len > 0 ? (int64_t)len : 0;
  if (len >= 9.2e18) {
    nb_fe_error(fn->m, file, line, op, "too many elements (%g)", len);
    return (nb_value){0};
  }
  nb_shape s = NB_SHAPE(n);
  /* jnp.arange(start, stop, step) with static bounds is start + step * iota
   * computed op by op in the dtype, or in f32 for floats narrower than
   * 32 bits (lax_numpy._arange's working_dtype), then converted */
  nb_dtype cdt = dtype == NB_F16 || dtype == NB_BF16 ? NB_F32 : dtype;
  nb_value out = nb__add(splat(fn, cdt, start, file, line),
                         nb__mul(splat(fn, cdt, step, file, line), nb__iota(fn, cdt, s, 0, file, line),
                                 file, line), file, line);
  return nb__astype(out, dtype, file, line);
}
