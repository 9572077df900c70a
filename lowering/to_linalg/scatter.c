/* scatter.c — nabla-to-linalg for the scatters: an scf.for nest over the
 * updates' shape carrying the result tensor (iter_args, initialised with
 * the operand); each step reads its window start from the indices, reads
 * the operand element and the update, combines them and writes back with
 * tensor.insert. One-shot bufferization then updates the operand's buffer
 * in place when the operand is dead, so a scatter costs the updates' size,
 * not the operand's. The loops run in row-major order of the updates: for
 * duplicate indices the last update wins (set), as on XLA:CPU.
 *
 * mode "clip" clamps each start into [0, dim - size] (lax's
 * _clamp_scatter_indices); "drop" skips an update whose window start lies
 * outside [0, dim - size] in any indexed dim (XLA's), by writing back the
 * value it read at the clamped position. */
#include "index_lower.h"

#include <string.h>

typedef struct {
  lowering *l;
  nb_index_dims d;
  int64_t sizes[MAX_RANK];
  MlirValue x, idx, upd;
  bool drop;
  const char *combine; /* NULL: set */
  int depth, urank;
  MlirValue ivs[MAX_RANK];
} scatter_ctx;

static MlirValue extract(nb_builder *b, MlirValue t, int n, const MlirValue *at) {
  MlirValue ops[MAX_RANK + 1];
  ops[0] = t;
  memcpy(ops + 1, at, sizeof(MlirValue) * (size_t)n);
  MlirType e = nb_element_type(t);
  return mlirOperationGetResult(nb_build_op(b, "tensor.extract", 1 + n, ops, 1, &e, 0, NULL), 0);
}

/* One update element combined into acc. */
static MlirValue scatter_one(nb_builder *b, MlirValue acc, scatter_ctx *c) {
  int orank = rank_of(c->x);
  MlirValue batch[MAX_RANK], at[MAX_RANK], in_bounds;
  int nb = nbl_batch_positions(c->d.offset, c->d.n_offset, c->urank, c->ivs, batch);
  nbl_window w = {.x = c->x, .idx = c->idx, .d = &c->d, .sizes = c->sizes};
  nbl_window_start(b, &w, batch, nb, at, &in_bounds);
  int64_t win[MAX_RANK];
  int nw = nb_index_window_dims(&c->d, orank, win);
  for (int j = 0; j < nw; j++)
    at[win[j]] = nb_build2(b, "arith.addi", at[win[j]], c->ivs[c->d.offset[j]]);
  MlirValue u = extract(b, c->upd, c->urank, c->ivs), v = u;
  MlirValue old = (MlirValue){NULL};
  if (c->combine || c->drop)
    old = extract(b, acc, orank, at);
  if (c->combine)
    v = nb_build2(b, c->combine, old, u);
  if (c->drop)
    v = select3(b, in_bounds, v, old);
  MlirValue ops[2 + MAX_RANK] = {v, acc};
  memcpy(ops + 2, at, sizeof(MlirValue) * (size_t)orank);
  MlirType t = mlirValueGetType(acc);
  return mlirOperationGetResult(nb_build_op(b, "tensor.insert", 2 + orank, ops, 1, &t, 0, NULL), 0);
}

static MlirValue loop_body(nb_builder *b, MlirValue iv, MlirValue acc, void *user) {
  scatter_ctx *c = user;
  c->ivs[c->depth++] = iv;
  MlirValue r = c->depth == c->urank ? scatter_one(b, acc, c)
                                     : nb_build_for(b, 0, dim(c->upd, c->depth), acc, loop_body, c);
  c->depth--;
  return r;
}

MlirValue nbl_scatter(lowering *l) {
  scatter_ctx c = {.l = l, .x = operand(l, 0), .idx = operand(l, 1), .upd = operand(l, 2)};
  nbl_read_index_dims(l, nb_scatter_dim_names, &c.d);
  c.urank = rank_of(c.upd);
  int64_t udims[MAX_RANK];
  for (int i = 0; i < c.urank; i++)
    udims[i] = dim(c.upd, i);
  nb_scatter_window(&c.d, rank_of(c.x), udims, c.sizes);
  MlirStringRef m = mlirStringAttrGetValue(attr(l, "mode"));
  c.drop = mlirStringRefEqual(m, mlirStringRefCreateFromCString("drop"));
  c.combine = op_for(l->r, l->dt);
  if (c.urank == 0)
    return scatter_one(&l->b, c.x, &c);
  return nb_build_for(&l->b, 0, udims[0], c.x, loop_body, &c);
}
