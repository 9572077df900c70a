/* emit_header.c — NAME.h, the C face of a compiled library.
 *
 * What the header needs (names, dtypes, shapes) is read from the module in
 * the nabla dialect before lowering: afterwards tensors are bare pointers and
 * the argument names are gone. Per exported function and per argument and
 * result it publishes _RANK, _SHAPE (not for rank 0) and _SIZE macros, then
 * the prototype in destination-passing style: inputs `const T *`, outputs
 * `T *`, an int status returned. Parameter bundles (trees) add a struct per
 * structure and a struct-taking static inline wrapper (header_trees.c). */
#include "aot.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"

/* ---- collecting ---- */

/* A copy of s (n bytes) turned into a C identifier (or, with !whole, into
 * the tail of one: a function's name follows "<lib>_", as in export_abi.c). */
static char *c_identifier(const char *s, size_t n, bool whole) {
  char *id = malloc(n + 2), *p = id;
  if (whole && (n == 0 || isdigit((unsigned char)s[0])))
    *p++ = '_';
  for (size_t i = 0; i < n; i++)
    *p++ = isalnum((unsigned char)s[i]) ? s[i] : '_';
  *p = 0;
  return id;
}

static MlirStringRef string_attr(MlirAttribute a) {
  return !mlirAttributeIsNull(a) && mlirAttributeIsAString(a) ? mlirStringAttrGetValue(a)
                                                              : (MlirStringRef){NULL, 0};
}

/* nabla.name of argument or result i (attrs_name "arg_attrs"/"res_attrs"). */
static MlirStringRef buffer_name(MlirOperation fn, const char *attrs_name, intptr_t i) {
  MlirAttribute all = mlirOperationGetAttributeByName(fn, mlirStringRefCreateFromCString(attrs_name));
  if (mlirAttributeIsNull(all) || !mlirAttributeIsAArray(all) ||
      i >= mlirArrayAttrGetNumElements(all))
    return (MlirStringRef){NULL, 0};
  MlirAttribute d = mlirArrayAttrGetElement(all, i);
  if (!mlirAttributeIsADictionary(d))
    return (MlirStringRef){NULL, 0};
  return string_attr(
      mlirDictionaryAttrGetElementByName(d, mlirStringRefCreateFromCString("nabla.name")));
}

static bool name_taken(const nb_export_info *f, int n_args, int n_results, const char *name) {
  for (int i = 0; i < n_args; i++)
    if (strcmp(f->args[i].name, name) == 0) return true;
  for (int i = 0; i < n_results; i++)
    if (strcmp(f->results[i].name, name) == 0) return true;
  return false;
}

static bool fill_buffer(nb_buffer_info *b, MlirType t, const char *fn_name, char *err,
                        size_t err_size) {
  b->dtype = mlirTypeIsARankedTensor(t) ? nb_tensor_dtype(t) : NB_INVALID_DTYPE;
  if (b->dtype == NB_INVALID_DTYPE || !mlirShapedTypeHasStaticShape(t) ||
      mlirShapedTypeGetRank(t) > NB_AOT_MAX_RANK) {
    snprintf(err, err_size, "exported function '%s': '%s' is not a statically shaped "
                            "tensor of a nabla dtype", fn_name, b->name);
    return false;
  }
  b->rank = (int)mlirShapedTypeGetRank(t);
  for (int d = 0; d < b->rank; d++)
    b->dims[d] = mlirShapedTypeGetDimSize(t, d);
  return true;
}

