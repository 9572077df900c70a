/* cpu_rewrite.c — rewrites that put linalg ops into the forms the CPU
 * schedules take, before nabla-cpu-schedule tags them (cpu_schedule.c):
 * transposed and misordered contraction operands copied into matmul
 * layout, shared zero fills cloned per user, full reductions viewed as 2-D,
 * a matmul's fill given its own tensor.empty when it gets an epilogue. */
#include "cpu.h"
#include "build.h"
#include "ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/AffineExpr.h>
#include <mlir-c/AffineMap.h>
#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"

/* Inserts `t = permute(v)` before `before`: tensor.empty and an
 * all-parallel linalg.generic that yields its input, result dim i being
 * dim perm[i] of v. */
static MlirValue permute_before(MlirOperation before, MlirValue v, int rank, const int *perm) {
  MlirContext ctx = mlirOperationGetContext(before);
  MlirLocation loc = mlirOperationGetLocation(before);
  MlirBlock block = mlirOperationGetBlock(before);
  MlirType in = mlirValueGetType(v), elem = mlirShapedTypeGetElementType(in);
  int64_t shape[NB_SCHED_MAX_RANK];
  int inv[NB_SCHED_MAX_RANK];
  for (int i = 0; i < rank; i++) {
    shape[i] = mlirShapedTypeGetDimSize(in, perm[i]);
    inv[perm[i]] = i;
  }
  MlirType out = mlirRankedTensorTypeGet(rank, shape, elem, mlirAttributeGetNull());

  MlirOperationState es =
      mlirOperationStateGet(mlirStringRefCreateFromCString("tensor.empty"), loc);
  mlirOperationStateAddResults(&es, 1, &out);
  MlirOperation empty = mlirOperationCreate(&es);
  mlirBlockInsertOwnedOperationBefore(block, before, empty);

  MlirType args[2] = {elem, elem};
  MlirLocation locs[2] = {loc, loc};
  MlirBlock body = mlirBlockCreate(2, args, locs);
  MlirValue x = mlirBlockGetArgument(body, 0);
  MlirOperationState ys =
      mlirOperationStateGet(mlirStringRefCreateFromCString("linalg.yield"), loc);
  mlirOperationStateAddOperands(&ys, 1, &x);
  mlirBlockAppendOwnedOperation(body, mlirOperationCreate(&ys));
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, body);

  /* loops = result dims; v's dim j is read at loop inv[j] (rank <=
   * NB_SCHED_MAX_RANK: "d0, ..., d7" fits 64 bytes) */
  char dims[64] = "", in_map[64] = "", iters[512] = "";
  for (int i = 0, a = 0, b = 0, c = 0; i < rank; i++) {
    a += snprintf(dims + a, sizeof dims - a, "%sd%d", i ? ", " : "", i);
    b += snprintf(in_map + b, sizeof in_map - b, "%sd%d", i ? ", " : "", inv[i]);
    c += snprintf(iters + c, sizeof iters - c, "%s#linalg.iterator_type<parallel>", i ? ", " : "");
  }
  char maps[4 * sizeof dims + 64], iter_attr[sizeof iters + 4];
  snprintf(maps, sizeof maps, "[affine_map<(%s) -> (%s)>, affine_map<(%s) -> (%s)>]", dims, in_map,
           dims, dims);
  snprintf(iter_attr, sizeof iter_attr, "[%s]", iters);
  MlirOperationState gs =
      mlirOperationStateGet(mlirStringRefCreateFromCString("linalg.generic"), loc);
  MlirValue operands[2] = {v, mlirOperationGetResult(empty, 0)};
  mlirOperationStateAddOperands(&gs, 2, operands);
  mlirOperationStateAddResults(&gs, 1, &out);
  MlirNamedAttribute attrs[3] = {
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("indexing_maps")),
                            nb_parse_attr(ctx, "%s", maps)),
      mlirNamedAttributeGet(
          mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("iterator_types")),
          nb_parse_attr(ctx, "%s", iter_attr)),
      mlirNamedAttributeGet(
          mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("operandSegmentSizes")),
          nb_parse_attr(ctx, "array<i32: 1, 1>")),
  };
  mlirOperationStateAddAttributes(&gs, 3, attrs);
  mlirOperationStateAddOwnedRegions(&gs, 1, &region);
  MlirOperation generic = mlirOperationCreate(&gs);
  mlirBlockInsertOwnedOperationBefore(block, before, generic);
  return mlirOperationGetResult(generic, 0);
}

