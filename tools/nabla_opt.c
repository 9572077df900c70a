/* nabla-opt — mlir-opt for nabla: parse a .mlir file (or stdin), run a pass
 * pipeline that may mix nabla passes with any upstream pass, print the result.
 *
 *   nabla-opt [file|-] [-o out] [--pass-pipeline=PIPELINE] [--split-input-file]
 *             [--mlir-print-ir-after-all] [--mlir-print-debuginfo] [--help]
 *
 * Every upstream dialect and pass is registered; the verifier runs after every
 * pass. On bad input MLIR's diagnostic goes to stderr and the exit status is 1.
 * --split-input-file (C++-only upstream) is implemented here: chunks separated
 * by "// -----" are processed independently, outputs joined by the same marker,
 * and the exit status is 1 if any chunk failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/Pass.h>

#include "dialect.h"
#include "lowering.h"
#include "tool_util.h"

typedef struct {
  const char *input, *output, *pipeline;
  bool split, print_after_all, debuginfo;
} options;

static void usage(FILE *f) {
  fprintf(f, "usage: nabla-opt [file|-] [-o out] [--pass-pipeline=P] "
             "[--split-input-file] [--mlir-print-ir-after-all] [--mlir-print-debuginfo]\n"
             "nabla passes and pipelines (mix freely with upstream passes):\n");
  for (const nb_pass_info *p = nb_pass_table; p->name; p++)
    fprintf(f, "  %-22s %s\n", p->name, p->summary);
}

static bool parse_args(int argc, char **argv, options *o) {
  *o = (options){.input = "-", .output = "-"};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "-o") == 0 && i + 1 < argc) o->output = argv[++i];
    else if (strncmp(a, "--pass-pipeline=", 16) == 0) o->pipeline = a + 16;
    else if (strcmp(a, "--split-input-file") == 0) o->split = true;
    else if (strcmp(a, "--mlir-print-ir-after-all") == 0) o->print_after_all = true;
    else if (strcmp(a, "--mlir-print-debuginfo") == 0) o->debuginfo = true;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { usage(stdout); exit(0); }
    else if (a[0] == '-' && a[1]) { fprintf(stderr, "nabla-opt: unknown option '%s'\n", a); return false; }
    else o->input = a;
  }
  return true;
}

/* Parses, transforms and prints one chunk; false on any error. */
static bool process(MlirContext ctx, const options *o, const char *text, size_t len,
                    FILE *out) {
  bool whole_file = strcmp(o->input, "-") != 0 && !o->split;
  MlirModule m = nb_parse_module(ctx, text, len, strcmp(o->input, "-") ? o->input : "<stdin>",
                                 whole_file ? o->input : NULL);
  if (mlirModuleIsNull(m))
    return false;
  bool ok = true;
  if (o->pipeline) {
    MlirPassManager pm = mlirPassManagerCreate(ctx);
    mlirPassManagerEnableVerifier(pm, true);
    if (o->print_after_all) {
      MlirOpPrintingFlags pf = mlirOpPrintingFlagsCreate();
      mlirPassManagerEnableIRPrinting(pm, false, true, false, false, false, pf,
                                      (MlirStringRef){NULL, 0});
      mlirOpPrintingFlagsDestroy(pf);
    }
    ok = nb_parse_pipeline(mlirPassManagerGetAsOpPassManager(pm), o->pipeline) &&
         mlirLogicalResultIsSuccess(
             mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(m)));
    mlirPassManagerDestroy(pm);
  }
  if (ok) {
    MlirOpPrintingFlags flags = mlirOpPrintingFlagsCreate();
    if (o->debuginfo)
      mlirOpPrintingFlagsEnableDebugInfo(flags, true, false);
    mlirOperationPrintWithFlags(mlirModuleGetOperation(m), flags, nb_print_to_file, out);
    fputc('\n', out);
    mlirOpPrintingFlagsDestroy(flags);
  }
  mlirModuleDestroy(m);
  return ok;
}

int main(int argc, char **argv) {
  options o;
  if (!parse_args(argc, argv, &o)) {
    usage(stderr);
    return 1;
  }
  size_t len;
  char *text = nb_read_file(o.input, &len);
  if (!text)
    return 1;
  MlirContext ctx = nb_context_create();
  if (!mlirContextIsNull(ctx))
    nb_attach_diagnostic_printer(ctx, NULL);
  if (mlirContextIsNull(ctx)) {
    fprintf(stderr, "nabla-opt: failed to load the nabla dialect\n");
    free(text);
    return 1;
  }
  FILE *out = strcmp(o.output, "-") ? fopen(o.output, "w") : stdout;
  if (!out) {
    fprintf(stderr, "nabla-opt: cannot write '%s'\n", o.output);
    free(text);
    mlirContextDestroy(ctx);
    return 1;
  }
  bool ok = true;
  static const char marker[] = "// -----";
  for (char *chunk = text; chunk;) {
    char *next = o.split ? strstr(chunk, marker) : NULL;
    size_t n = next ? (size_t)(next - chunk) : strlen(chunk);
    /* Blank out earlier chunks so diagnostics keep the file's line numbers. */
    char *buf = malloc((size_t)(chunk - text) + n + 1);
    for (size_t i = 0; i < (size_t)(chunk - text); i++)
      buf[i] = text[i] == '\n' ? '\n' : ' ';
    memcpy(buf + (chunk - text), chunk, n);
    buf[(chunk - text) + n] = 0;
    ok &= process(ctx, &o, buf, (size_t)(chunk - text) + n, out);
    free(buf);
    if (next) {
      fprintf(out, "%s\n", marker);
      chunk = next + sizeof marker - 1;
    } else {
      chunk = NULL;
    }
  }
  if (out != stdout)
    fclose(out);
  free(text);
  mlirContextDestroy(ctx);
  return ok ? 0 : 1;
}
