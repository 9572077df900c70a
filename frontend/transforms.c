/* transforms.c — nb_grad, nb_value_and_grad, nb_vjp, nb_jvp, nb_stop_gradient.
 *
 * A transform does no differentiation here: it checks what JAX checks at
 * trace time (scalar float loss, float arguments, argnums, has_aux) so the
 * user hears of a mistake at the line that made it, then declares the
 * transformed function as a private func.func tagged with the transform
 * (lowering/autodiff.h has the contract), e.g.
 *   func.func private @loss_grad_a0(tensor<2xf32>, ...) -> tensor<2xf32>
 *       attributes {nabla.grad = {argnums = array<i64: 0>, callee = @loss,
 *                                 has_aux = false}}
 * nabla-expand-transforms gives it a body when compiling. The declaration is
 * an ordinary nb_fn, so nb_call, nested transforms (grad of grad, jvp of
 * grad) and nb_export need nothing special, except that a declaration cannot
 * be public: nb_export adds a public wrapper that calls it.
 *
 * One declaration per (callee, transform, options): asking twice gives the
 * same nb_fn, so the expand pass materializes each derivative once. */
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

static const char *const tag_name[] = {
    [NB_XF_GRAD] = "nabla.grad", [NB_XF_VALUE_AND_GRAD] = "nabla.value_and_grad",
    [NB_XF_VJP] = "nabla.vjp", [NB_XF_JVP] = "nabla.jvp", [NB_XF_VMAP] = "nabla.vmap"};
static const char *const op_name[] = {
    [NB_XF_GRAD] = "nb_grad", [NB_XF_VALUE_AND_GRAD] = "nb_value_and_grad",
    [NB_XF_VJP] = "nb_vjp", [NB_XF_JVP] = "nb_jvp", [NB_XF_VMAP] = "nb_vmap"};
static const char *const suffix[] = {
    [NB_XF_GRAD] = "grad", [NB_XF_VALUE_AND_GRAD] = "value_and_grad",
    [NB_XF_VJP] = "vjp", [NB_XF_JVP] = "jvp", [NB_XF_VMAP] = "vmap"};

/* ---- checks (messages follow JAX's, with the C spelling) ---- */

static nb_shape shape_of(MlirType t) {
  nb_shape s = {.rank = (int)mlirShapedTypeGetRank(t)};
  for (int d = 0; d < s.rank && d < NB_MAX_RANK; d++)
    s.dims[d] = mlirShapedTypeGetDimSize(t, d);
  return s;
}

static const char *fmt_type(char *buf, size_t n, MlirType t) {
  return nb_fe_fmt_type(buf, n, nb_tensor_dtype(t), shape_of(t));
}

/* f can be transformed: given, finished and not failed (a failed f already
 * has its message). */
static bool check_callee(nb_fn *f, nb_xf_kind kind, const char *file, int line) {
  if (!f)
    return false;
  if (!f->finished) {
    nb_fe_error(f->m, file, line, op_name[kind],
                "function '%s' has no nb_return yet; a function is transformed "
                "once it is finished", f->name);
    return false;
  }
  return !f->failed && !nb_fe_vmap_unsized(f, file, line, op_name[kind]);
}

/* Normalizes argnums (default (0), negative from the end, no repeats) and
 * checks that each names a float argument. */
static bool check_argnums(nb_fn *f, nb_xf_kind kind, nb_ints *argnums,
                          const char *file, int line) {
  const char *op = op_name[kind];
  char b[128];
  if (argnums->n == 0)
    *argnums = (nb_ints){.n = 1, .v = {0}};
  if (argnums->n < 0 || argnums->n > NB_MAX_INTS) {
    nb_fe_error(f->m, file, line, op, "invalid number of argnums %d", argnums->n);
    return false;
  }
  MlirType ft = nb_fe_fn_type(f);
  for (int i = 0; i < argnums->n; i++) {
    int64_t a = argnums->v[i];
    if (a < -f->nargs || a >= f->nargs) {
      nb_fe_error(f->m, file, line, op,
                  "argnum %lld is out of range: '%s' takes %d argument%s",
                  (long long)a, f->name, f->nargs, f->nargs == 1 ? "" : "s");
      return false;
    }
    a = a < 0 ? a + f->nargs : a;
    for (int j = 0; j < i; j++)
      if (argnums->v[j] == a) {
        nb_fe_error(f->m, file, line, op, "argnum %lld is repeated", (long long)a);
        return false;
      }
    argnums->v[i] = a;
    MlirType t = mlirFunctionTypeGetInput(ft, (intptr_t)a);
    if (!nb_dtype_is_float(nb_tensor_dtype(t))) {
      nb_fe_error(f->m, file, line, op,
                  "cannot differentiate with respect to argument %lld ('%s') of "
                  "'%s': it is %s, and grad needs float arguments (as in JAX; "
                  "nb_vjp accepts integer inputs)",
                  (long long)a, f->arg_names[a], f->name, fmt_type(b, sizeof b, t));
      return false;
    }
  }
  return true;
}

