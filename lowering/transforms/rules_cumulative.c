/* rules_cumulative.c — cumsum, cumprod, cummax, cummin (jax/_src/lax/
 * control_flow/loops.py).
 *
 * cumsum is linear (ad.deflinear2): its VJP is the cumsum of the cotangent
 * the other way (_cumsum_transpose_rule). The others differentiate JAX's
 * parallel prefix scan (_cumulative_jvp_rule: jvp of associative_scan with
 * lax.mul / max / min), whose shape decides which ties of max/min share a
 * tangent: the rules build that same scan from nabla ops on x and run the
 * forward (JVP) or reverse (VJP) sweep over it, so every op's own rule
 * (slice, mul, max's balanced ties, pad, add, rev, ...) applies as in JAX.
 * Batching is _cumred_batch_rule: the axis moves past the batch dim. */
#include "ad_rules.h"

#include <stdio.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

enum { MAX_RANK = NB_IR_MAX_RANK };

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirValue ans(MlirOperation op) { return mlirOperationGetResult(op, 0); }
static MlirType type_of(MlirValue v) { return mlirValueGetType(v); }
static int rank_of(MlirValue v) { return (int)mlirShapedTypeGetRank(type_of(v)); }
static int64_t dim_of(MlirValue v, int i) { return mlirShapedTypeGetDimSize(type_of(v), i); }

static int64_t int_attr(MlirOperation op, const char *name) {
  return mlirIntegerAttrGetValueInt(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name)));
}
static MlirNamedAttribute i64_attr(nb_builder *b, const char *name, int64_t v) {
  return nb_named(b->ctx, name, mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), v));
}
static MlirNamedAttribute i64s(nb_builder *b, const char *name, int n, const int64_t *v) {
  return nb_named(b->ctx, name, mlirDenseI64ArrayGet(b->ctx, n, v));
}

static MlirType with_dim(MlirValue x, int axis, int64_t n) {
  int64_t d[MAX_RANK];
  for (int i = 0; i < rank_of(x); i++)
    d[i] = i == axis ? n : dim_of(x, i);
  return mlirRankedTensorTypeGet(rank_of(x), d, mlirShapedTypeGetElementType(type_of(x)),
                                 mlirAttributeGetNull());
}

/* lax.slice_in_dim(x, lo, hi, stride, axis). */
static MlirValue slice_dim(nb_builder *b, MlirValue x, int axis, int64_t lo, int64_t hi,
                           int64_t stride) {
  int64_t s[MAX_RANK], l[MAX_RANK], st[MAX_RANK];
  for (int i = 0; i < rank_of(x); i++)
    s[i] = 0, l[i] = dim_of(x, i), st[i] = 1;
  s[axis] = lo, l[axis] = hi, st[axis] = stride;
  return nbb_slice(b, x, s, l, st);
}

static MlirValue rev(nb_builder *b, MlirValue x, int axis) {
  int64_t d = axis;
  MlirNamedAttribute a = i64s(b, "dimensions", 1, &d);
  return nbb_op(b, "nabla.rev", 1, &x, type_of(x), 1, &a);
}

static MlirValue concat(nb_builder *b, MlirValue x, MlirValue y, int axis) {
  MlirValue ops[2] = {x, y};
  MlirNamedAttribute a = i64_attr(b, "dimension", axis);
  return nbb_op(b, "nabla.concatenate", 2, ops, with_dim(x, axis, dim_of(x, axis) + dim_of(y, axis)),
                1, &a);
}

/* lax.pad(x, 0, (lo, hi, interior) on axis). */
static MlirValue pad(nb_builder *b, MlirValue x, int axis, int64_t lo, int64_t hi) {
  int r = rank_of(x);
  int64_t l[MAX_RANK] = {0}, h[MAX_RANK] = {0}, in[MAX_RANK] = {0};
  l[axis] = lo, h[axis] = hi, in[axis] = 1;
  int64_t n = dim_of(x, axis);
  MlirValue ops[2] = {x, nbb_full(b, mlirRankedTensorTypeGet(0, NULL,
                                                             mlirShapedTypeGetElementType(type_of(x)),
                                                             mlirAttributeGetNull()), 0.0)};
  MlirNamedAttribute a[3] = {i64s(b, "edge_padding_low", r, l), i64s(b, "edge_padding_high", r, h),
                             i64s(b, "interior_padding", r, in)};
  return nbb_op(b, "nabla.pad", 2, ops, with_dim(x, axis, lo + hi + n + (n > 0 ? n - 1 : 0)), 3, a);
}

/* associative_scan's _interleave: a's elements at the even places, b's at
 * the odd ones, by adding the two zero-padded arrays. */
static MlirValue interleave(nb_builder *b, MlirValue x, MlirValue y, int axis) {
  bool same = dim_of(x, axis) == dim_of(y, axis);
  return nbb_add(b, pad(b, x, axis, 0, same ? 1 : 0), pad(b, y, axis, 1, same ? 0 : 1));
}

/* associative_scan's _scan with one combining op. */
static MlirValue scan(nb_builder *b, const char *fn, MlirValue x, int axis) {
  int64_t n = dim_of(x, axis);
  if (n < 2)
    return x;
  MlirValue reduced = nbb_binary(b, fn, slice_dim(b, x, axis, 0, n - 1, 2),
                                 slice_dim(b, x, axis, 1, n, 2));
  MlirValue odd = scan(b, fn, reduced, axis);
  MlirValue even;
  if (n == 2) /* JAX combines two empty arrays here: nothing */
    even = slice_dim(b, x, axis, 0, 1, 1);
  else {
    MlirValue left = n % 2 == 0 ? slice_dim(b, odd, axis, 0, dim_of(odd, axis) - 1, 1) : odd;
    even = nbb_binary(b, fn, left, slice_dim(b, x, axis, 2, n, 2));
    even = concat(b, slice_dim(b, x, axis, 0, 1, 1), even, axis);
  }
  return interleave(b, even, odd, axis);
}

