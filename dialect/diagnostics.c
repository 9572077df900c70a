/* diagnostics.c — prints MLIR diagnostics the way mlir-opt does
 * ("file:line:col: error: message"). The C API's default handler prints the
 * raw location attribute (loc("f.mlir":3:5)), which editors and FileCheck
 * patterns written against upstream tools do not expect. */
#include "dialect.h"

#include <stdio.h>
#include <string.h>

#include <mlir-c/Diagnostics.h>

/* Finds the innermost file:line:col inside loc, if any. */
static bool file_line_col(MlirLocation loc, MlirStringRef *file, int *line, int *col) {
  for (int depth = 0; depth < 16; depth++) {
    if (mlirLocationIsAFileLineColRange(loc)) {
      *file = mlirIdentifierStr(mlirLocationFileLineColRangeGetFilename(loc));
      *line = mlirLocationFileLineColRangeGetStartLine(loc);
      *col = mlirLocationFileLineColRangeGetStartColumn(loc);
      return true;
    }
    if (mlirLocationIsACallSite(loc))
      loc = mlirLocationCallSiteGetCaller(loc);
    else if (mlirLocationIsAName(loc))
      loc = mlirLocationNameGetChildLoc(loc);
    else if (mlirLocationIsAFused(loc) && mlirLocationFusedGetNumLocations(loc) > 0) {
      /* A fused location lists its parts; the first one names the source. */
      MlirLocation parts[mlirLocationFusedGetNumLocations(loc)];
      mlirLocationFusedGetLocations(loc, parts);
      loc = parts[0];
    } else
      return false;
  }
  return false;
}

char *nb_format_location(char *buf, size_t size, MlirLocation loc) {
  MlirStringRef file;
  int line, col;
  if (file_line_col(loc, &file, &line, &col))
    snprintf(buf, size, "%.*s:%d", (int)file.length, file.data, line);
  else
    snprintf(buf, size, "<unknown>");
  return buf;
}

static void write_ref(MlirStringRef s, void *f) { fwrite(s.data, 1, s.length, (FILE *)f); }

static const char *severity_name(MlirDiagnosticSeverity s) {
  switch (s) {
  case MlirDiagnosticError: return "error";
  case MlirDiagnosticWarning: return "warning";
  case MlirDiagnosticNote: return "note";
  default: return "remark";
  }
}

static void print_one(MlirDiagnostic d, FILE *out, int indent) {
  MlirStringRef file;
  int line, col;
  fprintf(out, "%*s", indent, "");
  if (file_line_col(mlirDiagnosticGetLocation(d), &file, &line, &col))
    fprintf(out, "%.*s:%d:%d: ", (int)file.length, file.data, line, col);
  fprintf(out, "%s: ", severity_name(mlirDiagnosticGetSeverity(d)));
  mlirDiagnosticPrint(d, write_ref, out);
  fputc('\n', out);
  for (intptr_t i = 0; i < mlirDiagnosticGetNumNotes(d); i++)
    print_one(mlirDiagnosticGetNote(d, i), out, indent + 2);
}

static MlirLogicalResult handle(MlirDiagnostic d, void *ud) {
  print_one(d, ud ? (FILE *)ud : stderr, 0);
  return mlirLogicalResultSuccess();
}

void nb_attach_diagnostic_printer(MlirContext ctx, void *out_file) {
  mlirContextAttachDiagnosticHandler(ctx, handle, out_file, NULL);
}
