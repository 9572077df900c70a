/* rules_shape.c — the shape ops' rules: broadcast_in_dim, reshape,
 * transpose, slice, pad, rev and concatenate (their VJP and batching
 * rules).
 *
 * The family's other rules are the transforms' generic ones, named in the
 * tables: these ops are linear, so their JVP is the op on the tangents
 * (jvp.c's jvp_linear); iota and constant have no operands (zero JVP, never
 * batched) and stop_gradient has no derivative (zero JVP, no cotangent,
 * batched elementwise). Reverse mode undoes each op: broadcasting sums,
 * slicing pads with zeros, padding slices, transposing permutes back,
 * reversing reverses again, concatenating slices.
 * Batching rewrites each op's dimension attributes around the batch
 * dimension wherever it is, rather than moving it (see batch.c). Each rule
 * follows the JAX rule named in its comment (jax/_src/lax/lax.py,
 * slicing.py). */
#include "ad_rules.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

enum { MAX_RANK = NB_IR_MAX_RANK };

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirValue ans(MlirOperation op) { return mlirOperationGetResult(op, 0); }
static MlirType ans_type(MlirOperation op) { return mlirValueGetType(ans(op)); }
static MlirType type_of(MlirValue v) { return mlirValueGetType(v); }
static int rank_of(MlirValue v) { return (int)mlirShapedTypeGetRank(type_of(v)); }
static int64_t dim_of(MlirValue v, int i) { return mlirShapedTypeGetDimSize(type_of(v), i); }
static int type_rank(MlirType t) { return (int)mlirShapedTypeGetRank(t); }
static int64_t type_dim(MlirType t, int i) { return mlirShapedTypeGetDimSize(t, i); }

/* A rank-0 tensor of x's element type holding v. */
static MlirValue scalar_like(nb_builder *b, MlirValue x, double v) {
  MlirType t = mlirRankedTensorTypeGet(0, NULL, mlirShapedTypeGetElementType(type_of(x)),
                                       mlirAttributeGetNull());
  return nbb_full(b, t, v);
}

/* nabla.pad of x by a scalar pad value (rank-0 tensor of x's type). */
static MlirValue pad(nb_builder *b, MlirValue x, MlirValue value, const int64_t *lo,
                     const int64_t *hi, const int64_t *interior) {
  int rank = rank_of(x);
  int64_t dims[MAX_RANK];
  for (int i = 0; i < rank; i++) {
    int64_t d = dim_of(x, i);
    dims[i] = lo[i] + hi[i] + d + (d > 0 ? (d - 1) * interior[i] : 0);
  }
  MlirValue xs[2] = {x, value};
  MlirNamedAttribute a[3] = {
      nb_named(b->ctx, "edge_padding_low", mlirDenseI64ArrayGet(b->ctx, rank, lo)),
      nb_named(b->ctx, "edge_padding_high", mlirDenseI64ArrayGet(b->ctx, rank, hi)),
      nb_named(b->ctx, "interior_padding", mlirDenseI64ArrayGet(b->ctx, rank, interior))};
  MlirType t = mlirRankedTensorTypeGet(rank, dims, mlirShapedTypeGetElementType(type_of(x)),
                                       mlirAttributeGetNull());
  return nbb_op(b, "nabla.pad", 2, xs, t, 3, a);
}

/* ---- broadcast_in_dim ---- */

/* _broadcast_in_dim_transpose_rule: sum over added and stretched dims. */
bool nb_vjp_broadcast_in_dim(nb_builder *b, MlirOperation op, const MlirValue *cts,
                             MlirValue *out) {
  int64_t dims[MAX_RANK];
  int n = nb_ad_i64s(op, "broadcast_dimensions", dims);
  out[0] = nb_ad_is_float(ans(op)) ? nbb_unbroadcast(b, cts[0], type_of(arg(op, 0)), n, dims)
                                    : (MlirValue){NULL};
  return true;
}

