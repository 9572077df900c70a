/* index_plan.c — an index expression checked against x and expanded, as
 * jnp's NDIndexer: _parse_indices (consumed axes, one ellipsis, not too
 * many indices), expand_ellipses (the ellipsis and the trailing axes become
 * ':'), validate_static_indices, Python's slice.indices for every slice. */
#include "index_plan.h"

nb_index nb_slice_index(const int64_t *bounds, int n) {
  if (n != 2 && n != 3)
    return (nb_index){.kind = NB_IX_BAD_SLICE};
  return (nb_index){.kind = NB_IX_SLICE, .start = bounds[0], .stop = bounds[1],
                    .step = n == 3 ? bounds[2] : 1};
}

/* Python's slice(start, stop, step).indices(size), then the element count
 * (core.canonicalize_slice). */
static void canonical_slice(int64_t size, int64_t start, int64_t stop, int64_t step,
                            nb_fe_ix *e) {
  int64_t lower = step < 0 ? -1 : 0, upper = step < 0 ? size - 1 : size;
  if (start == NB_END)
    start = step < 0 ? upper : lower;
  else if (start < 0)
    start = start + size < lower ? lower : start + size;
  else if (start > upper)
    start = upper;
  if (stop == NB_END)
    stop = step < 0 ? lower : upper;
  else if (stop < 0)
    stop = stop + size < lower ? lower : stop + size;
  else if (stop > upper)
    stop = upper;
  int64_t count = step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step;
  e->start = start;
  e->step = step;
  e->count = count > 0 ? count : 0;
}

/* One user entry: its kind checked, VALUE operands checked. */
static bool check_entry(nb_fe_ixplan *p, const nb_index *e, int pos) {
  char b[128];
  switch (e->kind) {
  case NB_IX_INT:
  case NB_IX_NEWAXIS:
  case NB_IX_ELLIPSIS:
    return true;
  case NB_IX_SLICE:
    if (e->step == 0) {
      nb_fe_error(p->fn->m, p->file, p->line, p->op, "slice step cannot be zero (index %d)", pos);
      return false;
    }
    if (e->step == NB_END) {
      nb_fe_error(p->fn->m, p->file, p->line, p->op,
                  "slice step cannot be NB_END (index %d): leave it out for 1", pos);
      return false;
    }
    return true;
  case NB_IX_BAD_SLICE:
    nb_fe_error(p->fn->m, p->file, p->line, p->op,
                "NB_S takes (start, stop) or (start, stop, step) (index %d)", pos);
    return false;
  case NB_IX_VALUE: {
    nb_value vs[2] = {p->x, e->v};
    if (!nb_fe_operands_fn(vs, 2, p->file, p->line, p->op))
      return false;
    nb_val *v = nb_fe_get(e->v);
    if (v->dt == NB_BOOL) {
      nb_fe_error(p->fn->m, p->file, p->line, p->op,
                  "boolean index %s (index %d): JAX needs a concrete mask to know the "
                  "result's shape (NonConcreteBooleanIndexError); use nb_where",
                  nb_fe_fmt_type(b, sizeof b, v->dt, v->shape), pos);
      return false;
    }
    if (!nb_dtype_is_int(v->dt)) {
      nb_fe_error(p->fn->m, p->file, p->line, p->op,
                  "indexer must have integer or boolean type, got indexer with type %s "
                  "(index %d, %s)", nb_dtype_name(v->dt), pos,
                  nb_fe_fmt_type(b, sizeof b, v->dt, v->shape));
      return false;
    }
    return true;
  }
  default:
    nb_fe_error(p->fn->m, p->file, p->line, p->op,
                "index %d is not an index (a zeroed or uninitialized nb_index)", pos);
    return false;
  }
}

