/* index_update.c — x.at[...].set/add/multiply/min/max, as jnp's
 * _scatter_update: v promoted with x (jnp's promote_dtypes), broadcast to
 * the indexed shape, the new axes squeezed out, combined into x, and the
 * result converted back to x's dtype. Out-of-bounds traced indices are
 * dropped (NB_INDEX_FILL_OR_DROP) unless the mode says clip.
 *
 * Constant indices need no scatter (they are in bounds): with steps of 1
 * the indexed box is one dynamic_update_slice (written in place when x is
 * dead), of v itself for set, of op(x's box, v) for the others; with
 * larger steps v is padded into x's shape (interior padding for the step)
 * with a mask of the same padding, and one select writes it. A negative
 * step writes the same elements upwards: v reversed (nabla.rev) along that
 * axis, then the positive-step form. Traced indices go through a scatter
 * (index_gather.c), as jnp's _scatter_impl does for every form. */
#include "index_plan.h"

#include <mlir-c/BuiltinAttributes.h>

static const char *OP_NAMES[] = {"nb_at_set", "nb_at_add", "nb_at_mul", "nb_at_min",
                                 "nb_at_max"};

/* nabla.pad of y (dtype dt) by lo/hi/interior per axis with the constant
 * `fill`. */
static nb_value pad(const nb_fe_ixplan *p, nb_value y, nb_dtype dt, const int64_t *lo,
                    const int64_t *hi, const int64_t *in, double fill) {
  nb_val *yp = nb_fe_get(y);
  if (!yp)
    return (nb_value){0};
  nb_val yval = *yp, *yv = &yval; /* a copy: emitting may move the table */
  int r = yv->shape.rank;
  nb_shape s = {.rank = r};
  for (int a = 0; a < r; a++)
    s.dims[a] = lo[a] + yv->shape.dims[a] + (yv->shape.dims[a] > 0 ? (yv->shape.dims[a] - 1) * in[a] : 0) + hi[a];
  MlirLocation loc = nb_fe_loc(p->fn, p->file, p->line);
  MlirValue ops[2] = {nb_fe_use(y, dt, yv->shape, p->file, p->line, p->op),
                      nb_fe_splat(p->fn, dt, (nb_shape){0}, fill, (int64_t)fill,
                                  !nb_dtype_is_float(dt), loc)};
  if (!ops[0].ptr)
    return (nb_value){0};
  MlirNamedAttribute a[3] = {
      nb_fe_named(p->fn, "edge_padding_low", nb_fe_i64_array(p->fn, lo, r)),
      nb_fe_named(p->fn, "edge_padding_high", nb_fe_i64_array(p->fn, hi, r)),
      nb_fe_named(p->fn, "interior_padding", nb_fe_i64_array(p->fn, in, r))};
  return nb_fe_emit_op(p->fn, "nabla.pad", ops, 2, dt, s, false, a, 3, loc);
}

/* combine(old, new) for op, in the promoted dtype. */
static nb_value combine(const nb_fe_ixplan *p, nb_at_op op, nb_value old, nb_value y) {
  switch (op) {
  case NB_AT_SET: return y;
  case NB_AT_ADD: return nb__add(old, y, p->file, p->line);
  case NB_AT_MUL: return nb__mul(old, y, p->file, p->line);
  case NB_AT_MIN: return nb__minimum(old, y, p->file, p->line);
  default: return nb__maximum(old, y, p->file, p->line);
  }
}

/* Constant indices, unit steps: one dynamic_update_slice of the box. */
static nb_value box_update(const nb_fe_ixplan *p, nb_at_op op, nb_value xp, nb_value y,
                           nb_dtype dt) {
  int r = p->shape.rank;
  nb_shape box = {.rank = r};
  nb_value starts[NB_MAX_RANK];
  nb_ints lo = {.n = r}, hi = {.n = r};
  for (int k = 0; k < p->n; k++) {
    const nb_fe_ix *e = &p->ix[k];
    if (e->kind == NB_IX_NEWAXIS)
      continue;
    int a = e->axis;
    lo.v[a] = e->kind == NB_IX_INT ? e->i : e->start;
    box.dims[a] = e->kind == NB_IX_INT ? 1 : e->count;
    hi.v[a] = lo.v[a] + box.dims[a];
    starts[a] = nb__scalar_int(p->fn, lo.v[a], p->file, p->line); /* a literal: folds */
  }
  (void)dt;
  if (!nb_fe_shape_eq(nb_value_shape(y), box))
    y = nb__reshape(y, box, p->file, p->line);
  if (op != NB_AT_SET)
    y = combine(p, op, nb__slice(xp, lo, hi, (nb_ints){0}, p->file, p->line), y);
  return nb__dynamic_update_slice(xp, y, starts, r, p->file, p->line);
}

