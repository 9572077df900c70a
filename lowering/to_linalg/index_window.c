/* index_window.c — the window start of gather and scatter: each component
 * of the index vector at one batch position, read with tensor.extract,
 * clamped into [0, dim - size] and tested for bounds (index_lower.h). */
#include "index_lower.h"

#include <string.h>

static void read_list(lowering *l, const char *name, int64_t *out, int *n) {
  read_i64s(attr(l, name), out, n);
}

void nbl_read_index_dims(lowering *l, const char *const *names, nb_index_dims *d) {
  read_list(l, names[0], d->offset, &d->n_offset);
  read_list(l, names[1], d->collapsed, &d->n_collapsed);
  read_list(l, names[2], d->start_map, &d->n_start_map);
  read_list(l, names[3], d->obatch, &d->n_obatch);
  read_list(l, names[4], d->ibatch, &d->n_ibatch);
}

MlirValue nbl_loop_index(nb_builder *b, int i) {
  MlirType index = mlirIndexTypeGet(b->ctx);
  MlirNamedAttribute a = nb_named(b->ctx, "dim", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), i));
  return mlirOperationGetResult(nb_build_op(b, "linalg.index", 0, NULL, 1, &index, 1, &a), 0);
}

int nbl_batch_positions(const int64_t *window_dims, int n_window, int rank, const MlirValue *ivs,
                        MlirValue *out) {
  int n = 0;
  for (int i = 0, j = 0; i < rank; i++) {
    if (j < n_window && window_dims[j] == i)
      j++;
    else
      out[n++] = ivs[i];
  }
  return n;
}

/* s converted as JAX's _gather_fill converts the indices: to int32 when
 * every operand dim fits int32, else int64, wrapping as convert_element_type
 * does (so the comparisons after it are signed). */
static MlirValue to_jax_index(nb_builder *b, MlirValue s, bool is_unsigned, MlirValue x) {
  int w = 32;
  for (int i = 0; i < rank_of(x); i++)
    if (dim(x, i) > INT32_MAX)
      w = 64;
  int sw = (int)mlirIntegerTypeGetWidth(mlirValueGetType(s));
  MlirType t = mlirIntegerTypeGet(b->ctx, (unsigned)w);
  if (sw > w)
    return nb_build_cast(b, "arith.trunci", s, t);
  if (sw < w)
    return nb_build_cast(b, is_unsigned ? "arith.extui" : "arith.extsi", s, t);
  return s;
}

void nbl_window_start(nb_builder *b, const nbl_window *w, const MlirValue *batch, int n_batch,
                      MlirValue *start, MlirValue *in_bounds) {
  MlirType index = mlirIndexTypeGet(b->ctx), elem = nb_element_type(w->idx);
  bool is_unsigned = nb_dtype_is_unsigned(nb_tensor_dtype(mlirValueGetType(w->idx)));
  MlirValue zero = nb_build_int(b, index, 0);
  for (int i = 0; i < rank_of(w->x); i++)
    start[i] = zero;
  *in_bounds = nb_build_int(b, mlirIntegerTypeGet(b->ctx, 1), 1);
  MlirValue at[MAX_RANK + 1];
  memcpy(at, batch, sizeof(MlirValue) * (size_t)n_batch);
  for (int k = 0; k < w->d->n_start_map; k++) {
    int64_t d = w->d->start_map[k];
    at[n_batch] = nb_build_int(b, index, k);
    MlirValue ops[MAX_RANK + 2];
    ops[0] = w->idx;
    memcpy(ops + 1, at, sizeof(MlirValue) * (size_t)(n_batch + 1));
    MlirValue s = mlirOperationGetResult(
        nb_build_op(b, "tensor.extract", n_batch + 2, ops, 1, &elem, 0, NULL), 0);
    bool u = is_unsigned;
    if (w->fill)
      s = to_jax_index(b, s, u, w->x), u = false;
    MlirValue ok;
    start[d] = nbl_index_in(b, s, u, dim(w->x, (int)d) - w->sizes[d], &ok);
    *in_bounds = nb_build2(b, "arith.andi", *in_bounds, ok);
  }
  for (int i = 0; i < w->d->n_obatch; i++)
    start[w->d->obatch[i]] = batch[w->d->ibatch[i]];
}
