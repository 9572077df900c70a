/* function.c — nb_function, nb_arg and nb_return: building a function.
 *
 * The body is a detached block until nb_return, which wraps it in a func.func
 * (the type is only known then) and appends that to the module. A function
 * whose nb_return received an invalid value is "failed": its block stays
 * detached and calls to it return invalid values without a new message.
 * A failed function always has an error recorded (the invalid value's, a
 * stray value's, or out of memory), so nb_compile never drops it quietly.
 * Calling it is call.c's, exporting it export.c's; the record itself
 * (creation, arguments, freeing) is fn_core.c's, shared with transforms. */
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

nb_fn *nb__function(nb_module *m, const char *name, const char *file, int line) {
  if (!m)
    return NULL;
  bool taken = nb_fe_fn_name_taken(m, name ? name : "");
  nb_fn *fn = nb_fe_fn_new(m, name, file, line);
  if (!fn)
    return NULL;
  fn->body = mlirBlockCreate(0, NULL, NULL);
  const char *bad = nb_fe_bad_c_name(name);
  if (bad)
    nb_fe_error(m, file, line, "nb_function", "function name '%s' %s",
                name ? name : "(null)", bad);
  if (taken)
    nb_fe_error(m, file, line, "nb_function", "function '%s' already defined",
                fn->name);
  return fn;
}

nb_value nb__arg(nb_fn *fn, const char *name, nb_dtype dtype, nb_shape shape,
                 const char *file, int line) {
  if (!nb_fe_fn_live(fn))
    return (nb_value){0};
  nb_module *m = fn->m;
  char what[300];
  if (fn->finished) {
    nb_fe_error(m, file, line, "nb_arg",
             "function '%s' is already finished (nb_return was called)",
             fn->name);
    return (nb_value){0};
  }
  if (!nb_fe_dtype_valid(dtype)) {
    nb_fe_error(m, file, line, "nb_arg", "invalid dtype %d for argument '%s'",
             (int)dtype, name ? name : "");
    return (nb_value){0};
  }
  char dflt[32];
  if (!name) {
    snprintf(dflt, sizeof dflt, "arg%d", fn->nargs);
    name = dflt;
  }
  snprintf(what, sizeof what, "of argument '%s'", name);
  if (!nb_fe_check_shape(m, shape, what, file, line, "nb_arg"))
    return (nb_value){0};
  const char *bad = nb_fe_bad_c_name(name);
  if (bad)
    nb_fe_error(m, file, line, "nb_arg", "argument name '%s' %s", name, bad);
  if (nb_fe_arg_name_taken(fn, name))
    nb_fe_error(m, file, line, "nb_arg", "argument '%s' already declared in '%s'",
             name, fn->name);
  return nb_fe_push_arg(fn, name, dtype, shape, nb_fe_loc(fn, file, line));
}

/* Wraps the finished body in a func.func appended to the module. */
static void build_func(nb_fn *fn, MlirLocation loc) {
  MlirContext ctx = fn->m->ctx;
  int n = fn->nargs;
  MlirType *in = calloc((size_t)n + 1, sizeof *in);
  MlirAttribute *arg_attrs = calloc((size_t)n + 1, sizeof *arg_attrs);
  if (!in || !arg_attrs) {
    free(in);
    free(arg_attrs);
    return;
  }
  for (int i = 0; i < n; i++) {
    in[i] = mlirValueGetType(mlirBlockGetArgument(fn->body, i));
    MlirNamedAttribute name = nb_fe_named(
        fn, "nabla.name",
        mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(fn->arg_names[i])));
    arg_attrs[i] = mlirDictionaryAttrGet(ctx, 1, &name);
  }
  MlirType ftype = mlirFunctionTypeGet(ctx, n, in, fn->nresults, fn->result_types);
  MlirNamedAttribute attrs[] = {
      nb_fe_named(fn, "sym_name",
               mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(fn->name))),
      nb_fe_named(fn, "function_type", mlirTypeAttrGet(ftype)),
      nb_fe_named(fn, "arg_attrs", mlirArrayAttrGet(ctx, n, arg_attrs)),
  };
  MlirOperationState st =
      mlirOperationStateGet(mlirStringRefCreateFromCString("func.func"), loc);
  mlirOperationStateAddAttributes(&st, n ? 3 : 2, attrs);
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, fn->body);
  mlirOperationStateAddOwnedRegions(&st, 1, &region);
  fn->op = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(mlirModuleGetBody(fn->m->mod), fn->op);
  nb_fe_export_attrs(fn);
  free(in);
  free(arg_attrs);
}

/* fn is left out of the module: always after an error, so that nb_compile
 * fails rather than compile a library without it. Invalid results had
 * theirs; out of memory has this one. */
static void fail(nb_fn *fn, const char *file, int line) {
  fn->failed = true;
  nb_fe_stray(fn->m, file, line, "nb_return", "function '%s' could not be built (out of memory)",
              fn->name);
}

void nb__return(nb_fn *fn, const nb_value *results, int n, const char *file,
                int line) {
  if (!nb_fe_fn_live(fn))
    return;
  if (fn->finished) {
    nb_fe_error(fn->m, file, line, "nb_return", "function '%s' already returned",
             fn->name);
    return;
  }
  fn->finished = true;
  if (n < 0 || (!results && n > 0)) {
    nb_fe_error(fn->m, file, line, "nb_return", "invalid result list (%d results%s)", n,
                results ? "" : ", NULL");
    fn->failed = true;
    return;
  }
  for (int j = 0; j < n; j++)
    if (!nb_fe_tree_get(results[j]) && !nb_fe_get(results[j])) {
      nb_fe_stray(fn->m, file, line, "nb_return",
                  "result %d is not a value (zero or forged nb_value)", j);
      fn->failed = true;
    }
  nb_value *flat = NULL;
  if (fn->failed || !nb_fe_return_flatten(fn, results, n, &flat, &n, file, line)) {
    fail(fn, file, line);
    free(flat);
    return;
  }
  results = flat;
  MlirValue *vals = calloc((size_t)n + 1, sizeof *vals);
  fn->result_types = calloc((size_t)n + 1, sizeof *fn->result_types);
  fn->failed = !vals || !fn->result_types;
  for (int i = 0; i < n && !fn->failed; i++) {
    nb_val *v = nb_fe_get(results[i]);
    if (v && results[i].fn != fn) {
      nb_fe_error(fn->m, file, line, "nb_return",
               "result %d comes from function '%s', not '%s'", i,
               results[i].fn->name, fn->name);
      v = NULL;
    }
    if (v)
      vals[i] = nb_fe_use(results[i], v->dt, v->shape, file, line, "nb_return");
    if (!v || !vals[i].ptr)
      fn->failed = true;
    else
      fn->result_types[i] = mlirValueGetType(vals[i]);
  }
  if (fn->failed)
    fail(fn, file, line);
  else {
    fn->nresults = n;
    MlirLocation loc = nb_fe_loc(fn, file, line);
    MlirOperationState st =
        mlirOperationStateGet(mlirStringRefCreateFromCString("func.return"), loc);
    mlirOperationStateAddOperands(&st, n, vals);
    mlirBlockAppendOwnedOperation(fn->body, mlirOperationCreate(&st));
    build_func(fn, nb_fe_loc(fn, fn->file, fn->line));
  }
  free(vals);
  free(flat);
}