/* f returns a float scalar, or (float scalar, aux..) with has_aux. */
static bool check_loss(nb_fn *f, nb_xf_kind kind, bool has_aux, const char *file,
                       int line) {
  const char *op = op_name[kind];
  char b[128];
  if (has_aux && f->nresults < 2) {
    nb_fe_error(f->m, file, line, op,
                "has_aux: '%s' must return a pair (loss, aux..), but it returns "
                "%d result", f->name, f->nresults);
    return false;
  }
  if (!has_aux && f->nresults != 1) {
    nb_fe_error(f->m, file, line, op,
                "'%s' returns %d results; grad needs a single float scalar "
                "(set .has_aux = true if it returns (loss, aux..), or use nb_vjp)",
                f->name, f->nresults);
    return false;
  }
  MlirType t = f->result_types[0];
  if (mlirShapedTypeGetRank(t) != 0 || !nb_dtype_is_float(nb_tensor_dtype(t))) {
    nb_fe_error(f->m, file, line, op,
                "'%s' returns %s; grad needs a float scalar output (a loss): "
                "use nb_vjp to differentiate other outputs",
                f->name, fmt_type(b, sizeof b, t));
    return false;
  }
  return true;
}

/* ---- names ---- */

static bool name_taken(nb_module *m, const char *name) {
  for (int i = 0; i < m->nfns; i++)
    if (strcmp(m->fns[i]->name, name) == 0)
      return true;
  return false;
}

/* "loss_grad_a0_1_aux", made unique against every function of m. */
static char *symbol_name(nb_fn *f, const nb_xf *xf) {
  char buf[512];
  int k = snprintf(buf, sizeof buf, "%s_%s", f->name, suffix[xf->kind]);
  if (xf->kind == NB_XF_GRAD || xf->kind == NB_XF_VALUE_AND_GRAD) {
    for (int i = 0; i < xf->argnums.n && k > 0 && (size_t)k < sizeof buf; i++)
      k += snprintf(buf + k, sizeof buf - (size_t)k, "%s%lld", i ? "_" : "_a",
                    (long long)xf->argnums.v[i]);
    if (xf->has_aux && k > 0 && (size_t)k < sizeof buf)
      snprintf(buf + k, sizeof buf - (size_t)k, "_aux");
  }
  char name[600];
  snprintf(name, sizeof name, "%s", buf);
  for (int i = 1; name_taken(f->m, name); i++)
    snprintf(name, sizeof name, "%s_%d", buf, i);
  return nb_fe_strdup(name);
}

static char *fmt_name(const char *fmt, const char *s) {
  char buf[256];
  snprintf(buf, sizeof buf, fmt, s);
  return nb_fe_strdup(buf);
}

/* The name of f's result j (as the generated header would call it). */
static char *result_name(nb_fn *f, int j) {
  if (f->result_names)
    return nb_fe_strdup(f->result_names[j]);
  char buf[32];
  snprintf(buf, sizeof buf, f->nresults == 1 ? "out" : "out%d", j);
  return nb_fe_strdup(buf);
}

static char *aux_name(nb_fn *f, int j) {
  if (f->result_names)
    return nb_fe_strdup(f->result_names[j]);
  char buf[32];
  snprintf(buf, sizeof buf, f->nresults == 2 ? "aux" : "aux%d", j - 1);
  return nb_fe_strdup(buf);
}

/* ---- the signature of the contract (lowering/autodiff.h) ---- */

typedef struct sig {
  int nin, nout;
  MlirType in[2 * 64], out[2 * 64];
  char *in_names[2 * 64], *out_names[2 * 64];
} sig;

