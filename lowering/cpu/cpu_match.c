/* cpu_match.c — which linalg ops the CPU schedules take: one predicate per
 * op class (matmul, A^T B, batch matmul, transposes, column, row and full
 * reductions, elementwise ops, fills, a matmul's epilogue), each checking
 * the op's maps, iterators, body and operand types. nabla-cpu-schedule
 * (cpu_schedule.c) tags what these accept; anything else keeps the naive
 * loops of convert-linalg-to-loops, which are always correct. */
#include "cpu.h"
#include "build.h"
#include "ir.h"

#include <stdio.h>
#include <string.h>

#include <mlir-c/AffineExpr.h>
#include <mlir-c/AffineMap.h>
#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

bool nb_cpu_op_is(MlirOperation op, const char *name) {
  MlirStringRef s = mlirIdentifierStr(mlirOperationGetName(op));
  return s.length == strlen(name) && strncmp(s.data, name, s.length) == 0;
}

static bool static_tensor(MlirType t) {
  return mlirTypeIsARankedTensor(t) && mlirShapedTypeHasStaticShape(t);
}

/* Affine maps and iterator kinds are compared by their text, which the C
 * API exposes most simply. */
bool nb_cpu_attr_is(MlirOperation op, const char *name, const char *expected) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(a))
    return false;
  char buf[512];
  return strcmp(nb_attr_str(buf, sizeof buf, a), expected) == 0;
}

/* Body ops a schedule may vectorize: arith and math, except the ops that
 * later passes lower to scalar calls (convert-math-to-funcs is scalar-only). */
static bool vectorizable_body(MlirOperation op) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  bool row_gather = !mlirAttributeIsNull(
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("nabla.row_gather")));
  for (MlirOperation o = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(o);
       o = mlirOperationGetNextInBlock(o)) {
    MlirStringRef s = mlirIdentifierStr(mlirOperationGetName(o));
    bool arith = s.length > 6 && strncmp(s.data, "arith.", 6) == 0;
    bool math = s.length > 5 && strncmp(s.data, "math.", 5) == 0 &&
                !nb_cpu_op_is(o, "math.ipowi") && !nb_cpu_op_is(o, "math.fpowi");
    /* a gather of whole rows (nabla.row_gather, to_linalg/gather.c):
     * vectorize_nd_extract reads each row with contiguous loads */
    bool extract = row_gather && (nb_cpu_op_is(o, "tensor.extract") || nb_cpu_op_is(o, "linalg.index"));
    if (!arith && !math && !extract && !nb_cpu_op_is(o, "linalg.yield"))
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

bool nb_cpu_all_operands(MlirOperation op, bool (*pred)(MlirType)) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++) {
    MlirType t = mlirValueGetType(mlirOperationGetOperand(op, i));
    if (mlirTypeIsAShaped(t) && !pred(t))
      return false;
  }
  return true;
}

static bool static_vector_tensor(MlirType t) { return static_tensor(t) && vector_element(t); }

bool nb_cpu_static_f32_tensor(MlirType t) {
  return static_tensor(t) && mlirTypeIsAF32(mlirShapedTypeGetElementType(t));
}

const char nb_cpu_matmul_maps[] =
    "[affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, "
    "affine_map<(d0, d1, d2) -> (d0, d1)>]";

static const char matmul_iters[] =
    "[#linalg.iterator_type<parallel>, #linalg.iterator_type<parallel>, "
    "#linalg.iterator_type<reduction>]";

/* The body of a float contraction: mulf, addf, yield. */
bool nb_cpu_mul_add_body(MlirOperation op) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation mul = mlirBlockGetFirstOperation(body);
  MlirOperation add = mlirOperationGetNextInBlock(mul);
  return nb_cpu_op_is(mul, "arith.mulf") && !mlirOperationIsNull(add) &&
         nb_cpu_op_is(add, "arith.addf") &&
         nb_cpu_op_is(mlirOperationGetNextInBlock(add), "linalg.yield");
}

static const char matmul_ta_maps[] =
    "[affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, "
    "affine_map<(d0, d1, d2) -> (d0, d1)>]";

/* A matmul, or A^T B (A read through (d2, d0)): both get the packed
 * schedule; A^T's micro-panels are then plain copies of K x MR blocks of A
 * (MR contiguous values per k), so it needs no transposed copy. */
