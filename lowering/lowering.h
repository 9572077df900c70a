/* lowering.h — the map of lowering/: from the nabla dialect to the LLVM
 * dialect, one room per job. Each room's header lists its files.
 *
 *   pass/        pass.h: how a pass is made (external passes, upstream text)
 *   build/       build.h: builders for upstream ops (linalg.generic, arith, ...)
 *   verify/      verify.h: nabla-verify, the checks IRDL cannot express
 *   transforms/  autodiff.h: grad/jvp/vjp/vmap as passes and their rule tables,
 *                inlining, nabla-simplify (transforms.h: the room's own)
 *   to_linalg/   to_linalg.h: nabla-to-linalg, one rule per op by family
 *   abi/         abi.h: the exported functions' calling convention
 *   target/      target.h: what differs per target; the table of targets
 *   cpu/         cpu.h: the CPU target (schedules, pipelines)
 *   gpu/         gpu.h: the place for GPU code generation (empty today)
 *   registry.c   this header's own: every pass by name, pipeline strings
 *
 * The rooms use pass/ and build/ and the dialect below them; target/ and
 * the targets use the other rooms; registry.c uses all of them. Nothing in
 * a room includes this header.
 */
#ifndef NABLA_LOWERING_H
#define NABLA_LOWERING_H

#include "abi.h"
#include "autodiff.h"
#include "build.h"
#include "pass.h"
#include "target.h"
#include "to_linalg.h"
#include "verify.h"

/* ---- registry.c ---- */

/* The target-independent front of every pipeline (also "nabla-front"):
 * nabla-verify, nabla-expand-transforms, nabla-inline, nabla-simplify. A
 * target's add_to_linalg starts where it ends. */
bool nb_add_nabla_front(MlirOpPassManager pm);

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

/* Parses `pipeline` (either "builtin.module(a,b,...)" or "a,b,...") mixing
 * nabla names and upstream elements, appending them in order to pm. */
bool nb_parse_pipeline(MlirOpPassManager pm, const char *pipeline);

#endif
