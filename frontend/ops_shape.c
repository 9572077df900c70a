/* ops_shape.c — reshape, transpose, broadcasting, slicing and indexing.
 * Shape ops keep dtype and weakness, as in JAX. Each checks its shape
 * arguments up front so the dialect op it emits always verifies. */
#include "frontend.h"

#include <string.h>

/* Operand check shared by every op here: returns the value or NULL. */
static nb_val *operand(nb_value x, const char *file, int line, const char *op) {
  return nb_fe_operands_fn(&x, 1, file, line, op) ? nb_fe_get(x) : NULL;
}

static nb_value emit1(nb_value x, nb_val *v, const char *name, nb_shape s,
                      const MlirNamedAttribute *attrs, int nattrs,
                      const char *file, int line, const char *op) {
  MlirValue in = nb_fe_use(x, v->dt, v->shape, file, line, op);
  if (!in.ptr)
    return (nb_value){0};
  return nb_fe_emit_op(x.fn, name, &in, 1, v->dt, s, v->weak, attrs, nattrs,
                 nb_fe_loc(x.fn, file, line));
}

nb_value nb__reshape(nb_value x, nb_shape shape, const char *file, int line) {
  const char *op = "nb_reshape";
  nb_val *v = operand(x, file, line, op);
  if (!v)
    return (nb_value){0};
  char b1[128], b2[128];
  int infer = -1;
  int64_t known = 1;
  bool bad = shape.rank < 0 || shape.rank > NB_MAX_RANK;
  nb_shape given = shape; /* its count, negative dimensions aside, must fit */
  for (int i = 0; !bad && i < shape.rank; i++)
    given.dims[i] = shape.dims[i] < 0 ? 1 : shape.dims[i];
  if (!bad && !nb_fe_shape_ok(given)) {
    nb_fe_error(x.fn->m, file, line, op, "shape %s has more elements than an int64 can count",
                nb_fe_fmt_shape(b2, sizeof b2, shape));
    return (nb_value){0};
  }
  for (int i = 0; !bad && i < shape.rank; i++) {
    if (shape.dims[i] == -1 && infer < 0)
      infer = i; /* jnp.reshape's one inferred dimension */
    else if (shape.dims[i] < 0)
      bad = true;
    else
      known *= shape.dims[i];
  }
  int64_t size = nb_fe_shape_size(v->shape);
  if (!bad && infer >= 0 && known > 0 && size % known == 0)
    shape.dims[infer] = size / known;
  else if (infer >= 0)
    bad = true;
  if (bad || nb_fe_shape_size(shape) != size) {
    nb_fe_error(x.fn->m, file, line, op, "cannot reshape %s into shape %s",
             nb_fe_fmt_type(b1, sizeof b1, v->dt, v->shape),
             bad && (shape.rank < 0 || shape.rank > NB_MAX_RANK)
                 ? "(invalid rank)"
                 : nb_fe_fmt_shape(b2, sizeof b2, shape));
    return (nb_value){0};
  }
  return emit1(x, v, "nabla.reshape", shape, NULL, 0, file, line, op);
}

nb_value nb__transpose(nb_value x, nb_ints perm, const char *file, int line) {
  const char *op = "nb_transpose";
  nb_val *v = operand(x, file, line, op);
  if (!v)
    return (nb_value){0};
  int r = v->shape.rank;
  char b[128];
  if (perm.n == 0) {
    perm.n = r;
    for (int i = 0; i < r; i++)
      perm.v[i] = r - 1 - i;
  }
  if (perm.n != r) {
    nb_fe_error(x.fn->m, file, line, op,
             "permutation has %d axes but the operand has shape %s", perm.n,
             nb_fe_fmt_shape(b, sizeof b, v->shape));
    return (nb_value){0};
  }
  if (!nb_fe_norm_axes(x.fn, &perm, r, file, line, op, v->shape))
    return (nb_value){0};
  nb_shape s = {.rank = r};
  for (int i = 0; i < r; i++)
    s.dims[i] = v->shape.dims[perm.v[i]];
  MlirNamedAttribute a = nb_fe_named(x.fn, "permutation", nb_fe_i64_array(x.fn, perm.v, r));
  return emit1(x, v, "nabla.transpose", s, &a, 1, file, line, op);
}

nb_value nb__broadcast_to(nb_value x, nb_shape shape, const char *file, int line) {
  const char *op = "nb_broadcast_to";
  nb_val *v = operand(x, file, line, op);
  if (!v)
    return (nb_value){0};
  char b1[128], b2[128];
  nb_shape r;
  if (!nb_fe_check_shape(x.fn->m, shape, "", file, line, op))
    return (nb_value){0};
  if (!nb_fe_broadcast_shapes(v->shape, shape, &r) || !nb_fe_shape_eq(r, shape)) {
    nb_fe_error(x.fn->m, file, line, op, "cannot broadcast shape %s to %s",
             nb_fe_fmt_shape(b1, sizeof b1, v->shape),
             nb_fe_fmt_shape(b2, sizeof b2, shape));
    return (nb_value){0};
  }
  MlirValue in = nb_fe_use(x, v->dt, shape, file, line, op);
  if (!in.ptr)
    return (nb_value){0};
  return nb_fe_add_val(x.fn, (nb_val){.v = in, .dt = v->dt, .shape = shape,
                                   .weak = v->weak, .loc = nb_fe_loc(x.fn, file, line)});
}

