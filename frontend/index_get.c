/* index_get.c — x[...] and x.at[...].get(), lowered as jnp's rewriting_take
 * tries them: constant ints and slices by nabla.slice (_static_slice),
 * traced scalar indices with slices of step 1 or -1 by a dynamic_slice
 * (_dynamic_slice), everything else by a gather (_gather; index_gather.c).
 * A negative-step slice is read upwards from its lowest element (a positive
 * step) and that axis reversed by nabla.rev (jnp's rev_axes). Each ends with
 * one reshape that drops the integer-indexed axes and adds the new ones
 * (jnp's squeeze then expand_dims). */
#include "index_plan.h"

/* The static path: one nabla.slice over every axis (p unreversed), the
 * nabla.rev of the axes rev, then the reshape. */
static nb_value static_get(const nb_fe_ixplan *p, nb_ints rev, nb_shape out) {
  int r = p->shape.rank;
  nb_ints lo = {.n = r}, hi = {.n = r}, st = {.n = r};
  bool trivial = true;
  for (int k = 0; k < p->n; k++) {
    const nb_fe_ix *e = &p->ix[k];
    if (e->kind == NB_IX_NEWAXIS)
      continue;
    int a = e->axis;
    if (e->kind == NB_IX_INT) {
      lo.v[a] = e->i, hi.v[a] = e->i + 1, st.v[a] = 1;
    } else {
      lo.v[a] = e->start;
      hi.v[a] = e->count ? e->start + (e->count - 1) * e->step + 1 : e->start;
      st.v[a] = e->count > 1 ? e->step : 1;
    }
    trivial &= lo.v[a] == 0 && hi.v[a] == p->shape.dims[a] && st.v[a] == 1;
  }
  nb_value y = trivial ? p->x : nb__slice(p->x, lo, hi, st, p->file, p->line);
  if (rev.n > 0)
    y = nb__flip(y, rev, p->file, p->line);
  nb_val *yv = nb_fe_get(y);
  if (!yv || nb_fe_shape_eq(yv->shape, out))
    return y;
  return nb__reshape(y, out, p->file, p->line);
}

/* Whether jnp would use a dynamic_slice: traced scalars only, and slices
 * with steps of 1 or -1 (to_dynamic_slice). */
static bool dynamic_slice_fits(const nb_fe_ixplan *p) {
  return p->any_value && !p->any_array && !p->any_bigstep;
}

static nb_value get(nb_value x, const nb_indices *ix, nb_index_mode mode, const char *file,
                    int line, const char *op) {
  nb_fe_ixplan p;
  nb_shape out;
  if (!nb_fe_ix_plan(&p, x, ix, file, line, op) || !nb_fe_ix_result_shape(&p, &out))
    return (nb_value){0};
  nb_fe_ixplan up;
  nb_ints rev;
  nb_fe_ix_unreverse(&p, &up, &rev);
  if (!p.any_value)
    return static_get(&up, rev, out);
  if (dynamic_slice_fits(&p) && mode == NB_INDEX_CLIP)
    return nb_fe_ix_dynamic_get(&up, rev, out);
  return nb_fe_ix_gather_get(&p, out, mode);
}

nb_value nb__idx(nb_value x, nb_indices ix, const char *file, int line) {
  return get(x, &ix, NB_INDEX_CLIP, file, line, "nb_idx");
}

nb_value nb__at_get(nb_value x, nb_indices ix, nb_index_mode mode, const char *file, int line) {
  return get(x, &ix, mode, file, line, "nb_at_get");
}
