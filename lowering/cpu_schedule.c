/* cpu_schedule.c — the CPU code generation strategy: per op class, a
 * transform-dialect schedule chosen from the shapes and the target.
 *
 * How: nabla-cpu-schedule walks the module (linalg on tensors, before
 * bufferization), classifies each linalg op and tags the ones it schedules
 * with a `nabla.sched` name. It then writes one transform script for the
 * module as text (cpu_schedule_text.c), parses it and applies it with the
 * transform interpreter (mlirTransformApplyNamedSequence). Nothing here is a
 * hand-written kernel: tiling, packing, vectorization and the lowering of
 * vector.contract to FMAs are upstream transform ops; only the choice of
 * which op gets which schedule, and its tile sizes, is ours.
 *
 * Op classes (an op outside them keeps the naive loops of
 * convert-linalg-to-loops, which is always correct):
 *   matmul   f32 contraction generic with matmul maps (what nabla-to-linalg
 *            makes of a 2-D dot_general): specialized to linalg.matmul,
 *            BLIS-style cache tiles, a register tile of FMAs, A/B micro-panels
 *            packed through nofold pad + hoist_pad.
 *            A contraction whose operand is transposed (A^T B, A B^T: what
 *            the VJP of a matmul makes) first gets that operand transposed
 *            into a fresh tensor by an all-parallel generic (an elementwise
 *            op, scheduled below); the contraction is then a plain matmul.
 *            The copy is O(MK) against O(MNK) work, and it is what the
 *            packing would have had to do anyway (hoist_pad's transposed
 *            packing leaves ops that do not vectorize: CPU_CODEGEN.md).
 *   batch matmul  the same with one leading batch dim (vmap of a matmul):
 *            a loop over the batch around the matmul schedule. Operands in
 *            another order ([n, k] per batch, a batch dim not leading: vmap
 *            of x W^T, the VJP of a batched matmul) are first copied
 *            batch-major (order_batch_contractions).
 *   transposes  the last two dims swapped, batched over leading dims:
 *            tiles of lanes x lanes, vector.transpose (shuffles).
 *   column sums  [reduction, parallel] generic over a static 2-D f32 tensor
 *            into its rows' shape (bias gradients): rows one at a time
 *            into a vector of columns, the same order of additions as the
 *            naive loops, so the vectorization changes no bit.
 *   full reductions  a reduction over all dims of a static f32 tensor (any
 *            rank, one combiner: add/max/min/mul, after elementwise ops
 *            fused into its body): the input viewed as [n / c, c], c <= 64
 *            dividing n, then row chunks into vector partial results
 *            (cpu_schedule_text.c).
 *   elementwise  all-parallel generic or fill of static shape whose body is
 *            arith/math only (a fused chain after linalg-fuse-elementwise-ops):
 *            outer dims tiled by 1, the innermost dim by a vector-friendly
 *            chunk, then vectorized. One that is the only user of a matmul's
 *            result and reads it element for element is also recorded as
 *            that matmul's epilogue (epilogue_matmul): the matmul's schedule
 *            may run it on each tile of C (cpu_schedule_text.c).
 * After bufferization, nabla-cpu-vector-lower lowers what the vectorizer
 * made (contract -> outer product -> FMA, transfers to 1-D loads/stores)
 * with a fixed script (the same patterns CPU_CODEGEN.md measured).
 *
 * Why tags and one script per module: tile sizes differ per op, and a script
 * that matches `attributes{nabla.sched = "mm0"}` addresses exactly one op
 * however many the module holds. The tags are removed afterwards. */
#include "lowering.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/AffineExpr.h>
#include <mlir-c/AffineMap.h>
#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <mlir-c/Dialect/Transform/Interpreter.h>

/* ---- classification ---- */

static bool is_named(MlirOperation op, const char *name) {
  MlirStringRef s = mlirIdentifierStr(mlirOperationGetName(op));
  return s.length == strlen(name) && strncmp(s.data, name, s.length) == 0;
}

static bool static_tensor(MlirType t) {
  return mlirTypeIsARankedTensor(t) && mlirShapedTypeHasStaticShape(t);
}

/* Prints an attribute into buf (truncated); used to compare affine maps and
 * iterator kinds by their text, which the C API exposes most simply. */
typedef struct {
  char *buf;
  size_t cap, len;
} text;
static void to_text(MlirStringRef s, void *user) {
  text *t = user;
  size_t n = s.length < t->cap - 1 - t->len ? s.length : t->cap - 1 - t->len;
  memcpy(t->buf + t->len, s.data, n);
  t->len += n;
  t->buf[t->len] = 0;
}
static bool attr_is(MlirOperation op, const char *name, const char *expected) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(a))
    return false;
  char buf[512];
  text t = {buf, sizeof buf, 0};
  buf[0] = 0;
  mlirAttributePrint(a, to_text, &t);
  return strcmp(buf, expected) == 0;
}

/* Body ops a schedule may vectorize: arith and math, except the ops that
 * later passes lower to scalar calls (convert-math-to-funcs is scalar-only). */