bool nb_cpu_is_matmul_ta(MlirOperation op, bool *ta) {
  if (!nb_cpu_op_is(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 3 ||
      !nb_cpu_all_operands(op, nb_cpu_static_f32_tensor) ||
      !nb_cpu_attr_is(op, "iterator_types", matmul_iters))
    return false;
  *ta = nb_cpu_attr_is(op, "indexing_maps", matmul_ta_maps);
  if (!*ta && !nb_cpu_attr_is(op, "indexing_maps", nb_cpu_matmul_maps))
    return false;
  return nb_cpu_mul_add_body(op);
}

bool nb_cpu_is_matmul(MlirOperation op) {
  bool ta;
  return nb_cpu_is_matmul_ta(op, &ta);
}

/* C[b, m, n] += A[b, m, k] B[b, k, n] (a dot_general with one leading batch
 * dim, as vmap of a matmul makes it). */
const char nb_cpu_batch_matmul_maps[] = "[affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>, "
                                        "affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>, "
                                        "affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>]";

const char nb_cpu_batch_matmul_iters[] =
    "[#linalg.iterator_type<parallel>, #linalg.iterator_type<parallel>, "
    "#linalg.iterator_type<parallel>, #linalg.iterator_type<reduction>]";

bool nb_cpu_is_batch_matmul(MlirOperation op) {
  if (!nb_cpu_op_is(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 3 ||
      !nb_cpu_all_operands(op, nb_cpu_static_f32_tensor) ||
      !nb_cpu_attr_is(op, "indexing_maps", nb_cpu_batch_matmul_maps) ||
      !nb_cpu_attr_is(op, "iterator_types", nb_cpu_batch_matmul_iters))
    return false;
  /* The schedule folds the batch's unit tile away to reach a 2-D matmul; a
   * unit M, N or K would fold too, leaving a matvec that is no matmul (a
   * per-example row vector times a matrix under vmap). Such a one stays
   * generic: scalar loops. */
  MlirType c = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType a = mlirValueGetType(mlirOperationGetOperand(op, 0));
  if (mlirShapedTypeGetDimSize(c, 1) == 1 || mlirShapedTypeGetDimSize(c, 2) == 1 ||
      mlirShapedTypeGetDimSize(a, 2) == 1)
    return false;
  return nb_cpu_mul_add_body(op);
}

/* A contraction generic with the matmul's body and iterators and operands
 * A[M,K] or A[K,M], B[K,N] or B[N,K]; sets *ta / *tb for the transposed
 * ones. */
static const char *const map_a[2] = {"affine_map<(d0, d1, d2) -> (d0, d2)>",
                                     "affine_map<(d0, d1, d2) -> (d2, d0)>"};

static const char *const map_b[2] = {"affine_map<(d0, d1, d2) -> (d2, d1)>",
                                     "affine_map<(d0, d1, d2) -> (d1, d2)>"};

bool nb_cpu_is_transposed_matmul(MlirOperation op, bool *ta, bool *tb) {
  if (!nb_cpu_op_is(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 3 ||
      !nb_cpu_all_operands(op, nb_cpu_static_f32_tensor) ||
      !nb_cpu_attr_is(op, "iterator_types", matmul_iters))
    return false;
  char want[512];
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 2; b++) {
      snprintf(want, sizeof want, "[%s, %s, affine_map<(d0, d1, d2) -> (d0, d1)>]", map_a[a],
               map_b[b]);
      if ((a || b) && nb_cpu_attr_is(op, "indexing_maps", want)) {
        *ta = a, *tb = b;
        return nb_cpu_mul_add_body(op);
      }
    }
  return false;
}

/* The loop (dim) each result of `map` reads, when every result is a plain
 * dim and there are n of them. */
bool nb_cpu_map_dims(MlirAttribute map_attr, int n, int *dims) {
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

/* linalg.fill, or what nb_build_fill makes: a generic with no inputs whose
 * body yields a value from outside. */
bool nb_cpu_is_fill(MlirOperation op) {
  if (nb_cpu_op_is(op, "linalg.fill"))
    return true;
  if (!nb_cpu_op_is(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 1 ||
      mlirOperationGetNumResults(op) != 1)
    return false;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation yield = mlirBlockGetFirstOperation(body);
  if (!nb_cpu_op_is(yield, "linalg.yield") || mlirOperationGetNumOperands(yield) != 1)
    return false;
  MlirValue v = mlirOperationGetOperand(yield, 0);
  return !mlirValueIsABlockArgument(v) || !mlirBlockEqual(mlirBlockArgumentGetOwner(v), body);
}

/* sum over rows: out[j] = init[j] + sum_i in[i, j], arith body */
static const char colsum_maps[] =
    "[affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>]";

static const char colsum_iters[] =
    "[#linalg.iterator_type<reduction>, #linalg.iterator_type<parallel>]";

bool nb_cpu_is_colsum(MlirOperation op) {
  return nb_cpu_op_is(op, "linalg.generic") && mlirOperationGetNumOperands(op) == 2 &&
         mlirOperationGetNumResults(op) == 1 && nb_cpu_all_operands(op, nb_cpu_static_f32_tensor) &&
         nb_cpu_attr_is(op, "indexing_maps", colsum_maps) &&
         nb_cpu_attr_is(op, "iterator_types", colsum_iters) && vectorizable_body(op);
}

/* out[..., i, j] = in[..., j, i], nothing else: a transposition copy of
 * the last two dims, batched over the leading ones (what
 * nb_cpu_untranspose_contractions and nb_cpu_order_batch_contractions insert, or a
 * user's transpose). */
bool nb_cpu_is_transpose(MlirOperation op) {
  if (!nb_cpu_op_is(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 2 ||
      mlirOperationGetNumResults(op) != 1 || !nb_cpu_all_operands(op, static_vector_tensor))
    return false;
  MlirAttribute maps =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("indexing_maps"));
  int rank = (int)mlirShapedTypeGetRank(mlirValueGetType(mlirOperationGetResult(op, 0)));
  int in[NB_SCHED_MAX_RANK], out[NB_SCHED_MAX_RANK];
  if (rank < 2 || rank > NB_SCHED_MAX_RANK ||
      !nb_cpu_map_dims(mlirArrayAttrGetElement(maps, 0), rank, in) ||
      !nb_cpu_map_dims(mlirArrayAttrGetElement(maps, 1), rank, out))
    return false;
  for (int i = 0; i < rank; i++)
    if (out[i] != i || in[i] != (i < rank - 2 ? i : 2 * rank - 3 - i))
      return false;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  MlirOperation yield = mlirBlockGetFirstOperation(body);
  return nb_cpu_op_is(yield, "linalg.yield") &&
         mlirValueEqual(mlirOperationGetOperand(yield, 0), mlirBlockGetArgument(body, 0));
}

/* Square tiles of one vector's lanes must cover the last two dims exactly
 * (static vector shapes); other transposes are scheduled as elementwise
 * ops. */
bool nb_cpu_transpose_tiles(MlirOperation op, const nb_cpu_target *t) {
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
           !nb_cpu_op_is(mlirOperationGetNextInBlock(comb), "linalg.yield"))
      comb = mlirOperationGetNextInBlock(comb);
  }
  if (mlirOperationIsNull(comb) || !nb_cpu_op_is(mlirOperationGetNextInBlock(comb), "linalg.yield"))
    return false;
  MlirValue acc = mlirBlockGetArgument(body, mlirBlockGetNumArguments(body) - 1);
  MlirOpOperand use = mlirValueGetFirstUse(acc);
  if (mlirOpOperandIsNull(use) || !mlirOpOperandIsNull(mlirOpOperandGetNextUse(use)) ||
      !mlirOperationEqual(mlirOpOperandGetOwner(use), comb))
    return false;
  return nb_cpu_op_is(comb, "arith.addf") || nb_cpu_op_is(comb, "arith.maximumf") ||
         nb_cpu_op_is(comb, "arith.minimumf") || nb_cpu_op_is(comb, "arith.mulf");
}

/* out[i] = combine over j of in[i, j]: row sums and maxima (softmax,
 * losses). */
bool nb_cpu_is_row_reduction(MlirOperation op) {
  return nb_cpu_op_is(op, "linalg.generic") && mlirOperationGetNumOperands(op) == 2 &&
         mlirOperationGetNumResults(op) == 1 && nb_cpu_all_operands(op, static_vector_tensor) &&
         nb_cpu_attr_is(op, "indexing_maps",
                        "[affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>]") &&
         nb_cpu_attr_is(op, "iterator_types",
                        "[#linalg.iterator_type<parallel>, #linalg.iterator_type<reduction>]") &&
         combiner_body(op, false);
}

/* out[] = combine over all of in (any rank): the full reductions of a loss
 * or a norm. Only the maps are checked here, so the text of an N-D map
 * need not be spelled out: the input's is the identity, the output's is
 * empty, every iterator a reduction. */
bool nb_cpu_is_full_reduction(MlirOperation op) {
  if (!nb_cpu_op_is(op, "linalg.generic") || mlirOperationGetNumOperands(op) != 2 ||
      mlirOperationGetNumResults(op) != 1 || !nb_cpu_all_operands(op, static_vector_tensor))
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
  for (intptr_t i = 0; i < rank; i++)
    if (strcmp(nb_attr_str(buf, sizeof buf, mlirArrayAttrGetElement(iters, i)),
               "#linalg.iterator_type<reduction>") != 0)
      return false;
  return combiner_body(op, true);
}

int64_t nb_cpu_num_elements(MlirType t) {
  int64_t n = 1;
  for (intptr_t i = 0; i < mlirShapedTypeGetRank(t); i++)
    n *= mlirShapedTypeGetDimSize(t, i);
  return n;
}

/* Every indexing map reads loop dims or constants (permutations,
 * broadcasts): lax.rev's size-1-i maps make the vectorizer fail. */
static bool dims_or_constants(MlirOperation op) {
  MlirAttribute maps =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("indexing_maps"));
  if (mlirAttributeIsNull(maps))
    return false;
  for (intptr_t i = 0; i < mlirArrayAttrGetNumElements(maps); i++) {
    MlirAffineMap m = mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, i));
    for (intptr_t k = 0; k < mlirAffineMapGetNumResults(m); k++) {
      MlirAffineExpr e = mlirAffineMapGetResult(m, k);
      if (!mlirAffineExprIsADim(e) && !mlirAffineExprIsAConstant(e))
        return false;
    }
  }
  return true;
}

