/* sort_rules.c — nabla.sort_key_val's and nabla.sort's JVP, VJP and batching rules.
 *
 * Keys are integers, so only values carry derivatives. The permutation a
 * sort applies depends on the keys alone, so JAX's gather by the sorting
 * permutation is another sort by the same keys:
 *   jvp:  dv_sorted = sort_key_val(keys, dv).values
 *   vjp:  out[i] = v[perm[i]] with perm = sort_key_val(keys, iota).values,
 *         whose transpose scatters ct[i] to perm[i]: sorting ct by perm
 *         (a permutation of 0..n-1 along the dimension) does exactly that. */
#include "ad_rules.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"

static MlirNamedAttribute dim_attr(nb_builder *b, int64_t d) {
  return nb_named(b->ctx, "dimension", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), d));
}

static int64_t dimension(MlirOperation op) {
  return mlirIntegerAttrGetValueInt(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("dimension")));
}

static MlirOperation sort_kv(nb_builder *b, MlirValue keys, MlirValue values, int64_t d) {
  MlirValue xs[2] = {keys, values};
  MlirType ts[2] = {mlirValueGetType(keys), mlirValueGetType(values)};
  MlirNamedAttribute a = dim_attr(b, d);
  return nb_build_op(b, "nabla.sort_key_val", 2, xs, 2, ts, 1, &a);
}

bool nb_jvp_sort_key_val(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  MlirValue vals = mlirOperationGetOperand(op, 1);
  out[0] = out[1] = (MlirValue){NULL};
  if (!mlirValueIsNull(t[1]) && nb_ad_is_float(vals))
    out[1] = mlirOperationGetResult(sort_kv(b, mlirOperationGetOperand(op, 0), t[1], dimension(op)), 1);
  return true;
}

bool nb_vjp_sort_key_val(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  MlirValue keys = mlirOperationGetOperand(op, 0), vals = mlirOperationGetOperand(op, 1);
  out[0] = out[1] = (MlirValue){NULL};
  if (mlirValueIsNull(cts[1]) || !nb_ad_is_float(vals))
    return true;
  int64_t d = dimension(op);
  MlirType kt = mlirValueGetType(keys);
  int rank = (int)mlirShapedTypeGetRank(kt);
  int64_t dims[rank > 0 ? rank : 1];
  for (int i = 0; i < rank; i++)
    dims[i] = mlirShapedTypeGetDimSize(kt, i);
  MlirType it = mlirRankedTensorTypeGet(rank, dims, mlirIntegerTypeGet(b->ctx, 32), mlirAttributeGetNull());
  MlirNamedAttribute a = dim_attr(b, d);
  MlirValue iota = nbb_op(b, "nabla.iota", 0, NULL, it, 1, &a);
  MlirValue perm = mlirOperationGetResult(sort_kv(b, keys, iota, d), 1);
  out[1] = mlirOperationGetResult(sort_kv(b, perm, cts[1], d), 1);
  return true;
}

/* _sort_batch_rule: both operands meet at one batch dim (an unbatched one is
 * broadcast there) and the sort dimension moves past it. */
bool nb_batch_sort_key_val(nb_builder *b, MlirOperation op, const MlirValue *args,
                           const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t bd = dims[0] >= 0 ? dims[0] : dims[1];
  int64_t size = mlirShapedTypeGetDimSize(mlirValueGetType(args[dims[0] >= 0 ? 0 : 1]), (int)bd);
  MlirValue k = nb_batch_move(b, args[0], dims[0], bd, size);
  MlirValue v = nb_batch_move(b, args[1], dims[1], bd, size);
  int64_t d = dimension(op);
  MlirOperation s = sort_kv(b, k, v, d >= bd ? d + 1 : d);
  for (int j = 0; j < 2; j++) {
    out[j] = mlirOperationGetResult(s, j);
    out_dims[j] = bd;
  }
  return true;
}

/* ---- nabla.sort (one operand) ---- */