static bool vectorizable_body(MlirOperation op) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  for (MlirOperation o = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    MlirStringRef s = mlirIdentifierStr(mlirOperationGetName(o));
    bool arith = s.length > 6 && strncmp(s.data, "arith.", 6) == 0;
    bool math = s.length > 5 && strncmp(s.data, "math.", 5) == 0 && !is_named(o, "math.ipowi") &&
                !is_named(o, "math.fpowi");
    if (!arith && !math && !is_named(o, "linalg.yield"))
      return false;
  }
  return true;
}

/* Element types the vector path is checked for (conformance runs them all);
 * f16/bf16 go through emulation passes that expect scalars. */
static bool vector_element(MlirType t) {
  MlirType e = mlirShapedTypeGetElementType(t);
  return mlirTypeIsAF32(e) || mlirTypeIsAF64(e) || mlirIntegerTypeGetWidth(e) == 32 ||
         mlirIntegerTypeGetWidth(e) == 64;
}

static bool all_operands(MlirOperation op, bool (*pred)(MlirType)) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++) {
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, i));
    if (mlirTypeIsAShaped(t) && !pred(t))
      return false;
  }
  return true;
}
static bool static_vector_tensor(MlirType t) {
  return static_tensor(t) && vector_element(t);
}
static bool static_f32_tensor(MlirType t) {
  return static_tensor(t) && mlirTypeIsAF32(mlirShapedTypeGetElementType(t));
}

static const char matmul_maps[] =
    "[affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, "
    "affine_map<(d0, d1, d2) -> (d0, d1)>]";
static const char matmul_iters[] =
    "[#linalg.iterator_type<parallel>, #linalg.iterator_type<parallel>, "
    "#linalg.iterator_type<reduction>]";

/* The body of a float contraction: mulf, addf, yield. */
static bool mul_add_body(MlirOperation op) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation mul = mlirBlockGetFirstOperation(body);
  MlirOperation add = mlirOperationGetNextInBlock(mul);
  return is_named(mul, "arith.mulf") && !mlirOperationIsNull(add) &&
         is_named(add, "arith.addf") &&
         is_named(mlirOperationGetNextInBlock(add), "linalg.yield");
}

static const char matmul_ta_maps[] =
    "[affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, "
    "affine_map<(d0, d1, d2) -> (d0, d1)>]";

/* A matmul, or A^T B (A read through (d2, d0)): both get the packed
 * schedule; A^T's micro-panels are then plain copies of K x MR blocks of A
 * (MR contiguous values per k), so it needs no transposed copy. */