/* Fills f from the func.func fn; names are made unique C identifiers. */
static bool collect_fn(MlirOperation fn, nb_export_info *f, char *err, size_t err_size) {
  MlirStringRef sym = mlirStringAttrGetValue(
      mlirOperationGetAttributeByName(fn, mlirStringRefCreateFromCString("sym_name")));
  MlirStringRef c_name = string_attr(
      mlirOperationGetAttributeByName(fn, mlirStringRefCreateFromCString("nabla.c_name")));
  if (!c_name.data)
    c_name = sym;
  f->c_name = c_identifier(c_name.data, c_name.length, false);
  MlirType ft = mlirTypeAttrGetValue(
      mlirOperationGetAttributeByName(fn, mlirStringRefCreateFromCString("function_type")));
  f->nargs = (int)mlirFunctionTypeGetNumInputs(ft);
  f->nresults = (int)mlirFunctionTypeGetNumResults(ft);
  f->args = calloc((size_t)f->nargs + 1, sizeof *f->args);
  f->results = calloc((size_t)f->nresults + 1, sizeof *f->results);
  for (int i = 0; i < f->nargs + f->nresults; i++) {
    bool is_arg = i < f->nargs;
    int k = is_arg ? i : i - f->nargs;
    nb_buffer_info *b = is_arg ? &f->args[k] : &f->results[k];
    MlirStringRef given = buffer_name(fn, is_arg ? "arg_attrs" : "res_attrs", k);
    char fallback[32];
    if (is_arg) snprintf(fallback, sizeof fallback, "arg%d", k);
    else if (f->nresults == 1) snprintf(fallback, sizeof fallback, "out");
    else snprintf(fallback, sizeof fallback, "out%d", k);
    char *name = given.data ? c_identifier(given.data, given.length, true)
                            : c_identifier(fallback, strlen(fallback), true);
    /* Two buffers may not share a parameter name: suffix the later one. */
    while (name_taken(f, is_arg ? k : f->nargs, is_arg ? 0 : k, name)) {
      size_t n = strlen(name);
      name = realloc(name, n + 2);
      name[n] = '_';
      name[n + 1] = 0;
    }
    b->name = name;
    MlirType t = is_arg ? mlirFunctionTypeGetInput(ft, k) : mlirFunctionTypeGetResult(ft, k);
    if (!fill_buffer(b, t, f->c_name, err, err_size))
      return false;
  }
  return nb_collect_trees(fn, f, err, err_size);
}

static bool is_exported_func(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  if (n.length != 9 || strncmp(n.data, "func.func", 9) != 0)
    return false;
  if (mlirBlockIsNull(mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0))))
    return false;
  MlirStringRef vis = string_attr(mlirOperationGetAttributeByName(
      op, mlirSymbolTableGetVisibilityAttributeName()));
  return !vis.data || strncmp(vis.data, "public", vis.length) == 0;
}

bool nb_collect_exports(MlirModule module, nb_exports *out, char *err, size_t err_size) {
  *out = (nb_exports){0};
  MlirBlock body = mlirModuleGetBody(module);
  int cap = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (!is_exported_func(op))
      continue;
    if (out->n == cap)
      out->fns = realloc(out->fns, (size_t)(cap = cap ? 2 * cap : 8) * sizeof *out->fns);
    nb_export_info *f = &out->fns[out->n++];
    *f = (nb_export_info){0};
    if (!collect_fn(op, f, err, err_size))
      return false;
  }
  nb_name_tree_structs(out);
  return true;
}

void nb_exports_free(nb_exports *e) {
  for (int i = 0; i < e->n; i++) {
    nb_export_info *f = &e->fns[i];
    for (int k = 0; k < f->nargs; k++) free(f->args[k].name);
    for (int k = 0; k < f->nresults; k++) free(f->results[k].name);
    nb_trees_free(f);
    free(f->args);
    free(f->results);
    free(f->c_name);
  }
  free(e->fns);
  *e = (nb_exports){0};
}

/* ---- writing ---- */

static void put_upper(FILE *f, const char *s) {
  for (; *s; s++)
    fputc(toupper((unsigned char)*s), f);
}

static void put_macros(FILE *f, const char *lib, const char *fn, const nb_buffer_info *b) {
  int64_t size = 1;
  for (int d = 0; d < b->rank; d++)
    size *= b->dims[d];
  const char *parts[3] = {lib, fn, b->name};
  char prefix[512] = "";
  for (int i = 0; i < 3; i++) {
    size_t n = strlen(prefix);
    snprintf(prefix + n, sizeof prefix - n, "%s%s", i ? "_" : "", parts[i]);
  }
  fputs("#define ", f), put_upper(f, prefix), fprintf(f, "_RANK %d\n", b->rank);
  if (b->rank > 0) {
    fputs("#define ", f), put_upper(f, prefix), fputs("_SHAPE {", f);
    for (int d = 0; d < b->rank; d++)
      fprintf(f, "%s%lld", d ? ", " : "", (long long)b->dims[d]);
    fputs("}\n", f);
  }
  fputs("#define ", f), put_upper(f, prefix), fprintf(f, "_SIZE %lld\n", (long long)size);
}

