/* index_take.c — jnp.take and jnp.take_along_axis, each one lax.gather
 * with the dimension numbers of jax/_src/numpy/indexing.py's _take and
 * take_along_axis (the latter's non-axis dims as gather batching dims). */
#include "index_plan.h"

/* The common checks: a, indices from one function, indices integers, axis
 * in range (normalized into *axis); the function, or NULL after an error. */
static nb_fn *check(const char *op, nb_value a, nb_value indices, int *axis, nb_index_mode mode,
                    const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){a, indices}, 2, file, line, op);
  if (!fn)
    return NULL;
  nb_val av = *nb_fe_get(a), iv = *nb_fe_get(indices);
  char b1[128], b2[128];
  if (!nb_dtype_is_int(iv.dt)) {
    nb_fe_error(fn->m, file, line, op, "indices must be of integer type, got %s (a is %s)",
                nb_fe_fmt_type(b1, sizeof b1, iv.dt, iv.shape),
                nb_fe_fmt_type(b2, sizeof b2, av.dt, av.shape));
    return NULL;
  }
  if ((unsigned)mode > NB_INDEX_FILL_OR_DROP) {
    nb_fe_error(fn->m, file, line, op, "unknown mode %d (NB_INDEX_CLIP or NB_INDEX_FILL_OR_DROP)",
                (int)mode);
    return NULL;
  }
  nb_ints ax = {.n = 1, .v = {*axis}};
  if (!nb_fe_norm_axes(fn, &ax, av.shape.rank, file, line, op, av.shape))
    return NULL;
  *axis = (int)ax.v[0];
  return fn;
}

/* Negative indices + size, in int32 (int64 for a dim past int32), as
 * take_along_axis's index_dtype_for_axis_size and _normalize_index; take
 * adds in the indices' own dtype, which gives the same values wherever
 * that does not overflow. */
static nb_value wrap(nb_fn *fn, nb_value v, int64_t size, const char *file, int line) {
  nb_dtype idt = size > INT32_MAX ? NB_I64 : NB_I32;
  if (nb_value_dtype(v) != NB_I64)
    v = nb__astype(v, idt, file, line);
  nb_value n = nb__scalar_int(fn, size, file, line);
  nb_value zero = nb__scalar_int(fn, 0, file, line);
  return nb__where(nb__lt(v, zero, file, line), nb__add(v, n, file, line), v, file, line);
}

static void push(nb_ints *l, int64_t v) { l->v[l->n++] = v; }

nb_value nb__take(nb_value a, nb_value indices, int axis, nb_index_mode mode, const char *file,
                  int line) {
  const char *op = "nb_take";
  nb_fn *fn = check(op, a, indices, &axis, mode, file, line);
  if (!fn)
    return (nb_value){0};
  nb_val av = *nb_fe_get(a), iv = *nb_fe_get(indices);
  int r = av.shape.rank, k = iv.shape.rank;
  char b1[128], b2[128];
  if (r - 1 + k > NB_MAX_RANK) {
    nb_fe_error(fn->m, file, line, op, "the result of taking %s from %s would have %d axes (at most %d)",
                nb_fe_fmt_shape(b1, sizeof b1, iv.shape), nb_fe_fmt_shape(b2, sizeof b2, av.shape),
                r - 1 + k, NB_MAX_RANK);
    return (nb_value){0};
  }
  int64_t size = av.shape.dims[axis];
  if (size == 0) {
    if (nb_fe_shape_size(iv.shape) != 0) {
      nb_fe_error(fn->m, file, line, op,
                  "cannot do a non-empty take from an empty axis (axis %d of %s, indices %s)",
                  axis, nb_fe_fmt_shape(b1, sizeof b1, av.shape),
                  nb_fe_fmt_shape(b2, sizeof b2, iv.shape));
      return (nb_value){0};
    }
    return a; /* as jnp */
  }
  nb_shape out = {.rank = 0};
  for (int d = 0; d < axis; d++)
    out.dims[out.rank++] = av.shape.dims[d];
  for (int d = 0; d < k; d++)
    out.dims[out.rank++] = iv.shape.dims[d];
  for (int d = axis + 1; d < r; d++)
    out.dims[out.rank++] = av.shape.dims[d];
  if (nb_fe_shape_size(out) == 0)
    return nb__full(fn, av.dt, out, 0, file, line);
  /* fill (jnp's default) wraps negative indices; clip clamps them as they
   * are, so -1 reads element 0 (as jnp's mode="clip") */
  nb_value idx = mode == NB_INDEX_FILL_OR_DROP && !nb_dtype_is_unsigned(iv.dt)
                     ? wrap(fn, indices, size, file, line)
                     : indices;
  nb_shape ishape = iv.shape;
  ishape.dims[ishape.rank++] = 1;
  idx = nb__reshape(idx, ishape, file, line);
  nb_gather_dims dn = {0};
  nb_ints sizes = {.n = r};
  for (int d = 0; d < r; d++)
    sizes.v[d] = d == axis ? 1 : av.shape.dims[d];
  for (int d = 0; d < axis; d++)
    push(&dn.offset_dims, d);
  for (int d = axis + k; d < r + k - 1; d++)
    push(&dn.offset_dims, d);
  push(&dn.collapsed_slice_dims, axis);
  push(&dn.start_index_map, axis);
  return nb__gather(a, idx, dn, sizes, mode, file, line);
}

