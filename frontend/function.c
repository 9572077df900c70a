/* function.c — functions: arguments, nb_return, calls and export.
 *
 * The body is a detached block until nb_return, which wraps it in a func.func
 * (the type is only known then) and appends that to the module. A function
 * whose nb_return received an invalid value is "failed": its block stays
 * detached and calls to it return invalid values without a new message. */
#include "frontend.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

static bool is_identifier(const char *s) {
  if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
    return false;
  for (; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '_')
      return false;
  return true;
}

/* A value record for an MLIR value of ranked tensor type (strong). */
static nb_val nb_val_of_type(MlirType t) {
  nb_val r = {.dt = nb_tensor_dtype(t)};
  r.shape.rank = (int)mlirShapedTypeGetRank(t);
  for (int d = 0; d < r.shape.rank; d++)
    r.shape.dims[d] = mlirShapedTypeGetDimSize(t, d);
  return r;
}

static nb_val nb_val_of(MlirValue v) {
  nb_val r = nb_val_of_type(mlirValueGetType(v));
  r.v = v;
  return r;
}

void nb_fe_fn_free(nb_fn *fn) {
  if (!fn->op.ptr) /* never wrapped in a func.func: the block is ours */
    mlirBlockDestroy(fn->body);
  for (int i = 0; i < fn->nargs; i++)
    free(fn->arg_names[i]);
  free(fn->arg_names);
  free(fn->result_types);
  free(fn->vals);
  free(fn->c_name);
  for (int i = 0; fn->result_names && i < fn->nresults; i++)
    free(fn->result_names[i]);
  free(fn->result_names);
  nb_fe_fn_trees_free(fn);
  free(fn->name);
  free(fn);
}

MlirType nb_fe_fn_type(nb_fn *fn) {
  return mlirTypeAttrGetValue(mlirOperationGetAttributeByName(
      fn->op, mlirStringRefCreateFromCString("function_type")));
}

nb_fn *nb_fe_fn_new(nb_module *m, const char *name, const char *file, int line) {
  nb_fn *fn = calloc(1, sizeof *fn);
  nb_fn **fns = realloc(m->fns, sizeof *fns * (size_t)(m->nfns + 1));
  if (fns)
    m->fns = fns;
  if (!fn || !fns) {
    free(fn);
    return NULL;
  }
  m->fns[m->nfns++] = fn;
  fn->m = m;
  fn->file = file;
  fn->line = line;
  fn->name = nb_fe_strdup(name ? name : "");
  return fn;
}

nb_fn *nb__function(nb_module *m, const char *name, const char *file, int line) {
  if (!m)
    return NULL;
  nb_fn *fn = nb_fe_fn_new(m, name, file, line);
  if (!fn)
    return NULL;
  fn->body = mlirBlockCreate(0, NULL, NULL);
  if (!is_identifier(name))
    nb_fe_error(m, file, line, "nb_function",
             "function name '%s' is not a C identifier", name ? name : "(null)");
  for (int i = 0; i < m->nfns - 1; i++)
    if (strcmp(m->fns[i]->name, fn->name) == 0)
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
  if (!is_identifier(name))
    nb_fe_error(m, file, line, "nb_arg", "argument name '%s' is not a C identifier", name);
  bool taken = nb_fe_tree_arg_taken(fn, name);
  for (int i = 0; i < fn->nargs; i++)
    taken |= strcmp(fn->arg_names[i], name) == 0;
  if (taken)
    nb_fe_error(m, file, line, "nb_arg", "argument '%s' already declared in '%s'",
             name, fn->name);
  return nb_fe_push_arg(fn, name, dtype, shape, nb_fe_loc(fn, file, line));
}

nb_value nb_fe_push_arg(nb_fn *fn, const char *name, nb_dtype dtype, nb_shape shape,
                        MlirLocation loc) {
  char **names = realloc(fn->arg_names, sizeof *names * (size_t)(fn->nargs + 1));
  if (!names)
    return (nb_value){0};
  fn->arg_names = names;
  fn->arg_names[fn->nargs++] = nb_fe_strdup(name);
  MlirValue v = mlirBlockAddArgument(fn->body, nb_fe_type(fn, dtype, shape), loc);
  return nb_fe_add_val(fn, (nb_val){.v = v, .dt = dtype, .shape = shape, .loc = loc});
}

static void set_export_attrs(nb_fn *fn) {
  MlirOperation op = fn->op;
  MlirContext ctx = fn->m->ctx;
  if (fn->exported) {
    mlirOperationRemoveAttributeByName(op, mlirStringRefCreateFromCString("sym_visibility"));
    mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("nabla.export"),
                                    mlirUnitAttrGet(ctx));
    if (fn->c_name)
      mlirOperationSetAttributeByName(
          op, mlirStringRefCreateFromCString("nabla.c_name"),
          mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(fn->c_name)));
  } else {
    mlirOperationSetAttributeByName(
        op, mlirStringRefCreateFromCString("sym_visibility"),
        mlirStringAttrGet(ctx, mlirStringRefCreateFromCString("private")));
  }
  nb_fe_tree_attrs(fn, op);
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
  set_export_attrs(fn);
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

void nb__export(nb_fn *fn, nb_export_options opts, const char *file, int line) {
  if (!fn || nb_fe_vmap_unsized(fn, file, line, "nb_export"))
    return;
  if (opts.c_name && !is_identifier(opts.c_name)) {
    nb_fe_error(fn->m, file, line, "nb_export", "c_name '%s' is not a C identifier",
             opts.c_name);
    return;
  }
  if (!nb_fe_tree_donate(fn, opts.donate, file, line))
    return;
  fn->exported = true;
  free(fn->c_name);
  fn->c_name = opts.c_name ? nb_fe_strdup(opts.c_name) : NULL;
  if (fn->xf.kind != NB_XF_NONE)
    nb_fe_export_transform(fn, file, line);
  else if (fn->op.ptr)
    set_export_attrs(fn);
}

/* nb_call on flattened arguments; every result goes to out. */
static int call_flat(nb_fn *callee, const nb_value *args, int nargs, nb_value *out,
                     int nout, const char *file, int line) {
  if (!callee || nargs < 1)
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
    nb_val pv = nb_val_of_type(mlirFunctionTypeGetInput(nb_fe_fn_type(callee), i));
    nb_val *p = &pv, *a = nb_fe_get(args[i]);
    nb_ptype t = nb_fe_promote(p->dt, false, a->dt, a->weak);
    if (!nb_fe_shape_eq(p->shape, a->shape) || t.dt != p->dt) {
      nb_fe_error(fn->m, file, line, "nb_call",
               "argument %d ('%s') of '%s' expects %s, got %s", i,
               callee->arg_names[i], callee->name,
               nb_fe_fmt_type(b1, sizeof b1, p->dt, p->shape),
               nb_fe_fmt_type(b2, sizeof b2, a->dt, a->shape));
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
    nb_val rv = nb_val_of(mlirOperationGetResult(call, i));
    rv.loc = loc;
    out[i] = nb_fe_add_val(fn, rv);
  }
  return callee->nresults;
}

int nb__call(nb_fn *callee, const nb_value *args, int nargs, nb_value *out,
             int nout, const char *file, int line) {
  for (int i = 0; out && i < nout; i++)
    out[i] = (nb_value){0};
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
