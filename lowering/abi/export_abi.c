/* export_abi.c — nabla-export-abi{prefix, guard}: the C ABI of a compiled
 * library.
 *
 * Runs after bufferization and buffer-results-to-out-params, when every
 * public func.func is `@f(memref ins..., memref outs...)` with no results.
 * For each one it adds a public wrapper
 *
 *   func.func @<prefix>_<c_name>(same args) -> i32
 *
 * that passes the body's address and the buffers' addresses to the target's
 * runtime guard (the CPU's is nbrt__call_guarded), which calls the body
 * under a setjmp guard and returns
 * the status (0, or non-zero when a temporary could not be allocated; see
 * runtime/cpu.c). The body's address is taken with func.constant plus an
 * unrealized cast to !llvm.ptr, which reconciles away once func is lowered.
 *
 * Everything else becomes private with internal LLVM linkage, so the object
 * exports only the prefixed wrappers and cannot clash with the user's own
 * symbols. `nabla.c_name` on a function renames its wrapper.
 *
 * The wrapper is written as MLIR text and parsed: it is short and reads
 * like the IR it produces. */
#include "abi.h"
#include "build.h"
#include "ir.h"
#include "pass.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <mlir-c/Diagnostics.h>

/* Same limit as the runtime's NBRT__MAX_ARGS (runtime/runtime_internal.h):
 * the runtime calls bodies through one case per arity. */
#define MAX_ARGS 32

/* What a target's ABI differs in: the prefix of exported names and the
 * runtime function every call goes through, declared as
 *   int guard(void *body, int32_t nargs, const uintptr_t *args) */
typedef struct abi {
  const char *prefix, *guard;
} abi;

/* The guard's declaration in MLIR; malloc'd. */
static char *runtime_decl(const abi *a) {
  const char *fmt = "func.func private @%s(!llvm.ptr, i32, memref<%dxindex>) -> i32";
  int n = snprintf(NULL, 0, fmt, a->guard, MAX_ARGS);
  char *s = malloc((size_t)n + 1);
  if (s)
    snprintf(s, (size_t)n + 1, fmt, a->guard, MAX_ARGS);
  return s;
}

/* ---- a growing string ---- */

static void puts_(nb_strbuf *b, const char *s) { nb_strbuf_put(b, s, strlen(s)); }

/* ---- helpers ---- */

static bool is_func(MlirOperation op) {
  MlirStringRef n = mlirIdentifierStr(mlirOperationGetName(op));
  return n.length == 9 && strncmp(n.data, "func.func", 9) == 0;
}

static bool has_body(MlirOperation fn) {
  return !mlirBlockIsNull(mlirRegionGetFirstBlock(mlirOperationGetRegion(fn, 0)));
}

static bool is_public(MlirOperation fn) {
  MlirAttribute v = mlirOperationGetAttributeByName(
      fn, mlirSymbolTableGetVisibilityAttributeName());
  return mlirAttributeIsNull(v) ||
         strncmp(mlirStringAttrGetValue(v).data, "public", 6) == 0;
}

static MlirStringRef string_attr(MlirOperation op, const char *name) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAString(a))
    return (MlirStringRef){NULL, 0};
  return mlirStringAttrGetValue(a);
}

static MlirType function_type(MlirOperation fn) {
  return mlirTypeAttrGetValue(
      mlirOperationGetAttributeByName(fn, mlirStringRefCreateFromCString("function_type")));
}

/* Drops nabla.* entries (nabla.name) from fn's argument and result
 * attributes: they were for the header, and LLVM translation warns about
 * attributes it does not know. */
