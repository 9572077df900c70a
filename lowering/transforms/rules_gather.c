/* rules_gather.c — gather's rules (jax/_src/lax/slicing.py, the rule named
 * in each comment), and the gather / scatter builders and attribute readers
 * rules_scatter.c shares. Indices never get a tangent or cotangent. JAX's
 * modes map: gather "fill" <-> scatter "drop" (its FILL_OR_DROP), and the
 * tangent/transpose gathers fill with 0 ("fill_zero"), as JAX's rules pass
 * fill_value=0. */
#include "ad_rules.h"

#include <stdio.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "index_dims.h"

enum { MAX_RANK = NB_IR_MAX_RANK };

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirType type_of(MlirValue v) { return mlirValueGetType(v); }
static int rank_of(MlirValue v) { return (int)mlirShapedTypeGetRank(type_of(v)); }
static int64_t dim_of(MlirValue v, int i) { return mlirShapedTypeGetDimSize(type_of(v), i); }
static MlirValue none(void) { return (MlirValue){NULL}; }

bool nb_ad_rank_fits(nb_builder *b, int rank) {
  if (rank <= MAX_RANK)
    return true;
  nb_errorf(b->loc, "vmap of a gather or scatter: a batched array would have rank %d, more than "
            "the supported %d", rank, MAX_RANK);
  return false;
}

void nb_ad_index_dims(MlirOperation op, const char *const *names, nb_index_dims *d) {
  d->n_offset = nb_ad_i64s(op, names[0], d->offset);
  d->n_collapsed = nb_ad_i64s(op, names[1], d->collapsed);
  d->n_start_map = nb_ad_i64s(op, names[2], d->start_map);
  d->n_obatch = nb_ad_i64s(op, names[3], d->obatch);
  d->n_ibatch = nb_ad_i64s(op, names[4], d->ibatch);
}

void nb_ad_index_mode(MlirOperation op, char *out, size_t n) {
  MlirStringRef s = mlirStringAttrGetValue(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("mode")));
  snprintf(out, n, "%.*s", (int)s.length, s.data);
}

static int dims_attrs(MlirContext c, const char *const *names, const nb_index_dims *d,
                      MlirNamedAttribute *a) {
  const int64_t *v[5] = {d->offset, d->collapsed, d->start_map, d->obatch, d->ibatch};
  int n[5] = {d->n_offset, d->n_collapsed, d->n_start_map, d->n_obatch, d->n_ibatch};
  for (int i = 0; i < 5; i++)
    a[i] = nb_named(c, names[i], mlirDenseI64ArrayGet(c, n[i], v[i]));
  return 5;
}

static MlirNamedAttribute mode_attr(MlirContext c, const char *mode) {
  return nb_named(c, "mode", mlirStringAttrGet(c, mlirStringRefCreateFromCString(mode)));
}

MlirValue nbb_gather(nb_builder *b, MlirValue x, MlirValue idx, const nb_index_dims *d,
                     const int64_t *sizes, const char *mode) {
  int64_t odims[MAX_RANK], idims[MAX_RANK], rdims[MAX_RANK];
  int r = 0;
  char err[256];
  for (int i = 0; i < rank_of(x); i++)
    odims[i] = dim_of(x, i);
  for (int i = 0; i < rank_of(idx); i++)
    idims[i] = dim_of(idx, i);
  nb_gather_result_shape(d, rank_of(x), odims, rank_of(idx), idims, rank_of(x), sizes, &r, rdims,
                         err, sizeof err);
  MlirType t = mlirRankedTensorTypeGet(r, rdims, mlirShapedTypeGetElementType(type_of(x)),
                                       mlirAttributeGetNull());
  MlirNamedAttribute a[7];
  dims_attrs(b->ctx, nb_gather_dim_names, d, a);
  a[5] = nb_named(b->ctx, "slice_sizes", mlirDenseI64ArrayGet(b->ctx, rank_of(x), sizes));
  a[6] = mode_attr(b->ctx, mode);
  MlirValue ops[2] = {x, idx};
  return nbb_op(b, "nabla.gather", 2, ops, t, 7, a);
}

MlirValue nbb_scatter(nb_builder *b, const char *name, MlirValue x, MlirValue idx, MlirValue u,
                      const nb_index_dims *d, const char *mode) {
  MlirNamedAttribute a[6];
  dims_attrs(b->ctx, nb_scatter_dim_names, d, a);
  a[5] = mode_attr(b->ctx, mode);
  MlirValue ops[3] = {x, idx, u};
  return nbb_op(b, name, 3, ops, type_of(x), 6, a);
}