static bool is_matmul_ta(MlirOperation op, bool *ta) {
  if (!is_named(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 3 ||
      !all_operands(op, static_f32_tensor) || !attr_is(op, "iterator_types", matmul_iters))
    return false;
  *ta = attr_is(op, "indexing_maps", matmul_ta_maps);
  if (!*ta && !attr_is(op, "indexing_maps", matmul_maps))
    return false;
  return mul_add_body(op);
}

static bool is_matmul(MlirOperation op) {
  bool ta;
  return is_matmul_ta(op, &ta);
}

/* C[b, m, n] += A[b, m, k] B[b, k, n] (a dot_general with one leading batch
 * dim, as vmap of a matmul makes it). */
static const char batch_matmul_maps[] = "[affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, "
                                        "affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, "
                                        "affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]";
static const char batch_matmul_iters[] =
    "[#linalg.iterator_type<parallel>, #linalg.iterator_type<parallel>, "
    "#linalg.iterator_type<parallel>, #linalg.iterator_type<reduction>]";

static bool is_batch_matmul(MlirOperation op) {
  if (!is_named(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 3 ||
      !all_operands(op, static_f32_tensor) || !attr_is(op, "indexing_maps", batch_matmul_maps) ||
      !attr_is(op, "iterator_types", batch_matmul_iters))
    return false;
  return mul_add_body(op);
}

/* A contraction generic with the matmul's body and iterators and operands
 * A[M,K] or A[K,M], B[K,N] or B[N,K]; sets *ta / *tb for the transposed
 * ones. */
static const char *const map_a[2] = {"affine_map<(d0, d1, d2) -> (d0, d2)>",
                                     "affine_map<(d0, d1, d2) -> (d2, d0)>"};
static const char *const map_b[2] = {"affine_map<(d0, d1, d2) -> (d2, d1)>",
                                     "affine_map<(d0, d1, d2) -> (d1, d2)>"};
static bool is_transposed_matmul(MlirOperation op, bool *ta, bool *tb) {
  if (!is_named(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 3 ||
      !all_operands(op, static_f32_tensor) || !attr_is(op, "iterator_types", matmul_iters))
    return false;
  char want[512];
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 2; b++) {
      snprintf(want, sizeof want, "[%s, %s, affine_map<(d0, d1, d2) -> (d0, d1)>]", map_a[a],
               map_b[b]);
      if ((a || b) && attr_is(op, "indexing_maps", want)) {
        *ta = a, *tb = b;
        return mul_add_body(op);
      }
    }
  return false;
}

static MlirAttribute parse_attr(MlirContext ctx, const char *text) {
  return mlirAttributeParseGet(ctx, mlirStringRefCreateFromCString(text));
}

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

  MlirOperationState es = mlirOperationStateGet(mlirStringRefCreateFromCString("tensor.empty"), loc);
  mlirOperationStateAddResults(&es, 1, &out);
  MlirOperation empty = mlirOperationCreate(&es);
  mlirBlockInsertOwnedOperationBefore(block, before, empty);

  MlirType args[2] = {elem, elem};
  MlirLocation locs[2] = {loc, loc};
  MlirBlock body = mlirBlockCreate(2, args, locs);
  MlirValue x = mlirBlockGetArgument(body, 0);
  MlirOperationState ys = mlirOperationStateGet(mlirStringRefCreateFromCString("linalg.yield"), loc);
  mlirOperationStateAddOperands(&ys, 1, &x);
  mlirBlockAppendOwnedOperation(body, mlirOperationCreate(&ys));
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, body);

  /* loops = result dims; v's dim j is read at loop inv[j] */
  char dims[128] = "", in_map[128] = "", iters[512] = "";
  for (int i = 0, a = 0, b = 0, c = 0; i < rank; i++) {
    a += snprintf(dims + a, sizeof dims - a, "%sd%d", i ? ", " : "", i);
    b += snprintf(in_map + b, sizeof in_map - b, "%sd%d", i ? ", " : "", inv[i]);
    c += snprintf(iters + c, sizeof iters - c, "%s#linalg.iterator_type<parallel>", i ? ", " : "");
  }
  char maps[512], iter_attr[600];
  snprintf(maps, sizeof maps, "[affine_map<(%s) -> (%s)>, affine_map<(%s) -> (%s)>]", dims,
           in_map, dims, dims);
  snprintf(iter_attr, sizeof iter_attr, "[%s]", iters);
  MlirOperationState gs = mlirOperationStateGet(mlirStringRefCreateFromCString("linalg.generic"), loc);
  MlirValue operands[2] = {v, mlirOperationGetResult(empty, 0)};
  mlirOperationStateAddOperands(&gs, 2, operands);
  mlirOperationStateAddResults(&gs, 1, &out);
  MlirNamedAttribute attrs[3] = {
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("indexing_maps")),
                            parse_attr(ctx, maps)),
      mlirNamedAttributeGet(mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("iterator_types")),
                            parse_attr(ctx, iter_attr)),
      mlirNamedAttributeGet(
          mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("operandSegmentSizes")),
          parse_attr(ctx, "array<i32: 1, 1>")),
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

typedef struct {
  MlirOperation *ops;
  int n, cap;
} op_list;

static void push_op(op_list *l, MlirOperation op) {
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 8;
    l->ops = realloc(l->ops, l->cap * sizeof *l->ops);
  }
  l->ops[l->n++] = op;
}

static MlirWalkResult find_transposed(MlirOperation op, void *user) {
  bool ta, tb;
  if (is_transposed_matmul(op, &ta, &tb))
    push_op(user, op);
  return MlirWalkResultAdvance;
}

/* A^T B and A B^T -> transpose + matmul (collected first: the walk must
 * not see the ops it inserts). */
static void untranspose_contractions(MlirOperation module) {
  op_list l = {0};
  mlirOperationWalk(module, find_transposed, &l, MlirWalkPreOrder);
  for (int i = 0; i < l.n; i++) {
    bool ta, tb;
    is_transposed_matmul(l.ops[i], &ta, &tb);
    if (!tb)
      continue; /* A^T B is scheduled as it is (is_matmul_ta) */
    for (int k = 0; k < 2; k++)
      if (k ? tb : ta)
        mlirOperationSetOperand(l.ops[i], k,
                                transpose_before(l.ops[i], mlirOperationGetOperand(l.ops[i], k)));
    mlirOperationSetAttributeByName(
        l.ops[i], mlirStringRefCreateFromCString("indexing_maps"),
        parse_attr(mlirOperationGetContext(module), matmul_maps));
  }
  free(l.ops);
}

/* The loop (dim) each result of `map` reads, when every result is a plain
 * dim and there are n of them. */
