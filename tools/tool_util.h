/* tool_util.h — the command-line tools' folder (tools/) and what they share.
 *
 * Files:
 *   nablac.c      a module in the nabla dialect to NAME.o, libNAME.a, NAME.h
 *                 (or a stage's IR with --emit=)
 *   nabla_opt.c   like mlir-opt: nabla and upstream passes by name
 *   tool_util.c   reading input, parsing a module with MLIR's diagnostics,
 *                 writing output (this header)
 */
#ifndef NABLA_TOOL_UTIL_H
#define NABLA_TOOL_UTIL_H

#include <stdbool.h>
#include <stdio.h>

#include <mlir-c/IR.h>

/* Reads a whole file ("-" = stdin) into a malloc'd NUL-terminated buffer;
 * NULL (after printing why) on error. */
char *nb_read_file(const char *path, size_t *out_len);

/* Parses `text` as a module; diagnostics name `source_name`. `path`, when
 * the text is that whole file, lets MLIR read the file itself (exact
 * columns on the first line too); NULL for stdin or a split chunk. Returns
 * a null module on error, always after a diagnostic. */
MlirModule nb_parse_module(MlirContext ctx, const char *text, size_t len,
                           const char *source_name, const char *path);

/* mlirOperationPrint callback writing to a FILE*. */
void nb_print_to_file(MlirStringRef s, void *file);

#endif