nb_value nb__broadcast_in_dim(nb_value x, nb_shape shape, nb_ints dims,
                              const char *file, int line) {
  const char *op = "nb_broadcast_in_dim";
  nb_val *v = operand(x, file, line, op);
  if (!v)
    return (nb_value){0};
  char b1[128], b2[128];
  if (!nb_fe_check_shape(x.fn->m, shape, "", file, line, op))
    return (nb_value){0};
  bool ok = dims.n == v->shape.rank;
  for (int i = 0; ok && i < dims.n; i++) {
    int64_t d = dims.v[i];
    /* lax requires strictly increasing dimensions, each in range, each
     * operand dim 1 or equal to the result dim */
    ok = d >= 0 && d < shape.rank && (i == 0 || d > dims.v[i - 1]) &&
         (v->shape.dims[i] == 1 || v->shape.dims[i] == shape.dims[d]);
  }
  if (!ok) {
    nb_fe_error(x.fn->m, file, line, op,
             "cannot broadcast shape %s to %s with broadcast_dimensions of %d entries",
             nb_fe_fmt_shape(b1, sizeof b1, v->shape), nb_fe_fmt_shape(b2, sizeof b2, shape),
             dims.n);
    return (nb_value){0};
  }
  MlirNamedAttribute a =
      nb_fe_named(x.fn, "broadcast_dimensions", nb_fe_i64_array(x.fn, dims.v, dims.n));
  return emit1(x, v, "nabla.broadcast_in_dim", shape, &a, 1, file, line, op);
}

nb_value nb__slice(nb_value x, nb_ints start, nb_ints limit, nb_ints strides,
                   const char *file, int line) {
  const char *op = "nb_slice";
  nb_val *v = operand(x, file, line, op);
  if (!v)
    return (nb_value){0};
  int r = v->shape.rank;
  char b[128];
  if (strides.n == 0) {
    strides.n = r;
    for (int i = 0; i < r; i++)
      strides.v[i] = 1;
  }
  if (start.n != r || limit.n != r || strides.n != r) {
    nb_fe_error(x.fn->m, file, line, op,
             "start, limit and strides need %d entries each for shape %s "
             "(got %d, %d, %d)", r, nb_fe_fmt_shape(b, sizeof b, v->shape),
             start.n, limit.n, strides.n);
    return (nb_value){0};
  }
  nb_shape s = {.rank = r};
  for (int i = 0; i < r; i++) {
    int64_t lo = start.v[i], hi = limit.v[i], st = strides.v[i];
    if (lo < 0 || hi < lo || hi > v->shape.dims[i] || st < 1) {
      nb_fe_error(x.fn->m, file, line, op,
               "invalid slice %lld:%lld:%lld of axis %d for shape %s",
               (long long)lo, (long long)hi, (long long)st, i,
               nb_fe_fmt_shape(b, sizeof b, v->shape));
      return (nb_value){0};
    }
    s.dims[i] = (hi - lo + st - 1) / st;
  }
  MlirNamedAttribute a[] = {
      nb_fe_named(x.fn, "start_indices", nb_fe_i64_array(x.fn, start.v, r)),
      nb_fe_named(x.fn, "limit_indices", nb_fe_i64_array(x.fn, limit.v, r)),
      nb_fe_named(x.fn, "strides", nb_fe_i64_array(x.fn, strides.v, r)),
  };
  return emit1(x, v, "nabla.slice", s, a, 3, file, line, op);
}

nb_value nb__index(nb_value x, int64_t i, const char *file, int line) {
  const char *op = "nb_index";
  nb_val *v = operand(x, file, line, op);
  if (!v)
    return (nb_value){0};
  char b[128];
  if (v->shape.rank == 0) {
    nb_fe_error(x.fn->m, file, line, op, "cannot index a scalar (shape ())");
    return (nb_value){0};
  }
  int64_t n = v->shape.dims[0];
  if (i < -n || i >= n) {
    nb_fe_error(x.fn->m, file, line, op,
             "index %lld is out of bounds for axis 0 with size %lld (shape %s)",
             (long long)i, (long long)n, nb_fe_fmt_shape(b, sizeof b, v->shape));
    return (nb_value){0};
  }
  if (i < 0)
    i += n;
  nb_ints lo = {.n = v->shape.rank}, hi = lo;
  for (int d = 0; d < v->shape.rank; d++)
    hi.v[d] = v->shape.dims[d];
  lo.v[0] = i;
  hi.v[0] = i + 1;
  nb_shape s = {.rank = v->shape.rank - 1};
  memcpy(s.dims, v->shape.dims + 1, sizeof(int64_t) * (size_t)s.rank);
  nb_value sl = nb__slice(x, lo, hi, (nb_ints){0}, file, line);
  return nb__reshape(sl, s, file, line);
}
