/* nn_activations.c — jax.nn's activation functions, each as jax defines it
 * (jax/_src/nn/functions.py), so that values and derivatives match.
 *
 * relu and relu6 have custom JVPs in JAX that pick a side at the kinks
 * (relu'(0) = 0; relu6' = 0 at 0 and 6). Here the value is jax's
 * (maximum/minimum, which keep NaN) under stop_gradient, and the
 * derivative comes from a select that passes x only strictly inside the
 * linear piece: where(x > 0, x, stop_gradient(relu(x))) has relu's value
 * everywhere and derivative 1 exactly where jax's is. softplus (below)
 * is logaddexp(x, 0)'s value with its custom JVP's derivative. */
#include "frontend.h"

#include <math.h>

#define S(x) nb__scalar(fn, (x), file, line)
#define PI 3.14159265358979323846 /* C11 has no M_PI */

nb_value nb__relu(nb_value x, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_relu");
  if (!fn)
    return (nb_value){0};
  nb_value zero = nb__scalar_int(fn, 0, file, line);
  nb_value y = nb__stop_gradient(nb__maximum(x, zero, file, line), file, line);
  return nb__where(nb__gt(x, zero, file, line), x, y, file, line);
}

nb_value nb__relu6(nb_value x, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_relu6");
  if (!fn)
    return (nb_value){0};
  nb_value zero = nb__scalar_int(fn, 0, file, line);
  /* jnp.minimum(jnp.maximum(x, 0), 6.): 6. is a weak float */
  nb_value y = nb__minimum(nb__maximum(x, zero, file, line), S(6.0), file, line);
  y = nb__stop_gradient(y, file, line);
  nb_value inner = nb__where(nb__lt(x, S(6.0), file, line), x, y, file, line);
  return nb__where(nb__gt(x, zero, file, line), inner, y, file, line);
}

nb_value nb__gelu(nb_value x, bool approximate, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_gelu");
  if (!fn)
    return (nb_value){0};
  nb_val *v = nb_fe_get(x);
  nb_dtype dt = nb_fe_inexact(v->dt);
  bool weak = v->weak;
  if (dt != v->dt)
    x = nb__astype(x, dt, file, line);
  if (approximate) {
    /* np.sqrt(2 / np.pi).astype(dtype): a strong constant of x's dtype */
    nb_value c = weak ? S(sqrt(2 / PI)) : nb__full(fn, dt, NB_SHAPE(), sqrt(2 / PI), file, line);
    nb_value x3 = nb__integer_pow(x, 3, file, line);
    nb_value inner = nb__mul(c, nb__add(x, nb__mul(S(0.044715), x3, file, line), file, line),
                             file, line);
    nb_value cdf = nb__mul(S(0.5), nb__add(S(1.0), nb__tanh(inner, file, line), file, line),
                           file, line);
    return nb__mul(x, cdf, file, line);
  }
  nb_value c = weak ? S(sqrt(0.5)) : nb__full(fn, dt, NB_SHAPE(), sqrt(0.5), file, line);
  nb_value y = nb__mul(nb__neg(x, file, line), c, file, line);
  return nb__mul(nb__mul(S(0.5), x, file, line), nb__erfc(y, file, line), file, line);
}

nb_value nb__silu(nb_value x, const char *file, int line) {
  if (!nb_fe_operands_fn(&x, 1, file, line, "nb_silu"))
    return (nb_value){0};
  return nb__mul(x, nb__sigmoid(x, file, line), file, line);
}

/* jnp.logaddexp(x, 0) (lax_other.logaddexp) is max(x, 0) + log1p(exp(-|x|))
 * (x itself where x - 0 is NaN), and its custom JVP gives the derivative
 * exp(x - out): 1/2 at 0, 1 at +inf, 0 at -inf. Differentiating that
 * formula here would not (max's rule splits its tie, abs's picks a side),
 * so it is written per side of 0, the same operations on each side:
 *   x > 0:  x + log1p(exp(-x))     (derivative 1 - e/(1 + e), e = exp(-x))
 *   else:   0 + log1p(exp(x))      (derivative exp(x)/(1 + exp(x)))
 * Each side sees only inputs it is finite on (a where of x, 1 or 0 in the
 * other side's place): a side evaluated at the other side's x could give
 * inf - inf, and where's gradient multiplies the unselected side's
 * derivative by 0, which would make NaN of it. NaN takes the second side
 * (x > 0 is false) and stays NaN, value and derivative, as in JAX. */
nb_value nb__softplus(nb_value x, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_softplus");
  if (!fn)
    return (nb_value){0};
  nb_val *v = nb_fe_get(x);
  nb_dtype dt = nb_fe_inexact(v->dt);
  if (dt != v->dt)
    x = nb__astype(x, dt, file, line);
  nb_value pos = nb__gt(x, S(0.0), file, line);
  nb_value xp = nb__where(pos, x, S(1.0), file, line);
  nb_value xn = nb__where(pos, S(0.0), x, file, line);
  nb_value above = nb__add(xp, nb__log1p(nb__exp(nb__neg(xp, file, line), file, line), file, line),
                           file, line);
  nb_value below = nb__add(S(0.0), nb__log1p(nb__exp(xn, file, line), file, line), file, line);
  return nb__where(pos, above, below, file, line);
}

nb_value nb__log_sigmoid(nb_value x, const char *file, int line) {
  if (!nb_fe_operands_fn(&x, 1, file, line, "nb_log_sigmoid"))
    return (nb_value){0};
  return nb__neg(nb__softplus(nb__neg(x, file, line), file, line), file, line);
}

nb_value nb__elu(nb_value x, double alpha, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_elu");
  if (!fn)
    return (nb_value){0};
  nb_value pos = nb__gt(x, nb__scalar_int(fn, 0, file, line), file, line);
  nb_value safe = nb__where(pos, S(0.0), x, file, line);
  nb_value neg = nb__mul(S(alpha), nb__expm1(safe, file, line), file, line);
  return nb__where(pos, x, neg, file, line);
}

nb_value nb__leaky_relu(nb_value x, double negative_slope, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_leaky_relu");
  if (!fn)
    return (nb_value){0};
  nb_value pos = nb__ge(x, nb__scalar_int(fn, 0, file, line), file, line);
  return nb__where(pos, x, nb__mul(S(negative_slope), x, file, line), file, line);
}

nb_value nb__selu(nb_value x, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_selu");
  if (!fn)
    return (nb_value){0};
  const double alpha = 1.6732632423543772848170429916717;
  const double scale = 1.0507009873554804934193349852946;
  return nb__mul(S(scale), nb__elu(x, alpha, file, line), file, line);
}

nb_value nb__celu(nb_value x, double alpha, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_celu");
  if (!fn)
    return (nb_value){0};
  nb_value pos = nb__maximum(x, S(0.0), file, line);
  nb_value neg = nb__expm1(nb__div(nb__minimum(x, S(0.0), file, line), S(alpha), file, line),
                           file, line);
  return nb__add(pos, nb__mul(S(alpha), neg, file, line), file, line);
}
