/* tool_util.h — small pieces shared by the command-line tools (nabla-opt,
 * nablac): reading input, parsing a module with MLIR's diagnostics, writing
 * output. */
#ifndef NABLA_TOOL_UTIL_H
#define NABLA_TOOL_UTIL_H

#include <stdbool.h>
#include <stdio.h>

#include <mlir-c/IR.h>

/* Reads a whole file ("-" = stdin) into a malloc'd NUL-terminated buffer;
 * NULL (after printing why) on error. */
char *nb_read_file(const char *path, size_t *out_len);

/* Parses `text` as a module; diagnostics name `source_name`. Returns a null
 * module on error (MLIR already printed the diagnostic). */
MlirModule nb_parse_module(MlirContext ctx, const char *text, size_t len,
                           const char *source_name);

/* mlirOperationPrint callback writing to a FILE*. */
void nb_print_to_file(MlirStringRef s, void *file);

#endif