static void strip_nabla_attrs(MlirContext ctx, MlirOperation fn, const char *attrs_name) {
  MlirStringRef key = mlirStringRefCreateFromCString(attrs_name);
  MlirAttribute all = mlirOperationGetAttributeByName(fn, key);
  if (mlirAttributeIsNull(all) || !mlirAttributeIsAArray(all))
    return;
  intptr_t n = mlirArrayAttrGetNumElements(all);
  MlirAttribute *dicts = malloc((size_t)(n + 1) * sizeof *dicts);
  for (intptr_t i = 0; i < n; i++) {
    MlirAttribute d = mlirArrayAttrGetElement(all, i);
    intptr_t m = mlirDictionaryAttrGetNumElements(d), kept = 0;
    MlirNamedAttribute *entries = malloc((size_t)(m + 1) * sizeof *entries);
    for (intptr_t k = 0; k < m; k++) {
      MlirNamedAttribute e = mlirDictionaryAttrGetElement(d, k);
      MlirStringRef name = mlirIdentifierStr(e.name);
      if (name.length < 6 || strncmp(name.data, "nabla.", 6) != 0)
        entries[kept++] = e;
    }
    dicts[i] = mlirDictionaryAttrGet(ctx, kept, entries);
    free(entries);
  }
  mlirOperationSetAttributeByName(fn, key, mlirArrayAttrGet(ctx, n, dicts));
  free(dicts);
}

static void make_private(MlirContext ctx, MlirOperation fn) {
  mlirOperationSetAttributeByName(fn, mlirSymbolTableGetVisibilityAttributeName(),
                                  mlirStringAttrGet(ctx, mlirStringRefCreateFromCString("private")));
  /* MLIR's private visibility does not reach LLVM: without this the body
   * would still be a global symbol of the object file. */
  strip_nabla_attrs(ctx, fn, "arg_attrs");
  strip_nabla_attrs(ctx, fn, "res_attrs");
  if (has_body(fn))
    mlirOperationSetAttributeByName(
        fn, mlirStringRefCreateFromCString("llvm.linkage"),
        mlirAttributeParseGet(ctx, mlirStringRefCreateFromCString("#llvm.linkage<internal>")));
}

static bool fail(MlirOperation op, const char *msg) {
  mlirEmitError(mlirOperationGetLocation(op), msg);
  return false;
}

/* Checks fn has the shape the wrapper needs; emits an error otherwise. */
static bool check_exportable(MlirOperation fn, MlirType ft) {
  if (mlirFunctionTypeGetNumResults(ft) != 0)
    return fail(fn, "nabla-export-abi: exported function still returns values "
                    "(run buffer-results-to-out-params first)");
  intptr_t n = mlirFunctionTypeGetNumInputs(ft);
  if (n > MAX_ARGS) {
    char msg[160];
    snprintf(msg, sizeof msg,
             "nabla-export-abi: exported function takes %ld buffers (inputs + outputs); "
             "at most %d are supported", (long)n, MAX_ARGS);
    return fail(fn, msg);
  }
  for (intptr_t i = 0; i < n; i++) {
    MlirType t = mlirFunctionTypeGetInput(ft, i);
    if (!mlirTypeIsAMemRef(t) || !mlirShapedTypeHasStaticShape(t) ||
        !mlirAffineMapIsIdentity(mlirMemRefTypeGetAffineMap(t)))
      return fail(fn, "nabla-export-abi: exported function arguments must be statically "
                      "shaped memrefs with the identity layout");
  }
  return true;
}

