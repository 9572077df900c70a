/* linalg_build.c — small builders for upstream ops (arith, math, tensor,
 * linalg) created by name through the C API.
 *
 * Why: the MLIR C API has no typed builders for these dialects, only
 * OperationState. Wrapping the state boilerplate here keeps each entry of
 * the lowering table (to_linalg.c) a few lines long. A builder either inserts
 * before an anchor op (the nabla op being replaced) or appends to a block
 * (the body of a linalg.generic); every op it makes carries the builder's
 * location, so the user's file:line survives lowering. */
#include "build.h"

#include <stdarg.h>
#include <stdio.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

nb_builder nb_builder_before(MlirOperation op) {
  return (nb_builder){.ctx = mlirOperationGetContext(op),
                      .loc = mlirOperationGetLocation(op),
                      .block = mlirOperationGetBlock(op),
                      .anchor = op};
}

nb_builder nb_builder_at_end(MlirBlock block, MlirLocation loc) {
  return (nb_builder){.ctx = mlirLocationGetContext(loc), .loc = loc, .block = block};
}

void nb_build_insert(nb_builder *b, MlirOperation op) {
  if (mlirOperationIsNull(b->anchor))
    mlirBlockAppendOwnedOperation(b->block, op);
  else
    mlirBlockInsertOwnedOperationBefore(b->block, b->anchor, op);
}

MlirOperation nb_build_op(nb_builder *b, const char *name, intptr_t n_operands,
                          const MlirValue *operands, intptr_t n_results,
                          const MlirType *results, intptr_t n_attrs,
                          const MlirNamedAttribute *attrs) {
  MlirOperationState st =
      mlirOperationStateGet(mlirStringRefCreateFromCString(name), b->loc);
  mlirOperationStateAddOperands(&st, n_operands, operands);
  mlirOperationStateAddResults(&st, n_results, results);
  mlirOperationStateAddAttributes(&st, n_attrs, attrs);
  MlirOperation op = mlirOperationCreate(&st);
  nb_build_insert(b, op);
  return op;
}

MlirNamedAttribute nb_named(MlirContext ctx, const char *name, MlirAttribute a) {
  return mlirNamedAttributeGet(
      mlirIdentifierGet(ctx, mlirStringRefCreateFromCString(name)), a);
}

MlirAttribute nb_parse_attr(MlirContext ctx, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return mlirAttributeParseGet(ctx, mlirStringRefCreateFromCString(buf));
}

MlirType nb_signless(MlirType t) {
  if (mlirTypeIsAInteger(t) && mlirIntegerTypeIsUnsigned(t))
    return mlirIntegerTypeGet(mlirTypeGetContext(t), mlirIntegerTypeGetWidth(t));
  if (!mlirTypeIsARankedTensor(t))
    return t;
  MlirType el = mlirShapedTypeGetElementType(t);
  MlirType sl = nb_signless(el);
  if (mlirTypeEqual(el, sl))
    return t;
  int64_t rank = mlirShapedTypeGetRank(t);
  int64_t dims[rank > 0 ? rank : 1];
  for (int64_t i = 0; i < rank; i++)
    dims[i] = mlirShapedTypeGetDimSize(t, i);
  return mlirRankedTensorTypeGet(rank, dims, sl, mlirRankedTensorTypeGetEncoding(t));
}

MlirType nb_element_type(MlirValue v) {
  return nb_signless(mlirShapedTypeGetElementType(mlirValueGetType(v)));
}

MlirValue nb_build_n(nb_builder *b, const char *name, int n, const MlirValue *args,
                     MlirType result) {
  return mlirOperationGetResult(nb_build_op(b, name, n, args, 1, &result, 0, NULL), 0);
}

MlirValue nb_build1(nb_builder *b, const char *name, MlirValue x) {
  return nb_build_n(b, name, 1, &x, mlirValueGetType(x));
}