static bool map_dims(MlirAttribute map_attr, int n, int *dims) {
  MlirAffineMap map = mlirAffineMapAttrGetValue(map_attr);
  if (mlirAffineMapGetNumResults(map) != (intptr_t)n)
    return false;
  for (int i = 0; i < n; i++) {
    MlirAffineExpr e = mlirAffineMapGetResult(map, i);
    if (!mlirAffineExprIsADim(e))
      return false;
    dims[i] = (int)mlirAffineDimExprGetPosition(e);
  }
  return true;
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
  if (!is_named(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 3 ||
      !all_operands(op, static_f32_tensor) || !attr_is(op, "iterator_types", batch_matmul_iters) ||
      !mul_add_body(op))
    return false;
  MlirAttribute maps =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("indexing_maps"));
  static const int want_lhs[3] = {0, 1, 3}, want_rhs[3] = {0, 3, 2}, want_out[3] = {0, 1, 2};
  int lhs[3], rhs[3], out[3], out_perm[3];
  return map_dims(mlirArrayAttrGetElement(maps, 0), 3, lhs) &&
         map_dims(mlirArrayAttrGetElement(maps, 1), 3, rhs) &&
         map_dims(mlirArrayAttrGetElement(maps, 2), 3, out) &&
         permutation_to(out, want_out, 3, out_perm) && is_identity(out_perm, 3) &&
         permutation_to(lhs, want_lhs, 3, lhs_perm) && permutation_to(rhs, want_rhs, 3, rhs_perm);
}

static MlirWalkResult find_misordered_batch(MlirOperation op, void *user) {
  int lp[3], rp[3];
  if (batch_contraction_layouts(op, lp, rp) && !(is_identity(lp, 3) && is_identity(rp, 3)))
    push_op(user, op);
  return MlirWalkResultAdvance;
}

/* Batched contractions whose operands are not batch-major (vmap of x W^T
 * or of A^T B, a batch dim that is not leading: what vmap and the VJP of a
 * batched matmul make) ran as naive scalar loops; each misordered operand
 * is now copied into the batch-major layout first (an elementwise op,
 * scheduled below: O(BMK + BKN) against O(BMNK) work), after which the
 * contraction is a batch matmul. */
static void order_batch_contractions(MlirOperation module) {
  op_list l = {0};
  mlirOperationWalk(module, find_misordered_batch, &l, MlirWalkPreOrder);
  for (int i = 0; i < l.n; i++) {
    int perm[2][3];
    batch_contraction_layouts(l.ops[i], perm[0], perm[1]);
    for (int k = 0; k < 2; k++)
      if (!is_identity(perm[k], 3))
        mlirOperationSetOperand(
            l.ops[i], k, permute_before(l.ops[i], mlirOperationGetOperand(l.ops[i], k), 3, perm[k]));
    mlirOperationSetAttributeByName(l.ops[i], mlirStringRefCreateFromCString("indexing_maps"),
                                    parse_attr(mlirOperationGetContext(module), batch_matmul_maps));
  }
  free(l.ops);
}

/* A fill (of zeros, CSE'd) that initializes several contractions: one
 * clone per extra user, so that each is computed in place in its user's
 * output buffer (shared, bufferization gives all but one user a copy). A
 * matmul's schedule then fuses its own clone into its loops, where the
 * script's CSE cannot merge it with another's. */
/* linalg.fill, or what nb_build_fill makes: a generic with no inputs whose
 * body yields a value from outside. */