static void add_in(sig *s, MlirType t, char *name) {
  s->in[s->nin] = t;
  s->in_names[s->nin++] = name;
}

static void add_out(sig *s, MlirType t, char *name) {
  s->out[s->nout] = t;
  s->out_names[s->nout++] = name;
}

static void sig_free(sig *s) {
  for (int i = 0; i < s->nin; i++)
    free(s->in_names[i]);
  for (int i = 0; i < s->nout; i++)
    free(s->out_names[i]);
}

static void build_sig(nb_fn *f, const nb_xf *xf, sig *s) {
  MlirType ft = nb_fe_fn_type(f);
  int n = f->nargs, m = f->nresults;
  for (int i = 0; i < n; i++)
    add_in(s, mlirFunctionTypeGetInput(ft, i), nb_fe_strdup(f->arg_names[i]));
  bool vag = xf->kind == NB_XF_VALUE_AND_GRAD;
  switch (xf->kind) {
  case NB_XF_GRAD:
  case NB_XF_VALUE_AND_GRAD: /* (value, aux.., grads..) or (grads.., aux..) */
    if (vag)
      add_out(s, f->result_types[0], nb_fe_strdup("value"));
    for (int j = 1; vag && xf->has_aux && j < m; j++)
      add_out(s, f->result_types[j], aux_name(f, j));
    for (int k = 0; k < xf->argnums.n; k++) {
      int64_t a = xf->argnums.v[k];
      add_out(s, mlirFunctionTypeGetInput(ft, (intptr_t)a),
              fmt_name("grad_%s", f->arg_names[a]));
    }
    for (int j = 1; !vag && xf->has_aux && j < m; j++)
      add_out(s, f->result_types[j], aux_name(f, j));
    break;
  case NB_XF_VJP:
    for (int j = 0; j < m; j++) {
      char *r = result_name(f, j);
      add_in(s, f->result_types[j], fmt_name("ct_%s", r));
      add_out(s, f->result_types[j], r);
    }
    for (int i = 0; i < n; i++)
      add_out(s, mlirFunctionTypeGetInput(ft, i), fmt_name("ct_%s", f->arg_names[i]));
    break;
  case NB_XF_JVP:
    for (int i = 0; i < n; i++)
      add_in(s, mlirFunctionTypeGetInput(ft, i), fmt_name("t_%s", f->arg_names[i]));
    for (int j = 0; j < m; j++)
      add_out(s, f->result_types[j], result_name(f, j));
    for (int j = 0; j < m; j++) {
      char *r = result_name(f, j);
      add_out(s, f->result_types[j], fmt_name("t_%s", r));
      free(r);
    }
    break;
  case NB_XF_VMAP: /* the batch dim inserted at in_axes / out_axes */
    for (int i = 0; i < n; i++)
      s->in[i] = nb_fe_vmap_type(s->in[i], xf->in_axes[i], xf->axis_size);
    for (int j = 0; j < m; j++)
      add_out(s, nb_fe_vmap_type(f->result_types[j], xf->out_axes[j], xf->axis_size),
              result_name(f, j));
    break;
  case NB_XF_NONE:
    break;
  }
}

/* ---- the tagged declaration ---- */

static MlirAttribute str_attr(MlirContext ctx, const char *s) {
  return mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(s));
}

static MlirAttribute names_attr(nb_fn *f, int n, char *const *names) {
  MlirContext ctx = f->m->ctx;
  MlirAttribute *dicts = calloc((size_t)n + 1, sizeof *dicts);
  if (!dicts)
    return mlirAttributeGetNull();
  for (int i = 0; i < n; i++) {
    MlirNamedAttribute a = nb_fe_named(f, "nabla.name", str_attr(ctx, names[i]));
    dicts[i] = mlirDictionaryAttrGet(ctx, 1, &a);
  }
  MlirAttribute r = mlirArrayAttrGet(ctx, n, dicts);
  free(dicts);
  return r;
}