bool nb_cpu_is_elementwise(MlirOperation op) {
  bool fill = nb_cpu_op_is(op, "linalg.fill");
  if (!fill && !nb_cpu_op_is(op, "linalg.generic"))
    return false;
  if (mlirOperationGetNumResults(op) != 1 || !nb_cpu_all_operands(op, static_vector_tensor))
    return false;
  MlirType out = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (!static_vector_tensor(out) || mlirShapedTypeGetRank(out) == 0)
    return false;
  if (fill)
    return true;
  MlirAttribute iters =
      mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("iterator_types"));
  char buf[1024];
  return !strstr(nb_attr_str(buf, sizeof buf, iters), "reduction") && vectorizable_body(op) &&
         dims_or_constants(op);
}

/* The fill whose only use is this matmul's accumulator, or a null op. */
MlirOperation nb_cpu_init_fill(MlirOperation mm) {
  MlirValue c = mlirOperationGetOperand(mm, 2);
  if (!mlirValueIsAOpResult(c) || !nb_cpu_is_fill(mlirOpResultGetOwner(c)) ||
      !mlirOpOperandIsNull(mlirOpOperandGetNextUse(mlirValueGetFirstUse(c))))
    return (MlirOperation){NULL};
  return mlirOpResultGetOwner(c);
}