static MlirValue transpose_before(MlirOperation before, MlirValue v) {
  static const int swap[2] = {1, 0};
  return permute_before(before, v, 2, swap);
}

static MlirWalkResult find_transposed(MlirOperation op, void *user) {
  bool ta, tb;
  if (nb_cpu_is_transposed_matmul(op, &ta, &tb))
    nb_op_list_push(user, op);
  return MlirWalkResultAdvance;
}

/* A^T B and A B^T -> transpose + matmul (collected first: the walk must
 * not see the ops it inserts). */
void nb_cpu_untranspose_contractions(MlirOperation module) {
  nb_op_list l = {0};
  mlirOperationWalk(module, find_transposed, &l, MlirWalkPreOrder);
  for (size_t i = 0; i < l.n; i++) {
    bool ta, tb;
    nb_cpu_is_transposed_matmul(l.ops[i], &ta, &tb);
    if (!tb)
      continue; /* A^T B is scheduled as it is (nb_cpu_is_matmul_ta) */
    for (int k = 0; k < 2; k++)
      if (k ? tb : ta)
        mlirOperationSetOperand(l.ops[i], k,
                                transpose_before(l.ops[i], mlirOperationGetOperand(l.ops[i], k)));
    mlirOperationSetAttributeByName(
        l.ops[i], mlirStringRefCreateFromCString("indexing_maps"),
        nb_parse_attr(mlirOperationGetContext(module), "%s", nb_cpu_matmul_maps));
  }
  nb_op_list_free(&l);
}

/* perm with dims[perm[i]] == want[i] (so that permuting an operand by perm
 * puts its dims in the order `want`), or false if dims is not a
 * permutation of want. */
static bool permutation_to(const int *dims, const int *want, int n, int *perm) {
  for (int i = 0; i < n; i++) {
    perm[i] = -1;
    for (int j = 0; j < n; j++)
      if (dims[j] == want[i])
        perm[i] = j;
    if (perm[i] < 0)
      return false;
  }
  return true;
}

static bool is_identity(const int *perm, int n) {
  for (int i = 0; i < n; i++)
    if (perm[i] != i)
      return false;
  return true;
}

/* A batched contraction over loops (b, m, n, k), as nabla-to-linalg orders
 * a dot_general with one batch, one free dim per side and one contracting
 * dim, whose operands hold (b, m, k) and (b, k, n) in some order: sets the
 * permutation that makes each batch-major. */
static bool batch_contraction_layouts(MlirOperation op, int lhs_perm[3], int rhs_perm[3]) {
  if (!nb_cpu_op_is(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 3 ||
      !nb_cpu_all_operands(op, nb_cpu_static_f32_tensor) ||
      !nb_cpu_attr_is(op, "iterator_types", nb_cpu_batch_matmul_iters) || !nb_cpu_mul_add_body(op))
    return false;
  MlirAttribute maps =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("indexing_maps"));
  static const int want_lhs[3] = {0, 1, 3}, want_rhs[3] = {0, 3, 2}, want_out[3] = {0, 1, 2};
  int lhs[3], rhs[3], out[3], out_perm[3];
  return nb_cpu_map_dims(mlirArrayAttrGetElement(maps, 0), 3, lhs) &&
         nb_cpu_map_dims(mlirArrayAttrGetElement(maps, 1), 3, rhs) &&
         nb_cpu_map_dims(mlirArrayAttrGetElement(maps, 2), 3, out) &&
         permutation_to(out, want_out, 3, out_perm) && is_identity(out_perm, 3) &&
         permutation_to(lhs, want_lhs, 3, lhs_perm) && permutation_to(rhs, want_rhs, 3, rhs_perm);
}

