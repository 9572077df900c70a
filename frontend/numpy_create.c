/* numpy_create.c — jnp.eye, jnp.linspace and jnp.arange(start, stop, step):
 * arrays of compile-time constants, built from iota and splats so that the
 * arithmetic rounds as JAX's (linspace) or NumPy's (arange, which jnp
 * hands to np.arange for static arguments) does. */
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
  nb_value out;
  if (num > 1) {
    int64_t div = endpoint ? num - 1 : num;
    /* XLA turns i / div into i * (1 / div), the reciprocal rounded in the
     * dtype: so does this */
    nb_value t = nb__mul(nb__iota(fn, cdt, s, 0, file, line), splat(fn, cdt, 1.0 / (double)div, file, line),
                         file, line);
    out = nb__add(nb__mul(lo, nb__sub(nb__scalar_int(fn, 1, file, line), t, file, line), file, line),
                  nb__mul(hi, t, file, line), file, line);
    /* jax concatenates stop after the first num - 1 values */
    if (endpoint)
      out = nb__where(nb__eq(nb__iota(fn, NB_I64, s, 0, file, line),
                             nb__scalar_int(fn, num - 1, file, line), file, line),
                      hi, out, file, line);
  } else {
    out = nb__broadcast_to(lo, s, file, line);
  }
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
  /* NumPy computes start + i * step in double for float dtypes (then
   * rounds once to the dtype), in the integer dtype for integers */
  nb_dtype cdt = nb_dtype_is_float(dtype) ? NB_F64 : dtype;
  nb_value out = nb__add(splat(fn, cdt, start, file, line),
                         nb__mul(nb__iota(fn, cdt, s, 0, file, line), splat(fn, cdt, step, file, line),
                                 file, line), file, line);
  return nb__astype(out, dtype, file, line);
}