/* A fill that only initializes a matmul's accumulator: the matmul's
 * schedule takes it (into its parallel chunks), so it is not tagged alone. */
bool nb_cpu_fills_matmul(MlirOperation op) {
  if (!nb_cpu_is_fill(op) || mlirOperationGetNumResults(op) != 1)
    return false;
  MlirOpOperand use = mlirValueGetFirstUse(mlirOperationGetResult(op, 0));
  if (mlirOpOperandIsNull(use) || !mlirOpOperandIsNull(mlirOpOperandGetNextUse(use)))
    return false;
  return mlirOpOperandGetOperandNumber(use) == 2 && nb_cpu_is_matmul(mlirOpOperandGetOwner(use));
}

/* The matmul whose result the elementwise `op` reads element for element
 * (identity map, same shape) and is its only user: the matmul's schedule
 * can then run `op` on each tile of its result while the tile is in cache
 * or registers (cpu_schedule_text.c). A null op otherwise. *alone: op's
 * other operands are no linalg results. */
MlirOperation nb_cpu_epilogue_matmul(MlirOperation op, bool *alone) {
  if (!nb_cpu_op_is(op, "linalg.generic") || mlirOperationGetNumResults(op) != 1)
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
    if (mlirOperationIsNull(mm) && i + 1 < mlirOperationGetNumOperands(op) &&
        nb_cpu_is_matmul(def) && mlirOpOperandIsNull(mlirOpOperandGetNextUse(use)) &&
        mlirAffineMapIsIdentity(mlirAffineMapAttrGetValue(mlirArrayAttrGetElement(maps, i))) &&
        mlirTypeEqual(mlirValueGetType(v), mlirValueGetType(mlirOperationGetResult(op, 0))))
      mm = def;
    else if (strncmp(mlirIdentifierStr(mlirOperationGetName(def)).data, "linalg.", 7) == 0)
      *alone = false;
  }
  return mm;
}