static bool is_fill(MlirOperation op) {
  if (is_named(op, "linalg.fill"))
    return true;
  if (!is_named(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 1 ||
      mlirOperationGetNumResults(op) != 1)
    return false;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation yield = mlirBlockGetFirstOperation(body);
  if (!is_named(yield, "linalg.yield") || mlirOperationGetNumOperands(yield) != 1)
    return false;
  MlirValue v = mlirOperationGetOperand(yield, 0);
  return !mlirValueIsABlockArgument(v) || !mlirBlockEqual(mlirBlockArgumentGetOwner(v), body);
}

static MlirWalkResult find_shared_fill(MlirOperation op, void *user) {
  op_list *l = user;
  if (!is_fill(op) || mlirOperationGetNumResults(op) != 1)
    return MlirWalkResultAdvance;
  MlirOpOperand use = mlirValueGetFirstUse(mlirOperationGetResult(op, 0));
  if (!mlirOpOperandIsNull(use) && !mlirOpOperandIsNull(mlirOpOperandGetNextUse(use))) {
    if (l->n == l->cap) {
      l->cap = l->cap ? 2 * l->cap : 8;
      l->ops = realloc(l->ops, l->cap * sizeof *l->ops);
    }
    l->ops[l->n++] = op;
  }
  return MlirWalkResultAdvance;
}

static void unshare_fills(MlirOperation module) {
  op_list l = {0};
  mlirOperationWalk(module, find_shared_fill, &l, MlirWalkPreOrder);
  for (int i = 0; i < l.n; i++) {
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
  free(l.ops);
}

/* sum over rows: out[j] = init[j] + sum_i in[i, j], arith body */
static const char colsum_maps[] =
    "[affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>]";
static const char colsum_iters[] =
    "[#linalg.iterator_type<reduction>, #linalg.iterator_type<parallel>]";
static bool is_colsum(MlirOperation op) {
  return is_named(op, "linalg.generic") && mlirOperationGetNumOperands(op) == 2 &&
         mlirOperationGetNumResults(op) == 1 && all_operands(op, static_f32_tensor) &&
         attr_is(op, "indexing_maps", colsum_maps) &&
         attr_is(op, "iterator_types", colsum_iters) && vectorizable_body(op);
}

/* out[..., i, j] = in[..., j, i], nothing else: a transposition copy of
 * the last two dims, batched over the leading ones (what
 * untranspose_contractions and order_batch_contractions insert, or a
 * user's transpose). */
static bool is_transpose(MlirOperation op) {
  if (!is_named(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 2 ||
      mlirOperationGetNumResults(op) != 1 || !all_operands(op, static_vector_tensor))
    return false;
  MlirAttribute maps =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("indexing_maps"));
  int rank = (int)mlirShapedTypeGetRank(mlirValueGetType(mlirOperationGetResult(op, 0)));
  int in[NB_SCHED_MAX_RANK], out[NB_SCHED_MAX_RANK];
  if (rank < 2 || rank > NB_SCHED_MAX_RANK || !map_dims(mlirArrayAttrGetElement(maps, 0), rank, in) ||
      !map_dims(mlirArrayAttrGetElement(maps, 1), rank, out))
    return false;
  for (int i = 0; i < rank; i++)
    if (out[i] != i || in[i] != (i < rank - 2 ? i : 2 * rank - 3 - i))
      return false;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation yield = mlirBlockGetFirstOperation(body);
  return is_named(yield, "linalg.yield") &&
         mlirValueEqual(mlirOperationGetOperand(yield, 0), mlirBlockGetArgument(body, 0));
}

/* Square tiles of one vector's lanes must cover the last two dims exactly
 * (static vector shapes); other transposes are scheduled as elementwise
 * ops. */
static bool transpose_tiles(MlirOperation op, const nb_cpu_target *t) {
  MlirType out = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType e = mlirShapedTypeGetElementType(out);
  int bits = mlirTypeIsAF32(e) ? 32 : mlirTypeIsAF64(e) ? 64 : (int)mlirIntegerTypeGetWidth(e);
  int64_t lanes = t->vector_bits / bits, rank = mlirShapedTypeGetRank(out);
  return mlirShapedTypeGetDimSize(out, rank - 2) % lanes == 0 &&
         mlirShapedTypeGetDimSize(out, rank - 1) % lanes == 0;
}

/* A one-input f32 reduction generic whose body is one arith op (add, max,
 * min, mul) that tile_reduction_using_for recognizes, then the yield; with
 * `prefix`, that combiner may follow vectorizable ops on the input (what
 * elementwise fusion leaves of sum(x * x)), the accumulator (the last block
 * argument) used by the combiner only. */
static bool combiner_body(MlirOperation op, bool prefix) {
  MlirType in = mlirValueGetType(mlirOperationGetOperand(op, 0));
  if (!mlirTypeIsAF32(mlirShapedTypeGetElementType(in)))
    return false;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation comb = mlirBlockGetFirstOperation(body);
  if (prefix) {
    if (!vectorizable_body(op))
      return false;
    while (!mlirOperationIsNull(comb) &&
           !is_named(mlirOperationGetNextInBlock(comb), "linalg.yield"))
      comb = mlirOperationGetNextInBlock(comb);
  }
  if (mlirOperationIsNull(comb) || !is_named(mlirOperationGetNextInBlock(comb), "linalg.yield"))
    return false;
  MlirValue acc = mlirBlockGetArgument(body, mlirBlockGetNumArguments(body) - 1);
  MlirOpOperand use = mlirValueGetFirstUse(acc);
  if (mlirOpOperandIsNull(use) || !mlirOpOperandIsNull(mlirOpOperandGetNextUse(use)) ||
      !mlirOperationEqual(mlirOpOperandGetOwner(use), comb))
    return false;
  return is_named(comb, "arith.addf") || is_named(comb, "arith.maximumf") ||
         is_named(comb, "arith.minimumf") || is_named(comb, "arith.mulf");
}

/* out[i] = combine over j of in[i, j]: row sums and maxima (softmax,
 * losses). */
static bool is_row_reduction(MlirOperation op) {
  return is_named(op, "linalg.generic") && mlirOperationGetNumOperands(op) == 2 &&
         mlirOperationGetNumResults(op) == 1 && all_operands(op, static_vector_tensor) &&
         attr_is(op, "indexing_maps",
                 "[affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>]") &&
         attr_is(op, "iterator_types",
                 "[#linalg.iterator_type<parallel>, #linalg.iterator_type<reduction>]") &&
         combiner_body(op, false);
}

/* out[] = combine over all of in (any rank): the full reductions of a loss
 * or a norm. Only the maps are checked here, so the text of an N-D map
 * need not be spelled out: the input's is the identity, the output's is
 * empty, every iterator a reduction. */
static bool is_full_reduction(MlirOperation op) {
  if (!is_named(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 2 ||
      mlirOperationGetNumResults(op) != 1 || !all_operands(op, static_vector_tensor))
    return false;
  MlirType in = mlirValueGetType(mlirOperationGetOperand(op, 0));
  MlirType out = mlirValueGetType(mlirOperationGetResult(op, 0));
  intptr_t rank = mlirShapedTypeGetRank(in);
  if (rank < 1 || mlirShapedTypeGetRank(out) != 0)
    return false;
  MlirAttribute maps =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("indexing_maps"));
  MlirAttribute iters =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("iterator_types"));
  if (mlirAttributeIsNull(maps) || mlirArrayAttrGetNumElements(maps) != 2 ||
      mlirAttributeIsNull(iters) || mlirArrayAttrGetNumElements(iters) != rank)
    return false;
  MlirAffineMap in_map = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, 0));
  MlirAffineMap out_map = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, 1));
  if (!mlirAffineMapIsIdentity(in_map) || mlirAffineMapGetNumResults(out_map) != 0)
    return false;
  char buf[64];
  for (intptr_t i = 0; i < rank; i++) {
    text t = {buf, sizeof buf, 0};
    buf[0] = 0;
    mlirAttributePrint(mlirArrayAttrGetElement(iters, i), to_text, &t);
    if (strcmp(buf, "#linalg.iterator_type<reduction>") != 0)
      return false;
  }
  return combiner_body(op, true);
}

