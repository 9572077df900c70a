/* tool_util.c — input, parsing and output helpers for nabla-opt and nablac. */
#include "tool_util.h"

#include <stdlib.h>
#include <string.h>

char *nb_read_file(const char *path, size_t *out_len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "error: cannot open '%s'\n", path);
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
    n += got;
    if (cap - n - 1 == 0) {
      char *grown = realloc(buf, cap *= 2);
      if (!grown) {
        free(buf);
        buf = NULL;
      }
      buf = grown;
    }
  }
  if (f != stdin)
    fclose(f);
  if (!buf) {
    fprintf(stderr, "error: out of memory reading '%s'\n", path);
    return NULL;
  }
  buf[n] = 0;
  if (out_len)
    *out_len = n;
  return buf;
}

/* Offset of the first line that is not blank, a // comment, or an attribute
 * or type alias definition (#map = ..., !t = ..., which MLIR prints before
 * the module). */
static size_t first_op_offset(const char *text) {
  const char *t = text;
  for (;;) {
    while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r') t++;
    bool comment = t[0] == '/' && t[1] == '/';
    bool alias = t[0] == '#' || t[0] == '!';
    if (!comment && !alias)
      return (size_t)(t - text);
    while (*t && *t != '\n') t++;
  }
}

static bool is_module_start(const char *t) {
  return strncmp(t, "module", 6) == 0 || strncmp(t, "builtin.module", 14) == 0 ||
         strncmp(t, "\"builtin.module\"", 16) == 0;
}

MlirModule nb_parse_module(MlirContext ctx, const char *text, size_t len,
                           const char *source_name) {
  /* mlirOperationCreateParse (not mlirModuleCreateParse) so that diagnostics
   * carry the file name instead of "-". Unlike mlir-opt it does not add the
   * implicit module around several top-level ops, so we add it: "module {"
   * goes right before the first op, after any alias definitions, which keeps
   * every line number (and every column but those of that op's line). */
  char *wrapped = NULL;
  size_t first = first_op_offset(text);
  if (!is_module_start(text + first)) {
    /* Insert at the start of the line before the op's when that line is a
     * comment or blank ("module {// ..." stays a comment), so the op's own
     * columns do not move; otherwise right before the op. */
    size_t at = first, line = first;
    while (line > 0 && text[line - 1] != '\n') line--;
    if (line > 0) {
      size_t prev = line - 1;
      while (prev > 0 && text[prev - 1] != '\n') prev--;
      if (text[prev] != '#' && text[prev] != '!')
        at = prev;
    }
    wrapped = malloc(len + 16);
    memcpy(wrapped, text, at);
    memcpy(wrapped + at, "module {", 8);
    memcpy(wrapped + at + 8, text + at, len - at);
    memcpy(wrapped + 8 + len, "\n}", 3);
    text = wrapped;
    len += 11;
  }
  MlirOperation op = mlirOperationCreateParse(
      ctx, (MlirStringRef){text, len}, mlirStringRefCreateFromCString(source_name));
  free(wrapped);
  if (mlirOperationIsNull(op))
    return (MlirModule){NULL};
  MlirModule m = mlirModuleFromOperation(op);
  if (mlirModuleIsNull(m)) {
    fprintf(stderr, "%s: error: expected a builtin.module at top level\n", source_name);
    mlirOperationDestroy(op);
  }
  return m;
}

void nb_print_to_file(MlirStringRef s, void *file) {
  fwrite(s.data, 1, s.length, (FILE *)file);
}