/* The wrapper of fn as MLIR text. */
static char *wrapper_text(const abi *a, MlirStringRef body_name, const char *wrapper_name,
                          MlirType ft) {
  intptr_t n = mlirFunctionTypeGetNumInputs(ft);
  nb_strbuf b = {0};
  nb_strbuf types = {0}; /* "(T0, T1) -> ()" */
  puts_(&types, "(");
  for (intptr_t i = 0; i < n; i++) {
    if (i) puts_(&types, ", ");
    nb_strbuf_put_type(&types, mlirFunctionTypeGetInput(ft, i));
  }
  puts_(&types, ") -> ()");

  puts_(&b, "func.func @");
  puts_(&b, wrapper_name);
  puts_(&b, "(");
  for (intptr_t i = 0; i < n; i++) {
    if (i) puts_(&b, ", ");
    nb_strbuf_printf(&b, "%%a%lld: ", (long long)i);
    nb_strbuf_put_type(&b, mlirFunctionTypeGetInput(ft, i));
  }
  puts_(&b, ") -> i32 {\n  %body = func.constant @");
  nb_strbuf_put(&b, body_name.data, body_name.length);
  puts_(&b, " : ");
  puts_(&b, types.s);
  puts_(&b, "\n  %ptr = builtin.unrealized_conversion_cast %body : ");
  puts_(&b, types.s);
  nb_strbuf_printf(&b, " to !llvm.ptr\n  %%args = memref.alloca() : memref<%dxindex>\n", MAX_ARGS);
  for (intptr_t i = 0; i < n; i++) {
    nb_strbuf_printf(&b, "  %%i%lld = arith.constant ", (long long)i);
    nb_strbuf_printf(&b, "%lld : index\n", (long long)i);
    nb_strbuf_printf(&b, "  %%p%lld = memref.extract_aligned_pointer_as_index ", (long long)i);
    nb_strbuf_printf(&b, "%%a%lld : ", (long long)i);
    nb_strbuf_put_type(&b, mlirFunctionTypeGetInput(ft, i));
    puts_(&b, " -> index\n");
    nb_strbuf_printf(&b, "  memref.store %%p%lld, ", (long long)i);
    nb_strbuf_printf(&b, "%%args[%%i%lld] : ", (long long)i);
    nb_strbuf_printf(&b, "memref<%dxindex>\n", MAX_ARGS);
  }
  nb_strbuf_printf(&b, "  %%n = arith.constant %lld : i32\n", (long long)n);
  puts_(&b, "  %status = func.call @");
  puts_(&b, a->guard);
  puts_(&b, "(%ptr, %n, %args) : ");
  nb_strbuf_printf(&b, "(!llvm.ptr, i32, memref<%dxindex>) -> i32\n", MAX_ARGS);
  puts_(&b, "  return %status : i32\n}\n");
  free(types.s);
  return b.s;
}

/* Parses `text` (one func.func) and adds it to the module through the
 * symbol table, so later lookups see it. func.constant checks its callee
 * while parsing, so the text is parsed in a scratch module next to
 * `context_decl`, declarations of the callees, and the op (the last one)
 * moved out. */
static bool insert_parsed(MlirContext ctx, MlirSymbolTable symbols, const char *context_decl,
                          const char *text, MlirLocation loc) {
  nb_strbuf b = {0};
  puts_(&b, "module {\n");
  puts_(&b, context_decl);
  puts_(&b, "\n");
  puts_(&b, text);
  puts_(&b, "\n}\n");
  MlirModule scratch = mlirModuleCreateParse(ctx, mlirStringRefCreate(b.s, b.len));
  free(b.s);
  if (mlirModuleIsNull(scratch))
    return false;
  MlirOperation op = mlirBlockGetFirstOperation(mlirModuleGetBody(scratch));
  while (!mlirOperationIsNull(mlirOperationGetNextInBlock(op)))
    op = mlirOperationGetNextInBlock(op);
  mlirOperationRemoveFromParent(op);
  mlirModuleDestroy(scratch);
  mlirOperationSetLocation(op, loc);
  mlirSymbolTableInsert(symbols, op);
  return true;
}

/* Declarations of the body and of the runtime entry point, for the scratch
 * module above. */
static char *declaration_text(const abi *a, MlirStringRef name, MlirType ft) {
  nb_strbuf b = {0};
  puts_(&b, "func.func private @");
  nb_strbuf_put(&b, name.data, name.length);
  puts_(&b, "(");
  for (intptr_t i = 0; i < mlirFunctionTypeGetNumInputs(ft); i++) {
    if (i) puts_(&b, ", ");
    nb_strbuf_put_type(&b, mlirFunctionTypeGetInput(ft, i));
  }
  puts_(&b, ")\n");
  char *decl = runtime_decl(a);
  puts_(&b, decl ? decl : "");
  free(decl);
  return b.s;
}

