/* tool_util.c — input, parsing and output helpers for nabla-opt and nablac. */
#define _POSIX_C_SOURCE 200809L /* fileno, fstat */
#include "tool_util.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <mlir-c/Diagnostics.h>

char *nb_read_file(const char *path, size_t *out_len) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "error: cannot open '%s': %s\n", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (f != stdin && fstat(fileno(f), &st) == 0 && !S_ISREG(st.st_mode)) {
    fprintf(stderr, "error: '%s' is not a regular file\n", path);
    fclose(f);
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
  bool failed = ferror(f);
  if (f != stdin)
    fclose(f);
  if (!buf) {
    fprintf(stderr, "error: out of memory reading '%s'\n", path);
    return NULL;
  }
  if (failed) {
    fprintf(stderr, "error: cannot read '%s'\n", path);
    free(buf);
    return NULL;
  }
  /* MLIR would stop at a NUL and parse what came before it, silently. */
  const char *nul = memchr(buf, 0, n);
  if (nul) {
    fprintf(stderr, "error: '%s' holds a NUL byte at offset %zu (MLIR source is text)\n", path,
            (size_t)(nul - buf));
    free(buf);
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

/* Counts the error diagnostics the context emits (and leaves them to the
 * printer): the parser fails without one for a nabla op in custom syntax. */
static MlirLogicalResult count_error(MlirDiagnostic d, void *count) {
  if (mlirDiagnosticGetSeverity(d) == MlirDiagnosticError)
    ++*(int *)count;
  return mlirLogicalResultFailure();
}

static MlirModule parse(MlirContext ctx, const char *text, size_t len, const char *source_name,
                        const char *path);

/* MLIR 22's parser crashes on a dense array of index elements
 * (`array<index: 0>`; llvm/llvm-project#179045, fixed after 22.1): such an
 * attribute is refused here, at its line and column, before MLIR sees it.
 * Outside // comments only. */
static bool has_index_dense_array(const char *text, const char *source_name) {
  int line = 1;
  for (const char *p = text, *bol = text; *p; p++) {
    if (*p == '\n') {
      line++;
      bol = p + 1;
    } else if (p[0] == '/' && p[1] == '/') {
      while (p[1] && p[1] != '\n') p++;
    } else if (strncmp(p, "array", 5) == 0 && (p == text || !isalnum((unsigned char)p[-1]))) {
      const char *q = p + 5;
      while (*q == ' ' || *q == '\t') q++;
      if (*q++ != '<')
        continue;
      while (*q == ' ' || *q == '\t') q++;
      if (strncmp(q, "index", 5) == 0 && !isalnum((unsigned char)q[5]) && q[5] != '_') {
        fprintf(stderr, "%s:%d:%d: error: dense arrays of index elements are not supported "
                        "(MLIR 22's parser crashes on them, llvm/llvm-project#179045); use i64\n",
                source_name, line, (int)(p - bol) + 1);
        return true;
      }
    }
  }
  return false;
}

MlirModule nb_parse_module(MlirContext ctx, const char *text, size_t len,
                           const char *source_name, const char *path) {
  if (has_index_dense_array(text, source_name))
    return (MlirModule){NULL};
  int errors = 0;
  MlirDiagnosticHandlerID id = mlirContextAttachDiagnosticHandler(ctx, count_error, &errors, NULL);
  MlirModule m = parse(ctx, text, len, source_name, path);
  mlirContextDetachDiagnosticHandler(ctx, id);
  if (mlirModuleIsNull(m) && errors == 0)
    fprintf(stderr, "%s: error: cannot parse the input (nabla ops have no custom syntax: write "
                    "them in MLIR's generic form, \"nabla.exp\"(%%x) : (tensor<4xf32>) -> "
                    "tensor<4xf32>)\n", source_name);
  return m;
}

static MlirModule parse(MlirContext ctx, const char *text, size_t len, const char *source_name,
                        const char *path) {
  /* A whole file: MLIR's own reader, which adds the implicit module without
   * touching the text, so every line and column is the file's. */
  if (path)
    return mlirModuleCreateParseFromFile(ctx, mlirStringRefCreateFromCString(path));
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
