/* index_gather.c — index arrays and negative steps by lax.gather, and
 * updates with traced indices by lax.scatter, with the dimension numbers of
 * jnp's _index_to_gather (transposed for the scatter, as _scatter_impl).
 * One difference: a negative-step slice's indices count down directly,
 * where jnp reverses them and then reverses the result back. */
#include "index_plan.h"

#include <string.h>

static void push(nb_ints *l, int64_t v) { l->v[l->n++] = v; }

/* One piece of the index array: `v` (the index dtype) whose dims sit at
 * batch dims start.. of the gather (jnp's (array, start_dim) pairs). */
typedef struct part {
  nb_value v;
  int start;
} part;

/* The pieces as one (G..., k) array: each broadcast into G + (1,), times
 * the one-hot row of its position, summed (a concatenate along the last
 * axis, from elementwise ops). */
static nb_value stack(const nb_fe_ixplan *p, const part *parts, int k, nb_shape batch,
                      nb_dtype idt) {
  nb_shape full = batch;
  full.dims[full.rank++] = 1;
  nb_value acc = {0};
  for (int j = 0; j < k; j++) {
    nb_ints dims = {.n = 0};
    int r = nb_value_shape(parts[j].v).rank;
    for (int d = 0; d < r; d++)
      push(&dims, parts[j].start + d);
    nb_value b = nb__broadcast_in_dim(parts[j].v, full, dims, p->file, p->line);
    if (k == 1)
      return b;
    int64_t onehot[NB_MAX_INDICES + NB_MAX_RANK] = {0};
    int32_t onehot32[NB_MAX_INDICES + NB_MAX_RANK] = {0};
    onehot[j] = onehot32[j] = 1;
    nb_value e = nb__const(p->fn, idt, NB_SHAPE(k), idt == NB_I64 ? (void *)onehot : (void *)onehot32,
                           p->file, p->line);
    nb_value t = nb__mul(b, e, p->file, p->line);
    acc = j == 0 ? t : nb__add(acc, t, p->file, p->line);
  }
  return acc;
}

bool nb_fe_ix_to_gather(const nb_fe_ixplan *p, nb_fe_gather *g) {
  memset(g, 0, sizeof *g);
  nb_dtype idt = nb_fe_ix_dtype(p);
  nb_shape adv = {0};
  if (p->any_array && !nb_fe_ix_adv_shape(p, &adv))
    return false;
  part parts[NB_MAX_INDICES + NB_MAX_RANK];
  int nparts = 0;
  nb_shape batch = {.rank = 0};
  int first_adv = -1;
  for (int k = 0; k < p->n && p->any_array; k++)
    if (p->ix[k].kind == NB_IX_INT || p->ix[k].kind == NB_IX_VALUE) {
      first_adv = k;
      break;
    }
  int collapsed_y = 0;
  for (int k = 0; k < p->n; k++) {
    const nb_fe_ix *e = &p->ix[k];
    bool is_adv = p->any_array && (e->kind == NB_IX_INT || e->kind == NB_IX_VALUE);
    if (p->any_array && ((p->adv_contiguous && k == first_adv) || (!p->adv_contiguous && k == 0))) {
      int start = batch.rank;
      for (int j = 0; j < p->n; j++) {
        const nb_fe_ix *a = &p->ix[j];
        if (a->kind != NB_IX_INT && a->kind != NB_IX_VALUE)
          continue;
        nb_value v = a->kind == NB_IX_INT
                         ? nb__full(p->fn, idt, adv, (double)a->i, p->file, p->line)
                         : nb__broadcast_to(nb_fe_ix_wrap(p, a->v, p->shape.dims[a->axis]), adv,
                                            p->file, p->line);
        parts[nparts++] = (part){v, start};
        push(&g->start_index_map, a->axis);
        push(&g->collapsed_slice_dims, a->axis);
      }
      for (int d = 0; d < adv.rank; d++) {
        batch.dims[batch.rank++] = adv.dims[d];
        g->gather_shape.dims[g->gather_shape.rank++] = adv.dims[d];
      }
      collapsed_y += adv.rank;
    }
    if (is_adv) {
      push(&g->slice_sizes, 1);
      continue;
    }
    int a = e->axis;
    switch (e->kind) {
    case NB_IX_INT:
    case NB_IX_VALUE: /* a scalar */
      parts[nparts++] = (part){e->kind == NB_IX_INT
                                   ? nb__full(p->fn, idt, NB_SHAPE(), (double)e->i, p->file, p->line)
                                   : nb_fe_ix_wrap(p, e->v, p->shape.dims[a]),
                               batch.rank};
      push(&g->collapsed_slice_dims, a);
      push(&g->slice_sizes, 1);
      push(&g->start_index_map, a);
      break;
    case NB_IX_NEWAXIS:
      break;
    default: /* a slice */
      g->gather_shape.dims[g->gather_shape.rank++] = e->count;
      if (e->step == 1) {
        if (e->count != p->shape.dims[a]) {
          parts[nparts++] =
              (part){nb__full(p->fn, idt, NB_SHAPE(), (double)e->start, p->file, p->line),
                     batch.rank};
          push(&g->start_index_map, a);
        }
        push(&g->slice_sizes, e->count);
        push(&g->offset_dims, collapsed_y);
      } else {
        /* start + step * iota: counting down for a negative step */
        nb_value io = nb__iota(p->fn, idt, NB_SHAPE(e->count), 0, p->file, p->line);
        nb_value ix = nb__add(nb__mul(io, nb__scalar_int(p->fn, e->step, p->file, p->line),
                                      p->file, p->line),
                              nb__scalar_int(p->fn, e->start, p->file, p->line), p->file, p->line);
        parts[nparts++] = (part){ix, batch.rank};
        batch.dims[batch.rank++] = e->count;
        push(&g->slice_sizes, 1);
        push(&g->start_index_map, a);
        push(&g->collapsed_slice_dims, a);
      }
      collapsed_y++;
    }
  }
  /* jnp sorts the collapsed dims */
  for (int i = 1; i < g->collapsed_slice_dims.n; i++)
    for (int j = i; j > 0 && g->collapsed_slice_dims.v[j - 1] > g->collapsed_slice_dims.v[j]; j--) {
      int64_t t = g->collapsed_slice_dims.v[j];
      g->collapsed_slice_dims.v[j] = g->collapsed_slice_dims.v[j - 1];
      g->collapsed_slice_dims.v[j - 1] = t;
    }
  g->k = nparts;
  if (nparts > 0)
    g->indices = stack(p, parts, nparts, batch, idt);
  return nparts == 0 || nb_value_valid(g->indices);
}

