/* lowering.h — nabla's passes and pipelines.
 *
 * Every pass is a C external pass (mlirCreateExternalPass): LLVM 22's C API
 * cannot register a pass by name, so tools find nabla passes in the table
 * below (nb_pass_table) and hand everything else to upstream's pipeline
 * parser.
 *
 * Sections: passes.c (table, external-pass helper), verify.c, to_linalg.c,
 * linalg_build.c, export_abi.c, pipelines.c.
 */
#ifndef NABLA_LOWERING_H
#define NABLA_LOWERING_H

#include <stdbool.h>
#include <stdint.h>

#include <mlir-c/IR.h>
#include <mlir-c/Pass.h>

/* ---- passes.c ---- */

/* One named entry a pipeline string may use. `add` appends the pass (or a
 * whole sub-pipeline) to pm, which is anchored on builtin.module. */
typedef struct nb_pass_info {
  const char *name;    /* e.g. "nabla-to-linalg" */
  const char *summary; /* one line for --help */
  /* Returns false (and prints why) if the sub-pipeline could not be built. */
  bool (*add)(MlirOpPassManager pm);
} nb_pass_info;

/* NULL-name-terminated table of every nabla pass and named pipeline. */
extern const nb_pass_info nb_pass_table[];
const nb_pass_info *nb_find_pass(const char *name, size_t len);

/* Builds a module-level external pass around `run`, which returns false after
 * emitting a diagnostic (the pass then signals failure). */
typedef bool (*nb_module_pass_fn)(MlirOperation module, void *user);
MlirPass nb_make_module_pass(const char *name, const char *summary,
                             nb_module_pass_fn run, void *user);

/* Appends a textual pipeline (a comma-separated list of upstream pass
 * elements, e.g. "canonicalize,func.func(cse)") to pm; prints MLIR's error on
 * failure. */
bool nb_add_upstream(MlirOpPassManager pm, const char *elements);

/* Parses `pipeline` (either "builtin.module(a,b,...)" or "a,b,...") mixing
 * nabla names and upstream elements, appending them in order to pm. */
bool nb_parse_pipeline(MlirOpPassManager pm, const char *pipeline);

/* ---- verify.c ---- */
/* nabla-verify: the checks IRDL cannot express (element-type classes, shape
 * relations, attribute ranges). Emits an error at the op's location. */
bool nb_verify_module(MlirOperation module, void *user);
bool nb_add_verify_pass(MlirOpPassManager pm);

/* ---- to_linalg.c ---- */
/* nabla-to-linalg: every nabla op -> linalg/tensor/arith/math; unsigned
 * element types become signless (their signedness lives in the op choice). */
bool nb_add_to_linalg_pass(MlirOpPassManager pm);
/* The rule table, for the completeness test: entry i's op name (NULL past
 * the end), and whether an op has a lowering. */
const char *nb_linalg_rule_name(size_t i);
bool nb_has_linalg_rule(const char *op_name);
/* The same, leaving nabla.dot_general for a later nabla-to-linalg (so that
 * elementwise fusion in between cannot fuse producers into contractions). */
bool nb_add_to_linalg_except_contractions_pass(MlirOpPassManager pm);

/* ---- linalg_build.c ---- */
/* Builders for upstream ops created by name. New ops go before `anchor` when
 * it is set, else at the end of `block`; all get `loc`. Element and tensor
 * types are made signless (ui32 -> i32) where the builder picks a type. */
typedef struct nb_builder {
  MlirContext ctx;
  MlirLocation loc;
  MlirBlock block;
  MlirOperation anchor;
} nb_builder;

nb_builder nb_builder_before(MlirOperation op);
nb_builder nb_builder_at_end(MlirBlock block, MlirLocation loc);

/* Creates op `name` and inserts it; no regions. */
MlirOperation nb_build_op(nb_builder *b, const char *name, intptr_t n_operands,
                          const MlirValue *operands, intptr_t n_results,
                          const MlirType *results, intptr_t n_attrs,
                          const MlirNamedAttribute *attrs);
MlirNamedAttribute nb_named(MlirContext ctx, const char *name, MlirAttribute a);
/* Parses printf-formatted attribute text (null attribute on error). */
MlirAttribute nb_parse_attr(MlirContext ctx, const char *fmt, ...);

/* ui<N> -> i<N>, also inside a ranked tensor type; other types unchanged. */
MlirType nb_signless(MlirType t);
/* Signless element type of a tensor value. */
MlirType nb_element_type(MlirValue tensor);

/* One-result ops: nb_build1/2 give the result the first operand's type. */
MlirValue nb_build_n(nb_builder *b, const char *name, int n, const MlirValue *args,
                     MlirType result);