/* Constant indices, positive steps: y (the indexed shape without new axes,
 * dtype dt) written into xp (dtype dt) through a padded mask. */
static nb_value static_update(const nb_fe_ixplan *p, nb_at_op op, nb_value xp, nb_value y,
                              nb_dtype dt) {
  int r = p->shape.rank;
  nb_shape box = {.rank = r};
  int64_t lo[NB_MAX_RANK], hi[NB_MAX_RANK], in[NB_MAX_RANK];
  for (int k = 0; k < p->n; k++) {
    const nb_fe_ix *e = &p->ix[k];
    if (e->kind == NB_IX_NEWAXIS)
      continue;
    int a = e->axis;
    int64_t start = e->kind == NB_IX_INT ? e->i : e->start;
    int64_t count = e->kind == NB_IX_INT ? 1 : e->count;
    int64_t step = e->kind == NB_IX_INT || count < 2 ? 1 : e->step;
    box.dims[a] = count;
    lo[a] = start;
    in[a] = step - 1;
    hi[a] = p->shape.dims[a] - (start + (count - 1) * step + 1);
  }
  if (!nb_fe_shape_eq(nb_value_shape(y), box))
    y = nb__reshape(y, box, p->file, p->line);
  nb_value mask = pad(p, nb__full(p->fn, NB_BOOL, box, 1, p->file, p->line), NB_BOOL, lo, hi,
                      in, 0);
  nb_value ypad = pad(p, y, dt, lo, hi, in, 0);
  return nb__where(mask, combine(p, op, xp, ypad), xp, p->file, p->line);
}

nb_value nb__at_update(nb_at_op op, nb_value x, nb_indices ix, nb_value v, nb_index_mode mode,
                       const char *file, int line) {
  const char *name = (unsigned)op < 5 ? OP_NAMES[op] : "nb_at_update";
  nb_fe_ixplan p;
  nb_shape out;
  if (!nb_fe_ix_plan(&p, x, &ix, file, line, name))
    return (nb_value){0};
  if ((unsigned)op >= 5) {
    nb_fe_error(p.fn->m, file, line, name, "unknown update op %d", (int)op);
    return (nb_value){0};
  }
  if (!nb_fe_operands_fn((nb_value[]){x, v}, 2, file, line, name) ||
      !nb_fe_ix_result_shape(&p, &out))
    return (nb_value){0};
  /* copies: emitting ops may move the value table */
  nb_val xval = *nb_fe_get(x), vval = *nb_fe_get(v), *xv = &xval, *vv = &vval;
  char b1[128], b2[128], b3[128];
  nb_shape bs;
  if (!nb_fe_broadcast_shapes(vv->shape, out, &bs) || !nb_fe_shape_eq(bs, out)) {
    nb_fe_error(p.fn->m, file, line, name,
                "update %s does not broadcast to the indexed shape %s (x is %s)",
                nb_fe_fmt_type(b1, sizeof b1, vv->dt, vv->shape),
                nb_fe_fmt_shape(b2, sizeof b2, out),
                nb_fe_fmt_type(b3, sizeof b3, xv->dt, xv->shape));
    return (nb_value){0};
  }
  if (nb_fe_shape_size(out) == 0)
    return x;
  nb_ptype pt = nb_fe_promote(xv->dt, xv->weak, vv->dt, vv->weak);
  if (pt.dt == NB_INVALID_DTYPE) {
    nb_fe_error(p.fn->m, file, line, name, "cannot update %s with %s",
                nb_fe_fmt_type(b1, sizeof b1, xv->dt, xv->shape),
                nb_fe_fmt_type(b2, sizeof b2, vv->dt, vv->shape));
    return (nb_value){0};
  }
  nb_value xp = pt.dt == xv->dt ? x : nb__astype(x, pt.dt, file, line);
  nb_value y = nb__broadcast_to(nb__astype(v, pt.dt, file, line), out, file, line);
  nb_value r;
  if (!p.any_value) {
    nb_fe_ixplan up;
    nb_ints rev;
    nb_fe_ix_unreverse(&p, &up, &rev);
    if (rev.n > 0) {
      nb_shape box = {.rank = p.shape.rank};
      for (int k = 0; k < p.n; k++)
        if (p.ix[k].kind != NB_IX_NEWAXIS)
          box.dims[p.ix[k].axis] = p.ix[k].kind == NB_IX_INT ? 1 : p.ix[k].count;
      if (!nb_fe_shape_eq(out, box))
        y = nb__reshape(y, box, file, line);
      y = nb__flip(y, rev, file, line);
    }
    r = up.any_bigstep ? static_update(&up, op, xp, y, pt.dt) : box_update(&up, op, xp, y, pt.dt);
  } else
    r = nb_fe_ix_scatter(&p, op, xp, y, pt.dt, mode);
  return pt.dt == xv->dt ? r : nb__astype(r, xv->dt, file, line);
}