/* ---- gather ---- */

/* _gather_jvp_rule: the gather of the tangent (filling with 0). */
bool nb_jvp_gather(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if (mlirValueIsNull(t[0]) || !nb_ad_is_float(arg(op, 0)))
    return true;
  nb_index_dims d;
  int64_t sizes[MAX_RANK];
  char mode[16];
  nb_ad_index_dims(op, nb_gather_dim_names, &d);
  nb_ad_i64s(op, "slice_sizes", sizes);
  nb_ad_index_mode(op, mode, sizeof mode);
  out[0] = nbb_gather(b, t[0], arg(op, 1), &d, sizes, strcmp(mode, "clip") ? "fill_zero" : "clip");
  return true;
}

/* _gather_transpose_rule: the cotangent scatter-added into zeros (a filled
 * window, which read nothing, is dropped). */
bool nb_vjp_gather(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = out[1] = none();
  if (!nb_ad_is_float(arg(op, 0)))
    return true;
  nb_index_dims d;
  char mode[16];
  nb_ad_index_dims(op, nb_gather_dim_names, &d);
  nb_ad_index_mode(op, mode, sizeof mode);
  out[0] = nbb_scatter(b, "nabla.scatter_add", nbb_zeros(b, type_of(arg(op, 0))), arg(op, 1),
                       cts[0], &d, strcmp(mode, "clip") ? "drop" : "clip");
  return true;
}

/* _gather_batching_rule: the batch dim becomes a window dim (batched
 * operand), a batch axis of the indices (batched indices) or a batching
 * dim pair (both). */
bool nb_batch_gather_dims(nb_builder *b, MlirValue x, MlirValue idx, const int64_t *dims,
                          const nb_index_dims *d0, const int64_t *sizes0, const char *mode,
                          MlirValue *out, int64_t *out_dims) {
  /* the batched result has one dim more than the unbatched one */
  if (!nb_ad_rank_fits(b, d0->n_offset + rank_of(idx) - (dims[1] >= 0) + 1))
    return false;
  nb_index_dims d = *d0;
  int64_t sizes[MAX_RANK + 1];
  int ns = rank_of(x) - (dims[0] >= 0);
  memcpy(sizes, sizes0, sizeof(int64_t) * (size_t)ns);
  int64_t size = dims[0] >= 0 ? dim_of(x, (int)dims[0]) : dim_of(idx, (int)dims[1]);
  if (dims[0] >= 0)
    x = nb_batch_move(b, x, dims[0], 0, size);
  if (dims[1] >= 0)
    idx = nb_batch_move(b, idx, dims[1], 0, size);
  nb_ints_add(d.offset, d.n_offset, 1);
  if (dims[0] >= 0) {
    nb_ints_add(d.collapsed, d.n_collapsed, 1);
    nb_ints_add(d.obatch, d.n_obatch, 1);
    nb_ints_add(d.start_map, d.n_start_map, 1);
    nb_ints_push_front(sizes, &ns, dims[1] >= 0 ? (size == 0 ? 0 : 1) : size);
    if (dims[1] < 0) {
      nb_ints_push_front(d.offset, &d.n_offset, 0);
    } else {
      nb_ints_add(d.ibatch, d.n_ibatch, 1);
      nb_ints_push_front(d.obatch, &d.n_obatch, 0);
      nb_ints_push_front(d.ibatch, &d.n_ibatch, 0);
    }
  } else {
    nb_ints_add(d.ibatch, d.n_ibatch, 1);
  }
  out[0] = nbb_gather(b, x, idx, &d, sizes, mode);
  out_dims[0] = 0;
  return true;
}

bool nb_batch_gather(nb_builder *b, MlirOperation op, const MlirValue *args, const int64_t *dims,
                     MlirValue *out, int64_t *out_dims) {
  nb_index_dims d;
  int64_t sizes[MAX_RANK];
  char mode[16];
  nb_ad_index_dims(op, nb_gather_dim_names, &d);
  nb_ad_i64s(op, "slice_sizes", sizes);
  nb_ad_index_mode(op, mode, sizeof mode);
  return nb_batch_gather_dims(b, args[0], args[1], dims, &d, sizes, mode, out, out_dims);
}
