/* gather.c — nabla-to-linalg for nabla.gather: one linalg.generic over the
 * result whose body reads its start index from the indices (tensor.extract
 * at the result's batch position, via linalg.index), clamps it, adds the
 * window offset and reads that one operand element (tensor.extract). The
 * cost is the result's size, whatever the operand's.
 *
 * mode "clip" clamps each start into [0, dim - size] (XLA's gather). "fill"
 * and "fill_zero" follow JAX's _gather_fill: the indices are first converted
 * to the signed int32 (int64 for an operand dim past int32) JAX uses, a
 * window whose start lies outside [0, dim - size] in any indexed dim reads
 * the fill value, and the others read as clip does. */
#include "index_lower.h"

#include <math.h>
#include <string.h>

typedef struct {
  lowering *l;
  nb_index_dims d;
  int64_t sizes[MAX_RANK];
  MlirValue x, idx;
  enum { CLIP, FILL, FILL_ZERO } mode;
} gather_ctx;

/* The value a "fill" window reads: NaN, the signed minimum, the unsigned
 * maximum, true (lax.gather's default fill_value). */
static MlirValue fill_value(nb_builder *b, nb_dtype dt, MlirType elem, bool zero) {
  if (zero)
    return nb_build_scalar(b, elem, 0.0);
  if (nb_dtype_is_float(dt))
    return nb_build_scalar(b, elem, NAN);
  if (dt == NB_BOOL || nb_dtype_is_unsigned(dt))
    return nb_build_int(b, elem, -1); /* all ones */
  return nb_build_constant(b, nb_parse_attr(b->ctx, "-%llu : i%d",
                                            1ull << (nb_dtype_bits(dt) - 1), nb_dtype_bits(dt)));
}

static MlirValue gather_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)args;
  gather_ctx *g = user;
  lowering *l = g->l;
  int r = l->rank;
  MlirValue out[MAX_RANK], batch[MAX_RANK];
  for (int i = 0; i < r; i++)
    out[i] = nbl_loop_index(b, i);
  int nb = nbl_batch_positions(g->d.offset, g->d.n_offset, r, out, batch);
  nbl_window w = {.x = g->x, .idx = g->idx, .d = &g->d, .sizes = g->sizes,
                  .fill = g->mode != CLIP};
  MlirValue at[MAX_RANK], in_bounds;
  nbl_window_start(b, &w, batch, nb, at, &in_bounds);
  int64_t win[MAX_RANK];
  int nw = nb_index_window_dims(&g->d, rank_of(g->x), win);
  for (int j = 0; j < nw; j++)
    at[win[j]] = nb_build2(b, "arith.addi", at[win[j]], out[g->d.offset[j]]);
  MlirValue ops[1 + MAX_RANK];
  ops[0] = g->x;
  memcpy(ops + 1, at, sizeof(MlirValue) * (size_t)rank_of(g->x));
  MlirValue v = mlirOperationGetResult(
      nb_build_op(b, "tensor.extract", 1 + rank_of(g->x), ops, 1, &l->out_elem, 0, NULL), 0);
  if (g->mode == CLIP)
    return v;
  return select3(b, in_bounds, v, fill_value(b, l->dt, l->out_elem, g->mode == FILL_ZERO));
}

static bool listed(const int64_t *v, int n, int64_t x) {
  for (int i = 0; i < n; i++)
    if (v[i] == x)
      return true;
  return false;
}

/* Whole rows: the operand's last dim is read whole, never indexed, and is
 * the result's last dim (an embedding lookup, x[idx] of a matrix). The CPU
 * schedule vectorizes only such a gather (nabla.row_gather), each row a
 * contiguous load; the vectorizer's other gather forms gave wrong results
 * in programs the random tester drew (a window down a column of a
 * transposed value), so they keep the scalar loops. */
static bool row_gather(const gather_ctx *g) {
  int last = rank_of(g->x) - 1;
  return g->mode == CLIP && last >= 0 && g->sizes[last] == dim(g->x, last) &&
         !listed(g->d.start_map, g->d.n_start_map, last) &&
         !listed(g->d.collapsed, g->d.n_collapsed, last) &&
         !listed(g->d.obatch, g->d.n_obatch, last) && g->d.n_offset > 0 &&
         g->d.offset[g->d.n_offset - 1] == g->l->rank - 1;
}

MlirValue nbl_gather(lowering *l) {
  gather_ctx g = {.l = l, .x = operand(l, 0), .idx = operand(l, 1)};
  int n;
  nbl_read_index_dims(l, nb_gather_dim_names, &g.d);
  read_i64s(attr(l, "slice_sizes"), g.sizes, &n);
  MlirStringRef m = mlirStringAttrGetValue(attr(l, "mode"));
  g.mode = mlirStringRefEqual(m, mlirStringRefCreateFromCString("clip"))   ? CLIP
           : mlirStringRefEqual(m, mlirStringRefCreateFromCString("fill")) ? FILL
                                                                           : FILL_ZERO;
  MlirAttribute map = nb_identity_map(l->b.ctx, l->rank);
  nb_generic gen = {.n_loops = l->rank, .n_inputs = 0, .inputs = NULL, .maps = &map,
                    .init = nb_build_empty(&l->b, l->out_type), .body = gather_body, .user = &g};
  MlirValue r = nb_build_generic(&l->b, &gen);
  if (row_gather(&g))
    mlirOperationSetAttributeByName(mlirOpResultGetOwner(r),
                                    mlirStringRefCreateFromCString("nabla.row_gather"),
                                    mlirUnitAttrGet(l->b.ctx));
  return r;
}
