/* nabla_build.c — nabla ops created from C passes (the nbb_* builders of
 * autodiff.h).
 *
 * Autodiff rules and the transform pass emit nabla ops, not linalg, so that
 * their output can be transformed again (grad of grad, jvp of grad). These
 * builders infer each result type the way lax's shape rules do (the same
 * relations lowering/verify/verify.c checks), so a rule only names what it wants:
 * "sum x over dims 0 and 2", "contract these dims". Operands must already
 * agree: nothing here broadcasts or promotes. At the end, the helpers the
 * rule files share (ad_rules.h), here at the bottom of the room's call
 * graph so that no rule file calls into another. */
#include "ad_rules.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"

enum { MAX_RANK = NB_IR_MAX_RANK };

static MlirType tensor_of(int rank, const int64_t *dims, MlirType elem) {
  return mlirRankedTensorTypeGet(rank, dims, elem, mlirAttributeGetNull());
}

/* t's shape with element type el. */
static MlirType with_elem(MlirType t, MlirType el) {
  int rank = (int)mlirShapedTypeGetRank(t);
  int64_t dims[MAX_RANK];
  for (int i = 0; i < rank; i++)
    dims[i] = mlirShapedTypeGetDimSize(t, i);
  return tensor_of(rank, dims, el);
}

static MlirType elem_of(MlirValue x) {
  return mlirShapedTypeGetElementType(mlirValueGetType(x));
}

static int rank_of(MlirValue x) { return (int)mlirShapedTypeGetRank(mlirValueGetType(x)); }

static int64_t dim_of(MlirValue x, int i) {
  return mlirShapedTypeGetDimSize(mlirValueGetType(x), i);
}

static MlirNamedAttribute i64s(nb_builder *b, const char *name, int n, const int64_t *v) {
  return nb_named(b->ctx, name, mlirDenseI64ArrayGet(b->ctx, n, v));
}

MlirValue nbb_op(nb_builder *b, const char *name, int n, const MlirValue *operands,
                 MlirType result, int n_attrs, const MlirNamedAttribute *attrs) {
  return mlirOperationGetResult(nb_build_op(b, name, n, operands, 1, &result, n_attrs, attrs),
                                0);
}

MlirValue nbb_unary(nb_builder *b, const char *name, MlirValue x) {
  return nbb_op(b, name, 1, &x, mlirValueGetType(x), 0, NULL);
}

MlirValue nbb_binary(nb_builder *b, const char *name, MlirValue x, MlirValue y) {
  MlirValue xs[2] = {x, y};
  return nbb_op(b, name, 2, xs, mlirValueGetType(x), 0, NULL);
}

/* A splat dense attribute keeps the constant one element big in the IR
 * whatever the shape; nabla-simplify folds through splats. */
MlirValue nbb_full(nb_builder *b, MlirType t, double v) {
  MlirType el = mlirShapedTypeGetElementType(t);
  MlirAttribute splat;
  if (mlirTypeIsAFloat(el))
    splat = mlirDenseElementsAttrSplatGet(t, mlirFloatAttrDoubleGet(b->ctx, el, v));
  else if (mlirTypeIsAInteger(el) && mlirIntegerTypeGetWidth(el) == 1)
    splat = mlirDenseElementsAttrBoolSplatGet(t, v != 0);
  else
    splat = mlirDenseElementsAttrSplatGet(t, mlirIntegerAttrGet(el, (int64_t)v));
  MlirNamedAttribute a = nb_named(b->ctx, "value", splat);
  return nbb_op(b, "nabla.constant", 0, NULL, t, 1, &a);
}

MlirValue nbb_full_like(nb_builder *b, MlirValue x, double v) {
  return nbb_full(b, mlirValueGetType(x), v);
}

MlirValue nbb_integer_pow(nb_builder *b, MlirValue x, int64_t y) {
  MlirNamedAttribute a =
      nb_named(b->ctx, "y", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), y));
  return nbb_op(b, "nabla.integer_pow", 1, &x, mlirValueGetType(x), 1, &a);
}

MlirValue nbb_compare(nb_builder *b, const char *direction, MlirValue x, MlirValue y) {
  MlirValue xs[2] = {x, y};
  MlirNamedAttribute a = nb_named(
      b->ctx, "direction", mlirStringAttrGet(b->ctx, mlirStringRefCreateFromCString(direction)));
  return nbb_op(b, "nabla.compare", 2, xs, with_elem(mlirValueGetType(x), mlirIntegerTypeGet(b->ctx, 1)),
                1, &a);
}