static MlirWalkResult find_misordered_batch(MlirOperation op, void *user) {
  int lp[3], rp[3];
  if (batch_contraction_layouts(op, lp, rp) && !(is_identity(lp, 3) && is_identity(rp, 3)))
    nb_op_list_push(user, op);
  return MlirWalkResultAdvance;
}

/* Batched contractions whose operands are not batch-major (vmap of x W^T
 * or of A^T B, a batch dim that is not leading: what vmap and the VJP of a
 * batched matmul make) ran as naive scalar loops; each misordered operand
 * is now copied into the batch-major layout first (an elementwise op,
 * scheduled below: O(BMK + BKN) against O(BMNK) work), after which the
 * contraction is a batch matmul. */
void nb_cpu_order_batch_contractions(MlirOperation module) {
  nb_op_list l = {0};
  mlirOperationWalk(module, find_misordered_batch, &l, MlirWalkPreOrder);
  for (size_t i = 0; i < l.n; i++) {
    int perm[2][3];
    batch_contraction_layouts(l.ops[i], perm[0], perm[1]);
    for (int k = 0; k < 2; k++)
      if (!is_identity(perm[k], 3))
        mlirOperationSetOperand(
            l.ops[i], k,
            permute_before(l.ops[i], mlirOperationGetOperand(l.ops[i], k), 3, perm[k]));
    mlirOperationSetAttributeByName(
        l.ops[i], mlirStringRefCreateFromCString("indexing_maps"),
        nb_parse_attr(mlirOperationGetContext(module), "%s", nb_cpu_batch_matmul_maps));
  }
  nb_op_list_free(&l);
}

/* A fill (of zeros, CSE'd) that initializes several contractions: one
 * clone per extra user, so that each is computed in place in its user's
 * output buffer (shared, bufferization gives all but one user a copy). A
 * matmul's schedule then fuses its own clone into its loops, where the
 * script's CSE cannot merge it with another's. */
static MlirWalkResult find_shared_fill(MlirOperation op, void *user) {
  if (!nb_cpu_is_fill(op) || mlirOperationGetNumResults(op) != 1)
    return MlirWalkResultAdvance;
  MlirOpOperand use = mlirValueGetFirstUse(mlirOperationGetResult(op, 0));
  if (!mlirOpOperandIsNull(use) && !mlirOpOperandIsNull(mlirOpOperandGetNextUse(use)))
    nb_op_list_push(user, op);
  return MlirWalkResultAdvance;
}

void nb_cpu_unshare_fills(MlirOperation module) {
  nb_op_list l = {0};
  mlirOperationWalk(module, find_shared_fill, &l, MlirWalkPreOrder);
  for (size_t i = 0; i < l.n; i++) {
    MlirValue v = mlirOperationGetResult(l.ops[i], 0);
    /* every use but the first gets its own clone, inserted before it */
    MlirOpOperand use = mlirOpOperandGetNextUse(mlirValueGetFirstUse(v));
    while (!mlirOpOperandIsNull(use)) {
      MlirOpOperand next = mlirOpOperandGetNextUse(use);
      MlirOperation owner = mlirOpOperandGetOwner(use);
      MlirOperation clone = mlirOperationClone(l.ops[i]);
      mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(owner), owner, clone);
      mlirOperationSetOperand(owner, mlirOpOperandGetOperandNumber(use),
                              mlirOperationGetResult(clone, 0));
      use = next;
    }
  }
  nb_op_list_free(&l);
}

/* Elements per row of a full reduction's [rows, cols] view: a divisor of
 * the element count of at most NB_FR_COLS, so that every row is a whole
 * number of vectors; 0 when the best divisor is narrower than `lanes`
 * (then the op keeps the scalar loops). */
#define NB_FR_COLS 64