/* _broadcast_in_dim_batch_rule, without its moveaxis: the batch dim goes to
 * a result position that keeps broadcast_dimensions increasing, the same
 * position as in the operand when that is allowed. */
bool nb_batch_broadcast_in_dim(nb_builder *b, MlirOperation op, const MlirValue *args,
                               const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t bd[MAX_RANK], nbd[MAX_RANK + 1], d = dims[0];
  int r = nb_ad_i64s(op, "broadcast_dimensions", bd);
  int64_t size = nb_batch_size(args, dims, 1);
  int64_t lo = d == 0 ? 0 : bd[d - 1] + 1, hi = d == r ? type_rank(ans_type(op)) : bd[d];
  int64_t p = d < lo ? lo : d > hi ? hi : d;
  for (int k = 0; k <= r; k++)
    nbd[k] = k < d ? bd[k] : k == d ? p : bd[k - 1] + 1;
  out[0] = nbb_broadcast_in_dim(b, args[0], nb_batch_type(ans_type(op), p, size), r + 1, nbd);
  out_dims[0] = p;
  return true;
}

/* ---- reshape ---- */

/* _reshape_transpose_rule */
bool nb_vjp_reshape(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = nb_ad_is_float(ans(op)) ? nbb_reshape(b, cts[0], type_of(arg(op, 0)))
                                    : (MlirValue){NULL};
  return true;
}

/* _reshape_batch_rule moves the batch dim to the front first. That is only
 * needed when the dims before it are regrouped: if the result has a prefix
 * with as many elements as the operand's dims before the batch dim, the
 * reshape leaves the batch dim alone and it sits after that prefix. */
bool nb_batch_reshape(nb_builder *b, MlirOperation op, const MlirValue *args,
                      const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  MlirType in = mlirValueGetType(arg(op, 0)), to = ans_type(op);
  int64_t d = dims[0], size = nb_batch_size(args, dims, 1), before = 1, prefix = 1, k = -1;
  for (int i = 0; i < d; i++)
    before *= type_dim(in, i);
  for (int q = 0; q <= type_rank(to); q++) {
    if (prefix == before && (k < 0 || q == d))
      k = q;
    if (q < type_rank(to))
      prefix *= type_dim(to, q);
  }
  MlirValue x = args[0];
  if (k < 0) {
    x = nb_batch_move(b, x, d, 0, size);
    k = 0;
  }
  out[0] = nbb_reshape(b, x, nb_batch_type(to, k, size));
  out_dims[0] = k;
  return true;
}

/* ---- transpose ---- */

/* _transpose_transpose_rule: the inverse permutation. */
bool nb_vjp_transpose(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  int64_t perm[MAX_RANK], inv[MAX_RANK];
  int n = nb_ad_i64s(op, "permutation", perm);
  for (int i = 0; i < n; i++)
    inv[perm[i]] = i;
  out[0] = nb_ad_is_float(ans(op)) ? nbb_transpose(b, cts[0], n, inv) : (MlirValue){NULL};
  return true;
}

/* _transpose_batch_rule puts the batch dim first; here it keeps its place
 * (the op moves data anyway, and a vmap whose in and out axes agree then
 * needs no final transpose). */
bool nb_batch_transpose(nb_builder *b, MlirOperation op, const MlirValue *args,
                        const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t perm[MAX_RANK], np[MAX_RANK + 1], d = dims[0];
  int r = nb_ad_i64s(op, "permutation", perm);
  for (int q = 0; q <= r; q++)
    np[q] = q == d ? d : nb_batch_bump(perm[q < d ? q : q - 1], d);
  out[0] = nbb_transpose(b, args[0], r + 1, np);
  out_dims[0] = d;
  return true;
}

/* ---- slice ---- */

/* _slice_transpose_rule: zero padding around the slice, and between the
 * taken elements (interior) for strides. */
