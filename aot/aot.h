/* aot.h — ahead-of-time compilation: a module in the nabla dialect in, an
 * object file, a static library and a C header out.
 *
 * Sections: compile.c (drives the pipeline), emit_object.c (LLVM C API),
 * archive.c (ar writer), emit_header.c (C header).
 */
#ifndef NABLA_AOT_H
#define NABLA_AOT_H

#include <stdbool.h>

#include <mlir-c/IR.h>

typedef enum nb_emit {
  NB_EMIT_NABLA,  /* stop after verification: print the nabla module */
  NB_EMIT_LINALG, /* stop after nabla -> linalg */
  NB_EMIT_LLVM,   /* stop at the LLVM dialect */
  NB_EMIT_OBJ,    /* NAME.o + libNAME.a + NAME.h (default) */
} nb_emit;

typedef struct nb_aot_options {
  const char *name;    /* library name: libNAME.a, NAME.h, symbols NAME_<fn> */
  const char *out_dir; /* directory for outputs; NULL = current directory */
  const char *triple;  /* NULL = host triple */
  const char *cpu;     /* NULL = portable default (x86-64-v3 on x86-64), "native" = host */
  const char *features; /* extra LLVM target features, NULL = none */
  nb_emit emit;
  const char *print_ir_after; /* pass name, "all", or NULL */
  const char *emit_path; /* for NB_EMIT_NABLA/LINALG/LLVM: file to print to (NULL = stdout) */
} nb_aot_options;

/* Compiles `module` (consumed: it is lowered in place). Public func.func ops
 * are the exported functions. Returns 0 on success; on failure returns
 * non-zero after MLIR's diagnostics went to the context's handler and writes a
 * one-line reason into err (if err_size > 0). */
int nb_aot_compile(MlirModule module, const nb_aot_options *opts, char *err,
                   size_t err_size);

#endif
