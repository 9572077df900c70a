/* nablac — the ahead-of-time compiler's command line: a .mlir file in the
 * nabla dialect in; NAME.o, libNAME.a and NAME.h out.
 *
 *   nablac input.mlir [-o DIR|FILE] [--name NAME] [--emit=nabla|linalg|llvm|obj]
 *          [--target=cpu] [--target-triple=T] [--mcpu=C] [--mattr=F] [--print-ir-after=PASS|all]
 *          [--verify-each]
 *
 * --emit stops after a stage and prints the IR to stdout (or to FILE with
 * -o); with --emit=obj (the default) -o names the output directory. NAME
 * defaults to the input's stem with non-identifier characters as '_'. On
 * bad input MLIR's diagnostic goes to stderr and the exit status is 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aot.h"
#include "dialect.h"
#include "tool_util.h"

static void usage(FILE *f) {
  fputs("usage: nablac input.mlir [-o DIR|FILE] [--name NAME] "
        "[--emit=nabla|linalg|llvm|obj]\n"
        "              [--target=cpu] [--target-triple=T] [--mcpu=CPU|native] [--mattr=FEATURES]\n"
        "              [--print-ir-after=PASS|all] [--verify-each]\n",
        f);
}

/* The input's stem as a C identifier ("-" gives "out"). */
static char *default_name(const char *input) {
  if (strcmp(input, "-") == 0)
    input = "out";
  const char *base = strrchr(input, '/');
  base = base ? base + 1 : input;
  size_t n = strcspn(base, ".");
  char *name = malloc(n + 2), *p = name;
  if (n == 0 || (base[0] >= '0' && base[0] <= '9'))
    *p++ = '_';
  for (size_t i = 0; i < n; i++) {
    char c = base[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9');
    *p++ = ok ? c : '_';
  }
  *p = 0;
  return name;
}

static bool parse_emit(const char *s, nb_emit *out) {
  static const struct { const char *name; nb_emit emit; } table[] = {
      {"nabla", NB_EMIT_NABLA}, {"linalg", NB_EMIT_LINALG},
      {"llvm", NB_EMIT_LLVM},   {"obj", NB_EMIT_OBJ}};
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp(s, table[i].name) == 0) {
      *out = table[i].emit;
      return true;
    }
  return false;
}

int main(int argc, char **argv) {
  nb_aot_options o = {.emit = NB_EMIT_OBJ};
  const char *input = NULL, *output = NULL, *name = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-o") == 0 && i + 1 < argc) output = argv[++i];
    else if (strcmp(a, "--name") == 0 && i + 1 < argc) name = argv[++i];
    else if (strncmp(a, "--name=", 7) == 0) name = a + 7;
    else if (strncmp(a, "--emit=", 7) == 0) {
      if (!parse_emit(a + 7, &o.emit)) {
        fprintf(stderr, "nablac: unknown --emit value '%s'\n", a + 7);
        return 1;
      }
    } else if (strncmp(a, "--target-triple=", 16) == 0) o.triple = a + 16;
    else if (strncmp(a, "--target=", 9) == 0) o.target = a + 9;
    else if (strncmp(a, "--mcpu=", 7) == 0) o.cpu = a + 7;
    else if (strncmp(a, "--mattr=", 8) == 0) o.features = a + 8;
    else if (strncmp(a, "--print-ir-after=", 17) == 0) o.print_ir_after = a + 17;
    else if (strcmp(a, "--verify-each") == 0) o.verify_each = true;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); return 0; }
    else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "nablac: unknown option '%s'\n", a);
      usage(stderr);
      return 1;
    } else if (input) {
      fprintf(stderr, "nablac: more than one input file\n");
      return 1;
    } else input = a;
  }
  if (!input) {
    usage(stderr);
    return 1;
  }
  if (o.emit == NB_EMIT_OBJ && output) {
    o.out_dir = output;
    if (mkdir(output, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "nablac: cannot create directory '%s'\n", output);
      return 1;
    }
  }
  else if (output && strcmp(output, "-") != 0) o.emit_path = output;
  char *stem = name ? NULL : default_name(input);
  o.name = name ? name : stem;

  size_t len;
  char *text = nb_read_file(input, &len);
  MlirContext ctx = text ? nb_context_create() : (MlirContext){NULL};
  int rc = 1;
  if (text && mlirContextIsNull(ctx)) {
    fprintf(stderr, "nablac: failed to load the nabla dialect\n");
  } else if (text) {
    nb_attach_diagnostic_printer(ctx, NULL);
    bool is_stdin = strcmp(input, "-") == 0;
    MlirModule m = nb_parse_module(ctx, text, len, is_stdin ? "<stdin>" : input,
                                   is_stdin ? NULL : input);
    if (!mlirModuleIsNull(m)) {
      char err[512] = "";
      rc = nb_aot_compile(m, &o, err, sizeof err);
      /* "lowering failed" only repeats what the diagnostics said. */
      if (rc && strcmp(err, "lowering failed") != 0)
        fprintf(stderr, "nablac: error: %s\n", err);
      mlirModuleDestroy(m);
    }
    mlirContextDestroy(ctx);
  }
  free(text);
  free(stem);
  return rc;
}
