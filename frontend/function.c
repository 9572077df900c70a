/* function.c — nb_function, nb_arg and nb_return: building a function.
 *
 * The body is a detached block until nb_return, which wraps it in a func.func
 * (the type is only known then) and appends that to the module. A function
 * whose nb_return received an invalid value is "failed": its block stays
 * detached and calls to it return invalid values without a new message.
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
  if (!fn)
    return (nb_value){0};
  nb_module *m = fn->m;
  char b[128];
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
  bool bad_shape = shape.rank < 0 || shape.rank > NB_MAX_RANK;
  for (int i = 0; !bad_shape && i < shape.rank; i++)
    bad_shape = shape.dims[i] < 0;
  if (bad_shape) {
    nb_fe_error(m, file, line, "nb_arg", "invalid shape %s for argument '%s'",
             shape.rank < 0 || shape.rank > NB_MAX_RANK
                 ? "(rank out of range)"
                 : nb_fe_fmt_shape(b, sizeof b, shape),
             name ? name : "");
    return (nb_value){0};
  }
  char dflt[32];
  if (!name) {
    snprintf(dflt, sizeof dflt, "arg%d", fn->nargs);
    name = dflt;
  }
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

void nb__return(nb_fn *fn, const nb_value *results, int n, const char *file,
                int line) {
  if (!fn)
    return;
  if (fn->finished) {
    nb_fe_error(fn->m, file, line, "nb_return", "function '%s' already returned",
             fn->name);
    return;
  }
  fn->finished = true;
  nb_value *flat = NULL;
  if (!nb_fe_return_flatten(fn, results, n, &flat, &n, file, line)) {
    fn->failed = true;
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
  if (!fn->failed) {
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
