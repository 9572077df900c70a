/* shape.c — nabla-to-linalg for constant, iota and the shape ops
 * (broadcast_in_dim, transpose, reshape, slice, pad, rev, concatenate). */
#include "lower.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- constant, iota ---- */

/* A dense attribute of an unsigned type, rebuilt on the signless type with
 * the same bytes (arith.constant accepts only signless integers). */
static MlirAttribute signless_dense(MlirAttribute v) {
  MlirType t = mlirAttributeGetType(v), st = nb_signless(t);
  if (mlirTypeEqual(t, st))
    return v;
  int64_t n = mlirDenseElementsAttrIsSplat(v) ? 1 : num_elements(t);
  size_t bytes = (size_t)n * (mlirIntegerTypeGetWidth(mlirShapedTypeGetElementType(t)) / 8);
  return mlirDenseElementsAttrRawBufferGet(st, bytes, mlirDenseElementsAttrGetRawData(v));
}

MlirValue nbl_constant(lowering *l) {
  return nb_build_constant(&l->b, signless_dense(attr(l, "value")));
}

static MlirValue iota_body(nb_builder *b, const MlirValue *args, void *user) {
  (void)args;
  lowering *l = user;
  MlirNamedAttribute d =
      nb_named(b->ctx, "dim", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64),
                                                 mlirIntegerAttrGetValueInt(attr(l, "dimension"))));
  MlirType index = mlirIndexTypeGet(b->ctx);
  MlirValue i = mlirOperationGetResult(nb_build_op(b, "linalg.index", 0, NULL, 1, &index, 1, &d), 0);
  if (!nb_dtype_is_float(l->out_dt))
    return nb_build_cast(b, nb_dtype_is_unsigned(l->out_dt) ? "arith.index_castui" : "arith.index_cast",
                         i, l->out_elem);
  MlirValue i64 = nb_build_cast(b, "arith.index_cast", i, mlirIntegerTypeGet(b->ctx, 64));
  return nb_build_cast(b, "arith.sitofp", i64, l->out_elem);
}

MlirValue nbl_iota(lowering *l) {
  MlirAttribute map = nb_identity_map(l->b.ctx, l->rank);
  nb_generic g = {.n_loops = l->rank, .maps = &map,
                  .init = nb_build_empty(&l->b, l->out_type), .body = iota_body, .user = l};
  return nb_build_generic(&l->b, &g);
}

/* ---- shape ops ---- */

static MlirValue yield_input(nb_builder *b, const MlirValue *args, void *user) {
  (void)b, (void)user;
  return args[0];
}

/* A copy through a generic whose input map is `in_dims` (see nb_map_attr). */
static MlirValue lower_with_input_map(lowering *l, int n_in, const int *in_dims) {
  MlirAttribute maps[2] = {nb_map_attr(l->b.ctx, l->rank, n_in, in_dims),
                           nb_identity_map(l->b.ctx, l->rank)};
  MlirValue x = operand(l, 0);
  nb_generic g = {.n_loops = l->rank, .n_inputs = 1, .inputs = &x, .maps = maps,
                  .init = nb_build_empty(&l->b, l->out_type), .body = yield_input};
  return nb_build_generic(&l->b, &g);
}

/* Operand dim i reads result loop dim bdims[i], or index 0 where it has size
 * 1 and the result dim is larger (the broadcast case). */
MlirValue nbl_broadcast_in_dim(lowering *l) {
  int64_t bd[MAX_RANK];
  int n, in_dims[MAX_RANK];
  read_i64s(attr(l, "broadcast_dimensions"), bd, &n);
  MlirValue x = operand(l, 0);
  for (int i = 0; i < n; i++)
    in_dims[i] = dim(x, i) == 1 && mlirShapedTypeGetDimSize(l->out_type, bd[i]) != 1
                     ? -1 : (int)bd[i];
  return lower_with_input_map(l, n, in_dims);
}

/* result[.., i, ..] = x[.., i at operand dim perm[i], ..] */
MlirValue nbl_transpose(lowering *l) {
  int64_t p[MAX_RANK];
  int n, in_dims[MAX_RANK];
  read_i64s(attr(l, "permutation"), p, &n);
  for (int i = 0; i < n; i++)
    in_dims[p[i]] = i;
  return lower_with_input_map(l, n, in_dims);
}

/* tensor.collapse_shape / expand_shape with reassociation groups: either all
 * dims in one group (to or from rank 1), or none (to or from rank 0). */