bool nb_fe_ix_plan(nb_fe_ixplan *p, nb_value x, const nb_indices *ix, const char *file,
                   int line, const char *op) {
  *p = (nb_fe_ixplan){.x = x, .file = file, .line = line, .op = op};
  p->fn = nb_fe_operands_fn(&x, 1, file, line, op);
  if (!p->fn)
    return false;
  nb_val *xv = nb_fe_get(x);
  p->dt = xv->dt;
  p->shape = xv->shape;
  char b[128];
  int rank = p->shape.rank;
  if (ix->n < 0 || ix->n > NB_MAX_INDICES) {
    nb_fe_error(p->fn->m, file, line, op, "an index expression has 0 to %d entries, got %d",
                NB_MAX_INDICES, ix->n);
    return false;
  }
  int consumed = 0, ellipsis = -1, last_adv = -1;
  p->adv_contiguous = true;
  for (int k = 0; k < ix->n; k++) {
    const nb_index *e = &ix->v[k];
    if (!check_entry(p, e, k))
      return false;
    if (e->kind == NB_IX_ELLIPSIS) {
      if (ellipsis >= 0) {
        nb_fe_error(p->fn->m, file, line, op,
                    "an index can only have a single ellipsis ('...'): indices %d and %d",
                    ellipsis, k);
        return false;
      }
      ellipsis = k;
    } else if (e->kind != NB_IX_NEWAXIS) {
      consumed++;
    }
    if (e->kind == NB_IX_INT || e->kind == NB_IX_VALUE) {
      if (last_adv >= 0 && k != last_adv + 1)
        p->adv_contiguous = false;
      last_adv = k;
    }
  }
  if (consumed > rank) {
    nb_fe_error(p->fn->m, file, line, op,
                "too many indices: array is %d-dimensional, but %d were indexed (shape %s)",
                rank, consumed, nb_fe_fmt_shape(b, sizeof b, p->shape));
    return false;
  }
  /* expand: the ellipsis and the trailing axes become ':' */
  int axis = 0;
  nb_index all = NB_ALL;
  for (int k = 0; k <= ix->n; k++) {
    int fill = k == ix->n ? (ellipsis >= 0 ? 0 : rank - consumed)
                          : (k == ellipsis ? rank - consumed : -1);
    for (int j = 0; j < fill; j++) {
      nb_fe_ix *o = &p->ix[p->n++];
      *o = (nb_fe_ix){.kind = NB_IX_SLICE, .axis = axis};
      canonical_slice(p->shape.dims[axis++], all.start, all.stop, 1, o);
    }
    if (k == ix->n || k == ellipsis)
      continue;
    const nb_index *e = &ix->v[k];
    nb_fe_ix *o = &p->ix[p->n++];
    *o = (nb_fe_ix){.kind = e->kind, .axis = e->kind == NB_IX_NEWAXIS ? -1 : axis};
    if (e->kind == NB_IX_NEWAXIS)
      continue;
    int64_t size = p->shape.dims[axis];
    if (e->kind == NB_IX_INT) {
      if (e->i < -size || e->i >= size) {
        nb_fe_error(p->fn->m, file, line, op,
                    "index %lld is out of bounds for axis %d with size %lld (shape %s)",
                    (long long)e->i, axis, (long long)size,
                    nb_fe_fmt_shape(b, sizeof b, p->shape));
        return false;
      }
      o->i = e->i < 0 ? e->i + size : e->i;
    } else if (e->kind == NB_IX_SLICE) {
      canonical_slice(size, e->start, e->stop, e->step, o);
      p->any_negstep |= o->step < 0;
      p->any_bigstep |= o->step != 1 && o->step != -1;
    } else {
      o->v = e->v;
      o->vshape = nb_fe_get(e->v)->shape;
      p->any_value = true;
      p->any_array |= o->vshape.rank > 0;
      if (o->vshape.rank == 0 && size == 0) {
        /* XLA cannot index an empty axis (jnp raises the same) */
        nb_fe_error(p->fn->m, file, line, op,
                    "index is out of bounds for axis %d with size 0 (shape %s)", axis,
                    nb_fe_fmt_shape(b, sizeof b, p->shape));
        return false;
      }
    }
    axis++;
  }
  return true;
}

