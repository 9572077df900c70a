/* nn.c — jax.nn's normalizers (logsumexp, softmax, log_softmax) and
 * one_hot, op for op as jax/_src/ops/special.py and nn/functions.py build
 * them.
 *
 * The max subtracted for stability carries no derivative (stop_gradient),
 * so the gradient of logsumexp is softmax, as in JAX; a max that is not
 * finite (a row of -inf, or an inf) is replaced by 0 in logsumexp so such
 * a row gives -inf (or inf) rather than NaN. softmax follows jax's
 * definition with the max under stop_gradient (the value and derivative of
 * its custom_jvp: y * (t - sum(y * t))). */
#include "frontend.h"

#include <math.h>

/* x converted to its inexact dtype (jnp's promote_args_inexact). */
static nb_value inexact(nb_value x, const char *file, int line) {
  nb_val *v = nb_fe_get(x);
  nb_dtype dt = nb_fe_inexact(v->dt);
  return dt == v->dt ? x : nb__astype(x, dt, file, line);
}

nb_value nb__logsumexp(nb_value x, nb_ints axes, bool keep, const char *file, int line) {
  const char *op = keep ? "nb_logsumexp_keepdims" : "nb_logsumexp";
  nb_shape kept;
  if (!nb_fe_np_axes(x, &axes, &kept, file, line, op))
    return (nb_value){0};
  nb_value a = inexact(x, file, line);
  nb_value amax = nb__max_keepdims(a, axes, file, line);
  amax = nb__stop_gradient(
      nb__where(nb__isfinite(amax, file, line), amax, nb_scalar(x.fn, 0), file, line), file,
      line);
  nb_value e = nb__exp(nb__sub(a, amax, file, line), file, line);
  nb_value s = nb__abs(keep ? nb__sum_keepdims(e, axes, file, line) : nb__sum(e, axes, file, line),
                       file, line);
  nb_value m = keep ? amax : nb__reshape(amax, nb_value_shape(s), file, line);
  return nb__add(nb__log(s, file, line), m, file, line);
}

nb_value nb__softmax(nb_value x, nb_ints axes, const char *file, int line) {
  nb_shape kept;
  if (!nb_fe_np_axes(x, &axes, &kept, file, line, "nb_softmax"))
    return (nb_value){0};
  nb_value a = inexact(x, file, line);
  nb_value m = nb__stop_gradient(nb__max_keepdims(a, axes, file, line), file, line);
  nb_value u = nb__exp(nb__sub(a, m, file, line), file, line);
  return nb__div(u, nb__sum_keepdims(u, axes, file, line), file, line);
}

nb_value nb__log_softmax(nb_value x, nb_ints axes, const char *file, int line) {
  nb_shape kept;
  if (!nb_fe_np_axes(x, &axes, &kept, file, line, "nb_log_softmax"))
    return (nb_value){0};
  nb_value a = inexact(x, file, line);
  nb_value m = nb__stop_gradient(nb__max_keepdims(a, axes, file, line), file, line);
  nb_value shifted = nb__sub(a, m, file, line);
  nb_value lse = nb__log(nb__sum_keepdims(nb__exp(shifted, file, line), axes, file, line), file,
                         line);
  return nb__sub(shifted, lse, file, line);
}

nb_value nb__one_hot(nb_value labels, int64_t num_classes, nb_dtype dtype, const char *file,
                     int line) {
  const char *op = "nb_one_hot";
  nb_fn *fn = nb_fe_operands_fn(&labels, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(labels);
  char b[128];
  if (!nb_dtype_is_int(v.dt)) {
    nb_fe_error(fn->m, file, line, op, "labels must be an integer array, got %s",
                nb_fe_fmt_type(b, sizeof b, v.dt, v.shape));
    return (nb_value){0};
  }
  if (!nb_fe_dtype_valid(dtype)) {
    nb_fe_error(fn->m, file, line, op, "invalid dtype %d", (int)dtype);
    return (nb_value){0};
  }
  if (num_classes < 0 || v.shape.rank == NB_MAX_RANK) {
    nb_fe_error(fn->m, file, line, op, "cannot add an axis of %lld classes to labels %s",
                (long long)num_classes, nb_fe_fmt_type(b, sizeof b, v.dt, v.shape));
    return (nb_value){0};
  }
  nb_shape s = v.shape;
  s.dims[s.rank++] = num_classes;
  if (!nb_fe_check_shape(fn->m, s, "of the result", file, line, op))
    return (nb_value){0};
  /* jax compares in the labels' dtype; a weak label compares as int32 */
  nb_dtype cdt = v.weak ? NB_I32 : v.dt;
  nb_ints dims = {.n = v.shape.rank};
  for (int i = 0; i < dims.n; i++)
    dims.v[i] = i;
  nb_value lhs = nb__broadcast_in_dim(nb__astype(labels, cdt, file, line), s, dims, file, line);
  nb_value hit = nb__eq(lhs, nb__iota(fn, cdt, s, s.rank - 1, file, line), file, line);
  return nb__astype(hit, dtype, file, line);
}