static MlirValue reshape_step(lowering *l, const char *name, MlirValue x, MlirType to,
                              int grouped_rank) {
  char text[512];
  size_t n = (size_t)snprintf(text, sizeof text, grouped_rank ? "[[" : "[");
  for (int i = 0; i < grouped_rank; i++)
    n += (size_t)snprintf(text + n, sizeof text - n, i ? ", %d" : "%d", i);
  snprintf(text + n, sizeof text - n, grouped_rank ? "]]" : "]");
  MlirNamedAttribute attrs[2] = {nb_named(l->b.ctx, "reassociation", nb_parse_attr(l->b.ctx, "%s", text))};
  int n_attrs = 1;
  if (strcmp(name, "tensor.expand_shape") == 0) {
    int r = (int)mlirShapedTypeGetRank(to);
    int64_t dims[MAX_RANK];
    for (int i = 0; i < r; i++)
      dims[i] = mlirShapedTypeGetDimSize(to, i);
    attrs[n_attrs++] = nb_named(l->b.ctx, "static_output_shape",
                                mlirDenseI64ArrayGet(l->b.ctx, r, dims));
  }
  return mlirOperationGetResult(nb_build_op(&l->b, name, 1, &x, 1, &to, n_attrs, attrs), 0);
}

/* Row-major reshape = collapse to 1-D, then expand to the result shape
 * (through rank 0 when either side is a scalar); canonicalize folds the pair
 * into a direct reassociation where one exists. */
MlirValue nbl_reshape(lowering *l) {
  MlirValue x = operand(l, 0);
  int in_rank = rank_of(x);
  if (mlirTypeEqual(nb_signless(mlirValueGetType(x)), l->out_type))
    return x;
  int flat_rank = in_rank == 0 || l->rank == 0 ? 0 : 1;
  int64_t count = num_elements(l->out_type);
  MlirType flat = mlirRankedTensorTypeGet(flat_rank, &count, l->out_elem,
                                          mlirAttributeGetNull());
  if (in_rank != flat_rank)
    x = reshape_step(l, "tensor.collapse_shape", x, flat, flat_rank ? in_rank : 0);
  if (l->rank == flat_rank)
    return x;
  return reshape_step(l, "tensor.expand_shape", x, l->out_type, flat_rank ? l->rank : 0);
}

MlirValue nbl_slice(lowering *l) {
  int64_t s[MAX_RANK], lim[MAX_RANK], st[MAX_RANK], sizes[MAX_RANK];
  int n;
  read_i64s(attr(l, "start_indices"), s, &n);
  read_i64s(attr(l, "limit_indices"), lim, &n);
  read_i64s(attr(l, "strides"), st, &n);
  for (int i = 0; i < n; i++)
    sizes[i] = mlirShapedTypeGetDimSize(l->out_type, i);
  MlirContext c = l->b.ctx;
  MlirNamedAttribute attrs[4] = {
      nb_named(c, "static_offsets", mlirDenseI64ArrayGet(c, n, s)),
      nb_named(c, "static_sizes", mlirDenseI64ArrayGet(c, n, sizes)),
      nb_named(c, "static_strides", mlirDenseI64ArrayGet(c, n, st)),
      nb_named(c, "operandSegmentSizes", nb_parse_attr(c, "array<i32: 1, 0, 0, 0>")),
  };
  MlirValue x = operand(l, 0);
  /* tensor.extract_slice's verifier wants every offset inside the operand,
   * even for an empty slice at the end of an axis: nothing to extract */
  if (num_elements(l->out_type) == 0)
    return nb_build_empty(&l->b, l->out_type);
  return mlirOperationGetResult(
      nb_build_op(&l->b, "tensor.extract_slice", 1, &x, 1, &l->out_type, 4, attrs), 0);
}

/* lax.pad: a fill with the padding value, then x inserted at offset `low`
 * with stride interior + 1 (the verifier keeps every amount >= 0). */
