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

/* True if the first token of text (after blanks and // comments) is a module. */
static bool starts_with_module(const char *t) {
  for (;;) {
    while (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r') t++;
    if (t[0] == '/' && t[1] == '/') {
      while (*t && *t != '\n') t++;
      continue;
    }
    return strncmp(t, "module", 6) == 0 || strncmp(t, "builtin.module", 14) == 0 ||
           strncmp(t, "\"builtin.module\"", 16) == 0;
  }
}

MlirModule nb_parse_module(MlirContext ctx, const char *text, size_t len,
                           const char *source_name) {
  /* mlirOperationCreateParse (not mlirModuleCreateParse) so that diagnostics
   * carry the file name instead of "-". Unlike mlir-opt it does not add the
   * implicit module around several top-level ops, so we add it: "module {"
   * goes before the first character, which keeps every line number (and
   * every column but those of line 1, usually a RUN comment). */
  char *wrapped = NULL;
  if (!starts_with_module(text)) {
    wrapped = malloc(len + 16);
    memcpy(wrapped, "module {", 8);
    memcpy(wrapped + 8, text, len);
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