bool nb_vjp_slice(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  int64_t start[MAX_RANK], strides[MAX_RANK], hi[MAX_RANK], interior[MAX_RANK];
  int n = nb_ad_i64s(op, "start_indices", start);
  nb_ad_i64s(op, "strides", strides);
  for (int i = 0; i < n; i++) {
    int64_t t = dim_of(ans(op), i);
    int64_t real_limit = start[i] + (t == 0 ? 0 : 1 + (t - 1) * strides[i]);
    hi[i] = dim_of(arg(op, 0), i) - real_limit;
    interior[i] = strides[i] - 1;
  }
  out[0] = pad(b, cts[0], scalar_like(b, cts[0], 0), start, hi, interior);
  return true;
}

/* _slice_batching_rule: the whole batch dim, stride 1. */
bool nb_batch_slice(nb_builder *b, MlirOperation op, const MlirValue *args,
                    const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t s[MAX_RANK], l[MAX_RANK], st[MAX_RANK];
  int64_t ns[MAX_RANK + 1], nl[MAX_RANK + 1], nst[MAX_RANK + 1], d = dims[0];
  int r = nb_ad_i64s(op, "start_indices", s);
  nb_ad_i64s(op, "limit_indices", l);
  nb_ad_i64s(op, "strides", st);
  for (int k = 0; k <= r; k++) {
    int src = k < d ? k : k - 1;
    ns[k] = k == d ? 0 : s[src];
    nl[k] = k == d ? nb_batch_size(args, dims, 1) : l[src];
    nst[k] = k == d ? 1 : st[src];
  }
  out[0] = nbb_slice(b, args[0], ns, nl, nst);
  out_dims[0] = d;
  return true;
}

/* ---- pad ---- */

/* _pad_transpose: x gets the strided slice it was spread into; the pad value
 * gets the sum of everything else. */
bool nb_vjp_pad(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = out[1] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  int64_t lo[MAX_RANK], hi[MAX_RANK], in[MAX_RANK], limit[MAX_RANK], step[MAX_RANK],
      all[MAX_RANK];
  int n = nb_ad_i64s(op, "edge_padding_low", lo);
  nb_ad_i64s(op, "edge_padding_high", hi);
  nb_ad_i64s(op, "interior_padding", in);
  for (int i = 0; i < n; i++) {
    limit[i] = dim_of(cts[0], i) - hi[i];
    step[i] = in[i] + 1;
    all[i] = i;
  }
  out[0] = nbb_slice(b, cts[0], lo, limit, step);
  MlirValue total = nbb_reduce(b, "nabla.reduce_sum", cts[0], n, all);
  MlirValue inner = nbb_reduce(b, "nabla.reduce_sum", out[0], n, all);
  out[1] = nbb_sub(b, total, inner);
  return true;
}

/* _pad_batch_rule: no padding along the batch dim; a batched padding value
 * (one scalar per example) is pad-with-zero then select on a mask of the
 * padded positions. */
bool nb_batch_pad(nb_builder *b, MlirOperation op, const MlirValue *args,
                  const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t lo[MAX_RANK + 1], hi[MAX_RANK + 1], in[MAX_RANK + 1];
  int64_t nlo[MAX_RANK + 1], nhi[MAX_RANK + 1], nin[MAX_RANK + 1];
  int r = nb_ad_i64s(op, "edge_padding_low", lo);
  nb_ad_i64s(op, "edge_padding_high", hi);
  nb_ad_i64s(op, "interior_padding", in);
  int64_t size = nb_batch_size(args, dims, 2), d = dims[0] < 0 ? 0 : dims[0];
  MlirValue x = nb_batch_move(b, args[0], dims[0], d, size);
  for (int k = 0; k <= r; k++) {
    int src = k < d ? k : k - 1;
    nlo[k] = k == d ? 0 : lo[src];
    nhi[k] = k == d ? 0 : hi[src];
    nin[k] = k == d ? 0 : in[src];
  }
  out_dims[0] = d;
  if (dims[1] < 0) {
    out[0] = pad(b, x, args[1], nlo, nhi, nin);
    return true;
  }
  MlirValue zero = nbb_zeros(b, mlirValueGetType(arg(op, 1)));
  MlirValue padded = pad(b, x, zero, nlo, nhi, nin);
  MlirValue ones = nbb_full(b, mlirValueGetType(arg(op, 0)), 1.0);
  MlirValue inside = pad(b, ones, zero, lo, hi, in);
  MlirValue mask = nbb_compare(b, "ne", inside, nbb_full_like(b, inside, 0.0));
  int64_t at[1] = {d};
  MlirValue value = nbb_broadcast_in_dim(b, args[1], mlirValueGetType(padded), 1, at);
  out[0] = nbb_select(b, nb_batch_move(b, mask, -1, d, size), padded, value);
  return true;
}