static int64_t num_elements(MlirType t) {
  int64_t n = 1;
  for (intptr_t i = 0; i < mlirShapedTypeGetRank(t); i++)
    n *= mlirShapedTypeGetDimSize(t, i);
  return n;
}

/* Elements per row of a full reduction's [rows, cols] view: a divisor of
 * the element count of at most NB_FR_COLS, so that every row is a whole
 * number of vectors; 0 when the best divisor is narrower than `lanes`
 * (then the op keeps the scalar loops). */
#define NB_FR_COLS 64
static int64_t full_reduction_cols(MlirOperation op, int64_t lanes) {
  MlirType in = mlirValueGetType(mlirOperationGetOperand(op, 0));
  int64_t n = num_elements(in), c = n < NB_FR_COLS ? n : NB_FR_COLS;
  while (c > 1 && n % c != 0)
    c--;
  return c >= lanes ? c : 0;
}

/* Views a full reduction's input as [n / cols, cols] (collapse_shape to
 * 1-D, expand_shape to 2-D: no copy, the input is contiguous) and makes the
 * op the 2-D full reduction of that view, which has one schedule whatever
 * the rank. The body only combines its two block arguments, so only the
 * maps and iterators change. */
static void full_reduction_2d(MlirOperation op, int64_t cols) {
  MlirContext ctx = mlirOperationGetContext(op);
  MlirValue x = mlirOperationGetOperand(op, 0);
  MlirType in = mlirValueGetType(x), elem = mlirShapedTypeGetElementType(in);
  intptr_t rank = mlirShapedTypeGetRank(in);
  int64_t n = num_elements(in), shape[2] = {n / cols, cols};
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
      parse_attr(ctx, "[affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>]"));
  mlirOperationSetAttributeByName(
      op, mlirStringRefCreateFromCString("iterator_types"),
      parse_attr(ctx, "[#linalg.iterator_type<reduction>, #linalg.iterator_type<reduction>]"));
}

static bool is_elementwise(MlirOperation op) {
  bool fill = is_named(op, "linalg.fill");
  if (!fill && !is_named(op, "linalg.generic"))
    return false;
  if (mlirOperationGetNumResults(op) != 1 || !all_operands(op, static_vector_tensor))
    return false;
  MlirType out = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (!static_vector_tensor(out) || mlirShapedTypeGetRank(out) == 0)
    return false;
  if (fill)
    return true;
  MlirAttribute iters =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("iterator_types"));
  char buf[1024];
  text t = {buf, sizeof buf, 0};
  buf[0] = 0;
  mlirAttributePrint(iters, to_text, &t);
  return !strstr(buf, "reduction") && vectorizable_body(op);
}

/* The fill whose only use is this matmul's accumulator, or a null op. */
static MlirOperation init_fill(MlirOperation mm) {
  MlirValue c = mlirOperationGetOperand(mm, 2);
  if (!mlirValueIsAOpResult(c) || !is_fill(mlirOpResultGetOwner(c)) ||
      !mlirOpOperandIsNull(mlirOpOperandGetNextUse(mlirValueGetFirstUse(c))))
    return (MlirOperation){NULL};
  return mlirOpResultGetOwner(c);
}

/* A fill that only initializes a matmul's accumulator: the matmul's
 * schedule takes it (into its parallel chunks), so it is not tagged alone. */
static bool fills_matmul(MlirOperation op) {
  if (!is_fill(op) || mlirOperationGetNumResults(op) != 1)
    return false;
  MlirOpOperand use = mlirValueGetFirstUse(mlirOperationGetResult(op, 0));
  if (mlirOpOperandIsNull(use) || !mlirOpOperandIsNull(mlirOpOperandGetNextUse(use)))
    return false;
  return mlirOpOperandGetOperandNumber(use) == 2 && is_matmul(mlirOpOperandGetOwner(use));
}

