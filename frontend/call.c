/* call.c — nb_call, nb_call1, nb_call_tree: a func.call of a finished
 * function, with its arguments checked against the callee's signature.
 *
 * Trees travel as their leaves: the arguments are flattened and checked
 * tree by tree (tree_sig.c), the flat func.call is emitted here, and its
 * results are grouped into trees again. A vmap sized by its calls is first
 * resolved to the declaration for these arguments' batch size (vmap.c). */
#include "frontend.h"

#include <stdlib.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

/* A value record for an MLIR value of ranked tensor type (strong). */
static nb_val val_of_type(MlirType t) {
  nb_val r = {.dt = nb_tensor_dtype(t)};
  r.shape.rank = (int)mlirShapedTypeGetRank(t);
  for (int d = 0; d < r.shape.rank; d++)
    r.shape.dims[d] = mlirShapedTypeGetDimSize(t, d);
  return r;
}

static nb_val val_of(MlirValue v) {
  nb_val r = val_of_type(mlirValueGetType(v));
  r.v = v;
  return r;
}

/* The callee and each argument (a value or NB_TREE_V(tree)) can be used;
 * false after an error (nb_fe_stray's for a NULL callee or a stray value,
 * which may be the echo of an earlier mistake). */
static bool check_handles(nb_fn *callee, const nb_value *args, int nargs, const char *file,
                          int line) {
  nb_module *m = nb_fe_module_of(args, nargs);
  if (!m && nb_fe_fn_live(callee))
    m = callee->m;
  if (!nb_fe_fn_live(callee)) {
    nb_fe_stray(m, file, line, "nb_call",
                "the function to call is not a function (NULL or forged nb_fn *)");
    return false;
  }
  if (!args || nargs < 1) {
    nb_fe_error(m, file, line, "nb_call",
                "'%s' is called without arguments: the caller is found from them", callee->name);
    return false;
  }
  for (int i = 0; i < nargs; i++)
    if (!nb_fe_tree_get(args[i]) && !nb_fe_get(args[i])) {
      nb_fe_stray(m, file, line, "nb_call",
                  "argument %d is not a value (zero or forged nb_value)", i);
      return false;
    }
  return true;
}

/* nb_call on flattened arguments; every result goes to out. */
static int call_flat(nb_fn *callee, const nb_value *args, int nargs, nb_value *out,
                     int nout, const char *file, int line) {
  if (nargs < 1)
    return 0;
  nb_fn *fn = nb_fe_operands_fn(args, nargs, file, line, "nb_call");
  if (!fn)
    return 0;
  char b1[128], b2[128];
  if (!callee->finished) {
    nb_fe_error(fn->m, file, line, "nb_call",
             "function '%s' is not finished (no nb_return yet)", callee->name);
    return 0;
  }
  if (callee->failed)
    return 0;
  if (callee->m != fn->m) {
    nb_fe_error(fn->m, file, line, "nb_call", "function '%s' is in another module",
             callee->name);
    return 0;
  }
  if (nargs != callee->nargs) {
    nb_fe_error(fn->m, file, line, "nb_call", "function '%s' takes %d argument%s, got %d",
             callee->name, callee->nargs, callee->nargs == 1 ? "" : "s", nargs);
    return 0;
  }
  MlirValue *ops = calloc((size_t)nargs, sizeof *ops);
  if (!ops)
    return 0;
  for (int i = 0; i < nargs; i++) {
    /* From the type, not the body: a transformed function has none. */
    nb_val pv = val_of_type(mlirFunctionTypeGetInput(nb_fe_fn_type(callee), i));
    nb_val *p = &pv, *a = nb_fe_get(args[i]);
    /* Only a weak value (a C scalar) converts, and only where JAX's
     * promotion would give the parameter's dtype. */
    bool converts = a->weak && nb_fe_promote(p->dt, false, a->dt, true).dt == p->dt;
    if (!nb_fe_shape_eq(p->shape, a->shape) || (a->dt != p->dt && !converts)) {
      bool dtype_only = nb_fe_shape_eq(p->shape, a->shape);
      nb_fe_error(fn->m, file, line, "nb_call",
               "argument %d ('%s') of '%s' expects %s, got %s%s", i,
               callee->arg_names[i], callee->name,
               nb_fe_fmt_type(b1, sizeof b1, p->dt, p->shape),
               nb_fe_fmt_type(b2, sizeof b2, a->dt, a->shape),
               dtype_only ? " (arrays are not converted: use nb_astype)" : "");
      free(ops);
      return 0;
    }
    ops[i] = nb_fe_use(args[i], p->dt, p->shape, file, line, "nb_call");
    if (!ops[i].ptr) {
      free(ops);
      return 0;
    }
  }
  MlirLocation loc = nb_fe_loc(fn, file, line);
  MlirOperationState st =
      mlirOperationStateGet(mlirStringRefCreateFromCString("func.call"), loc);
  mlirOperationStateAddOperands(&st, nargs, ops);
  mlirOperationStateAddResults(&st, callee->nresults, callee->result_types);
  MlirNamedAttribute a = nb_fe_named(
      fn, "callee",
      mlirFlatSymbolRefAttrGet(fn->m->ctx, mlirStringRefCreateFromCString(callee->name)));
  mlirOperationStateAddAttributes(&st, 1, &a);
  MlirOperation call = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(fn->body, call);
  free(ops);
  for (int i = 0; out && i < nout && i < callee->nresults; i++) {
    nb_val rv = val_of(mlirOperationGetResult(call, i));
    rv.loc = loc;
    out[i] = nb_fe_add_val(fn, rv);
  }
  return callee->nresults;
}

int nb__call(nb_fn *callee, const nb_value *args, int nargs, nb_value *out,
             int nout, const char *file, int line) {
  for (int i = 0; out && i < nout; i++)
    out[i] = (nb_value){0};
  if (!check_handles(callee, args, nargs, file, line))
    return 0;
  nb_value *flat = NULL, *res = NULL;
  int nflat = 0, r = 0;
  /* A vmap sized by its arguments reads the sizes from the leaves, against
   * the unbatched function's trees; the sized one then checks its own. */
  if (callee && callee->xf.kind == NB_XF_VMAP && !callee->op.ptr && nargs >= 1) {
    if (!nb_fe_call_flatten(callee->xf.callee, args, nargs, true, &flat, &nflat, file, line)) {
      free(flat);
      return 0;
    }
    callee = nb_fe_vmap_at_call(callee, flat, nflat, file, line);
    free(flat);
    flat = NULL;
  }
  if (callee && nargs >= 1 &&
      nb_fe_call_flatten(callee, args, nargs, false, &flat, &nflat, file, line) &&
      (res = calloc((size_t)callee->nresults + 1, sizeof *res)) != NULL &&
      call_flat(callee, flat, nflat, res, callee->nresults, file, line))
    r = nb_fe_call_group(callee, res, out, nout);
  free(flat);
  free(res);
  return r;
}

nb_value nb__call1(nb_fn *callee, const nb_value *args, int nargs,
                   const char *file, int line) {
  nb_value r = {0};
  nb__call(callee, args, nargs, &r, 1, file, line);
  return r;
}

nb_tree nb__call_tree(nb_fn *f, const nb_value *args, int nargs, const char *file,
                      int line) {
  nb_value r = nb__call1(f, args, nargs, file, line);
  if (nb_fe_tree_get(r))
    return nb_value_tree(r);
  if (nb_fe_get(r))
    nb_fe_error(r.fn->m, file, line, "nb_call_tree",
                "the first result of '%s' is an array, not a tree: use nb_call1", f->name);
  return (nb_tree){0};
}
