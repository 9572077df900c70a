/* numpy_shape.c — jnp.tile, jnp.repeat (one count) and jnp.split, from
 * broadcast_in_dim, reshape and slice.
 *
 * tile puts a copies axis before each axis (broadcast), then merges each
 * pair: (r, d) -> r * d repeats the whole axis. repeat puts the copies
 * axis after the repeated axis instead: (d, r) -> d * r repeats each
 * element. split is one slice per part. */
#include "frontend.h"

nb_value nb__tile(nb_value x, nb_ints reps, const char *file, int line) {
  const char *op = "nb_tile";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_shape s = nb_fe_get(x)->shape;
  char b[128];
  int n = reps.n > s.rank ? reps.n : s.rank;
  bool ok = reps.n >= 0 && reps.n <= NB_MAX_INTS && 2 * n <= NB_MAX_RANK;
  for (int i = 0; ok && i < reps.n; i++)
    ok = reps.v[i] >= 0;
  if (!ok) {
    nb_fe_error(fn->m, file, line, op,
                "cannot tile shape %s by %d counts (counts must be >= 0, and at most %d axes "
                "of x or counts)", nb_fe_fmt_shape(b, sizeof b, s), reps.n, NB_MAX_RANK / 2);
    return (nb_value){0};
  }
  /* both padded with leading 1s to n axes */
  nb_shape pair = {.rank = 2 * n}, out = {.rank = n};
  nb_ints dims = {.n = s.rank};
  for (int i = 0; i < n; i++) {
    int xi = i - (n - s.rank), ri = i - (n - reps.n);
    int64_t d = xi >= 0 ? s.dims[xi] : 1, r = ri >= 0 ? reps.v[ri] : 1;
    pair.dims[2 * i] = r;
    pair.dims[2 * i + 1] = d;
    out.dims[i] = r * d;
    if (xi >= 0)
      dims.v[xi] = 2 * i + 1;
  }
  if (!nb_fe_check_shape(fn->m, out, "of the result", file, line, op))
    return (nb_value){0};
  if (nb_fe_shape_size(out) == 0) /* the CPU back end fails on empty broadcasts */
    return nb__full(fn, nb_fe_get(x)->dt, out, 0, file, line);
  return nb__reshape(nb__broadcast_in_dim(x, pair, dims, file, line), out, file, line);
}

nb_value nb__repeat(nb_value x, int64_t repeats, int axis, const char *file, int line) {
  const char *op = "nb_repeat";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_shape s = nb_fe_get(x)->shape;
  nb_ints ax = NB_INTS(axis);
  if (!nb_fe_norm_axes(fn, &ax, s.rank, file, line, op, s))
    return (nb_value){0};
  char b[128];
  if (repeats < 0 || s.rank == NB_MAX_RANK) {
    nb_fe_error(fn->m, file, line, op, "cannot repeat %lld times along axis %d of shape %s",
                (long long)repeats, axis, nb_fe_fmt_shape(b, sizeof b, s));
    return (nb_value){0};
  }
  int a = (int)ax.v[0];
  nb_shape wide = {.rank = s.rank + 1}, out = s;
  nb_ints dims = {.n = s.rank};
  for (int i = 0, j = 0; i < s.rank; i++) {
    dims.v[i] = j;
    wide.dims[j++] = s.dims[i];
    if (i == a)
      wide.dims[j++] = repeats;
  }
  out.dims[a] = s.dims[a] * repeats;
  if (!nb_fe_check_shape(fn->m, out, "of the result", file, line, op))
    return (nb_value){0};
  if (nb_fe_shape_size(out) == 0) /* the CPU back end fails on empty broadcasts */
    return nb__full(fn, nb_fe_get(x)->dt, out, 0, file, line);
  return nb__reshape(nb__broadcast_in_dim(x, wide, dims, file, line), out, file, line);
}

/* The parts of x along axis a between the sorted, clamped cut points. */
static int cut(nb_value x, int a, const int64_t *at, int ncuts, nb_value *out, const char *file,
               int line) {
  nb_shape s = nb_fe_get(x)->shape;
  int64_t d = s.dims[a];
  for (int k = 0; k <= ncuts; k++) {
    int64_t lo = k ? at[k - 1] : 0, hi = k < ncuts ? at[k] : d;
    nb_ints start = {.n = s.rank}, limit = {.n = s.rank};
    for (int i = 0; i < s.rank; i++)
      limit.v[i] = s.dims[i];
    start.v[a] = lo;
    limit.v[a] = hi;
    nb_shape part = s;
    part.dims[a] = hi - lo;
    /* an empty part is a constant: the back end rejects empty slices at
     * the end of an axis (NABLA_VERIFY_EACH) */
    out[k] = nb_fe_shape_size(part) == 0
                 ? nb__full(x.fn, nb_fe_get(x)->dt, part, 0, file, line)
                 : nb__slice(x, start, limit, (nb_ints){0}, file, line);
  }
  return ncuts + 1;
}

static bool split_axis(nb_fn *fn, nb_value x, int axis, int *a, const char *file, int line,
                       const char *op) {
  nb_shape s = nb_fe_get(x)->shape;
  nb_ints ax = NB_INTS(axis);
  if (!nb_fe_norm_axes(fn, &ax, s.rank, file, line, op, s))
    return false;
  *a = (int)ax.v[0];
  return true;
}

int nb__split(nb_value x, int sections, int axis, nb_value *out, const char *file, int line) {
  const char *op = "nb_split";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  int a;
  if (!fn || !split_axis(fn, x, axis, &a, file, line, op))
    return 0;
  int64_t d = nb_fe_get(x)->shape.dims[a];
  char b[128];
  if (!out) {
    nb_fe_error(fn->m, file, line, op, "out is NULL");
    return 0;
  }
  if (sections < 1 || sections > NB_MAX_INTS * 64 || d % sections != 0) {
    nb_fe_error(fn->m, file, line, op,
                "cannot split axis %d of shape %s (size %lld) into %d equal parts", a,
                nb_fe_fmt_shape(b, sizeof b, nb_fe_get(x)->shape), (long long)d, sections);
    return 0;
  }
  int64_t at[NB_MAX_INTS * 64];
  for (int k = 1; k < sections; k++)
    at[k - 1] = d / sections * k;
  return cut(x, a, at, sections - 1, out, file, line);
}

int nb__split_at(nb_value x, nb_ints indices, int axis, nb_value *out, const char *file,
                 int line) {
  const char *op = "nb_split_at";
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, op);
  int a;
  if (!fn || !split_axis(fn, x, axis, &a, file, line, op))
    return 0;
  if (!out) {
    nb_fe_error(fn->m, file, line, op, "out is NULL");
    return 0;
  }
  if (indices.n < 0 || indices.n > NB_MAX_INTS) {
    nb_fe_error(fn->m, file, line, op, "invalid number of indices %d", indices.n);
    return 0;
  }
  int64_t d = nb_fe_get(x)->shape.dims[a], at[NB_MAX_INTS];
  for (int k = 0; k < indices.n; k++) { /* jnp.split refuses a negative part size */
    at[k] = indices.v[k];
    if (at[k] < (k ? at[k - 1] : 0) || at[k] > d) {
      char b[128];
      nb_fe_error(fn->m, file, line, op,
                  "indices must increase within [0, %lld] (axis %d of shape %s); index %d is %lld",
                  (long long)d, a, nb_fe_fmt_shape(b, sizeof b, nb_fe_get(x)->shape), k,
                  (long long)at[k]);
      return 0;
    }
  }
  return cut(x, a, at, indices.n, out, file, line);
}
