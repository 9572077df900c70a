/* threefry.c — nabla.threefry2x32 as ONE linalg.generic whose body is the
 * whole 20-round Threefry-2x32 block in straight-line i32 arithmetic.
 *
 * Why one generic: the block is ~100 scalar ops per element pair. Written
 * as nabla ops (one tensor op per add/rotate/xor) it would be 100 tensor-
 * sized temporaries that fusion has to stitch back together; as one body it
 * is one loop that vectorizes (and one thread per pair on a GPU). The
 * generic has two outputs (y0, y1), which linalg_build's single-output
 * builder does not cover, so it is assembled here.
 *
 * The algorithm, constants and rotation schedule are docs/jax-semantics.md §2
 * (jax/_src/random/threefry2x32.py, _threefry2x32_lowering): keys
 * (k0, k1, k0^k1^0x1BD11BDA), rotations [13,15,26,6] and [17,29,16,24],
 * a key injection after every 4 rounds. Rotations are (v << r) | (v >> 32-r)
 * with constant 0 < r < 32, so arith's shifts are defined here. */
#include "lower.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

static MlirValue c32(nb_builder *b, int64_t v) {
  return nb_build_int(b, mlirIntegerTypeGet(b->ctx, 32), (int32_t)(uint32_t)v);
}

static MlirValue rotl(nb_builder *b, MlirValue v, int r) {
  MlirValue hi = nb_build2(b, "arith.shli", v, c32(b, r));
  MlirValue lo = nb_build2(b, "arith.shrui", v, c32(b, 32 - r));
  return nb_build2(b, "arith.ori", hi, lo);
}

/* The block function on scalars; out receives (y0, y1). */
static void block(nb_builder *b, MlirValue k0, MlirValue k1, MlirValue x0, MlirValue x1,
                  MlirValue *out) {
  static const int R[2][4] = {{13, 15, 26, 6}, {17, 29, 16, 24}};
  MlirValue ks[3] = {k0, k1,
                     nb_build2(b, "arith.xori", nb_build2(b, "arith.xori", k0, k1),
                               c32(b, 0x1BD11BDA))};
  x0 = nb_build2(b, "arith.addi", x0, ks[0]);
  x1 = nb_build2(b, "arith.addi", x1, ks[1]);
  for (int g = 0; g < 5; g++) {
    for (int i = 0; i < 4; i++) {
      x0 = nb_build2(b, "arith.addi", x0, x1);
      x1 = rotl(b, x1, R[g % 2][i]);
      x1 = nb_build2(b, "arith.xori", x1, x0);
    }
    x0 = nb_build2(b, "arith.addi", x0, ks[(g + 1) % 3]);
    x1 = nb_build2(b, "arith.addi", x1, ks[(g + 2) % 3]);
    x1 = nb_build2(b, "arith.addi", x1, c32(b, g + 1));
  }
  out[0] = x0;
  out[1] = x1;
}

bool nb_lower_threefry2x32(nb_builder *b, MlirOperation op, MlirValue *results) {
  MlirType t = nb_signless(mlirValueGetType(mlirOperationGetResult(op, 0)));
  int rank = (int)mlirShapedTypeGetRank(t);
  MlirValue operands[6];
  for (int i = 0; i < 4; i++)
    operands[i] = mlirOperationGetOperand(op, i);
  operands[4] = nb_build_empty(b, t);
  operands[5] = nb_build_empty(b, t);
  MlirAttribute maps[6], par = nb_parse_attr(b->ctx, "#linalg.iterator_type<parallel>");
  MlirAttribute its[rank > 0 ? rank : 1];
  for (int i = 0; i < 6; i++)
    maps[i] = nb_identity_map(b->ctx, rank);
  for (int i = 0; i < rank; i++)
    its[i] = par;
  MlirNamedAttribute attrs[3] = {
      nb_named(b->ctx, "indexing_maps", mlirArrayAttrGet(b->ctx, 6, maps)),
      nb_named(b->ctx, "iterator_types", mlirArrayAttrGet(b->ctx, rank, its)),
      nb_named(b->ctx, "operandSegmentSizes", nb_parse_attr(b->ctx, "array<i32: 4, 2>")),
  };
  MlirType i32 = mlirIntegerTypeGet(b->ctx, 32);
  MlirType types[6] = {i32, i32, i32, i32, i32, i32};
  MlirLocation locs[6] = {b->loc, b->loc, b->loc, b->loc, b->loc, b->loc};
  MlirBlock body = mlirBlockCreate(6, types, locs);
  nb_builder in = nb_builder_at_end(body, b->loc);
  MlirValue y[2];
  block(&in, mlirBlockGetArgument(body, 0), mlirBlockGetArgument(body, 1),
        mlirBlockGetArgument(body, 2), mlirBlockGetArgument(body, 3), y);
  nb_build_op(&in, "linalg.yield", 2, y, 0, NULL, 0, NULL);
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, body);
  MlirType rt[2] = {t, t};
  MlirOperationState st =
      mlirOperationStateGet(mlirStringRefCreateFromCString("linalg.generic"), b->loc);
  mlirOperationStateAddOperands(&st, 6, operands);
  mlirOperationStateAddResults(&st, 2, rt);
  mlirOperationStateAddAttributes(&st, 3, attrs);
  mlirOperationStateAddOwnedRegions(&st, 1, &region);
  MlirOperation g = mlirOperationCreate(&st);
  mlirBlockInsertOwnedOperationBefore(b->block, b->anchor, g);
  results[0] = mlirOperationGetResult(g, 0);
  results[1] = mlirOperationGetResult(g, 1);
  return true;
}