nb_dtype nb_fe_ix_dtype(const nb_fe_ixplan *p) {
  for (int d = 0; d < p->shape.rank; d++)
    if (p->shape.dims[d] > INT32_MAX)
      return NB_I64;
  return NB_I32;
}

nb_value nb_fe_ix_wrap(const nb_fe_ixplan *p, nb_value v, int64_t size) {
  nb_val *vv = nb_fe_get(v);
  if (!vv)
    return (nb_value){0};
  if (!nb_dtype_is_unsigned(vv->dt)) {
    nb_value n = nb__scalar_int(p->fn, size, p->file, p->line);
    nb_value zero = nb__scalar_int(p->fn, 0, p->file, p->line);
    v = nb__where(nb__lt(v, zero, p->file, p->line), nb__add(v, n, p->file, p->line), v,
                  p->file, p->line);
  }
  return nb__astype(v, nb_fe_ix_dtype(p), p->file, p->line);
}

/* The broadcast shape of the advanced indices (NB_I entries are scalars);
 * false after an error. */
bool nb_fe_ix_adv_shape(const nb_fe_ixplan *p, nb_shape *out) {
  *out = (nb_shape){.rank = 0};
  char b1[128], b2[128];
  for (int k = 0; k < p->n; k++) {
    if (p->ix[k].kind != NB_IX_VALUE)
      continue;
    nb_shape s;
    if (!nb_fe_broadcast_shapes(*out, p->ix[k].vshape, &s)) {
      nb_fe_error(p->fn->m, p->file, p->line, p->op,
                  "shape mismatch: indexing arrays could not be broadcast together with "
                  "shapes %s and %s", nb_fe_fmt_shape(b1, sizeof b1, *out),
                  nb_fe_fmt_shape(b2, sizeof b2, p->ix[k].vshape));
      return false;
    }
    *out = s;
  }
  return true;
}

bool nb_fe_ix_result_shape(const nb_fe_ixplan *p, nb_shape *out) {
  nb_shape adv;
  if (!nb_fe_ix_adv_shape(p, &adv))
    return false;
  int64_t dims[2 * NB_MAX_RANK + NB_MAX_INDICES];
  int rank = 0;
  bool adv_done = false;
  for (int k = 0; k < p->n; k++) {
    const nb_fe_ix *e = &p->ix[k];
    bool is_adv = e->kind == NB_IX_INT || e->kind == NB_IX_VALUE;
    /* advanced dims: where the first advanced index is, or first of all
     * when something separates the advanced indices (jnp) */
    if (p->any_array && !adv_done && (!p->adv_contiguous || is_adv)) {
      for (int d = 0; d < adv.rank; d++)
        dims[rank++] = adv.dims[d];
      adv_done = true;
    }
    if (!is_adv)
      dims[rank++] = e->kind == NB_IX_NEWAXIS ? 1 : e->count;
  }
  if (rank > NB_MAX_RANK) {
    char b[128];
    nb_fe_error(p->fn->m, p->file, p->line, p->op,
                "the result of indexing shape %s would have %d axes (at most %d)",
                nb_fe_fmt_shape(b, sizeof b, p->shape), rank, NB_MAX_RANK);
    return false;
  }
  out->rank = rank;
  for (int d = 0; d < rank; d++)
    out->dims[d] = dims[d];
  return true;
}

void nb_fe_ix_unreverse(const nb_fe_ixplan *p, nb_fe_ixplan *q, nb_ints *rev) {
  *q = *p;
  *rev = (nb_ints){.n = 0};
  for (int k = 0; k < q->n; k++) {
    nb_fe_ix *e = &q->ix[k];
    if (e->kind != NB_IX_SLICE || e->step > 0)
      continue;
    /* an empty slice may start at -1 (slice.indices): any start will do */
    e->start = e->count > 0 ? e->start + (e->count - 1) * e->step : 0;
    e->step = -e->step;
    if (e->count > 1)
      rev->v[rev->n++] = e->axis;
  }
  q->any_negstep = false;
}