nb_value nb__take_along_axis(nb_value arr, nb_value indices, int axis, nb_index_mode mode,
                             const char *file, int line) {
  const char *op = "nb_take_along_axis";
  nb_fn *fn = check(op, arr, indices, &axis, mode, file, line);
  if (!fn)
    return (nb_value){0};
  nb_val av = *nb_fe_get(arr), iv = *nb_fe_get(indices);
  int r = av.shape.rank;
  char b1[128], b2[128];
  if (iv.shape.rank != r) {
    nb_fe_error(fn->m, file, line, op,
                "indices and arr must have the same number of dimensions; %d vs. %d "
                "(indices %s, arr %s)", iv.shape.rank, r,
                nb_fe_fmt_shape(b1, sizeof b1, iv.shape), nb_fe_fmt_shape(b2, sizeof b2, av.shape));
    return (nb_value){0};
  }
  nb_shape arr_shape = av.shape, idx_shape = iv.shape, out;
  arr_shape.dims[axis] = 1;
  if (!nb_fe_broadcast_shapes(idx_shape, arr_shape, &out)) {
    nb_fe_error(fn->m, file, line, op,
                "indices %s do not broadcast with arr %s outside axis %d",
                nb_fe_fmt_shape(b1, sizeof b1, iv.shape), nb_fe_fmt_shape(b2, sizeof b2, av.shape),
                axis);
    return (nb_value){0};
  }
  int64_t size = av.shape.dims[axis];
  if (size == 0 || nb_fe_shape_size(out) == 0)
    return nb__full(fn, av.dt, out, 0, file, line);
  /* take_along_axis wraps negative indices in both modes */
  nb_value idx = wrap(fn, indices, size, file, line);
  /* the index dims: the axis and the dims where indices are not 1 */
  nb_shape gshape = {.rank = 0};
  for (int d = 0; d < r; d++)
    if (d == axis || idx_shape.dims[d] != 1)
      gshape.dims[gshape.rank++] = out.dims[d];
  gshape.dims[gshape.rank++] = 1;
  idx = nb__reshape(idx, gshape, file, line);
  nb_gather_dims dn = {0};
  nb_ints sizes = {.n = 0};
  nb_shape squeezed = {.rank = 0};
  int new_i = 0, j = 0;
  for (int d = 0; d < r; d++) {
    if (d == axis) {
      push(&sizes, 1);
      push(&dn.start_index_map, new_i);
      push(&dn.collapsed_slice_dims, new_i);
      new_i++, j++;
    } else if (idx_shape.dims[d] == 1) {
      /* the whole of arr's axis: no iota index needed */
      push(&dn.offset_dims, d);
      push(&sizes, arr_shape.dims[d]);
      new_i++;
    } else if (arr_shape.dims[d] == 1) {
      j++; /* arr broadcast along d: squeezed out */
      continue;
    } else {
      /* equal sizes: corresponding elements, as gather batching dims */
      push(&sizes, 1);
      push(&dn.operand_batching_dims, new_i);
      push(&dn.start_indices_batching_dims, j);
      new_i++, j++;
    }
    squeezed.dims[squeezed.rank++] = av.shape.dims[d];
  }
  nb_value a = nb_fe_shape_eq(squeezed, av.shape) ? arr : nb__reshape(arr, squeezed, file, line);
  return nb__gather(a, idx, dn, sizes, mode, file, line);
}
