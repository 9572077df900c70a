/* aot.h — ahead-of-time compilation: a module in the nabla dialect in, an
 * object file, a static library and a C header out.
 *
 * Files: compile.c (drives the pipeline through a target of
 * lowering/target), emit_object.c (LLVM C API), archive.c (ar writer),
 * emit_header.c (C header), header_trees.c (the header's structs for
 * parameter trees), llvm_guard.c (LLVM's fatal errors and warnings about
 * options as errors; stderr capture).
 */
#ifndef NABLA_AOT_H
#define NABLA_AOT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>
#include <mlir-c/IR.h>

#include "dialect.h"
#include "nabla/dtype.h"

typedef enum nb_emit {
  NB_EMIT_NABLA,  /* stop after verification: print the nabla module */
  NB_EMIT_LINALG, /* stop after nabla -> linalg */
  NB_EMIT_LLVM,   /* stop at the LLVM dialect */
  NB_EMIT_OBJ,    /* NAME.o + libNAME.a + NAME.h (default) */
} nb_emit;

typedef struct nb_aot_options {
  const char *name;    /* library name: libNAME.a, NAME.h, symbols NAME_<fn> */
  const char *out_dir; /* directory for outputs; NULL = current directory */
  const char *target;  /* lowering/target/target.h's name; NULL = the default (cpu) */
  const char *triple;  /* NULL = host triple */
  const char *cpu;     /* NULL = portable default (x86-64-v3 on x86-64), "native" = host */
  const char *features; /* extra LLVM target features, NULL = none */
  nb_emit emit;
  const char *print_ir_after; /* pass name, "all", or NULL */
  const char *emit_path; /* for NB_EMIT_NABLA/LINALG/LLVM: file to print to (NULL = stdout) */
  /* Run MLIR's verifier after every pass (also when NABLA_VERIFY_EACH is set
   * in the environment, as the tests do); otherwise once, at the end. */
  bool verify_each;
} nb_aot_options;

/* Compiles `module` (consumed: it is lowered in place). Public func.func ops
 * are the exported functions. Returns 0 on success; on failure returns
 * non-zero after MLIR's diagnostics went to the context's handler and writes a
 * one-line reason into err (if err_size > 0). */
int nb_aot_compile(MlirModule module, const nb_aot_options *opts, char *err,
                   size_t err_size);

/* emit_object.c: the vector register width the target's CPU has for the
 * schedules (512 with AVX-512, else 256). */
int nb_target_vector_bits(const nb_aot_options *o);

/* ---- emit_header.c ---- */

#define NB_AOT_MAX_RANK NB_IR_MAX_RANK

/* One argument or result of an exported function, as the header shows it. */
typedef struct nb_buffer_info {
  char *name; /* a C identifier: nabla.name, or arg<i> / out / out<i> */
  nb_dtype dtype;
  int rank;
  int64_t dims[NB_AOT_MAX_RANK];
} nb_buffer_info;

/* A tree (parameter bundle) among an exported function's arguments or
 * results: buffers first .. first + nleaves - 1 (header_trees.c). */
typedef struct nb_tree_info {
  char *name;    /* the struct parameter's name, a C identifier */
  int first, nleaves;
  char **paths;  /* member paths, "hidden.w", components C identifiers */
  int donate;    /* arguments: index of the result tree updating it, or -1 */
  char *type_name; /* its struct type is <lib>_<type_name> */
  bool defines;    /* the first tree of its structure: the struct is written here */
} nb_tree_info;

typedef struct nb_export_info {
  char *c_name; /* symbol is <lib>_<c_name> */
  int nargs, nresults;
  nb_buffer_info *args, *results;
  /* With trees: the symbol is <lib>_<c_name> = ..._leaves (one pointer per
   * leaf) and tree_c_name names the static inline struct-taking wrapper. */
  char *tree_c_name;
  int narg_trees, nres_trees;
  nb_tree_info *arg_trees, *res_trees;
} nb_export_info;

typedef struct nb_exports {
  int n;
  nb_export_info *fns;
} nb_exports;

/* Reads the exported (public) functions of a module in the nabla dialect,
 * before lowering. False (with a reason in err) if one cannot be exported. */
bool nb_collect_exports(MlirModule module, nb_exports *out, char *err, size_t err_size);
void nb_exports_free(nb_exports *e);
/* Writes the C header of library `lib` to path. */
/* What the header says of the target: the runtime library to link
 * ("nabla_rt") and a header of its to include (NULL: none). */
typedef struct nb_header_target {
  const char *runtime_library;
  const char *runtime_header;
} nb_header_target;
bool nb_write_header(const char *path, const char *lib, const nb_header_target *t,
                     const nb_exports *e, char *err, size_t err_size);

/* ---- header_trees.c: trees as C structs ---- */

/* Reads nabla.arg_trees / nabla.result_trees of fn into f; a function with
 * trees is renamed <c_name>_leaves (also as fn's nabla.c_name, which
 * export_abi names the symbol after). False with a reason if malformed. */
bool nb_collect_trees(MlirOperation fn, nb_export_info *f, char *err, size_t err_size);
void nb_trees_free(nb_export_info *f);
/* Whether any function donates a tree (the header then needs malloc). */
bool nb_trees_donate(const nb_exports *e);
/* The struct typedefs of every tree of e (deduplicated by structure). */
void nb_write_tree_structs(FILE *f, const char *lib, const nb_exports *e);
/* Names the structs: called once every function is collected. */
void nb_name_tree_structs(nb_exports *e);
/* The static inline struct-taking wrapper of fn, if it has trees. */
void nb_write_tree_wrapper(FILE *f, const char *lib, const nb_export_info *fn);

/* ---- emit_object.c ---- */

/* A target machine for opts->triple/cpu/features (defaults: host triple,
 * x86-64-v3 on x86-64), PIC. NULL with a reason in err on failure. */
LLVMTargetMachineRef nb_target_machine_create(const nb_aot_options *opts, char *err,
                                              size_t err_size);
/* Sets mod's triple and data layout from tm (before optimizing). */
void nb_module_set_target(LLVMModuleRef mod, LLVMTargetMachineRef tm);
bool nb_emit_object(LLVMTargetMachineRef tm, LLVMModuleRef mod, const char *path,
                    char *err, size_t err_size);

/* ---- llvm_guard.c ---- */

/* stderr redirected into a temporary file until nb_capture_end, which puts
 * it back and returns what was written (malloc'd; NULL if capture failed). */
typedef struct nb_stderr_capture {
  FILE *file; /* NULL when not capturing */
  int saved_fd;
} nb_stderr_capture;
nb_stderr_capture nb_capture_stderr(void);
char *nb_capture_end(nb_stderr_capture c);

/* Runs work(user, err, err_size) so that an LLVM fatal error becomes false
 * with its reason in err instead of ending the process (*fatal is then set:
 * what the work had under way is abandoned), and LLVM's "is not a
 * recognized processor/feature" warnings become errors. */
typedef bool (*nb_llvm_work)(void *user, char *err, size_t err_size);
bool nb_llvm_guarded(nb_llvm_work work, void *user, char *err, size_t err_size, bool *fatal);

/* ---- archive.c ---- */

/* Writes the archive `path` holding the object file `object_path`, with a
 * symbol index listing mod's exported definitions. */
bool nb_write_archive(const char *path, const char *object_path, LLVMModuleRef mod,
                      char *err, size_t err_size);

#endif
