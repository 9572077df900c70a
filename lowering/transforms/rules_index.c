/* rules_index.c — the indexing ops' rules: dynamic_slice and
 * dynamic_update_slice (jax/_src/lax/slicing.py, the rule named in each
 * comment).
 *
 * Index operands are integers: they never get a tangent or a cotangent,
 * and the rules pass them through unchanged (a zero tangent materialized
 * for an index would be an index of 0). */
#include "ad_rules.h"
#include "index_dims.h"


#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

enum { MAX_RANK = NB_IR_MAX_RANK, MAX_OPERANDS = 2 + NB_IR_MAX_RANK + 1 };

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirValue ans(MlirOperation op) { return mlirOperationGetResult(op, 0); }
static MlirType type_of(MlirValue v) { return mlirValueGetType(v); }
static int64_t dim_of(MlirValue v, int i) { return mlirShapedTypeGetDimSize(type_of(v), i); }
static int n_operands(MlirOperation op) { return (int)mlirOperationGetNumOperands(op); }
static MlirValue none(void) { return (MlirValue){NULL}; }

/* ---- builders ---- */

static MlirValue dynamic_slice(nb_builder *b, MlirValue x, int n, const MlirValue *starts,
                               const int64_t *sizes) {
  MlirValue ops[MAX_OPERANDS];
  ops[0] = x;
  for (int i = 0; i < n; i++)
    ops[1 + i] = starts[i];
  MlirType t = mlirRankedTensorTypeGet(n, sizes, mlirShapedTypeGetElementType(type_of(x)),
                                       mlirAttributeGetNull());
  MlirNamedAttribute a = nb_named(b->ctx, "slice_sizes", mlirDenseI64ArrayGet(b->ctx, n, sizes));
  return nbb_op(b, "nabla.dynamic_slice", 1 + n, ops, t, 1, &a);
}

static MlirValue dynamic_update_slice(nb_builder *b, MlirValue x, MlirValue u, int n,
                                      const MlirValue *starts) {
  MlirValue ops[MAX_OPERANDS] = {x, u};
  for (int i = 0; i < n; i++)
    ops[2 + i] = starts[i];
  return nbb_op(b, "nabla.dynamic_update_slice", 2 + n, ops, type_of(x), 0, NULL);
}

/* The starts of op from operand `first` on. */
static int starts_of(MlirOperation op, int first, MlirValue *out) {
  int n = n_operands(op) - first;
  for (int i = 0; i < n; i++)
    out[i] = arg(op, first + i);
  return n;
}

/* ---- dynamic_slice ---- */

/* _dynamic_slice_jvp: the slice of the tangent at the same starts. */
bool nb_jvp_dynamic_slice(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if (mlirValueIsNull(t[0]) || !nb_ad_is_float(ans(op)))
    return true;
  MlirValue ops[MAX_OPERANDS];
  ops[0] = t[0];
  starts_of(op, 1, ops + 1);
  out[0] = nb_ad_clone(b, op, ops);
  return true;
}

/* _dynamic_slice_transpose: the cotangent written into zeros at the starts
 * (the same clamped window the slice read). */
bool nb_vjp_dynamic_slice(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  for (int i = 0; i < n_operands(op); i++)
    out[i] = none();
  if (!nb_ad_is_float(arg(op, 0)))
    return true;
  MlirValue starts[MAX_RANK];
  int n = starts_of(op, 1, starts);
  out[0] = dynamic_update_slice(b, nbb_zeros(b, type_of(arg(op, 0))), cts[0], n, starts);
  return true;
}

/* Unbatched starts with a zero start inserted for the batch dim d. */
static int starts_with_batch(nb_builder *b, MlirOperation op, int first, int64_t d,
                             MlirValue *out) {
  MlirValue s[MAX_RANK];
  int n = starts_of(op, first, s);
  MlirValue zero = nbb_zeros(b, type_of(n ? s[0] : arg(op, 0)));
  if (n == 0) /* a rank-0 operand: no start to copy the index type from */
    zero = nbb_zeros(b, mlirRankedTensorTypeGet(0, NULL, mlirIntegerTypeGet(b->ctx, 32),
                                                mlirAttributeGetNull()));
  for (int k = 0, j = 0; k <= n; k++)
    out[k] = k == d ? zero : s[j++];
  return n + 1;
}

static bool any_batched(const int64_t *dims, int from, int to) {
  for (int i = from; i < to; i++)
    if (dims[i] >= 0)
      return true;
  return false;
}

/* _batch_dynamic_slice_indices: the starts (rank-0 each, some batched at
 * dim 0) as one (B, n) index array, start k in column k. */
static MlirValue batched_index_vector(nb_builder *b, const MlirValue *starts, const int64_t *dims,
                                      int n, int64_t size) {
  MlirType elem = mlirShapedTypeGetElementType(type_of(starts[0]));
  int64_t shape[2] = {size, n};
  MlirType t = mlirRankedTensorTypeGet(2, shape, elem, mlirAttributeGetNull());
  MlirNamedAttribute col = nb_named(b->ctx, "dimension",
                                    mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), 1));
  MlirValue column = nbb_op(b, "nabla.iota", 0, NULL, t, 1, &col), acc = nbb_zeros(b, t);
  for (int k = 0; k < n; k++) {
    MlirValue s = nb_batch_move(b, starts[k], dims[k], 0, size); /* (B,) */
    int64_t zero = 0;
    MlirValue wide = nbb_broadcast_in_dim(b, s, t, 1, &zero);
    acc = nbb_select(b, nbb_compare(b, "eq", column, nbb_full(b, t, k)), wide, acc);
  }
  return acc;
}