int64_t nb_cpu_full_reduction_cols(MlirOperation op, int64_t lanes) {
  MlirType in = mlirValueGetType(mlirOperationGetOperand(op, 0));
  int64_t n = nb_cpu_num_elements(in), c = n < NB_FR_COLS ? n : NB_FR_COLS;
  while (c > 1 && n % c != 0)
    c--;
  return c >= lanes ? c : 0;
}

/* Views a full reduction's input as [n / cols, cols] (collapse_shape to
 * 1-D, expand_shape to 2-D: no copy, the input is contiguous) and makes the
 * op the 2-D full reduction of that view, which has one schedule whatever
 * the rank. The body only combines its two block arguments, so only the
 * maps and iterators change. */
void nb_cpu_full_reduction_2d(MlirOperation op, int64_t cols) {
  MlirContext ctx = mlirOperationGetContext(op);
  MlirValue x = mlirOperationGetOperand(op, 0);
  MlirType in = mlirValueGetType(x), elem = mlirShapedTypeGetElementType(in);
  intptr_t rank = mlirShapedTypeGetRank(in);
  int64_t n = nb_cpu_num_elements(in), shape[2] = {n / cols, cols};
  if (rank == 2 && mlirShapedTypeGetDimSize(in, 1) == cols)
    return;
  nb_builder b = nb_builder_before(op);
  if (rank > 1) {
    char groups[256];
    size_t len = (size_t)snprintf(groups, sizeof groups, "[[");
    for (intptr_t i = 0; i < rank; i++)
      len += (size_t)snprintf(groups + len, sizeof groups - len, i ? ", %d" : "%d", (int)i);
    snprintf(groups + len, sizeof groups - len, "]]");
    MlirType flat = mlirRankedTensorTypeGet(1, &n, elem, mlirAttributeGetNull());
    MlirNamedAttribute a = nb_named(ctx, "reassociation", nb_parse_attr(ctx, "%s", groups));
    x = mlirOperationGetResult(nb_build_op(&b, "tensor.collapse_shape", 1, &x, 1, &flat, 1, &a), 0);
  }
  MlirType view = mlirRankedTensorTypeGet(2, shape, elem, mlirAttributeGetNull());
  MlirNamedAttribute attrs[2] = {
      nb_named(ctx, "reassociation", nb_parse_attr(ctx, "[[0, 1]]")),
      nb_named(ctx, "static_output_shape", mlirDenseI64ArrayGet(ctx, 2, shape))};
  x = mlirOperationGetResult(nb_build_op(&b, "tensor.expand_shape", 1, &x, 1, &view, 2, attrs), 0);
  mlirOperationSetOperand(op, 0, x);
  mlirOperationSetAttributeByName(
      op, mlirStringRefCreateFromCString("indexing_maps"),
      nb_parse_attr(ctx, "[affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>]"));
  mlirOperationSetAttributeByName(
      op, mlirStringRefCreateFromCString("iterator_types"),
      nb_parse_attr(ctx, "[#linalg.iterator_type<reduction>, #linalg.iterator_type<reduction>]"));
}

/* The matmul's fill and its epilogue `ep` start from one tensor.empty
 * (CSE made them one): the fill gets its own. Shared, fusion made the fill
 * write into the epilogue's output, which the epilogue then overwrites while
 * the matmul reads it, and bufferization copied the output per tile. */
void nb_cpu_own_empty(MlirOperation mm, MlirOperation ep) {
  MlirOperation fill = nb_cpu_init_fill(mm);
  if (mlirOperationIsNull(fill))
    return;
  intptr_t last = mlirOperationGetNumOperands(fill) - 1;
  MlirValue e = mlirOperationGetOperand(fill, last);
  if (!mlirValueEqual(e, mlirOperationGetOperand(ep, mlirOperationGetNumOperands(ep) - 1)) ||
      !mlirValueIsAOpResult(e) || !nb_cpu_op_is(mlirOpResultGetOwner(e), "tensor.empty"))
    return;
  MlirOperation clone = mlirOperationClone(mlirOpResultGetOwner(e));
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(fill), fill, clone);
  mlirOperationSetOperand(fill, last, mlirOperationGetResult(clone, 0));
}