/* The matmul whose result the elementwise `op` reads element for element
 * (identity map, same shape) and is its only user: the matmul's schedule
 * can then run `op` on each tile of its result while the tile is in cache
 * or registers (cpu_schedule_text.c). A null op otherwise. *alone: op's
 * other operands are no linalg results. */
static MlirOperation epilogue_matmul(MlirOperation op, bool *alone) {
  if (!is_named(op, "linalg.generic") || mlirOperationGetNumResults(op) != 1)
    return (MlirOperation){NULL};
  MlirAttribute maps =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("indexing_maps"));
  MlirOperation mm = {NULL};
  *alone = true;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++) {
    MlirValue v = mlirOperationGetOperand(op, i);
    if (!mlirValueIsAOpResult(v))
      continue;
    MlirOperation def = mlirOpResultGetOwner(v);
    MlirOpOperand use = mlirValueGetFirstUse(v);
    if (mlirOperationIsNull(mm) && i + 1 < mlirOperationGetNumOperands(op) && is_matmul(def) &&
        mlirOpOperandIsNull(mlirOpOperandGetNextUse(use)) &&
        mlirAffineMapIsIdentity(mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, i))) &&
        mlirTypeEqual(mlirValueGetType(v), mlirValueGetType(mlirOperationGetResult(op, 0))))
      mm = def;
    else if (strncmp(mlirIdentifierStr(mlirOperationGetName(def)).data, "linalg.", 7) == 0)
      *alone = false;
  }
  return mm;
}

/* The matmul's fill and its epilogue `ep` start from one tensor.empty
 * (CSE made them one): the fill gets its own. Shared, fusion made the fill
 * write into the epilogue's output, which the epilogue then overwrites while
 * the matmul reads it, and bufferization copied the output per tile. */
static void own_empty(MlirOperation mm, MlirOperation ep) {
  MlirOperation fill = init_fill(mm);
  if (mlirOperationIsNull(fill))
    return;
  intptr_t last = mlirOperationGetNumOperands(fill) - 1;
  MlirValue e = mlirOperationGetOperand(fill, last);
  if (!mlirValueEqual(e, mlirOperationGetOperand(ep, mlirOperationGetNumOperands(ep) - 1)) ||
      !mlirValueIsAOpResult(e) || !is_named(mlirOpResultGetOwner(e), "tensor.empty"))
    return;
  MlirOperation clone = mlirOperationClone(mlirOpResultGetOwner(e));
  mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(fill), fill, clone);
  mlirOperationSetOperand(fill, last, mlirOperationGetResult(clone, 0));
}

/* ---- the walk ---- */

typedef struct {
  MlirContext ctx;
  nb_cpu_target target;
  nb_sched_list list;
} walk_state;

static void tag(walk_state *w, MlirOperation op, nb_sched_kind kind) {
  nb_sched_list *l = &w->list;
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 16;
    l->ops = realloc(l->ops, l->cap * sizeof *l->ops);
  }
  nb_sched_op *s = &l->ops[l->n];
  memset(s, 0, sizeof *s);
  s->kind = kind;
  s->id = l->n;
  MlirType out = mlirValueGetType(mlirOperationGetResult(op, 0));
  s->rank = (int)mlirShapedTypeGetRank(out);
  for (int i = 0; i < s->rank && i < NB_SCHED_MAX_RANK; i++)
    s->shape[i] = mlirShapedTypeGetDimSize(out, i);
  MlirType elem = mlirShapedTypeGetElementType(out);
  s->elem_bits = mlirTypeIsAF32(elem) ? 32 : mlirTypeIsAF64(elem) ? 64
               : mlirTypeIsAInteger(elem) ? (int)mlirIntegerTypeGetWidth(elem) : 0;
  if (kind == NB_SCHED_BATCH_MATMUL) /* K from the lhs [B, M, K] */
    s->k = mlirShapedTypeGetDimSize(mlirValueGetType(mlirOperationGetOperand(op, 0)), 2);
  if (kind == NB_SCHED_MATMUL) {
    is_matmul_ta(op, &s->ta); /* K from the lhs, A[M,K] or A[K,M] */
    s->k = mlirShapedTypeGetDimSize(mlirValueGetType(mlirOperationGetOperand(op, 0)), s->ta ? 0 : 1);
    s->fill_init = !mlirOperationIsNull(init_fill(op));
  }
  if (kind == NB_SCHED_COLSUM || kind == NB_SCHED_ROW_REDUCTION ||
      kind == NB_SCHED_FULL_REDUCTION) { /* the input's: rows, columns */
    MlirType in = mlirValueGetType(mlirOperationGetOperand(op, 0));
    s->rank = 2;
    s->shape[0] = mlirShapedTypeGetDimSize(in, 0);
    s->shape[1] = mlirShapedTypeGetDimSize(in, 1);
  }
  static const char *const prefix[] = {"mm", "ew", "cs", "tr", "bmm", "rr", "fr"};
  char name[32];
  snprintf(name, sizeof name, "\"%s%d\"", prefix[kind], s->id);
  mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("nabla.sched"),
                                  mlirAttributeParseGet(w->ctx, mlirStringRefCreateFromCString(name)));
  mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("nabla.vec"),
                                  mlirUnitAttrGet(w->ctx));
  l->n++;
}