static MlirAttribute tag_attr(nb_fn *f, const nb_xf *xf) {
  MlirContext ctx = f->m->ctx;
  MlirNamedAttribute e[4];
  int n = 0;
  e[n++] = nb_fe_named(f, "callee", mlirFlatSymbolRefAttrGet(
                                        ctx, mlirStringRefCreateFromCString(f->name)));
  if (xf->kind == NB_XF_GRAD || xf->kind == NB_XF_VALUE_AND_GRAD) {
    e[n++] = nb_fe_named(f, "argnums", nb_fe_i64_array(f, xf->argnums.v, xf->argnums.n));
    e[n++] = nb_fe_named(f, "has_aux", mlirBoolAttrGet(ctx, xf->has_aux));
  }
  if (xf->kind == NB_XF_VMAP) {
    e[n++] = nb_fe_named(f, "in_axes", nb_fe_i64_array(f, xf->in_axes, xf->n_in_axes));
    e[n++] = nb_fe_named(f, "out_axes", nb_fe_i64_array(f, xf->out_axes, xf->n_out_axes));
    e[n++] = nb_fe_named(f, "axis_size",
                         mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), xf->axis_size));
  }
  return mlirDictionaryAttrGet(ctx, n, e);
}

/* A func.func with the signature s; no region contents unless body. */
static MlirOperation make_func(nb_fn *f, const char *name, const sig *s, bool private_,
                               MlirLocation loc) {
  MlirContext ctx = f->m->ctx;
  MlirType ftype = mlirFunctionTypeGet(ctx, s->nin, s->in, s->nout, s->out);
  MlirNamedAttribute attrs[] = {
      nb_fe_named(f, "sym_name", str_attr(ctx, name)),
      nb_fe_named(f, "function_type", mlirTypeAttrGet(ftype)),
      nb_fe_named(f, "arg_attrs", names_attr(f, s->nin, s->in_names)),
      nb_fe_named(f, "res_attrs", names_attr(f, s->nout, s->out_names)),
      nb_fe_named(f, "sym_visibility", str_attr(ctx, "private")),
  };
  MlirOperationState st = mlirOperationStateGet(mlirStringRefCreateFromCString("func.func"), loc);
  mlirOperationStateAddAttributes(&st, private_ ? 5 : 4, attrs);
  MlirRegion region = mlirRegionCreate();
  mlirOperationStateAddOwnedRegions(&st, 1, &region);
  return mlirOperationCreate(&st);
}

static nb_fn *find_existing(nb_fn *f, const nb_xf *xf) {
  for (int i = 0; i < f->m->nfns; i++) {
    nb_fn *g = f->m->fns[i];
    if (g->xf.kind != xf->kind || g->xf.callee != f || g->xf.has_aux != xf->has_aux ||
        g->xf.argnums.n != xf->argnums.n || !nb_fe_vmap_same(&g->xf, xf))
      continue;
    if (memcmp(g->xf.argnums.v, xf->argnums.v, sizeof(int64_t) * (size_t)xf->argnums.n) == 0)
      return g;
  }
  return NULL;
}

nb_fn *nb_fe_declare(nb_fn *f, nb_xf xf, const char *file, int line) {
  nb_fn *old = find_existing(f, &xf);
  if (old)
    return old;
  if (f->nargs + f->nresults > 64) {
    nb_fe_error(f->m, file, line, op_name[xf.kind],
                "'%s' has too many arguments and results to transform (at most 64)",
                f->name);
    return NULL;
  }
  sig s = {0};
  build_sig(f, &xf, &s);
  char *name = symbol_name(f, &xf);
  MlirLocation loc = nb_fe_loc(f, file, line);
  nb_fn *g = name ? nb_fe_fn_new(f->m, name, file, line) : NULL;
  char **arg_names = calloc((size_t)s.nin + 1, sizeof *arg_names);
  char **result_names = calloc((size_t)s.nout + 1, sizeof *result_names);
  MlirType *result_types = calloc((size_t)s.nout + 1, sizeof *result_types);
  if (!g || !arg_names || !result_names || !result_types) {
    free(arg_names);
    free(result_names);
    free(result_types);
    free(name);
    sig_free(&s);
    if (g) /* stays in the module as a failed function: calls give invalid values */
      g->finished = g->failed = true, g->body = mlirBlockCreate(0, NULL, NULL);
    return NULL;
  }
  g->op = make_func(f, name, &s, true, loc);
  mlirOperationSetAttributeByName(g->op, mlirStringRefCreateFromCString(tag_name[xf.kind]),
                                  tag_attr(f, &xf));
  mlirBlockAppendOwnedOperation(mlirModuleGetBody(f->m->mod), g->op);
  /* The record takes the names; s keeps nothing. */
  memcpy(arg_names, s.in_names, sizeof(char *) * (size_t)s.nin);
  memcpy(result_names, s.out_names, sizeof(char *) * (size_t)s.nout);
  memcpy(result_types, s.out, sizeof(MlirType) * (size_t)s.nout);
  g->arg_names = arg_names;
  g->nargs = s.nin;
  g->result_names = result_names;
  g->result_types = result_types;
  g->nresults = s.nout;
  g->finished = true;
  g->xf = xf;
  free(name);
  return g;
}

