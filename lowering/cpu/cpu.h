/* cpu.h — the CPU target's code generation: linalg on tensors to the LLVM
 * dialect, with transform-dialect schedules for the ops that have one.
 *
 * Files:
 *   target.c            the CPU target (lowering/target/target.h's interface)
 *   pipeline.c          its pipelines: nabla -> linalg, linalg -> LLVM dialect
 *   cpu_schedule.c      nabla-cpu-schedule: tag ops, write the script, apply it
 *   cpu_schedule_text.c the transform script for each kind of op
 *   cpu_match.c         which ops each schedule takes
 *   cpu_rewrite.c       rewrites into those forms
 *   nowait_loops.c      nabla-nowait-loops
 *   scalar_transfers.c  nabla-scalar-transfers
 */
#ifndef NABLA_CPU_H
#define NABLA_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include <mlir-c/IR.h>
#include <mlir-c/Pass.h>

/* What a schedule is chosen for: the widest vector register the target has
 * (256 for the x86-64-v3 baseline, 512 with AVX-512). */
typedef struct nb_cpu_target {
  int vector_bits;
  bool parallel; /* big ops get an scf.forall (-> OpenMP -> runtime pool) */
} nb_cpu_target;

typedef enum {
  NB_SCHED_MATMUL,
  NB_SCHED_ELEMENTWISE,
  NB_SCHED_COLSUM,
  NB_SCHED_TRANSPOSE,
  NB_SCHED_BATCH_MATMUL,
  NB_SCHED_ROW_REDUCTION,
  NB_SCHED_FULL_REDUCTION
} nb_sched_kind;
#define NB_SCHED_MAX_RANK 8
/* One op tagged `nabla.sched = "<mm|ew|cs|tr|bmm|rr|fr><id>"`: the result's
 * shape (the input's for column, row and full reductions), its element
 * width, and K for a matmul. */
typedef struct nb_sched_op {
  nb_sched_kind kind;
  int id;
  int rank;
  int64_t shape[NB_SCHED_MAX_RANK];
  int64_t k;
  int elem_bits;
  bool fill_init; /* matmul: its accumulator comes from a fill of its own */
  bool ta;        /* matmul: A is read transposed (A^T B) */
  /* A matmul's elementwise consumer (the only user of its result, which it
   * reads elementwise): the consumer's id + 1 on the matmul (0: none), the
   * matmul's id + 1 on the consumer; `ep_alone` when the consumer's other
   * operands are not linalg results (so that fusing greedily takes in the
   * matmul and its fill, nothing else). */
  int epilogue, epilogue_of;
  bool ep_alone;
} nb_sched_op;
typedef struct nb_sched_list {
  nb_sched_op *ops;
  int n, cap;
} nb_sched_list;

/* nabla-cpu-schedule (on tensors, before bufferization) and
 * nabla-cpu-vector-lower (after it). `target` must outlive the pass (the
 * pipeline passes static data). */
bool nb_add_cpu_schedule_pass(MlirOpPassManager pm, const nb_cpu_target *target);
bool nb_add_cpu_vector_lower_pass(MlirOpPassManager pm);
/* The transform script (@__nabla_cpu) for `ops`; malloc'd. */
char *nb_cpu_schedule_text(const nb_sched_list *ops, const nb_cpu_target *target);
extern const char nb_cpu_vector_lower_text[];

/* ---- nowait_loops.c ---- */
/* nabla-nowait-loops: every omp.wsloop nowait (runtime/parallel.c's
 * members never wait for each other). */
bool nb_add_nowait_loops_pass(MlirOpPassManager pm);

/* ---- scalar_transfers.c ---- */
/* nabla-scalar-transfers: 0-d vector.transfer_read on a memref becomes
 * memref.load (a strided one has no other lowering). */
bool nb_add_scalar_transfers_pass(MlirOpPassManager pm);

/* ---- pipeline.c ---- */
/* libnabla_rt's entry every exported call goes through (runtime/call.c). */
#define NB_CPU_CALL_GUARD "nbrt__call_guarded"

/* The CPU pipeline in stages, so tools can stop after any of them:
 *   nabla -> linalg (to-linalg, elementwise fusion, canonicalize; after
 *                    lowering.h's nb_add_nabla_front)
 *   linalg -> llvm  (bufferize, out-params, export ABI, loops, LLVM dialect) */
bool nb_add_cpu_to_linalg(MlirOpPassManager pm);
/* vector_bits: the target's vector register width (256: AVX2, 512:
 * AVX-512), which sizes the schedules' register tiles. */
bool nb_add_cpu_linalg_to_llvm(MlirOpPassManager pm, const char *prefix, int vector_bits);


/* ---- cpu_match.c ---- */

bool nb_cpu_op_is(MlirOperation op, const char *name);
bool nb_cpu_attr_is(MlirOperation op, const char *name, const char *expected);
bool nb_cpu_all_operands(MlirOperation op, bool (*pred)(MlirType));
bool nb_cpu_static_f32_tensor(MlirType t);
extern const char nb_cpu_matmul_maps[];
bool nb_cpu_mul_add_body(MlirOperation op);
bool nb_cpu_is_matmul_ta(MlirOperation op, bool *ta);
bool nb_cpu_is_matmul(MlirOperation op);
extern const char nb_cpu_batch_matmul_maps[];
extern const char nb_cpu_batch_matmul_iters[];
bool nb_cpu_is_batch_matmul(MlirOperation op);
bool nb_cpu_is_transposed_matmul(MlirOperation op, bool *ta, bool *tb);
bool nb_cpu_map_dims(MlirAttribute map_attr, int n, int *dims);
bool nb_cpu_is_fill(MlirOperation op);
bool nb_cpu_is_colsum(MlirOperation op);
bool nb_cpu_is_transpose(MlirOperation op);
bool nb_cpu_transpose_tiles(MlirOperation op, const nb_cpu_target *t);
bool nb_cpu_is_row_reduction(MlirOperation op);
bool nb_cpu_is_full_reduction(MlirOperation op);
int64_t nb_cpu_num_elements(MlirType t);
bool nb_cpu_is_elementwise(MlirOperation op);
MlirOperation nb_cpu_init_fill(MlirOperation mm);
bool nb_cpu_fills_matmul(MlirOperation op);
MlirOperation nb_cpu_epilogue_matmul(MlirOperation op, bool *alone);

/* ---- cpu_rewrite.c ---- */

void nb_cpu_untranspose_contractions(MlirOperation module);
void nb_cpu_order_batch_contractions(MlirOperation module);
void nb_cpu_unshare_fills(MlirOperation module);
int64_t nb_cpu_full_reduction_cols(MlirOperation op, int64_t lanes);
void nb_cpu_full_reduction_2d(MlirOperation op, int64_t cols);
void nb_cpu_own_empty(MlirOperation mm, MlirOperation ep);

#endif
