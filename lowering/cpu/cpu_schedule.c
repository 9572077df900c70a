/* cpu_schedule.c — the CPU code generation strategy: per op class, a
 * transform-dialect schedule chosen from the shapes and the target.
 *
 * How: nabla-cpu-schedule walks the module (linalg on tensors, before
 * bufferization), first rewriting some ops into schedulable form
 * (cpu_rewrite.c), then classifies each linalg op (cpu_match.c) and tags
 * the ones it schedules with a `nabla.sched` name. It then writes one transform script for the
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
 *            packing leaves ops that do not vectorize: docs/cpu-codegen.md,
 *            "Pitfalls").
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
 * with a fixed script (the same patterns as the measurements in
 * docs/cpu-codegen.md, "Starting measurements").
 *
 * Why tags and one script per module: tile sizes differ per op, and a script
 * that matches `attributes{nabla.sched = "mm0"}` addresses exactly one op
 * however many the module holds. The tags are removed afterwards. */
#include "cpu.h"
#include "build.h"
#include "ir.h"
#include "pass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <mlir-c/Dialect/Transform/Interpreter.h>

/* ---- the walk ---- */

typedef struct {
  MlirContext ctx;
  nb_cpu_target target;
  nb_sched_list list;
  MlirOperation *tagged; /* the op of each list entry */
} walk_state;

/* The list entry of a tagged op, or -1. */
static int tagged_id(const walk_state *w, MlirOperation op) {
  for (int i = 0; i < w->list.n; i++)
    if (mlirOperationEqual(w->tagged[i], op))
      return i;
  return -1;
}

static void tag(walk_state *w, MlirOperation op, nb_sched_kind kind) {
  nb_sched_list *l = &w->list;
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 16;
    l->ops = realloc(l->ops, l->cap * sizeof *l->ops);
    w->tagged = realloc(w->tagged, l->cap * sizeof *w->tagged);
  }
  w->tagged[l->n] = op;
  nb_sched_op *s = &l->ops[l->n];
  memset(s, 0, sizeof *s);
  s->kind = kind;
  s->id = l->n;
  MlirType out = mlirValueGetType(mlirOperationGetResult(op, 0));
  s->rank = (int)mlirShapedTypeGetRank(out);
  for (int i = 0; i < s->rank && i < NB_SCHED_MAX_RANK; i++)
    s->shape[i] = mlirShapedTypeGetDimSize(out, i);
  MlirType elem = mlirShapedTypeGetElementType(out);
  s->elem_bits = mlirTypeIsAF32(elem)       ? 32
                 : mlirTypeIsAF64(elem)     ? 64
                 : mlirTypeIsAInteger(elem) ? (int)mlirIntegerTypeGetWidth(elem)
                                            : 0;
  if (kind == NB_SCHED_BATCH_MATMUL) /* K from the lhs [B, M, K] */
    s->k = mlirShapedTypeGetDimSize(mlirValueGetType(mlirOperationGetOperand(op, 0)), 2);
  if (kind == NB_SCHED_MATMUL) {
    nb_cpu_is_matmul_ta(op, &s->ta); /* K from the lhs, A[M,K] or A[K,M] */
    s->k =
        mlirShapedTypeGetDimSize(mlirValueGetType(mlirOperationGetOperand(op, 0)), s->ta ? 0 : 1);
    s->fill_init = !mlirOperationIsNull(nb_cpu_init_fill(op));
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
  mlirOperationSetAttributeByName(
      op, mlirStringRefCreateFromCString("nabla.sched"),
      mlirAttributeParseGet(w->ctx, mlirStringRefCreateFromCString(name)));
  mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("nabla.vec"),
                                  mlirUnitAttrGet(w->ctx));
  l->n++;
}

/* An operand or result with a zero-sized dim: nothing to compute, and
 * upstream tiling divides by the empty dim (it crashed on a reduction over
 * one), so such ops keep the plain loops. */