MlirValue nb_build1(nb_builder *b, const char *name, MlirValue x);
MlirValue nb_build2(nb_builder *b, const char *name, MlirValue x, MlirValue y);
MlirValue nb_build_cast(nb_builder *b, const char *name, MlirValue x, MlirType to);
/* arith.cmpf / arith.cmpi with the enum's integer predicate. */
MlirValue nb_build_cmp(nb_builder *b, const char *name, int64_t predicate,
                       MlirValue x, MlirValue y);
/* arith.constant of a typed attribute (scalar or dense). */
MlirValue nb_build_constant(nb_builder *b, MlirAttribute value);
/* Scalar arith.constant of a float or integer type. */
MlirValue nb_build_scalar(nb_builder *b, MlirType t, double value);
MlirValue nb_build_int(nb_builder *b, MlirType t, int64_t value);
MlirValue nb_build_empty(nb_builder *b, MlirType tensor);

/* affine_map<(d0..d{n_loops-1}) -> (...)>: dims[i] >= 0 is loop dim dims[i],
 * -1 is the constant 0 (a broadcast size-1 dim). */
MlirAttribute nb_map_attr(MlirContext ctx, int n_loops, int n_results, const int *dims);
MlirAttribute nb_identity_map(MlirContext ctx, int n_loops);

/* Builds the scalar body of a linalg.generic from its block arguments (one
 * per input, then the output's); returns the value to yield. */
typedef MlirValue (*nb_body_fn)(nb_builder *body, const MlirValue *args, void *user);
typedef struct nb_generic {
  int n_loops;
  int n_inputs;
  const MlirValue *inputs;
  const MlirAttribute *maps; /* n_inputs + 1: inputs, then the init */
  const bool *reduction;     /* n_loops iterator kinds; NULL: all parallel */
  MlirValue init;            /* the output tensor; the result has its type */
  nb_body_fn body;
  void *user;
} nb_generic;
MlirValue nb_build_generic(nb_builder *b, const nb_generic *g);
/* A tensor of `tensor`'s type with every element `scalar`. */
MlirValue nb_build_fill(nb_builder *b, MlirType tensor, MlirValue scalar);

/* ---- erf_inv.c, threefry.c (used by to_linalg.c) ---- */
/* Scalar body of nabla.erf_inv (f16/bf16/f32/f64), as XLA:CPU computes it. */
MlirValue nb_erf_inv_body(nb_builder *body, const MlirValue *args, void *user);
/* nabla.threefry2x32 -> one two-output linalg.generic before op; writes its
 * results (y0, y1). */
bool nb_lower_threefry2x32(nb_builder *b, MlirOperation op, MlirValue *results);
/* nabla.sort_key_val -> a func.call before op to a private merge-sort
 * function it adds to the module (sort.c); writes the two results. */
bool nb_lower_sort_key_val(nb_builder *b, MlirOperation op, MlirValue *results);

/* ---- export_abi.c ---- */
/* nabla-export-abi{prefix}: for every public func (after bufferization and
 * buffer-results-to-out-params) makes a wrapper `<prefix>_<name>` returning
 * i32 status, and makes everything else private. */
bool nb_add_export_abi_pass(MlirOpPassManager pm, const char *prefix);

/* ---- cpu_schedule.c, cpu_schedule_text.c ---- */
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

/* ---- inline_all.c ---- */
/* nabla-inline: every call in every function body inlined (after
 * nabla-expand-transforms), so exported functions are one block. */
bool nb_add_inline_pass(MlirOpPassManager pm);

/* ---- distinct_results.c ---- */
/* nabla-distinct-results: `return %0, %0` gets a copy per repeat (upstream
 * buffer-results-to-out-params crashes on repeated results). */
bool nb_add_distinct_results_pass(MlirOpPassManager pm);
/* nabla-nowait-loops: every omp.wsloop nowait (runtime/parallel.c's
 * members never wait for each other). */
bool nb_add_nowait_loops_pass(MlirOpPassManager pm);

/* ---- pipelines.c ---- */
/* The CPU pipeline in stages, so tools can stop after any of them:
 *   nabla -> linalg (verify, to-linalg, elementwise fusion, canonicalize)
 *   linalg -> llvm  (bufferize, out-params, export ABI, loops, LLVM dialect) */
bool nb_add_cpu_to_linalg(MlirOpPassManager pm);
/* vector_bits: the target's vector register width (256: AVX2, 512:
 * AVX-512), which sizes the schedules' register tiles. */
bool nb_add_cpu_linalg_to_llvm(MlirOpPassManager pm, const char *prefix, int vector_bits);

#endif
