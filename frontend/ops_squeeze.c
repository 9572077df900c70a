/* ops_squeeze.c — jnp.squeeze and jnp.expand_dims: reshapes that drop or
 * add size-1 axes, with jnp's axis checks (negative axes count from the end
 * of the input for squeeze, of the result for expand_dims). */
#include "frontend.h"

/* jnp.squeeze(x, axes); NB_AXES() drops every size-1 axis (axis=None). */
nb_value nb__squeeze(nb_value x, nb_ints axes, const char *file, int line) {
  static const char op[] = "nb_squeeze";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_shape in = nb_fe_get(x)->shape;
  bool drop[NB_MAX_RANK] = {false};
  char b[128];
  if (axes.n == 0) {
    for (int d = 0; d < in.rank; d++)
      drop[d] = in.dims[d] == 1;
  } else {
    if (!nb_fe_norm_axes(fn, &axes, in.rank, file, line, op, in))
      return (nb_value){0};
    for (int i = 0; i < axes.n; i++) {
      if (in.dims[axes.v[i]] != 1) {
        nb_fe_error(fn->m, file, line, op,
                    "cannot select an axis to squeeze out which has size not equal to one "
                    "(axis %lld of shape %s)", (long long)axes.v[i], nb_fe_fmt_shape(b, sizeof b, in));
        return (nb_value){0};
      }
      drop[axes.v[i]] = true;
    }
  }
  nb_shape s = {0};
  for (int d = 0; d < in.rank; d++)
    if (!drop[d])
      s.dims[s.rank++] = in.dims[d];
  return nb__reshape(x, s, file, line);
}

/* jnp.expand_dims(x, axes): a size-1 axis at each position of the result. */
nb_value nb__expand_dims(nb_value x, nb_ints axes, const char *file, int line) {
  static const char op[] = "nb_expand_dims";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_shape in = nb_fe_get(x)->shape;
  int rank = in.rank + axes.n;
  char b[128];
  if (rank > NB_MAX_RANK) {
    nb_fe_error(fn->m, file, line, op, "the result would have rank %d, more than %d (shape %s)",
                rank, NB_MAX_RANK, nb_fe_fmt_shape(b, sizeof b, in));
    return (nb_value){0};
  }
  nb_shape out = {.rank = rank};
  if (!nb_fe_norm_axes(fn, &axes, rank, file, line, op, in))
    return (nb_value){0};
  bool added[NB_MAX_RANK] = {false};
  for (int i = 0; i < axes.n; i++)
    added[axes.v[i]] = true;
  for (int d = 0, k = 0; d < rank; d++)
    out.dims[d] = added[d] ? 1 : in.dims[k++];
  return nb__reshape(x, out, file, line);
}