MlirValue nbb_select(nb_builder *b, MlirValue pred, MlirValue on_true, MlirValue on_false) {
  MlirValue xs[3] = {pred, on_true, on_false};
  return nbb_op(b, "nabla.select", 3, xs, mlirValueGetType(on_true), 0, NULL);
}

MlirValue nbb_convert(nb_builder *b, MlirValue x, MlirType element) {
  if (mlirTypeEqual(elem_of(x), element))
    return x;
  return nbb_op(b, "nabla.convert", 1, &x, with_elem(mlirValueGetType(x), element), 0, NULL);
}

MlirValue nbb_broadcast_in_dim(nb_builder *b, MlirValue x, MlirType result, int n,
                               const int64_t *dims) {
  if (mlirTypeEqual(mlirValueGetType(x), result))
    return x; /* same type: every dim maps to itself */
  MlirNamedAttribute a = i64s(b, "broadcast_dimensions", n, dims);
  return nbb_op(b, "nabla.broadcast_in_dim", 1, &x, result, 1, &a);
}

MlirValue nbb_reshape(nb_builder *b, MlirValue x, MlirType result) {
  if (mlirTypeEqual(mlirValueGetType(x), result))
    return x;
  return nbb_op(b, "nabla.reshape", 1, &x, result, 0, NULL);
}

MlirValue nbb_transpose(nb_builder *b, MlirValue x, int n, const int64_t *perm) {
  int64_t dims[MAX_RANK];
  bool identity = true;
  for (int i = 0; i < n; i++) {
    dims[i] = dim_of(x, (int)perm[i]);
    identity = identity && perm[i] == i;
  }
  if (identity)
    return x;
  MlirNamedAttribute a = i64s(b, "permutation", n, perm);
  return nbb_op(b, "nabla.transpose", 1, &x, tensor_of(n, dims, elem_of(x)), 1, &a);
}

MlirValue nbb_reduce(nb_builder *b, const char *name, MlirValue x, int n, const int64_t *dims) {
  if (n == 0)
    return x;
  bool reduced[MAX_RANK] = {false};
  for (int i = 0; i < n; i++)
    reduced[dims[i]] = true;
  int64_t out[MAX_RANK];
  int rank = 0;
  for (int i = 0; i < rank_of(x); i++)
    if (!reduced[i])
      out[rank++] = dim_of(x, i);
  MlirNamedAttribute a = i64s(b, "dimensions", n, dims);
  return nbb_op(b, name, 1, &x, tensor_of(rank, out, elem_of(x)), 1, &a);
}

/* strides == NULL: all 1. */
MlirValue nbb_slice(nb_builder *b, MlirValue x, const int64_t *start, const int64_t *limit,
                    const int64_t *strides) {
  int rank = rank_of(x);
  int64_t dims[MAX_RANK], ones[MAX_RANK];
  bool whole = true;
  for (int i = 0; i < rank; i++) {
    ones[i] = 1;
    int64_t st = strides ? strides[i] : 1;
    dims[i] = (limit[i] - start[i] + st - 1) / st;
    whole = whole && start[i] == 0 && limit[i] == dim_of(x, i) && st == 1;
  }
  if (whole)
    return x;
  MlirNamedAttribute a[3] = {i64s(b, "start_indices", rank, start),
                             i64s(b, "limit_indices", rank, limit),
                             i64s(b, "strides", rank, strides ? strides : ones)};
  return nbb_op(b, "nabla.slice", 1, &x, tensor_of(rank, dims, elem_of(x)), 3, a);
}

/* lax.dot_general's shape rule: batch dims, then lhs free, then rhs free. */
MlirValue nbb_dot_general(nb_builder *b, MlirValue lhs, MlirValue rhs, const nbb_dot_dims *d) {
  bool lused[MAX_RANK] = {false}, rused[MAX_RANK] = {false};
  int64_t dims[MAX_RANK];
  int rank = 0;
  for (int i = 0; i < d->n_lb; i++) {
    dims[rank++] = dim_of(lhs, (int)d->lb[i]);
    lused[d->lb[i]] = true;
  }
  for (int i = 0; i < d->n_lc; i++)
    lused[d->lc[i]] = true;
  for (int i = 0; i < d->n_rb; i++)
    rused[d->rb[i]] = true;
  for (int i = 0; i < d->n_rc; i++)
    rused[d->rc[i]] = true;
  for (int i = 0; i < rank_of(lhs); i++)
    if (!lused[i])
      dims[rank++] = dim_of(lhs, i);
  for (int i = 0; i < rank_of(rhs); i++)
    if (!rused[i])
      dims[rank++] = dim_of(rhs, i);
  MlirValue xs[2] = {lhs, rhs};
  MlirNamedAttribute a[4] = {i64s(b, "lhs_batch_dimensions", d->n_lb, d->lb),
                             i64s(b, "rhs_batch_dimensions", d->n_rb, d->rb),
                             i64s(b, "lhs_contracting_dimensions", d->n_lc, d->lc),
                             i64s(b, "rhs_contracting_dimensions", d->n_rc, d->rc)};
  return nbb_op(b, "nabla.dot_general", 2, xs, tensor_of(rank, dims, elem_of(lhs)), 4, a);
}

