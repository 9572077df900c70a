/* target.h — what differs between the machines nabla compiles for, as one
 * struct each target fills in (target.c holds the table). The front half of
 * the pipeline (verify, transforms, inlining, simplify) is the same for
 * every target and lives with the target-independent rooms; a target starts
 * at linalg.
 *
 * Files:
 *   target.h  the interface
 *   target.c  the table of targets and the lookup by name
 * The targets: lowering/cpu/target.c (cpu); a GPU target goes in lowering/gpu
 * and adds one line to target.c, touching no CPU file.
 */
#ifndef NABLA_TARGET_H
#define NABLA_TARGET_H

#include <stdbool.h>
#include <stddef.h>

#include <mlir-c/IR.h>
#include <mlir-c/Pass.h>

/* What the driver (aot/compile.c) knows about the machine code it wants. */
typedef struct nb_target_config {
  const char *prefix; /* exported symbols are <prefix>_<name> */
  int vector_bits;    /* widest vector register of the chosen CPU (256, 512) */
} nb_target_config;

typedef struct nb_target_info {
  const char *name;    /* "cpu": nb_compile's .target, nablac --target= */
  const char *summary; /* one line for --help */
  /* nabla -> linalg on tensors, after the shared front half
   * (nb_add_nabla_front: verification, the transforms, inlining), ending
   * where the target's code generation starts. */
  bool (*add_to_linalg)(MlirOpPassManager pm);
  /* linalg -> the LLVM dialect, exported functions wrapped in the target's
   * ABI (status-returning <prefix>_<name>). */
  bool (*add_to_llvm)(MlirOpPassManager pm, const nb_target_config *config);
  /* The runtime library a program links with this target's objects, as
   * CMake names it ("nabla_rt"), and the header the generated header
   * includes for it (NULL: none). */
  const char *runtime_library;
  const char *runtime_header;
} nb_target_info;

/* NULL-terminated; the first entry is the default. */
extern const nb_target_info *const nb_targets[];
/* The target named `name` (NULL or "" = the default), or NULL if none. */
const nb_target_info *nb_find_target(const char *name);
/* "cpu" or "cpu, cuda": the names, for error messages. */
const char *nb_target_names(void);

#endif