static nb_gather_dims gather_dims(const nb_fe_gather *g) {
  return (nb_gather_dims){.offset_dims = g->offset_dims,
                          .collapsed_slice_dims = g->collapsed_slice_dims,
                          .start_index_map = g->start_index_map};
}

nb_value nb_fe_ix_gather_get(const nb_fe_ixplan *p, nb_shape out, nb_index_mode mode) {
  if (nb_fe_shape_size(out) == 0) /* jnp: no gather for an empty result */
    return nb__full(p->fn, p->dt, out, 0, p->file, p->line);
  nb_fe_gather g;
  if (!nb_fe_ix_to_gather(p, &g))
    return (nb_value){0};
  nb_value y = g.k == 0 ? p->x
                        : nb__gather(p->x, g.indices, gather_dims(&g), g.slice_sizes, mode,
                                     p->file, p->line);
  if (!nb_value_valid(y) || nb_fe_shape_eq(nb_value_shape(y), out))
    return y;
  return nb__reshape(y, out, p->file, p->line);
}

static const nb_scatter_kind KINDS[] = {NB_SCATTER_SET, NB_SCATTER_ADD, NB_SCATTER_MUL,
                                        NB_SCATTER_MIN, NB_SCATTER_MAX};

nb_value nb_fe_ix_scatter(const nb_fe_ixplan *p, nb_at_op op, nb_value xp, nb_value y,
                          nb_dtype dt, nb_index_mode mode) {
  (void)dt;
  nb_fe_gather g;
  if (!nb_fe_ix_to_gather(p, &g))
    return (nb_value){0};
  /* the update without the new axes */
  if (!nb_fe_shape_eq(nb_value_shape(y), g.gather_shape))
    y = nb__reshape(y, g.gather_shape, p->file, p->line);
  nb_scatter_dims d = {.update_window_dims = g.offset_dims,
                       .inserted_window_dims = g.collapsed_slice_dims,
                       .scatter_dims_to_operand_dims = g.start_index_map};
  return nb__scatter(KINDS[op], xp, g.indices, y, d, mode, p->file, p->line);
}
