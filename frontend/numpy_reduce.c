/* numpy_reduce.c — jnp's reductions with keepdims, var and std, on top of
 * ops_reduce.c.
 *
 * keepdims is the plain reduction reshaped with a 1 at each reduced axis.
 * Axes are checked here, under the helper's own name, so the ops below
 * never fail. var is jnp._var op for op: the input is converted to the
 * computation dtype (to_inexact, then f16/bf16 upcast to f32), centred on
 * its mean (kept in that dtype), squared, summed and divided by N - ddof,
 * then rounded to the result dtype once. */
#include "frontend.h"

#include <math.h>

bool nb_fe_np_axes(nb_value x, nb_ints *axes, nb_shape *kept, const char *file, int line,
                   const char *op) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return false;
  nb_shape s = nb_fe_get(x)->shape;
  if (axes->n == 0) {
    axes->n = s.rank;
    for (int i = 0; i < s.rank; i++)
      axes->v[i] = i;
  }
  if (!nb_fe_norm_axes(fn, axes, s.rank, file, line, op, s))
    return false;
  *kept = s;
  for (int i = 0; i < axes->n; i++)
    kept->dims[axes->v[i]] = 1;
  return true;
}

typedef nb_value (*reducer)(nb_value, nb_ints, const char *, int);

static nb_value keepdims(const char *op, reducer f, nb_value x, nb_ints axes, const char *file,
                         int line) {
  nb_shape kept;
  if (!nb_fe_np_axes(x, &axes, &kept, file, line, op))
    return (nb_value){0};
  return nb__reshape(f(x, axes, file, line), kept, file, line);
}

nb_value nb__sum_keepdims(nb_value x, nb_ints axes, const char *file, int line) {
  return keepdims("nb_sum_keepdims", nb__sum, x, axes, file, line);
}
nb_value nb__mean_keepdims(nb_value x, nb_ints axes, const char *file, int line) {
  return keepdims("nb_mean_keepdims", nb__mean, x, axes, file, line);
}
nb_value nb__max_keepdims(nb_value x, nb_ints axes, const char *file, int line) {
  return keepdims("nb_max_keepdims", nb__max, x, axes, file, line);
}
nb_value nb__min_keepdims(nb_value x, nb_ints axes, const char *file, int line) {
  return keepdims("nb_min_keepdims", nb__min, x, axes, file, line);
}

static nb_value var(const char *op, nb_value x, nb_ints axes, int ddof, bool keep,
                    const char *file, int line) {
  nb_shape kept;
  if (!nb_fe_np_axes(x, &axes, &kept, file, line, op))
    return (nb_value){0};
  nb_val v = *nb_fe_get(x);
  nb_dtype out = nb_fe_inexact(v.dt);
  nb_dtype cdt = out == NB_F16 || out == NB_BF16 ? NB_F32 : out;
  int64_t count = 1;
  for (int i = 0; i < axes.n; i++)
    count *= v.shape.dims[axes.v[i]];
  nb_value a = nb__astype(x, cdt, file, line);
  nb_value centered = nb__square(nb__sub(a, nb__mean_keepdims(a, axes, file, line), file, line),
                                 file, line);
  nb_value sum = keep ? nb__sum_keepdims(centered, axes, file, line)
                      : nb__sum(centered, axes, file, line);
  nb_shape rs = nb_value_shape(sum);
  /* the normalizer is static: N - ddof > 0 divides, else jnp gives NaN */
  nb_value r = count - ddof > 0
                   ? nb__div(sum, nb__full(x.fn, cdt, NB_SHAPE(), (double)(count - ddof), file, line),
                             file, line)
                   : nb__full(x.fn, cdt, rs, NAN, file, line);
  return nb__astype(r, out, file, line);
}

nb_value nb__var(nb_value x, nb_ints axes, int ddof, bool keepdims, const char *file, int line) {
  return var(keepdims ? "nb_var_keepdims" : "nb_var", x, axes, ddof, keepdims, file, line);
}

nb_value nb__std(nb_value x, nb_ints axes, int ddof, bool keepdims, const char *file, int line) {
  return nb__sqrt(var(keepdims ? "nb_std_keepdims" : "nb_std", x, axes, ddof, keepdims, file,
                      line),
                  file, line);
}