/* lax's _float_to_int_for_sort in nabla ops (bf16 through f32): equal keys
 * for -0.0 and 0.0, the largest for every NaN, integer order = float order
 * (sort_one.c lowers the op with the same key). */
static MlirValue sort_key(nb_builder *b, MlirValue x) {
  if (nb_tensor_dtype(mlirValueGetType(x)) == NB_BF16)
    x = nbb_convert(b, x, mlirF32TypeGet(b->ctx));
  MlirType xt = mlirValueGetType(x);
  unsigned w = (unsigned)nb_dtype_bits(nb_tensor_dtype(xt));
  int rank = (int)mlirShapedTypeGetRank(xt);
  int64_t dims[rank > 0 ? rank : 1];
  for (int i = 0; i < rank; i++)
    dims[i] = mlirShapedTypeGetDimSize(xt, i);
  MlirType iel = mlirIntegerTypeGet(b->ctx, w);
  MlirType it = mlirRankedTensorTypeGet(rank, dims, iel, mlirAttributeGetNull());
  MlirNamedAttribute mv = nb_named(
      b->ctx, "value",
      mlirDenseElementsAttrSplatGet(
          it, mlirIntegerAttrGet(iel, w == 64 ? INT64_MAX : ((int64_t)1 << (w - 1)) - 1)));
  MlirValue max = nbb_op(b, "nabla.constant", 0, NULL, it, 1, &mv);
  MlirValue zero = nbb_full(b, it, 0);
  MlirValue s = nbb_op(b, "nabla.bitcast_convert", 1, &x, it, 0, NULL);
  s = nbb_select(b, nbb_compare(b, "ne", x, nbb_full_like(b, x, 0)), s, zero);
  s = nbb_select(b, nbb_compare(b, "ne", x, x), max, s);
  return nbb_select(b, nbb_compare(b, "lt", s, zero), nbb_sub(b, max, s), s);
}

bool nb_jvp_sort(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  MlirValue x = mlirOperationGetOperand(op, 0);
  out[0] = (MlirValue){NULL};
  if (!mlirValueIsNull(t[0]) && nb_ad_is_float(x))
    out[0] = mlirOperationGetResult(sort_kv(b, sort_key(b, x), t[0], dimension(op)), 1);
  return true;
}

bool nb_vjp_sort(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  MlirValue x = mlirOperationGetOperand(op, 0);
  out[0] = (MlirValue){NULL};
  if (mlirValueIsNull(cts[0]) || !nb_ad_is_float(x))
    return true;
  int64_t d = dimension(op);
  MlirValue key = sort_key(b, x);
  MlirType kt = mlirValueGetType(key);
  int rank = (int)mlirShapedTypeGetRank(kt);
  int64_t dims[rank > 0 ? rank : 1];
  for (int i = 0; i < rank; i++)
    dims[i] = mlirShapedTypeGetDimSize(kt, i);
  MlirType it =
      mlirRankedTensorTypeGet(rank, dims, mlirIntegerTypeGet(b->ctx, 32), mlirAttributeGetNull());
  MlirNamedAttribute a = dim_attr(b, d);
  MlirValue iota = nbb_op(b, "nabla.iota", 0, NULL, it, 1, &a);
  MlirValue perm = mlirOperationGetResult(sort_kv(b, key, iota, d), 1);
  out[0] = mlirOperationGetResult(sort_kv(b, perm, cts[0], d), 1);
  return true;
}

/* _sort_batch_rule for one operand: the dimension moves past the batch dim. */
bool nb_batch_sort(nb_builder *b, MlirOperation op, const MlirValue *args, const int64_t *dims,
                   MlirValue *out, int64_t *out_dims) {
  MlirNamedAttribute a = dim_attr(b, nb_batch_bump(dimension(op), dims[0]));
  out[0] = nbb_op(b, "nabla.sort", 1, &args[0], mlirValueGetType(args[0]), 1, &a);
  out_dims[0] = dims[0];
  return true;
}