static bool run(MlirOperation module, void *user) {
  const abi *a = user;
  const char *prefix = a->prefix;
  MlirContext ctx = mlirOperationGetContext(module);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  MlirSymbolTable symbols = mlirSymbolTableCreate(module);

  /* Collect first: wrappers are appended to the block being walked. */
  size_t n = 0, cap = 16;
  MlirOperation *exported = malloc(cap * sizeof *exported);
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (!is_func(op) || !has_body(op))
      continue;
    if (is_public(op)) {
      if (n == cap) exported = realloc(exported, (cap *= 2) * sizeof *exported);
      exported[n++] = op;
    } else {
      make_private(ctx, op);
    }
  }

  bool ok = true;
  for (size_t i = 0; ok && i < n; i++) {
    MlirOperation fn = exported[i];
    MlirType ft = function_type(fn);
    MlirStringRef sym = string_attr(fn, "sym_name");
    MlirStringRef c_name = string_attr(fn, "nabla.c_name");
    if (!c_name.data)
      c_name = sym;
    size_t len = strlen(prefix) + 1 + c_name.length;
    char *wname = malloc(len + 1);
    snprintf(wname, len + 1, "%s_%.*s", prefix, (int)c_name.length, c_name.data);
    /* The same C identifier the header declares (aot/emit_header.c). */
    for (char *c = wname + strlen(prefix) + 1; *c; c++)
      if (!isalnum((unsigned char)*c))
        *c = '_';
    if (!check_exportable(fn, ft)) {
      ok = false;
    } else if (!mlirOperationIsNull(
                   mlirSymbolTableLookup(symbols, mlirStringRefCreateFromCString(wname)))) {
      char msg[300];
      snprintf(msg, sizeof msg, "nabla-export-abi: exported name '%s' is already a symbol "
                                "of the module", wname);
      ok = fail(fn, msg);
    } else {
      char *text = wrapper_text(a, sym, wname, ft);
      char *decl = declaration_text(a, sym, ft);
      ok = insert_parsed(ctx, symbols, decl, text, mlirOperationGetLocation(fn));
      free(text);
      free(decl);
      make_private(ctx, fn);
    }
    free(wname);
  }

  if (ok && n > 0 &&
      mlirOperationIsNull(mlirSymbolTableLookup(symbols, mlirStringRefCreateFromCString(a->guard)))) {
    char *decl = runtime_decl(a);
    ok = decl && insert_parsed(ctx, symbols, "", decl, mlirOperationGetLocation(module));
    free(decl);
  }
  free(exported);
  mlirSymbolTableDestroy(symbols);
  return ok;
}

/* The pass needs its prefix and guard for its whole life, which outlives
 * the caller's strings: each distinct pair is interned once and kept
 * (reachable from `interned`) for the life of the process; a mutex makes
 * that safe when modules compile in several threads. */
static const abi *intern(const char *prefix, const char *guard) {
  typedef struct entry {
    struct entry *next;
    abi a;
    char text[];
  } entry;
  static entry *interned;
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&lock);
  entry *e = interned;
  while (e && (strcmp(e->a.prefix, prefix) != 0 || strcmp(e->a.guard, guard) != 0))
    e = e->next;
  if (!e) {
    size_t np = strlen(prefix) + 1, ng = strlen(guard) + 1;
    e = malloc(sizeof *e + np + ng);
    if (e) {
      memcpy(e->text, prefix, np);
      memcpy(e->text + np, guard, ng);
      e->a = (abi){e->text, e->text + np};
      e->next = interned;
      interned = e;
    }
  }
  pthread_mutex_unlock(&lock);
  return e ? &e->a : NULL;
}

bool nb_add_export_abi_pass(MlirOpPassManager pm, const char *prefix, const char *guard) {
  const abi *a = intern(prefix, guard);
  if (!a)
    return false;
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-export-abi", "wrap exported functions", run, (void *)a));
  return true;
}