static const char *combiner(MlirOperation op) {
  const char *name = nb_op_name(op);
  return strcmp(name, "nabla.cumprod") == 0  ? "nabla.mul"
         : strcmp(name, "nabla.cummax") == 0 ? "nabla.max"
                                              : "nabla.min";
}

/* associative_scan(fn, x, reverse, axis) emitted with b; the ops it made
 * (all between `after` and b's insertion point) are collected into ops. */
static MlirValue emit_scan(nb_builder *b, MlirOperation op, nb_op_list *ops) {
  int axis = (int)int_attr(op, "axis");
  bool reverse = int_attr(op, "reverse") != 0;
  MlirOperation last = mlirOperationIsNull(b->anchor) ? (MlirOperation){NULL} : b->anchor;
  MlirOperation before = {NULL};
  if (mlirOperationIsNull(last)) { /* appending: remember the block's last op */
    for (MlirOperation o = mlirBlockGetFirstOperation(b->block); !mlirOperationIsNull(o);
         o = mlirOperationGetNextInBlock(o))
      before = o;
  } else {
    MlirOperation p = {NULL};
    for (MlirOperation o = mlirBlockGetFirstOperation(b->block);
         !mlirOperationIsNull(o) && !mlirOperationEqual(o, last); o = mlirOperationGetNextInBlock(o))
      p = o;
    before = p;
  }
  MlirValue x = arg(op, 0);
  if (reverse)
    x = rev(b, x, axis);
  MlirValue r = scan(b, combiner(op), x, axis);
  if (reverse)
    r = rev(b, r, axis);
  MlirOperation o = mlirOperationIsNull(before) ? mlirBlockGetFirstOperation(b->block)
                                                : mlirOperationGetNextInBlock(before);
  for (; !mlirOperationIsNull(o) && !(!mlirOperationIsNull(last) && mlirOperationEqual(o, last));
       o = mlirOperationGetNextInBlock(o))
    nb_op_list_push(ops, o);
  return r;
}

static void why(char *buf, size_t n, const char *mode, MlirOperation op) {
  snprintf(buf, n, "%s of %s", mode, nb_op_name(op));
}

/* _cumulative_jvp_rule: jax.jvp of the scan. */
bool nb_jvp_cumulative(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = (MlirValue){NULL};
  if (mlirValueIsNull(t[0]) || !nb_ad_is_float(ans(op)))
    return true;
  nb_op_list ops = {0};
  nb_vmap tangents = {0};
  MlirValue r = emit_scan(b, op, &ops);
  nb_vmap_set(&tangents, arg(op, 0), t[0]);
  char w[64];
  why(w, sizeof w, "JVP", op);
  bool ok = nb_jvp_sweep(&ops, &tangents, w);
  out[0] = mlirValueEqual(r, arg(op, 0)) ? t[0] : nb_vmap_get(&tangents, r);
  nb_op_list_free(&ops);
  nb_vmap_free(&tangents);
  return ok;
}

/* Its transpose: the reverse sweep over the same scan. */
bool nb_vjp_cumulative(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  nb_op_list ops = {0};
  nb_vmap ct = {0};
  MlirValue r = emit_scan(b, op, &ops);
  if (mlirValueEqual(r, arg(op, 0))) { /* a length-1 axis: the identity */
    out[0] = cts[0];
    nb_op_list_free(&ops);
    return true;
  }
  nb_vmap_set(&ct, r, cts[0]);
  char w[64];
  why(w, sizeof w, "VJP", op);
  bool ok = nb_vjp_sweep(b->block, &ops, &ct, w);
  out[0] = nb_vmap_get(&ct, arg(op, 0));
  if (ok && mlirValueIsNull(out[0]))
    out[0] = nbb_zeros(b, type_of(arg(op, 0)));
  nb_op_list_free(&ops);
  nb_vmap_free(&ct);
  return ok;
}

/* _cumsum_transpose_rule: cumsum(ct, axis, not reverse). */
bool nb_vjp_cumsum(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  MlirNamedAttribute a[2] = {
      i64_attr(b, "axis", int_attr(op, "axis")),
      nb_named(b->ctx, "reverse", mlirBoolAttrGet(b->ctx, int_attr(op, "reverse") == 0))};
  out[0] = nbb_op(b, "nabla.cumsum", 1, &cts[0], type_of(cts[0]), 2, a);
  return true;
}

/* _cumred_batch_rule. */
bool nb_batch_cumulative(nb_builder *b, MlirOperation op, const MlirValue *args,
                         const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t d = dims[0], axis = nb_batch_bump(int_attr(op, "axis"), d);
  bool reverse = int_attr(op, "reverse") != 0;
  MlirNamedAttribute a[2] = {i64_attr(b, "axis", axis),
                             nb_named(b->ctx, "reverse", mlirBoolAttrGet(b->ctx, reverse))};
  out[0] = nbb_op(b, nb_op_name(op), 1, &args[0], type_of(args[0]), 2, a);
  out_dims[0] = d;
  return true;
}
