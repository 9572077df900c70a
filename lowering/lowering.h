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

/* ---- export_abi.c ---- */
/* nabla-export-abi{prefix}: for every public func (after bufferization and
 * buffer-results-to-out-params) makes a wrapper `<prefix>_<name>` returning
 * i32 status, and makes everything else private. */
bool nb_add_export_abi_pass(MlirOpPassManager pm, const char *prefix);

/* ---- pipelines.c ---- */
/* The CPU pipeline in stages, so tools can stop after any of them:
 *   nabla -> linalg (verify, to-linalg, elementwise fusion, canonicalize)
 *   linalg -> llvm  (bufferize, out-params, export ABI, loops, LLVM dialect) */
bool nb_add_cpu_to_linalg(MlirOpPassManager pm);
bool nb_add_cpu_linalg_to_llvm(MlirOpPassManager pm, const char *prefix);

#endif