static void put_type_comment(FILE *f, const nb_buffer_info *b) {
  char shape[128];
  fprintf(f, "%s: %s%s", b->name, nb_dtype_name(b->dtype),
          nb_format_shape(shape, sizeof shape, b->rank, b->dims));
}

static void put_function(FILE *f, const char *lib, const nb_export_info *fn) {
  fprintf(f, "/* %s_%s(", lib, fn->c_name);
  for (int i = 0; i < fn->nargs; i++) {
    if (i) fputs(", ", f);
    put_type_comment(f, &fn->args[i]);
  }
  fputs(") -> ", f);
  for (int i = 0; i < fn->nresults; i++) {
    if (i) fputs(", ", f);
    put_type_comment(f, &fn->results[i]);
  }
  fputs(" */\n", f);
  /* Macros carry the function's own name, not the leaf-wise symbol's. */
  const char *macro_name = fn->tree_c_name ? fn->tree_c_name : fn->c_name;
  for (int i = 0; i < fn->nargs; i++)
    put_macros(f, lib, macro_name, &fn->args[i]);
  for (int i = 0; i < fn->nresults; i++)
    put_macros(f, lib, macro_name, &fn->results[i]);
  fprintf(f, "int %s_%s(", lib, fn->c_name);
  for (int i = 0; i < fn->nargs + fn->nresults; i++) {
    bool in = i < fn->nargs;
    const nb_buffer_info *b = in ? &fn->args[i] : &fn->results[i - fn->nargs];
    fprintf(f, "%s%s%s *%s", i ? ", " : "", in ? "const " : "", nb_dtype_c_type(b->dtype),
            b->name);
  }
  if (fn->nargs + fn->nresults == 0)
    fputs("void", f);
  fputs(");\n\n", f);
  nb_write_tree_wrapper(f, lib, fn);
}

static const char abi_comment[] =
    " * ABI of every function below:\n"
    " *   - Destination passing: the caller owns every buffer. Inputs are\n"
    " *     `const T *`, outputs `T *`, in the order of the prototype.\n"
    " *   - Buffers are row-major and contiguous with the shapes below; a rank-0\n"
    " *     value is one element (it has no _SHAPE macro). bool is one byte per\n"
    " *     element; float16 and bfloat16 are uint16_t bit patterns.\n"
    " *   - Outputs must not overlap inputs or each other.\n"
    " *   - Returns 0 on success. A non-zero status (NBRT_ERR_* in\n"
    " *     nabla/runtime.h) means the call failed, e.g. a temporary could not be\n"
    " *     allocated; nbrt_last_error() says why, and outputs are unspecified.\n"
    " *   - Calls on different threads are independent.\n"
    " *   - Link with lib%s.a, lib%s.a and -lm.\n";

bool nb_write_header(const char *path, const char *lib, const nb_header_target *t,
                     const nb_exports *e, char *err, size_t err_size) {
  FILE *f = fopen(path, "w");
  if (!f) {
    snprintf(err, err_size, "cannot write '%s'", path);
    return false;
  }
  fprintf(f, "/* %s.h — generated by nabla; do not edit.\n *\n", lib);
  fprintf(f, abi_comment, lib, t->runtime_library);
  fputs(" */\n", f);
  fputs("#ifndef NABLA_GENERATED_", f), put_upper(f, lib), fputs("_H\n", f);
  fputs("#define NABLA_GENERATED_", f), put_upper(f, lib), fputs("_H\n\n", f);
  fputs("#include <stdbool.h>\n#include <stdint.h>\n", f);
  if (t->runtime_header)
    fprintf(f, "#include <%s>\n", t->runtime_header);
  if (nb_trees_donate(e)) /* donating wrappers use a temporary */
    fputs("#include <stdlib.h>\n#include <string.h>\n", f);
  fputs("\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n", f);
  nb_write_tree_structs(f, lib, e);
  for (int i = 0; i < e->n; i++)
    put_function(f, lib, &e->fns[i]);
  fputs("#ifdef __cplusplus\n}\n#endif\n#endif\n", f);
  bool ok = !ferror(f);
  ok &= fclose(f) == 0;
  if (!ok)
    snprintf(err, err_size, "error writing '%s'", path);
  return ok;
}
