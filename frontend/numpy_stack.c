/* numpy_stack.c — jnp.hstack and jnp.vstack: jnp.concatenate of the
 * arrays raised to at least one (hstack) or two (vstack) axes, as jnp's
 * atleast_1d/atleast_2d do (a scalar becomes (1,) or (1, 1), a vector (n,)
 * becomes (1, n) for vstack). */
#include "frontend.h"

/* values[i] reshaped to at least `rank` axes into out[i]; false if one is
 * invalid (already reported). */
static bool at_least(const nb_value *values, int n, int rank, nb_value *out, const char *file,
                     int line) {
  for (int i = 0; i < n; i++) {
    nb_shape s = nb_fe_get(values[i])->shape;
    if (s.rank >= rank) {
      out[i] = values[i];
      continue;
    }
    nb_shape t = {.rank = rank};
    for (int d = 0; d < rank; d++) /* leading 1s, then s's axes (at most one) */
      t.dims[d] = d >= rank - s.rank ? s.dims[d - (rank - s.rank)] : 1;
    out[i] = nb__reshape(values[i], t, file, line);
    if (!nb_fe_get(out[i]))
      return false;
  }
  return true;
}

static nb_value join(const nb_value *values, int n, bool vertical, const char *file, int line,
                     const char *op) {
  if (!values || n <= 0) /* as nb_concatenate: no module to report to */
    return (nb_value){0};
  if (!nb_fe_operands_fn(values, n, file, line, op))
    return (nb_value){0};
  nb_value raised[n];
  if (!at_least(values, n, vertical ? 2 : 1, raised, file, line))
    return (nb_value){0};
  int axis = vertical || nb_fe_get(raised[0])->shape.rank == 1 ? 0 : 1;
  return nb_fe_concatenate(raised, n, axis, file, line, op);
}

nb_value nb__hstack(const nb_value *values, int n, const char *file, int line) {
  return join(values, n, false, file, line, "nb_hstack");
}

nb_value nb__vstack(const nb_value *values, int n, const char *file, int line) {
  return join(values, n, true, file, line, "nb_vstack");
}
