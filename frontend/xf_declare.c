/* xf_declare.c — a transformed function as MLIR: the private func.func
 * declaration tagged with the transform, e.g.
 *   func.func private @loss_grad_a0(tensor<2xf32>, ...) -> tensor<2xf32>
 *       attributes {nabla.grad = {argnums = array<i64: 0>, callee = @loss,
 *                                 has_aux = false}}
 * whose signature is the contract of lowering/transforms/autodiff.h, and
 * whose body nabla-expand-transforms makes when compiling.
 *
 * The public transforms check the user's options first (transforms.c for
 * autodiff, vmap.c for vmap) and all declare here, so this file knows every
 * kind's signature and tag. One declaration per (callee, transform,
 * options): asking twice gives the same nb_fn, so the expand pass
 * materializes each derivative once. export.c builds the public wrapper of
 * an exported declaration with the same nb_fe_sig_func. */
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

static const char *const tag_name[] = {
    [NB_XF_GRAD] = "nabla.grad", [NB_XF_VALUE_AND_GRAD] = "nabla.value_and_grad",
    [NB_XF_VJP] = "nabla.vjp", [NB_XF_JVP] = "nabla.jvp", [NB_XF_VMAP] = "nabla.vmap"};
static const char *const op_names[] = {
    [NB_XF_GRAD] = "nb_grad", [NB_XF_VALUE_AND_GRAD] = "nb_value_and_grad",
    [NB_XF_VJP] = "nb_vjp", [NB_XF_JVP] = "nb_jvp", [NB_XF_VMAP] = "nb_vmap"};
static const char *const suffix[] = {
    [NB_XF_GRAD] = "grad", [NB_XF_VALUE_AND_GRAD] = "value_and_grad",
    [NB_XF_VJP] = "vjp", [NB_XF_JVP] = "jvp", [NB_XF_VMAP] = "vmap"};

const char *nb_fe_xf_op(nb_xf_kind kind) { return op_names[kind]; }

/* ---- names ---- */

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
  for (int i = 1; nb_fe_fn_name_taken(f->m, name); i++)
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

/* ---- the signature of the contract (lowering/transforms/autodiff.h) ---- */

static void add_in(nb_fe_sig *s, MlirType t, char *name) {
  s->in[s->nin] = t;
  s->in_names[s->nin++] = name;
}

static void add_out(nb_fe_sig *s, MlirType t, char *name) {
  s->out[s->nout] = t;
  s->out_names[s->nout++] = name;
}

static void sig_free(nb_fe_sig *s) {
  for (int i = 0; i < s->nin; i++)
    free(s->in_names[i]);
  for (int i = 0; i < s->nout; i++)
    free(s->out_names[i]);
}

static void build_sig(nb_fn *f, const nb_xf *xf, nb_fe_sig *s) {
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

MlirOperation nb_fe_sig_func(nb_fn *f, const char *name, const nb_fe_sig *s, bool private_,
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
    nb_fe_error(f->m, file, line, nb_fe_xf_op(xf.kind),
                "'%s' has too many arguments and results to transform (at most 64)",
                f->name);
    return NULL;
  }
  nb_fe_sig s = {0};
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
    nb_fe_stray(f->m, file, line, nb_fe_xf_op(xf.kind), "out of memory declaring a transform "
                "of '%s'", f->name);
    return NULL;
  }
  g->op = nb_fe_sig_func(f, name, &s, true, loc);
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