/* ---- the public transforms ---- */

static nb_fn *grad_like(nb_fn *f, nb_xf_kind kind, nb_grad_options o, const char *file,
                        int line) {
  nb_ints user = {0}; /* argnums counting a tree as one (tree_sig.c) */
  if (!check_callee(f, kind, file, line) || !check_loss(f, kind, o.has_aux, file, line) ||
      !nb_fe_tree_argnums(f, &o.argnums, &user, file, line, op_name[kind]) ||
      !check_argnums(f, kind, &o.argnums, file, line))
    return NULL;
  nb_fn *g = nb_fe_declare(f, (nb_xf){.kind = kind, .callee = f, .argnums = o.argnums,
                                .has_aux = o.has_aux},
                     file, line);
  if (g)
    nb_fe_tree_transformed(g, user);
  return g;
}

nb_fn *nb__grad(nb_fn *f, nb_grad_options opts, const char *file, int line) {
  return grad_like(f, NB_XF_GRAD, opts, file, line);
}

nb_fn *nb__value_and_grad(nb_fn *f, nb_grad_options opts, const char *file, int line) {
  return grad_like(f, NB_XF_VALUE_AND_GRAD, opts, file, line);
}

nb_fn *nb__vjp(nb_fn *f, const char *file, int line) {
  if (!check_callee(f, NB_XF_VJP, file, line))
    return NULL;
  nb_fn *g = nb_fe_declare(f, (nb_xf){.kind = NB_XF_VJP, .callee = f}, file, line);
  if (g)
    nb_fe_tree_transformed(g, (nb_ints){0});
  return g;
}

nb_fn *nb__jvp(nb_fn *f, const char *file, int line) {
  if (!check_callee(f, NB_XF_JVP, file, line))
    return NULL;
  nb_fn *g = nb_fe_declare(f, (nb_xf){.kind = NB_XF_JVP, .callee = f}, file, line);
  if (g)
    nb_fe_tree_transformed(g, (nb_ints){0});
  return g;
}

/* ---- export ---- */

/* func.func @<name>_export(args) -> results {nabla.export, nabla.c_name =
 * <c_name or name>} whose body calls the declaration: the header and the
 * C symbol carry the transformed function's name. */
void nb_fe_export_transform(nb_fn *fn, const char *file, int line) {
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
  for (int i = 1; name_taken(fn->m, name); i++)
    snprintf(name, sizeof name, "%s_export_%d", fn->name, i);
  MlirType ft = nb_fe_fn_type(fn);
  sig s = {.nin = fn->nargs, .nout = fn->nresults};
  for (int i = 0; i < s.nin; i++) {
    s.in[i] = mlirFunctionTypeGetInput(ft, i);
    s.in_names[i] = fn->arg_names[i];
  }
  for (int j = 0; j < s.nout; j++) {
    s.out[j] = fn->result_types[j];
    s.out_names[j] = fn->result_names[j];
  }
  MlirLocation loc = nb_fe_loc(fn, file, line);
  MlirOperation w = make_func(fn, name, &s, false, loc);
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

/* ---- stop_gradient ---- */

nb_value nb__stop_gradient(nb_value x, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_stop_gradient");
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(x); /* a copy: emitting may move the value table */
  if (v.literal) /* a C constant has no derivative to stop */
    return x;
  MlirValue in = nb_fe_use(x, v.dt, v.shape, file, line, "nb_stop_gradient");
  return nb_fe_emit_op(fn, "nabla.stop_gradient", &in, 1, v.dt, v.shape, v.weak, NULL, 0,
                       nb_fe_loc(fn, file, line));
}