MlirValue nb_build2(nb_builder *b, const char *name, MlirValue x, MlirValue y) {
  MlirValue args[2] = {x, y};
  return nb_build_n(b, name, 2, args, mlirValueGetType(x));
}

MlirValue nb_build_cast(nb_builder *b, const char *name, MlirValue x, MlirType to) {
  return nb_build_n(b, name, 1, &x, to);
}

MlirValue nb_build_cmp(nb_builder *b, const char *name, int64_t predicate,
                       MlirValue x, MlirValue y) {
  MlirValue args[2] = {x, y};
  MlirType i1 = mlirIntegerTypeGet(b->ctx, 1);
  MlirNamedAttribute pred = nb_named(
      b->ctx, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), predicate));
  return mlirOperationGetResult(nb_build_op(b, name, 2, args, 1, &i1, 1, &pred), 0);
}

MlirValue nb_build_constant(nb_builder *b, MlirAttribute value) {
  MlirType t = mlirAttributeGetType(value);
  MlirNamedAttribute v = nb_named(b->ctx, "value", value);
  return mlirOperationGetResult(nb_build_op(b, "arith.constant", 0, NULL, 1, &t, 1, &v), 0);
}

MlirValue nb_build_scalar(nb_builder *b, MlirType t, double value) {
  if (mlirTypeIsAFloat(t))
    return nb_build_constant(b, mlirFloatAttrDoubleGet(b->ctx, t, value));
  return nb_build_constant(b, mlirIntegerAttrGet(t, (int64_t)value));
}

MlirValue nb_build_int(nb_builder *b, MlirType t, int64_t value) {
  return nb_build_constant(b, mlirIntegerAttrGet(t, value));
}

MlirValue nb_build_empty(nb_builder *b, MlirType tensor) {
  tensor = nb_signless(tensor);
  return mlirOperationGetResult(nb_build_op(b, "tensor.empty", 0, NULL, 1, &tensor, 0, NULL), 0);
}

MlirAttribute nb_map_attr(MlirContext ctx, int n_loops, int n_results,
                          const int *dims) {
  char buf[1024];
  size_t n = (size_t)snprintf(buf, sizeof buf, "affine_map<(");
  for (int i = 0; i < n_loops; i++)
    n += (size_t)snprintf(buf + n, sizeof buf - n, i ? ", d%d" : "d%d", i);
  n += (size_t)snprintf(buf + n, sizeof buf - n, ") -> (");
  for (int i = 0; i < n_results; i++) {
    const char *sep = i ? ", " : "";
    if (dims[i] < 0)
      n += (size_t)snprintf(buf + n, sizeof buf - n, "%s0", sep);
    else
      n += (size_t)snprintf(buf + n, sizeof buf - n, "%sd%d", sep, dims[i]);
  }
  snprintf(buf + n, sizeof buf - n, ")>");
  return mlirAttributeParseGet(ctx, mlirStringRefCreateFromCString(buf));
}

MlirAttribute nb_identity_map(MlirContext ctx, int n_loops) {
  int dims[n_loops > 0 ? n_loops : 1];
  for (int i = 0; i < n_loops; i++)
    dims[i] = i;
  return nb_map_attr(ctx, n_loops, n_loops, dims);
}

static MlirAttribute iterator_types(MlirContext ctx, int n, const bool *reduction) {
  MlirAttribute par = nb_parse_attr(ctx, "#linalg.iterator_type<parallel>");
  MlirAttribute red = nb_parse_attr(ctx, "#linalg.iterator_type<reduction>");
  MlirAttribute its[n > 0 ? n : 1];
  for (int i = 0; i < n; i++)
    its[i] = reduction && reduction[i] ? red : par;
  return mlirArrayAttrGet(ctx, n, its);
}

