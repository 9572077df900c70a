/* export.c — nb_export: which functions the generated header and object
 * file offer, under which C name, with which donated trees.
 *
 * A function built with nb_function is its own export: its func.func loses
 * the private visibility and gains nabla.export (and nabla.c_name). The
 * attributes are set whenever the func.func exists, so nb_export may come
 * before or after nb_return (function.c calls nb_fe_export_attrs when it
 * builds the func.func). A transformed function is a private declaration
 * (xf_declare.c), which MLIR does not allow to be public, so it gets a
 * public wrapper that calls it instead. */
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

static MlirAttribute str_attr(MlirContext ctx, const char *s) {
  return mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(s));
}

void nb_fe_export_attrs(nb_fn *fn) {
  MlirOperation op = fn->op;
  MlirContext ctx = fn->m->ctx;
  if (fn->exported) {
    mlirOperationRemoveAttributeByName(op, mlirStringRefCreateFromCString("sym_visibility"));
    mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("nabla.export"),
                                    mlirUnitAttrGet(ctx));
    if (fn->c_name)
      mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("nabla.c_name"),
                                      str_attr(ctx, fn->c_name));
  } else {
    mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("sym_visibility"),
                                    str_attr(ctx, "private"));
  }
  nb_fe_tree_attrs(fn, op);
}

/* func.func @<name>_export(args) -> results {nabla.export, nabla.c_name =
 * <c_name or name>} whose body calls the declaration: the header and the
 * C symbol carry the transformed function's name. */
static void export_transform(nb_fn *fn, const char *file, int line) {
  MlirContext ctx = fn->m->ctx;
  const char *c_name = fn->c_name ? fn->c_name : fn->name;
  if (fn->export_op.ptr) { /* exported again: only the C name can change */
    mlirOperationSetAttributeByName(fn->export_op,
                                    mlirStringRefCreateFromCString("nabla.c_name"),
                                    str_attr(ctx, c_name));
    nb_fe_tree_attrs(fn, fn->export_op);
    return;
  }
  char name[600];
  snprintf(name, sizeof name, "%s_export", fn->name);
  for (int i = 1; nb_fe_fn_name_taken(fn->m, name); i++)
    snprintf(name, sizeof name, "%s_export_%d", fn->name, i);
  MlirType ft = nb_fe_fn_type(fn);
  nb_fe_sig s = {.nin = fn->nargs, .nout = fn->nresults};
  for (int i = 0; i < s.nin; i++) {
    s.in[i] = mlirFunctionTypeGetInput(ft, i);
    s.in_names[i] = fn->arg_names[i];
  }
  for (int j = 0; j < s.nout; j++) {
    s.out[j] = fn->result_types[j];
    s.out_names[j] = fn->result_names[j];
  }
  MlirLocation loc = nb_fe_loc(fn, file, line);
  MlirOperation w = nb_fe_sig_func(fn, name, &s, false, loc);
  mlirOperationSetAttributeByName(w, mlirStringRefCreateFromCString("nabla.export"),
                                  mlirUnitAttrGet(ctx));
  mlirOperationSetAttributeByName(w, mlirStringRefCreateFromCString("nabla.c_name"),
                                  str_attr(ctx, c_name));
  MlirLocation *locs = calloc((size_t)s.nin + 1, sizeof *locs);
  MlirValue *args = calloc((size_t)s.nin + 1, sizeof *args);
  MlirValue *res = calloc((size_t)s.nout + 1, sizeof *res);
  if (!locs || !args || !res) {
    mlirOperationDestroy(w);
    free(locs);
    free(args);
    free(res);
    return;
  }
  for (int i = 0; i < s.nin; i++)
    locs[i] = loc;
  MlirBlock body = mlirBlockCreate(s.nin, s.in, locs);
  mlirRegionAppendOwnedBlock(mlirOperationGetRegion(w, 0), body);
  for (int i = 0; i < s.nin; i++)
    args[i] = mlirBlockGetArgument(body, i);
  MlirOperationState st = mlirOperationStateGet(mlirStringRefCreateFromCString("func.call"), loc);
  mlirOperationStateAddOperands(&st, s.nin, args);
  mlirOperationStateAddResults(&st, s.nout, s.out);
  MlirNamedAttribute callee = nb_fe_named(
      fn, "callee", mlirFlatSymbolRefAttrGet(ctx, mlirStringRefCreateFromCString(fn->name)));
  mlirOperationStateAddAttributes(&st, 1, &callee);
  MlirOperation call = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(body, call);
  for (int j = 0; j < s.nout; j++)
    res[j] = mlirOperationGetResult(call, j);
  st = mlirOperationStateGet(mlirStringRefCreateFromCString("func.return"), loc);
  mlirOperationStateAddOperands(&st, s.nout, res);
  mlirBlockAppendOwnedOperation(body, mlirOperationCreate(&st));
  mlirBlockAppendOwnedOperation(mlirModuleGetBody(fn->m->mod), w);
  fn->export_op = w;
  nb_fe_tree_attrs(fn, w);
  free(locs);
  free(args);
  free(res);
}

void nb__export(nb_fn *fn, nb_export_options opts, const char *file, int line) {
  if (!nb_fe_fn_live(fn) || nb_fe_vmap_unsized(fn, file, line, "nb_export"))
    return;
  const char *bad = opts.c_name ? nb_fe_bad_c_name(opts.c_name) : NULL;
  if (bad) {
    nb_fe_error(fn->m, file, line, "nb_export", "c_name '%s' %s", opts.c_name, bad);
    return;
  }
  /* A failed function has no results to donate to, and its error is
   * recorded: checking the donation would only add a misleading second. */
  if (!fn->failed && !nb_fe_tree_donate(fn, opts.donate, file, line))
    return;
  fn->exported = true;
  free(fn->c_name);
  fn->c_name = opts.c_name ? nb_fe_strdup(opts.c_name) : NULL;
  if (fn->xf.kind != NB_XF_NONE)
    export_transform(fn, file, line);
  else if (fn->op.ptr)
    nb_fe_export_attrs(fn);
}
