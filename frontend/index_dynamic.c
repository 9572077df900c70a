/* index_dynamic.c — traced scalar indices with constant ints and slices of
 * step 1 or -1, by lax.dynamic_slice (jnp's _dynamic_slice): one window,
 * its start clamped so it fits, then lax.rev of the step -1 axes. */
#include "index_plan.h"

nb_value nb_fe_ix_dynamic_get(const nb_fe_ixplan *p, nb_ints rev, nb_shape out) {
  nb_dtype idt = nb_fe_ix_dtype(p);
  nb_value starts[NB_MAX_RANK];
  nb_ints sizes = {.n = p->shape.rank};
  for (int k = 0; k < p->n; k++) {
    const nb_fe_ix *e = &p->ix[k];
    if (e->kind == NB_IX_NEWAXIS)
      continue;
    int64_t c = e->kind == NB_IX_INT ? e->i : e->start;
    /* a traced start goes raw: lax.dynamic_slice wraps it once, as jnp */
    starts[e->axis] = e->kind == NB_IX_VALUE
                          ? nb__astype(e->v, idt, p->file, p->line)
                          : nb__scalar_int(p->fn, c, p->file, p->line); /* folds */
    sizes.v[e->axis] = e->kind == NB_IX_SLICE ? e->count : 1;
  }
  nb_value y = nb__dynamic_slice(p->x, starts, p->shape.rank, sizes, p->file, p->line);
  if (rev.n > 0)
    y = nb__flip(y, rev, p->file, p->line);
  if (!nb_value_valid(y) || nb_fe_shape_eq(nb_value_shape(y), out))
    return y;
  return nb__reshape(y, out, p->file, p->line);
}