/* ---- rev ---- */

static MlirValue rev(nb_builder *b, MlirValue x, int n, const int64_t *dims) {
  if (n == 0)
    return x;
  MlirNamedAttribute a = nb_named(b->ctx, "dimensions", mlirDenseI64ArrayGet(b->ctx, n, dims));
  return nbb_op(b, "nabla.rev", 1, &x, type_of(x), 1, &a);
}

/* rev is its own transpose (ad.deflinear2 with the same dimensions). */
bool nb_vjp_rev(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  int64_t dims[MAX_RANK];
  int n = nb_ad_i64s(op, "dimensions", dims);
  out[0] = nb_ad_is_float(ans(op)) ? rev(b, cts[0], n, dims) : (MlirValue){NULL};
  return true;
}

/* _rev_batch_rule: the dimensions shifted past the batch dim, which stays. */
bool nb_batch_rev(nb_builder *b, MlirOperation op, const MlirValue *args, const int64_t *dims,
                  MlirValue *out, int64_t *out_dims) {
  int64_t d[MAX_RANK];
  int n = nb_ad_i64s(op, "dimensions", d);
  for (int i = 0; i < n; i++)
    d[i] = nb_batch_bump(d[i], dims[0]);
  out[0] = rev(b, args[0], n, d);
  out_dims[0] = dims[0];
  return true;
}

/* ---- concatenate ---- */

static int64_t concat_dim(MlirOperation op) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("dimension"));
  return mlirIntegerAttrGetValueInt(a);
}

/* _concatenate_transpose_rule: each operand gets its slice of the
 * cotangent along the dimension. */
bool nb_vjp_concatenate(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = out[1] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  int r = rank_of(cts[0]);
  int64_t d = concat_dim(op), start[MAX_RANK], limit[MAX_RANK], step[MAX_RANK];
  for (int k = 0; k < 2; k++) {
    for (int i = 0; i < r; i++) {
      start[i] = i == d && k == 1 ? dim_of(arg(op, 0), i) : 0;
      limit[i] = i == d ? start[i] + dim_of(arg(op, k), i) : dim_of(cts[0], i);
      step[i] = 1;
    }
    out[k] = nbb_slice(b, cts[0], start, limit, step);
  }
  return true;
}

/* _concatenate_batch_rule moves every batch dim to the front; here the
 * operands meet at the first batched operand's batch dim (an unbatched one
 * is broadcast there), and the dimension shifts past it. */
bool nb_batch_concatenate(nb_builder *b, MlirOperation op, const MlirValue *args,
                          const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t bd = dims[0] >= 0 ? dims[0] : dims[1], size = nb_batch_size(args, dims, 2);
  MlirValue xs[2] = {nb_batch_move(b, args[0], dims[0], bd, size),
                     nb_batch_move(b, args[1], dims[1], bd, size)};
  MlirNamedAttribute a = nb_named(
      b->ctx, "dimension",
      mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), nb_batch_bump(concat_dim(op), bd)));
  out[0] = nbb_op(b, "nabla.concatenate", 2, xs, nb_batch_type(ans_type(op), bd, size), 1, &a);
  out_dims[0] = bd;
  return true;
}
