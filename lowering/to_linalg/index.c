/* index.c — nabla-to-linalg for the indexing ops: dynamic_slice and
 * dynamic_update_slice become tensor.extract_slice / tensor.insert_slice
 * with dynamic offsets, so a slice touches only the elements it reads and
 * one-shot bufferization writes an update in place when the operand is dead.
 *
 * Start indices are clamped into [0, dim - size] as XLA does (lax's
 * dynamic_slice never reads out of bounds). */
#include "lower.h"

#include <mlir-c/BuiltinTypes.h>

MlirValue nbl_index_in(nb_builder *b, MlirValue s, bool is_unsigned, int64_t hi,
                       MlirValue *in_bounds) {
  MlirType index = mlirIndexTypeGet(b->ctx);
  MlirValue i = nb_build_cast(b, is_unsigned ? "arith.index_castui" : "arith.index_cast", s, index);
  MlirValue top = nb_build_int(b, index, hi), zero = nb_build_int(b, index, 0);
  if (in_bounds) {
    MlirValue le = nb_build_cmp(b, "arith.cmpi", is_unsigned ? I_ULE : I_SLE, i, top);
    *in_bounds = is_unsigned ? le
                             : nb_build2(b, "arith.andi", le,
                                         nb_build_cmp(b, "arith.cmpi", I_SGE, i, zero));
  }
  if (is_unsigned)
    return nb_build2(b, "arith.minui", i, top);
  return nb_build2(b, "arith.maxsi", nb_build2(b, "arith.minsi", i, top), zero);
}

/* The scalar of a rank-0 tensor, as an index clamped into [0, hi]
 * (hi = dim - size >= 0): unsigned starts compare unsigned, so a huge ui64
 * start clamps to hi as XLA's does, not to 0. */
MlirValue nbl_clamped_index(nb_builder *b, MlirValue t, bool is_unsigned, int64_t hi) {
  MlirType elem = nb_element_type(t);
  MlirValue s = mlirOperationGetResult(nb_build_op(b, "tensor.extract", 1, &t, 1, &elem, 0, NULL), 0);
  return nbl_index_in(b, s, is_unsigned, hi, NULL);
}

/* The clamped offsets of the starts operands first.. for a window of
 * `sizes` in x. */
static void clamped_offsets(lowering *l, int first, MlirValue x, const int64_t *sizes,
                            MlirValue *out) {
  int n = rank_of(x);
  for (int i = 0; i < n; i++) {
    MlirValue s = operand(l, first + i);
    out[i] = nbl_clamped_index(&l->b, s, nb_dtype_is_unsigned(nb_tensor_dtype(mlirValueGetType(s))),
                               dim(x, i) - sizes[i]);
  }
}

/* The static_* attributes of an extract/insert_slice with every offset
 * dynamic, unit strides. */
static void slice_attrs(MlirContext c, int n, const int64_t *sizes, MlirNamedAttribute *attrs) {
  int64_t dyn[MAX_RANK], ones[MAX_RANK];
  for (int i = 0; i < n; i++)
    dyn[i] = mlirShapedTypeGetDynamicStrideOrOffset(), ones[i] = 1;
  attrs[0] = nb_named(c, "static_offsets", mlirDenseI64ArrayGet(c, n, dyn));
  attrs[1] = nb_named(c, "static_sizes", mlirDenseI64ArrayGet(c, n, sizes));
  attrs[2] = nb_named(c, "static_strides", mlirDenseI64ArrayGet(c, n, ones));
}

MlirValue nbl_dynamic_slice(lowering *l) {
  int64_t sizes[MAX_RANK];
  int n;
  read_i64s(attr(l, "slice_sizes"), sizes, &n);
  MlirValue ops[1 + MAX_RANK];
  ops[0] = operand(l, 0);
  clamped_offsets(l, 1, ops[0], sizes, ops + 1);
  MlirNamedAttribute attrs[4];
  slice_attrs(l->b.ctx, n, sizes, attrs);
  attrs[3] = nb_named(l->b.ctx, "operandSegmentSizes",
                      nb_parse_attr(l->b.ctx, "array<i32: 1, %d, 0, 0>", n));
  return mlirOperationGetResult(
      nb_build_op(&l->b, "tensor.extract_slice", 1 + n, ops, 1, &l->out_type, 4, attrs), 0);
}

MlirValue nbl_dynamic_update_slice(lowering *l) {
  MlirValue x = operand(l, 0), u = operand(l, 1);
  int n = rank_of(x);
  int64_t sizes[MAX_RANK];
  for (int i = 0; i < n; i++)
    sizes[i] = dim(u, i);
  MlirValue ops[2 + MAX_RANK] = {u, x};
  clamped_offsets(l, 2, x, sizes, ops + 2);
  MlirNamedAttribute attrs[4];
  slice_attrs(l->b.ctx, n, sizes, attrs);
  attrs[3] = nb_named(l->b.ctx, "operandSegmentSizes",
                      nb_parse_attr(l->b.ctx, "array<i32: 1, 1, %d, 0, 0>", n));
  return mlirOperationGetResult(
      nb_build_op(&l->b, "tensor.insert_slice", 2 + n, ops, 1, &l->out_type, 4, attrs), 0);
}
