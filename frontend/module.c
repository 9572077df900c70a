/* module.c — a module: its MLIR context, its functions, printing and
 * compiling. The module owns everything: functions, their value tables,
 * bodies not yet wrapped in a func.func (unfinished or failed functions),
 * error strings and the last printed text. */
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/Support.h>

#include "aot.h"

nb_module *nb_module_create(const char *name) {
  nb_module *m = calloc(1, sizeof *m);
  if (!m)
    return NULL;
  m->name = nb_fe_strdup(name ? name : "module");
  m->ctx = nb_context_create();
  if (!m->name || mlirContextIsNull(m->ctx)) {
    if (!mlirContextIsNull(m->ctx))
      mlirContextDestroy(m->ctx);
    free(m->name);
    free(m);
    return NULL;
  }
  nb_attach_diagnostic_printer(m->ctx, NULL);
  m->mod = mlirModuleCreateEmpty(mlirLocationUnknownGet(m->ctx));
  return m;
}

void nb_module_destroy(nb_module *m) {
  if (!m)
    return;
  for (int i = 0; i < m->nfns; i++)
    nb_fe_fn_free(m->fns[i]);
  free(m->fns);
  nb_fe_ttypes_free(m);
  mlirModuleDestroy(m->mod);
  mlirContextDestroy(m->ctx);
  nb_fe_errors_free(m);
  free(m->printed);
  free(m->name);
  free(m);
}

/* ---- printing ---- */

typedef struct {
  char *buf;
  size_t len, cap;
  bool oom;
} strbuf;

static void append(MlirStringRef s, void *ud) {
  strbuf *b = ud;
  if (b->oom)
    return;
  if (b->len + s.length + 1 > b->cap) {
    size_t cap = (b->len + s.length + 1) * 2;
    char *nbuf = realloc(b->buf, cap);
    if (!nbuf) {
      b->oom = true;
      return;
    }
    b->buf = nbuf;
    b->cap = cap;
  }
  memcpy(b->buf + b->len, s.data, s.length);
  b->len += s.length;
  b->buf[b->len] = 0;
}

const char *nb_module_print(nb_module *m, bool debug_info) {
  if (!m)
    return NULL;
  strbuf b = {0};
  MlirOpPrintingFlags flags = mlirOpPrintingFlagsCreate();
  mlirOpPrintingFlagsEnableDebugInfo(flags, debug_info, false);
  mlirOperationPrintWithFlags(mlirModuleGetOperation(m->mod), flags, append, &b);
  mlirOpPrintingFlagsDestroy(flags);
  free(m->printed);
  m->printed = b.buf ? b.buf : nb_fe_strdup("");
  return m->printed;
}

/* ---- compiling ---- */

/* A function never given nb_return is a mistake the user should hear of
 * (it would silently vanish from the library). */
static void check_unfinished(nb_module *m) {
  for (int i = 0; i < m->nfns; i++) {
    nb_fn *fn = m->fns[i];
    if (!fn->finished)
      nb_fe_error(m, fn->file, fn->line, "nb_function",
               "function '%s' has no nb_return", fn->name);
  }
}

static int write_mlir(nb_module *m, const char *dir, const char *name) {
  char path[4096];
  snprintf(path, sizeof path, "%s%s%s.nabla.mlir", dir ? dir : "",
           dir ? "/" : "", name);
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "nb_compile: cannot write %s\n", path);
    return 1;
  }
  fputs(nb_module_print(m, true), f);
  return fclose(f) != 0;
}

/* A library with no function in it is a mistake too (a forgotten
 * nb_export): said only when nothing else was, as a failed function's
 * export may be what is missing. */
static void check_exports(nb_module *m, const char *file, int line) {
  for (int i = 0; i < m->nfns; i++)
    if (m->fns[i]->exported)
      return;
  if (!m->nerrors)
    nb_fe_error(m, file, line, "nb_compile",
                "module '%s' exports no function; nothing to compile (nb_export the "
                "functions the library offers)", m->name);
}

int nb__compile(nb_module *m, nb_compile_options opts, const char *file, int line) {
  if (!m)
    return 1;
  check_unfinished(m);
  check_exports(m, file, line);
  if (m->nerrors) {
    for (int i = 0; i < m->nerrors; i++)
      fprintf(stderr, "%s\n", m->errors[i]);
    fprintf(stderr, "nb_compile: %d error%s in module '%s'; nothing compiled\n",
            m->nerrors, m->nerrors == 1 ? "" : "s", m->name);
    return 1;
  }
  const char *name = opts.out ? opts.out : m->name;
  if (opts.dump_mlir && write_mlir(m, opts.out_dir, name))
    return 1;
  /* The target's name (lowering/target/target.h): NABLA_TARGET, which
   * nabla_add_library(... TARGET t) sets for the generator, else the
   * option's. */
  const char *target = getenv("NABLA_TARGET");
  if (!target || !*target)
    target = opts.target == NB_TARGET_CPU ? "cpu" : "(unknown nb_target value)";
  nb_aot_options ao = {.name = name, .out_dir = opts.out_dir, .target = target,
                       .triple = opts.triple, .cpu = opts.cpu,
                       .emit = NB_EMIT_OBJ};
  /* nb_aot_compile lowers its module in place: give it a copy so the
   * module stays printable and destroyable. */
  MlirModule copy = mlirModuleFromOperation(
      mlirOperationClone(mlirModuleGetOperation(m->mod)));
  char err[1024] = "";
  int rc = nb_aot_compile(copy, &ao, err, sizeof err);
  mlirModuleDestroy(copy);
  if (rc) {
    fprintf(stderr, "nb_compile: %s\n", err[0] ? err : "compilation failed");
    return 1;
  }
  return 0;
}

/* ---- inspecting values ---- */

bool nb_value_valid(nb_value v) { return nb_fe_get(v) != NULL; }

nb_dtype nb_value_dtype(nb_value v) {
  nb_val *x = nb_fe_get(v);
  return x ? x->dt : NB_INVALID_DTYPE;
}

nb_shape nb_value_shape(nb_value v) {
  nb_val *x = nb_fe_get(v);
  return x ? x->shape : (nb_shape){.rank = -1};
}

bool nb_value_weak(nb_value v) {
  nb_val *x = nb_fe_get(v);
  return x && x->weak;
}