static bool has_empty_dim(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op) + mlirOperationGetNumResults(op); i++) {
    intptr_t n = mlirOperationGetNumOperands(op);
    MlirType t = mlirValueGetType(i < n ? mlirOperationGetOperand(op, i)
                                        : mlirOperationGetResult(op, i - n));
    if (!mlirTypeIsAShaped(t) || !mlirShapedTypeHasRank(t))
      continue;
    for (intptr_t d = 0; d < mlirShapedTypeGetRank(t); d++)
      if (mlirShapedTypeGetDimSize(t, d) == 0)
        return true;
  }
  return false;
}

static MlirWalkResult classify(MlirOperation op, void *user) {
  walk_state *w = user;
  int64_t cols;
  if (has_empty_dim(op))
    return MlirWalkResultAdvance;
  if (nb_cpu_is_matmul(op))
    tag(w, op, NB_SCHED_MATMUL);
  else if (nb_cpu_is_batch_matmul(op))
    tag(w, op, NB_SCHED_BATCH_MATMUL);
  else if (nb_cpu_is_transpose(op) && nb_cpu_transpose_tiles(op, &w->target))
    tag(w, op, NB_SCHED_TRANSPOSE);
  else if (nb_cpu_is_colsum(op))
    tag(w, op, NB_SCHED_COLSUM);
  else if (nb_cpu_is_row_reduction(op))
    tag(w, op, NB_SCHED_ROW_REDUCTION);
  else if (nb_cpu_is_full_reduction(op) &&
           (cols = nb_cpu_full_reduction_cols(op, w->target.vector_bits / 32))) {
    nb_cpu_full_reduction_2d(op, cols);
    tag(w, op, NB_SCHED_FULL_REDUCTION);
  } else if (nb_cpu_fills_matmul(op))
    ; /* scheduled with its matmul */
  else if (nb_cpu_is_elementwise(op) && mlirShapedTypeGetRank(mlirValueGetType(
                                            mlirOperationGetResult(op, 0))) <= NB_SCHED_MAX_RANK) {
    tag(w, op, NB_SCHED_ELEMENTWISE);
    bool alone = false;
    MlirOperation mm = nb_cpu_epilogue_matmul(op, &alone);
    int mm_id = mlirOperationIsNull(mm) ? -1 : tagged_id(w, mm); /* tagged before it */
    if (mm_id >= 0) {
      nb_sched_op *ew = &w->list.ops[w->list.n - 1];
      ew->epilogue_of = mm_id + 1;
      w->list.ops[mm_id].epilogue = ew->id + 1;
      w->list.ops[mm_id].ep_alone = alone;
      nb_cpu_own_empty(mm, op);
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
  bool ok =
      mlirLogicalResultIsSuccess(mlirTransformApplyNamedSequence(module, entry, lib_op, opts));
  mlirTransformOptionsDestroy(opts);
  mlirModuleDestroy(lib);
  return ok;
}

static bool run_schedule(MlirOperation module, void *user) {
  walk_state w = {mlirOperationGetContext(module), *(nb_cpu_target *)user, {0}, NULL};
  nb_cpu_untranspose_contractions(module);
  nb_cpu_order_batch_contractions(module);
  nb_cpu_unshare_fills(module);
  mlirOperationWalk(module, classify, &w, MlirWalkPreOrder);
  bool ok = true;
  if (w.list.n > 0) {
    char *script = nb_cpu_schedule_text(&w.list, &w.target);
    ok = script && apply_script(module, script);
    free(script);
    mlirOperationWalk(module, untag, NULL, MlirWalkPreOrder);
  }
  free(w.list.ops);
  free(w.tagged);
  return ok;
}

static bool run_vector_lower(MlirOperation module, void *user) {
  (void)user;
  return apply_script(module, nb_cpu_vector_lower_text);
}

bool nb_add_cpu_schedule_pass(MlirOpPassManager pm, const nb_cpu_target *target) {
  /* The target is static data of the caller (pipeline.c), so the pass can
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