static MlirWalkResult classify(MlirOperation op, void *user) {
  walk_state *w = user;
  if (is_matmul(op))
    tag(w, op, NB_SCHED_MATMUL);
  else if (is_batch_matmul(op))
    tag(w, op, NB_SCHED_BATCH_MATMUL);
  else if (is_transpose(op) && transpose_tiles(op, &w->target))
    tag(w, op, NB_SCHED_TRANSPOSE);
  else if (is_colsum(op))
    tag(w, op, NB_SCHED_COLSUM);
  else if (is_row_reduction(op))
    tag(w, op, NB_SCHED_ROW_REDUCTION);
  else if (is_full_reduction(op) && full_reduction_cols(op, w->target.vector_bits / 32)) {
    full_reduction_2d(op, full_reduction_cols(op, w->target.vector_bits / 32));
    tag(w, op, NB_SCHED_FULL_REDUCTION);
  }
  else if (fills_matmul(op))
    ; /* scheduled with its matmul */
  else if (is_elementwise(op) && mlirShapedTypeGetRank(mlirValueGetType(mlirOperationGetResult(op, 0))) <= NB_SCHED_MAX_RANK) {
    tag(w, op, NB_SCHED_ELEMENTWISE);
    bool alone = false;
    MlirOperation mm = epilogue_matmul(op, &alone);
    MlirAttribute name = mlirOperationIsNull(mm) ? mlirAttributeGetNull()
        : mlirOperationGetAttributeByName(mm, mlirStringRefCreateFromCString("nabla.sched"));
    if (!mlirAttributeIsNull(name)) { /* "mm<id>": the matmul was tagged before */
      MlirStringRef s = mlirStringAttrGetValue(name);
      int mm_id = 0;
      for (size_t i = 2; i < s.length; i++)
        mm_id = 10 * mm_id + (s.data[i] - '0');
      nb_sched_op *ew = &w->list.ops[w->list.n - 1];
      ew->epilogue_of = mm_id + 1;
      w->list.ops[mm_id].epilogue = ew->id + 1;
      w->list.ops[mm_id].ep_alone = alone;
      own_empty(mm, op);
    }
  }
  return MlirWalkResultAdvance;
}

static MlirWalkResult untag(MlirOperation op, void *user) {
  (void)user;
  mlirOperationRemoveAttributeByName(op, mlirStringRefCreateFromCString("nabla.sched"));
  mlirOperationRemoveAttributeByName(op, mlirStringRefCreateFromCString("nabla.vec"));
  return MlirWalkResultAdvance;
}

/* Parses `script` and runs its @__nabla_cpu sequence on `module`. */
static bool apply_script(MlirOperation module, const char *script) {
  MlirContext ctx = mlirOperationGetContext(module);
  MlirModule lib = mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(script));
  if (mlirModuleIsNull(lib)) {
    fprintf(stderr, "nabla: internal error: the CPU schedule does not parse:\n%s\n", script);
    return false;
  }
  MlirOperation lib_op = mlirModuleGetOperation(lib);
  MlirOperation entry = mlirBlockGetFirstOperation(mlirModuleGetBody(lib));
  MlirTransformOptions opts = mlirTransformOptionsCreate();
  bool ok = mlirLogicalResultIsSuccess(mlirTransformApplyNamedSequence(module, entry, lib_op, opts));
  mlirTransformOptionsDestroy(opts);
  mlirModuleDestroy(lib);
  return ok;
}

static bool run_schedule(MlirOperation module, void *user) {
  walk_state w = {mlirOperationGetContext(module), *(nb_cpu_target *)user, {0}};
  untranspose_contractions(module);
  order_batch_contractions(module);
  unshare_fills(module);
  mlirOperationWalk(module, classify, &w, MlirWalkPreOrder);
  bool ok = true;
  if (w.list.n > 0) {
    char *script = nb_cpu_schedule_text(&w.list, &w.target);
    ok = script && apply_script(module, script);
    free(script);
    mlirOperationWalk(module, untag, NULL, MlirWalkPreOrder);
  }
  free(w.list.ops);
  return ok;
}

static bool run_vector_lower(MlirOperation module, void *user) {
  (void)user;
  return apply_script(module, nb_cpu_vector_lower_text);
}

bool nb_add_cpu_schedule_pass(MlirOpPassManager pm, const nb_cpu_target *target) {
  /* The target is static data of the caller (pipelines.c), so the pass can
   * point at it: a copy here would have nobody to free it. */
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-cpu-schedule",
                              "tile and vectorize linalg ops with transform-dialect schedules",
                              run_schedule, (void *)target));
  return true;
}

bool nb_add_cpu_vector_lower_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-cpu-vector-lower",
                              "lower vector.contract to FMAs and transfers to 1-D vectors",
                              run_vector_lower, NULL));
  return true;
}