/* Window dims 0..n-1 all offsets / update windows, every dim indexed. */
static nb_index_dims whole_window_dims(int n) {
  nb_index_dims d = {.n_offset = n, .n_start_map = n};
  for (int i = 0; i < n; i++)
    d.offset[i] = d.start_map[i] = i;
  return d;
}

/* _dynamic_slice_batching_rule with unbatched starts: the batch dim is
 * sliced whole (start 0, size B); batched starts make it a gather. */
bool nb_batch_dynamic_slice(nb_builder *b, MlirOperation op, const MlirValue *args,
                            const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t sizes[MAX_RANK], nsizes[MAX_RANK + 1], d = dims[0];
  int r = nb_ad_i64s(op, "slice_sizes", sizes);
  if (any_batched(dims, 1, n_operands(op))) { /* a gather, as JAX's rule */
    int n = n_operands(op) - 1;
    MlirValue idx = batched_index_vector(b, args + 1, dims + 1, n, nb_batch_size(args, dims, 1 + n));
    nb_index_dims gd = whole_window_dims(n);
    int64_t gdims[2] = {dims[0], 0};
    return nb_batch_gather_dims(b, args[0], idx, gdims, &gd, sizes, "clip", out, out_dims);
  }
  for (int k = 0, j = 0; k <= r; k++)
    nsizes[k] = k == d ? dim_of(args[0], (int)d) : sizes[j++];
  MlirValue starts[MAX_RANK + 1];
  int n = starts_with_batch(b, op, 1, d, starts);
  out[0] = dynamic_slice(b, args[0], n, starts, nsizes);
  out_dims[0] = d;
  return true;
}

/* ---- dynamic_update_slice ---- */

/* _dynamic_update_slice_jvp: the update of the tangents (zeros for a null
 * one) at the same starts. */
bool nb_jvp_dynamic_update_slice(nb_builder *b, MlirOperation op, const MlirValue *t,
                                 MlirValue *out) {
  out[0] = none();
  if ((mlirValueIsNull(t[0]) && mlirValueIsNull(t[1])) || !nb_ad_is_float(ans(op)))
    return true;
  MlirValue ops[MAX_OPERANDS];
  for (int i = 0; i < 2; i++)
    ops[i] = mlirValueIsNull(t[i]) ? nbb_zeros(b, type_of(arg(op, i))) : t[i];
  starts_of(op, 2, ops + 2);
  out[0] = nb_ad_clone(b, op, ops);
  return true;
}

/* _dynamic_update_slice_transpose_rule: the operand gets ct with the
 * window zeroed, the update gets the window. */
bool nb_vjp_dynamic_update_slice(nb_builder *b, MlirOperation op, const MlirValue *cts,
                                 MlirValue *out) {
  for (int i = 0; i < n_operands(op); i++)
    out[i] = none();
  if (!nb_ad_is_float(ans(op)))
    return true;
  MlirValue u = arg(op, 1), starts[MAX_RANK];
  int n = starts_of(op, 2, starts);
  int64_t sizes[MAX_RANK];
  for (int i = 0; i < n; i++)
    sizes[i] = dim_of(u, i);
  out[0] = dynamic_update_slice(b, cts[0], nbb_zeros(b, type_of(u)), n, starts);
  out[1] = dynamic_slice(b, cts[0], n, starts, sizes);
  return true;
}

/* _dynamic_update_slice_batching_rule: with unbatched starts operand and
 * update share the batch dim (an unbatched one is broadcast), written at
 * start 0 of it; batched starts make it a scatter (clamped, as JAX's). */
bool nb_batch_dynamic_update_slice(nb_builder *b, MlirOperation op, const MlirValue *args,
                                   const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  if (any_batched(dims, 2, n_operands(op))) { /* a scatter, as JAX's rule */
    int n = n_operands(op) - 2;
    MlirValue idx = batched_index_vector(b, args + 2, dims + 2, n, nb_batch_size(args, dims, 2 + n));
    nb_index_dims sd = whole_window_dims(n);
    int64_t sdims[3] = {dims[0], 0, dims[1]};
    return nb_batch_scatter_dims(b, "nabla.scatter", args[0], idx, args[1], sdims, &sd, "clip", out,
                                 out_dims);
  }
  int64_t d = dims[0] >= 0 ? dims[0] : dims[1], size = nb_batch_size(args, dims, 2);
  MlirValue x = nb_batch_move(b, args[0], dims[0], d, size);
  MlirValue u = nb_batch_move(b, args[1], dims[1], d, size);
  MlirValue starts[MAX_RANK + 1];
  int n = starts_with_batch(b, op, 2, d, starts);
  out[0] = dynamic_update_slice(b, x, u, n, starts);
  out_dims[0] = d;
  return true;
}