MlirValue nbl_pad(lowering *l) {
  int64_t lo[MAX_RANK], in[MAX_RANK], sizes[MAX_RANK];
  int n;
  read_i64s(attr(l, "edge_padding_low"), lo, &n);
  read_i64s(attr(l, "interior_padding"), in, &n);
  MlirValue x = operand(l, 0), pv = operand(l, 1);
  for (int i = 0; i < n; i++) {
    sizes[i] = dim(x, i);
    in[i] += 1;
  }
  MlirValue scalar = mlirOperationGetResult(
      nb_build_op(&l->b, "tensor.extract", 1, &pv, 1, &l->out_elem, 0, NULL), 0);
  MlirValue ins[2] = {x, nb_build_fill(&l->b, l->out_type, scalar)};
  if (num_elements(mlirValueGetType(x)) == 0) /* all padding (its offset may be past the end) */
    return ins[1];
  MlirContext c = l->b.ctx;
  MlirNamedAttribute attrs[4] = {
      nb_named(c, "static_offsets", mlirDenseI64ArrayGet(c, n, lo)),
      nb_named(c, "static_sizes", mlirDenseI64ArrayGet(c, n, sizes)),
      nb_named(c, "static_strides", mlirDenseI64ArrayGet(c, n, in)),
      nb_named(c, "operandSegmentSizes", nb_parse_attr(c, "array<i32: 1, 1, 0, 0, 0>")),
  };
  return mlirOperationGetResult(
      nb_build_op(&l->b, "tensor.insert_slice", 2, ins, 1, &l->out_type, 4, attrs), 0);
}


/* ---- rev, concatenate ---- */

/* lax.rev: a copy whose input map reads index size-1-i on each reversed
 * dim (affine, so linalg keeps it one parallel generic). */
MlirValue nbl_rev(lowering *l) {
  int64_t d[MAX_RANK];
  int n;
  bool rev[MAX_RANK] = {false};
  read_i64s(attr(l, "dimensions"), d, &n);
  for (int i = 0; i < n; i++)
    rev[d[i]] = true;
  char text[1024];
  size_t k = (size_t)snprintf(text, sizeof text, "affine_map<(");
  for (int i = 0; i < l->rank; i++)
    k += (size_t)snprintf(text + k, sizeof text - k, i ? ", d%d" : "d%d", i);
  k += (size_t)snprintf(text + k, sizeof text - k, ") -> (");
  for (int i = 0; i < l->rank; i++) {
    int64_t size = mlirShapedTypeGetDimSize(l->out_type, i);
    k += (size_t)snprintf(text + k, sizeof text - k, i ? ", " : "");
    if (rev[i])
      k += (size_t)snprintf(text + k, sizeof text - k, "%lld - d%d", (long long)(size - 1), i);
    else
      k += (size_t)snprintf(text + k, sizeof text - k, "d%d", i);
  }
  snprintf(text + k, sizeof text - k, ")>");
  MlirAttribute maps[2] = {nb_parse_attr(l->b.ctx, "%s", text),
                           nb_identity_map(l->b.ctx, l->rank)};
  MlirValue x = operand(l, 0);
  nb_generic g = {.n_loops = l->rank, .n_inputs = 1, .inputs = &x, .maps = maps,
                  .init = nb_build_empty(&l->b, l->out_type), .body = yield_input};
  return nb_build_generic(&l->b, &g);
}

/* x inserted into `into` at `offset` along dim (stride 1). */
static MlirValue insert_at(lowering *l, MlirValue x, MlirValue into, int dim, int64_t offset) {
  int n = rank_of(x);
  if (num_elements(mlirValueGetType(x)) == 0) /* its offset may be past the end */
    return into;
  int64_t off[MAX_RANK] = {0}, sizes[MAX_RANK], ones[MAX_RANK];
  for (int i = 0; i < n; i++) {
    sizes[i] = mlirShapedTypeGetDimSize(mlirValueGetType(x), i);
    ones[i] = 1;
  }
  off[dim] = offset;
  MlirContext c = l->b.ctx;
  MlirNamedAttribute attrs[4] = {
      nb_named(c, "static_offsets", mlirDenseI64ArrayGet(c, n, off)),
      nb_named(c, "static_sizes", mlirDenseI64ArrayGet(c, n, sizes)),
      nb_named(c, "static_strides", mlirDenseI64ArrayGet(c, n, ones)),
      nb_named(c, "operandSegmentSizes", nb_parse_attr(c, "array<i32: 1, 1, 0, 0, 0>")),
  };
  MlirValue ins[2] = {x, into};
  return mlirOperationGetResult(
      nb_build_op(&l->b, "tensor.insert_slice", 2, ins, 1, &l->out_type, 4, attrs), 0);
}

/* lax.concatenate of two: lhs at offset 0, rhs after it, into one tensor. */
MlirValue nbl_concatenate(lowering *l) {
  int d = (int)mlirIntegerAttrGetValueInt(attr(l, "dimension"));
  MlirValue x = operand(l, 0), y = operand(l, 1);
  MlirValue out = insert_at(l, x, nb_build_empty(&l->b, l->out_type), d, 0);
  return insert_at(l, y, out, d, dim(x, d));
}