/* JAX's _unbroadcast / broadcast_in_dim transpose rule: sum the dims the
 * broadcast added, and the size-1 operand dims it stretched; the sum drops
 * the stretched dims too, so a reshape puts their 1s back. */
MlirValue nbb_unbroadcast(nb_builder *b, MlirValue x, MlirType to, int n, const int64_t *dims) {
  bool kept[MAX_RANK] = {false};
  int64_t sum[MAX_RANK];
  int n_sum = 0;
  for (int i = 0; i < n; i++)
    kept[dims[i]] = mlirShapedTypeGetDimSize(to, i) == dim_of(x, (int)dims[i]);
  for (int i = 0; i < rank_of(x); i++)
    if (!kept[i])
      sum[n_sum++] = i;
  return nbb_reshape(b, nbb_reduce(b, "nabla.reduce_sum", x, n_sum, sum), to);
}

/* ---- shared by the rule files (the tables jvp.c, vjp.c, batch.c and the
 * family files rules_*.c, sort_rules.c; simplify.c reads attributes too) ----
 * Here, below them all, so that no rule file calls into another. */

bool nb_ad_is_float(MlirValue v) {
  return mlirTypeIsAFloat(mlirShapedTypeGetElementType(mlirValueGetType(v)));
}

int nb_ad_i64s(MlirOperation op, const char *name, int64_t *out) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
  int n = (int)mlirDenseArrayGetNumElements(a);
  for (int i = 0; i < n && i < MAX_RANK; i++)
    out[i] = mlirDenseI64ArrayGetElement(a, i);
  return n;
}

MlirValue nb_ad_clone_as(nb_builder *b, MlirOperation op, const MlirValue *operands,
                         MlirType result) {
  intptr_t na = mlirOperationGetNumAttributes(op);
  MlirNamedAttribute attrs[na > 0 ? na : 1];
  for (intptr_t i = 0; i < na; i++)
    attrs[i] = mlirOperationGetAttribute(op, i);
  return nbb_op(b, nb_op_name(op), (int)mlirOperationGetNumOperands(op), operands, result,
                (int)na, attrs);
}

MlirValue nb_ad_clone(nb_builder *b, MlirOperation op, const MlirValue *operands) {
  return nb_ad_clone_as(b, op, operands, mlirValueGetType(mlirOperationGetResult(op, 0)));
}

int64_t nb_batch_size(const MlirValue *args, const int64_t *dims, int n) {
  for (int i = 0; i < n; i++)
    if (dims[i] >= 0)
      return mlirShapedTypeGetDimSize(mlirValueGetType(args[i]), (int)dims[i]);
  return 1;
}

MlirType nb_batch_type(MlirType t, int64_t dim, int64_t size) {
  int64_t dims[MAX_RANK + 1];
  int r = (int)mlirShapedTypeGetRank(t), k = 0;
  for (int i = 0; i <= r; i++)
    dims[i] = i == dim ? size : mlirShapedTypeGetDimSize(t, k++);
  return mlirRankedTensorTypeGet(r + 1, dims, mlirShapedTypeGetElementType(t),
                                 mlirAttributeGetNull());
}

MlirValue nb_batch_move(nb_builder *b, MlirValue x, int64_t from, int64_t to, int64_t size) {
  MlirType t = mlirValueGetType(x);
  int r = (int)mlirShapedTypeGetRank(t);
  int64_t v[MAX_RANK + 1];
  if (from < 0) { /* operand dim i lands on result dim i, skipping `to` */
    for (int i = 0; i < r; i++)
      v[i] = i < to ? i : i + 1;
    return nbb_broadcast_in_dim(b, x, nb_batch_type(t, to, size), r, v);
  }
  if (from == to)
    return x;
  /* The dims other than `from`, in order, with `from` slotted in at `to`. */
  for (int q = 0, k = 0; q < r; q++) {
    if (k == from)
      k++;
    v[q] = q == to ? from : k++;
  }
  return nbb_transpose(b, x, r, v);
}