/* The body block: one scalar argument per input, then one for the init. */
static MlirRegion generic_body(nb_builder *b, const nb_generic *g) {
  int n = g->n_inputs + 1;
  MlirType types[n];
  MlirLocation locs[n];
  for (int i = 0; i < g->n_inputs; i++)
    types[i] = nb_element_type(g->inputs[i]);
  types[g->n_inputs] = nb_element_type(g->init);
  for (int i = 0; i < n; i++)
    locs[i] = b->loc;
  MlirBlock block = mlirBlockCreate(n, types, locs);
  MlirValue args[n];
  for (int i = 0; i < n; i++)
    args[i] = mlirBlockGetArgument(block, i);
  nb_builder body = nb_builder_at_end(block, b->loc);
  MlirValue y = g->body(&body, args, g->user);
  nb_build_op(&body, "linalg.yield", 1, &y, 0, NULL, 0, NULL);
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, block);
  return region;
}

MlirValue nb_build_generic(nb_builder *b, const nb_generic *g) {
  int n = g->n_inputs + 1;
  MlirValue operands[n];
  for (int i = 0; i < g->n_inputs; i++)
    operands[i] = g->inputs[i];
  operands[g->n_inputs] = g->init;
  MlirType result = mlirValueGetType(g->init);
  MlirNamedAttribute attrs[3] = {
      nb_named(b->ctx, "indexing_maps", mlirArrayAttrGet(b->ctx, n, g->maps)),
      nb_named(b->ctx, "iterator_types", iterator_types(b->ctx, g->n_loops, g->reduction)),
      nb_named(b->ctx, "operandSegmentSizes",
               nb_parse_attr(b->ctx, "array<i32: %d, 1>", g->n_inputs)),
  };
  MlirOperationState st = mlirOperationStateGet(
      mlirStringRefCreateFromCString("linalg.generic"), b->loc);
  mlirOperationStateAddOperands(&st, n, operands);
  mlirOperationStateAddResults(&st, 1, &result);
  mlirOperationStateAddAttributes(&st, 3, attrs);
  MlirRegion region = generic_body(b, g);
  mlirOperationStateAddOwnedRegions(&st, 1, &region);
  MlirOperation op = mlirOperationCreate(&st);
  nb_build_insert(b, op);
  return mlirOperationGetResult(op, 0);
}

static MlirValue yield_captured(nb_builder *body, const MlirValue *args, void *user) {
  (void)body, (void)args;
  return *(MlirValue *)user;
}

MlirValue nb_build_fill(nb_builder *b, MlirType tensor, MlirValue scalar) {
  int rank = (int)mlirShapedTypeGetRank(tensor);
  MlirAttribute map = nb_identity_map(b->ctx, rank);
  nb_generic g = {.n_loops = rank, .maps = &map, .init = nb_build_empty(b, tensor),
                  .body = yield_captured, .user = &scalar};
  return nb_build_generic(b, &g);
}

MlirValue nb_build_for(nb_builder *b, int64_t lb, int64_t ub, MlirValue init, nb_loop_body body,
                       void *user) {
  MlirType index = mlirIndexTypeGet(b->ctx), t = mlirValueGetType(init);
  MlirValue ops[4] = {nb_build_int(b, index, lb), nb_build_int(b, index, ub),
                      nb_build_int(b, index, 1), init};
  MlirType types[2] = {index, t};
  MlirLocation locs[2] = {b->loc, b->loc};
  MlirBlock block = mlirBlockCreate(2, types, locs);
  nb_builder in = nb_builder_at_end(block, b->loc);
  MlirValue y = body(&in, mlirBlockGetArgument(block, 0), mlirBlockGetArgument(block, 1), user);
  nb_build_op(&in, "scf.yield", 1, &y, 0, NULL, 0, NULL);
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, block);
  MlirOperationState st = mlirOperationStateGet(mlirStringRefCreateFromCString("scf.for"), b->loc);
  mlirOperationStateAddOperands(&st, 4, ops);
  mlirOperationStateAddResults(&st, 1, &t);
  mlirOperationStateAddOwnedRegions(&st, 1, &region);
  MlirOperation op = mlirOperationCreate(&st);
  nb_build_insert(b, op);
  return mlirOperationGetResult(op, 0);
}
