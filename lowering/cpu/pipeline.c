/* pipeline.c — the CPU pipeline, as one flat list per stage.
 *
 * nablac stops after either stage (--emit=linalg|llvm), so each is a
 * function. Upstream passes go through nb_add_upstream in runs; nabla passes
 * are added in between, keeping the order readable top to bottom. */
#include "cpu.h"
#include "abi.h"
#include "pass.h"
#include "to_linalg.h"
#include "verify.h"

/* nabla (after the front half, lowering.h's nb_add_nabla_front) -> linalg
 * on tensors, fused. convert-elementwise-to-linalg catches elementwise
 * arith/math ops on whole tensors (which a hand-written or partially
 * lowered module may hold) so that bufferization sees only ops it knows. */
bool nb_add_cpu_to_linalg(MlirOpPassManager pm) {
  return nb_add_to_linalg_except_contractions_pass(pm) &&
         nb_add_upstream(pm, "func.func(convert-elementwise-to-linalg,"
                             "linalg-fuse-elementwise-ops),"
                             "canonicalize,cse") &&
         nb_add_to_linalg_pass(pm) && nb_add_upstream(pm, "canonicalize,cse") &&
         nb_add_distinct_results_pass(pm);
}

/* linalg on tensors -> LLVM dialect.
 *
 * - Bufferize across function boundaries with identity layouts at the
 *   boundary, so a function argument is a plain contiguous buffer.
 * - Results become out-params (public functions too: that is the
 *   destination-passing ABI); hoist-static-allocs lets a result computed
 *   into a fresh buffer be computed straight into the caller's buffer
 *   (canonicalize first: a tiled loop's result is the loop's, until the
 *   loop without tensor results folds to the buffer itself).
 * - nabla-export-abi wraps public functions as <prefix>_<name> -> i32 status.
 * - f16/bf16 math and bf16 arithmetic are done in f32 and bf16 conversions are expanded into
 *   integer ops: otherwise LLVM calls __truncsfbf2, which libgcc before
 *   GCC 13 lacks.
 * - memref.copy between contiguous buffers becomes memcpy; between strided
 *   views it calls memrefCopy, which the runtime implements.
 * - Before bufferization, nabla-cpu-schedule tiles and vectorizes the ops it
 *   has a schedule for (cpu_schedule.c); after it, nabla-cpu-vector-lower
 *   turns their vector.contract into FMAs and their transfers into 1-D
 *   vectors. Other ops become the scalar loops of convert-linalg-to-loops.
 *   buffer-loop-hoisting lifts the packing buffers out of the tile loops.
 * - Multi-core: the schedules put big ops under an scf.forall (its
 *   iterations write disjoint tiles; packing buffers are allocated inside
 *   it, one per chunk, and buffer-loop-hoisting leaves them there).
 *   scf-forall-to-parallel and convert-scf-to-openmp make it an omp.parallel
 *   + omp.wsloop (canonicalize inlines the alloca_scope they wrap the body
 *   in; nabla-nowait-loops drops the loop's closing barrier, which the
 *   runtime's claimed members must not have), convert-openmp-to-llvm keeps
 *   it for translation, where LLVM's
 *   OpenMPIRBuilder outlines it into __kmpc_fork_call & co., which
 *   runtime/parallel.c implements on its own thread pool (no libomp).
 * - Deallocation, then loops, then everything to LLVM. Math ops with an LLVM
 *   intrinsic go first (they vectorize and inline), libm takes the rest
 *   (erf, ...); ipowi/fpowi become small outlined functions.
 * - finalize-memref-to-llvm{use-generic-functions} routes heap allocation to
 *   _mlir_memref_to_llvm_aligned_alloc/_free, which libnabla_rt implements
 *   (it turns a failed allocation into a status: runtime/cpu.c).
 * - Bare-pointer calling convention: an exported function takes one plain
 *   pointer per buffer, which is what the C header declares. */
bool nb_add_cpu_linalg_to_llvm(MlirOpPassManager pm, const char *prefix, int vector_bits) {
  /* static: the schedule pass keeps a pointer to its target */
  static const nb_cpu_target avx2 = {.vector_bits = 256, .parallel = true};
  static const nb_cpu_target avx512 = {.vector_bits = 512, .parallel = true};
  /* distinct-results again after the schedule: its canonicalization can
   * fold two results back into one value (x - x and a rem of it both
   * become the same constant), which buffer-results-to-out-params cannot
   * take. */
  return nb_add_cpu_schedule_pass(pm, vector_bits >= 512 ? &avx512 : &avx2) &&
         nb_add_distinct_results_pass(pm) && nb_add_empty_boundary_pass(pm) &&
         nb_add_upstream(pm, "one-shot-bufferize{bufferize-function-boundaries "
                             "function-boundary-type-conversion=identity-layout-map},"
                             "canonicalize,"
                             "buffer-results-to-out-params{hoist-static-allocs "
                             "modify-public-functions},"
                             "canonicalize") &&
         nb_add_export_abi_pass(pm, prefix, NB_CPU_CALL_GUARD) && nb_add_cpu_vector_lower_pass(pm) &&
         nb_add_upstream(pm, "func.func(buffer-loop-hoisting),"
                             "buffer-deallocation-pipeline,"
                             "convert-bufferization-to-memref,"
                             "scf-forall-to-parallel,"
                             "convert-scf-to-openmp,canonicalize") &&
         nb_add_nowait_loops_pass(pm) && nb_add_scalar_transfers_pass(pm) &&
         nb_add_upstream(pm, "func.func(convert-linalg-to-loops),"
                             "convert-vector-to-scf{full-unroll=true},"
                             "expand-strided-metadata,"
                             "lower-affine,"
                             "func.func(math-extend-to-supported-types{target-type=f32},"
                             "arith-emulate-unsupported-floats{source-types=bf16 target-type=f32},"
                             "arith-expand{include-bf16=true}),"
                             "convert-scf-to-cf,"
                             "convert-math-to-funcs,"
                             "convert-math-to-llvm,"
                             "convert-math-to-libm,"
                             "convert-vector-to-llvm,"
                             "finalize-memref-to-llvm{use-generic-functions=true "
                             "use-aligned-alloc=true},"
                             "convert-func-to-llvm{use-bare-ptr-memref-call-conv=true},"
                             "convert-arith-to-llvm,"
                             "convert-cf-to-llvm,"
                             "convert-index-to-llvm,"
                             "convert-ub-to-llvm,"
                             "convert-openmp-to-llvm,"
                             "reconcile-unrealized-casts");
}
