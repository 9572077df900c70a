/* tree_sig.c — trees in function signatures.
 *
 * An MLIR function takes and returns leaves only: a tree argument is one
 * argument per leaf, in the type's order. What makes them a tree again is
 * recorded twice: on the nb_fn (spans: where each tree starts, its type
 * and name), so that nb_call can take and give trees, transforms can carry
 * them to their results and nb_fn_arg_tree_type can answer; and on the
 * func.func as attributes, for the header generator (aot/emit_header.c):
 *
 *   nabla.arg_trees = [{name = "params", first = 0 : i64,
 *                       leaves = ["W", "b"], donate = 0 : i64}]
 *   nabla.result_trees = [{name = "params_out", first = 0 : i64,
 *                          leaves = ["W", "b"]}]
 *
 * (donate, on a donated argument tree only, is the index in result_trees of
 * the tree that updates it in place.) Leaves are also named "params.W" with
 * nabla.name, as every argument is.
 *
 * Positions the user writes (argnums, donate, nb_fn_arg_tree_type, the
 * arguments of nb_call) count a tree as one: "slots" below. */
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

/* One user-level argument or result: a tree (type set) or an array. */
typedef struct slot {
  int first, n;
  const nb_fe_ttype *type;
  const char *name; /* trees only */
  int span;         /* index in the spans, trees only */
} slot;

/* The slots of nleaves flattened positions with the given tree spans;
 * returns their number (out holds nleaves + 1 entries). */
static int slots_of(const nb_fe_span *spans, int nspans, int nleaves, slot *out) {
  int n = 0, s = 0;
  for (int i = 0; i < nleaves;) {
    if (s < nspans && spans[s].first == i) {
      out[n++] = (slot){i, spans[s].type->nleaves, spans[s].type, spans[s].name, s};
      i += spans[s].type->nleaves;
      s++;
    } else {
      out[n++] = (slot){i, 1, NULL, NULL, -1};
      i++;
    }
  }
  return n;
}

static slot *arg_slots(nb_fn *f, int *n) {
  slot *s = calloc((size_t)f->nargs + 1, sizeof *s);
  *n = s ? slots_of(f->arg_trees, f->narg_trees, f->nargs, s) : 0;
  return s;
}

static slot *result_slots(nb_fn *f, int *n) {
  slot *s = calloc((size_t)f->nresults + 1, sizeof *s);
  *n = s ? slots_of(f->res_trees, f->nres_trees, f->nresults, s) : 0;
  return s;
}

nb_tree_type nb__fn_arg_tree_type(nb_fn *f, int i, const char *file, int line) {
  nb_tree_type bad = {.n = -1};
  if (!nb_fe_fn_live(f))
    return bad;
  int n;
  slot *s = arg_slots(f, &n);
  if (!s)
    return bad;
  if (i < 0 || i >= n || !s[i].type) {
    if (i < 0 || i >= n)
      nb_fe_error(f->m, file, line, "nb_fn_arg_tree_type",
                  "'%s' has %d argument%s (a tree counts as one); %d is out of range",
                  f->name, n, n == 1 ? "" : "s", i);
    else
      nb_fe_error(f->m, file, line, "nb_fn_arg_tree_type",
                  "argument %d ('%s') of '%s' is an array, not a tree", i,
                  f->arg_names[s[i].first], f->name);
    free(s);
    return bad;
  }
  nb_tree_type r = s[i].type->pub;
  free(s);
  return r;
}

/* ---- calls and returns ---- */

/* Same leaf paths: the structure of a tree whatever its leaves' shapes. */
static bool same_paths(const nb_fe_ttype *a, const nb_fe_ttype *b) {
  if (a->nleaves != b->nleaves)
    return false;
  for (int i = 0; i < a->nleaves; i++)
    if (strcmp(a->paths[i], b->paths[i]) != 0)
      return false;
  return true;
}

bool nb_fe_call_flatten(nb_fn *callee, const nb_value *args, int nargs, bool loose,
                        nb_value **out, int *nout, const char *file, int line) {
  nb_fn *fn = NULL; /* the caller, for messages */
  int total = 0;
  bool any_tree = false;
  for (int k = 0; k < nargs; k++) {
    nb_fe_tree *t = nb_fe_tree_get(args[k]);
    any_tree |= t != NULL;
    total += t ? t->type->nleaves : 1;
    if (!fn && args[k].fn)
      fn = args[k].fn;
  }
  *out = calloc((size_t)total + 1, sizeof **out);
  *nout = total;
  if (!*out)
    return false;
  if (!any_tree && callee->narg_trees == 0) {
    memcpy(*out, args, sizeof *args * (size_t)nargs);
    return true;
  }
  if (!fn)
    return false;
  int ns;
  slot *s = arg_slots(callee, &ns);
  bool ok = s != NULL;
  char diff[512];
  if (ok && nargs != ns) {
    nb_fe_error(fn->m, file, line, "nb_call",
                "function '%s' takes %d argument%s (a tree counts as one), got %d",
                callee->name, ns, ns == 1 ? "" : "s", nargs);
    ok = false;
  }
  for (int k = 0, pos = 0; ok && k < nargs; k++) {
    nb_fe_tree *t = nb_fe_tree_get(args[k]);
    if (s[k].type && !t) {
      if (nb_fe_get(args[k]))
        nb_fe_error(fn->m, file, line, "nb_call",
                    "argument %d ('%s') of '%s' is a tree: pass NB_TREE_V(tree)", k,
                    s[k].name, callee->name);
      ok = false;
    } else if (!s[k].type && t) {
      nb_fe_error(fn->m, file, line, "nb_call",
                  "argument %d ('%s') of '%s' is an array, got the tree '%s'", k,
                  callee->arg_names[s[k].first], callee->name, t->name);
      ok = false;
    } else if (t && loose && !same_paths(s[k].type, t->type)) {
      nb_fe_ttype_diff(s[k].type, t->type, diff, sizeof diff);
      nb_fe_error(fn->m, file, line, "nb_call",
                  "argument %d ('%s') of '%s': the tree '%s' has another structure: %s", k,
                  s[k].name, callee->name, t->name, diff);
      ok = false;
    } else if (t && !loose && callee->m == fn->m &&
               nb_fe_ttype_diff(s[k].type, t->type, diff, sizeof diff)) {
      nb_fe_error(fn->m, file, line, "nb_call",
                  "argument %d ('%s') of '%s': the tree '%s' has another structure: %s", k,
                  s[k].name, callee->name, t->name, diff);
      ok = false;
    } else if (t) {
      memcpy(*out + pos, t->leaves, sizeof *t->leaves * (size_t)t->type->nleaves);
      pos += t->type->nleaves;
    } else {
      (*out)[pos++] = args[k];
    }
  }
  free(s);
  return ok;
}

int nb_fe_call_group(nb_fn *callee, const nb_value *res, nb_value *out, int nout) {
  if (callee->nres_trees == 0) {
    for (int j = 0; out && j < nout && j < callee->nresults; j++)
      out[j] = res[j];
    return callee->nresults;
  }
  int ns;
  slot *s = result_slots(callee, &ns);
  for (int j = 0; s && out && j < nout && j < ns; j++)
    out[j] = s[j].type ? nb_tree_value(nb_fe_tree_new(res[0].fn, s[j].type, s[j].name,
                                                      res + s[j].first))
                       : res[s[j].first];
  free(s);
  return s ? ns : 0;
}

/* "<name>" or, when an argument is called that, "<name>_out" (then _out2..):
 * the header names a result after it, next to the arguments. */
static char *result_tree_name(nb_fn *fn, const char *name) {
  char buf[300];
  snprintf(buf, sizeof buf, "%s", name);
  for (int k = 1;; k++) {
    bool taken = nb_fe_arg_name_taken(fn, buf);
    for (int i = 0; i < fn->nres_trees; i++)
      taken |= strcmp(fn->res_trees[i].name, buf) == 0;
    if (!taken)
      return nb_fe_strdup(buf);
    snprintf(buf, sizeof buf, k == 1 ? "%s_out" : "%s_out%d", name, k);
  }
}

bool nb_fe_return_flatten(nb_fn *fn, const nb_value *results, int n, nb_value **out,
                          int *nout, const char *file, int line) {
  int total = 0;
  for (int j = 0; j < n; j++) {
    nb_fe_tree *t = nb_fe_tree_get(results[j]);
    total += t ? t->type->nleaves : 1;
  }
  *out = calloc((size_t)total + 1, sizeof **out);
  *nout = total;
  if (!*out)
    return false;
  for (int j = 0, pos = 0; j < n; j++) {
    nb_fe_tree *t = nb_fe_tree_get(results[j]);
    if (!t) {
      (*out)[pos++] = results[j];
      continue;
    }
    /* Copy what we need first: result_tree_name cannot move t, but keep
     * the order obvious. */
    const nb_fe_ttype *type = t->type;
    memcpy(*out + pos, t->leaves, sizeof *t->leaves * (size_t)type->nleaves);
    nb_fe_span *spans = realloc(fn->res_trees, sizeof *spans * (size_t)(fn->nres_trees + 1));
    char *name = spans ? result_tree_name(fn, t->name) : NULL;
    if (spans)
      fn->res_trees = spans;
    if (!name)
      return false;
    fn->res_trees[fn->nres_trees++] =
        (nb_fe_span){.first = pos, .type = type, .name = name, .donate = -1};
    pos += type->nleaves;
  }
  (void)file, (void)line;
  return true;
}

/* ---- transforms ---- */

/* Per-slot options (vmap's in_axes/out_axes) repeated for every leaf. */
static bool expand_per_slot(nb_fn *f, bool results, const int64_t *per_slot, int n,
                            int64_t *per_leaf, int max) {
  int ns;
  slot *s = results ? result_slots(f, &ns) : arg_slots(f, &ns);
  bool ok = s && n == ns && (results ? f->nresults : f->nargs) <= max;
  for (int k = 0; ok && k < ns; k++)
    for (int i = 0; i < s[k].n; i++)
      per_leaf[s[k].first + i] = per_slot[k];
  free(s);
  return ok;
}

bool nb_fe_tree_expand_per_arg(nb_fn *f, const int64_t *per_arg, int n, int64_t *per_leaf,
                               int max) {
  return expand_per_slot(f, false, per_arg, n, per_leaf, max);
}

bool nb_fe_tree_expand_per_result(nb_fn *f, const int64_t *per_result, int n,
                                  int64_t *per_leaf, int max) {
  return expand_per_slot(f, true, per_result, n, per_leaf, max);
}

int nb_fe_tree_num_args(nb_fn *f) {
  int ns;
  free(arg_slots(f, &ns));
  return ns;
}

int nb_fe_tree_num_results(nb_fn *f) {
  int ns;
  free(result_slots(f, &ns));
  return ns;
}

int nb_fe_tree_arg_slot(nb_fn *f, int leaf) {
  int ns, r = leaf;
  slot *s = arg_slots(f, &ns);
  for (int k = 0; s && k < ns; k++)
    if (leaf >= s[k].first && leaf < s[k].first + s[k].n)
      r = k;
  free(s);
  return r;
}

bool nb_fe_tree_argnums(nb_fn *f, nb_ints *argnums, nb_ints *user, const char *file,
                        int line, const char *op) {
  *user = *argnums;
  if (f->narg_trees == 0)
    return true;
  int ns;
  slot *s = arg_slots(f, &ns);
  if (!s)
    return false;
  if (user->n == 0)
    *user = (nb_ints){.n = 1, .v = {0}};
  nb_ints leaves = {0};
  bool ok = user->n > 0 && user->n <= NB_MAX_INTS;
  if (!ok)
    nb_fe_error(f->m, file, line, op, "invalid number of argnums %d", user->n);
  for (int i = 0; ok && i < user->n; i++) {
    int64_t a = user->v[i];
    if (a < -ns || a >= ns) {
      nb_fe_error(f->m, file, line, op,
                  "argnum %lld is out of range: '%s' takes %d argument%s (a tree counts "
                  "as one)", (long long)a, f->name, ns, ns == 1 ? "" : "s");
      ok = false;
      break;
    }
    a = a < 0 ? a + ns : a;
    for (int j = 0; j < i; j++)
      if (user->v[j] == a) {
        nb_fe_error(f->m, file, line, op, "argnum %lld is repeated", (long long)a);
        ok = false;
      }
    user->v[i] = a;
    if (ok && leaves.n + s[a].n > NB_MAX_INTS) {
      nb_fe_error(f->m, file, line, op,
                  "differentiating with respect to more than %d leaves is not supported "
                  "(argument %lld ('%s') brings %d)", NB_MAX_INTS, (long long)a,
                  s[a].type ? s[a].name : f->arg_names[s[a].first], s[a].n);
      ok = false;
    }
    for (int k = 0; ok && k < s[a].n; k++)
      leaves.v[leaves.n++] = s[a].first + k;
  }
  free(s);
  if (ok)
    *argnums = leaves;
  return ok;
}

/* A list of slots being assembled for a transformed signature. */
typedef struct seg_list {
  int n;
  const nb_fe_ttype *type[128];
  char *name[128];
} seg_list;

static void seg_add(seg_list *l, const slot *s, const char *prefix) {
  if (l->n == 128)
    return;
  char buf[300];
  l->type[l->n] = s->type;
  snprintf(buf, sizeof buf, "%s%s", prefix, s->name ? s->name : "");
  l->name[l->n++] = s->type ? nb_fe_strdup(buf) : NULL;
}

static void seg_add_all(seg_list *l, const slot *s, int n, int from, const char *prefix) {
  for (int i = from; i < n; i++)
    seg_add(l, &s[i], prefix);
}

/* Turns l into spans over `nleaves` positions (their number in *nspans);
 * NULL if l does not cover exactly nleaves. Takes l's names. */
static nb_fe_span *to_spans(seg_list *l, int nleaves, int *nspans) {
  nb_fe_span *spans = calloc((size_t)l->n + 1, sizeof *spans);
  int pos = 0, k = 0;
  for (int i = 0; i < l->n; i++) {
    if (l->type[i] && spans)
      spans[k++] = (nb_fe_span){.first = pos, .type = l->type[i], .name = l->name[i],
                                .donate = -1};
    else
      free(l->name[i]);
    pos += l->type[i] ? l->type[i]->nleaves : 1;
  }
  if (!spans || pos != nleaves) {
    for (int i = 0; spans && i < k; i++)
      free(spans[i].name);
    free(spans);
    *nspans = 0;
    return NULL;
  }
  *nspans = k;
  return spans;
}

void nb_fe_tree_transformed(nb_fn *g, nb_ints user) {
  nb_fn *f = g->xf.callee;
  if (!f || (f->narg_trees == 0 && f->nres_trees == 0) || g->narg_trees || g->nres_trees)
    return;
  int na, nr;
  slot *a = arg_slots(f, &na), *r = result_slots(f, &nr);
  seg_list in = {0}, out = {0};
  bool known = a && r;
  switch (known ? g->xf.kind : NB_XF_NONE) {
  case NB_XF_GRAD:
  case NB_XF_VALUE_AND_GRAD: {
    bool vag = g->xf.kind == NB_XF_VALUE_AND_GRAD;
    seg_add_all(&in, a, na, 0, "");
    if (vag)
      seg_add(&out, &r[0], "");
    if (vag && g->xf.has_aux)
      seg_add_all(&out, r, nr, 1, "");
    for (int k = 0; k < user.n; k++)
      seg_add(&out, &a[user.v[k]], "grad_");
    if (!vag && g->xf.has_aux)
      seg_add_all(&out, r, nr, 1, "");
    break;
  }
  case NB_XF_VJP:
    seg_add_all(&in, a, na, 0, "");
    seg_add_all(&in, r, nr, 0, "ct_");
    seg_add_all(&out, r, nr, 0, "");
    seg_add_all(&out, a, na, 0, "ct_");
    break;
  case NB_XF_JVP:
    seg_add_all(&in, a, na, 0, "");
    seg_add_all(&in, a, na, 0, "t_");
    seg_add_all(&out, r, nr, 0, "");
    seg_add_all(&out, r, nr, 0, "t_");
    break;
  case NB_XF_VMAP: /* the same trees, each leaf batched at its tree's axis */
    for (int k = 0; k < na; k++) {
      seg_add(&in, &a[k], "");
      if (a[k].type)
        in.type[in.n - 1] = nb_fe_ttype_batched(g, a[k].type, g->xf.in_axes[a[k].first]);
    }
    for (int k = 0; k < nr; k++) {
      seg_add(&out, &r[k], "");
      if (r[k].type)
        out.type[out.n - 1] = nb_fe_ttype_batched(g, r[k].type, g->xf.out_axes[r[k].first]);
    }
    break;
  default: /* a transform that does not know trees: its signature stays flat */
    known = false;
    break;
  }
  free(a);
  free(r);
  nb_fe_span *sa = to_spans(&in, g->nargs, &na);
  nb_fe_span *sr = to_spans(&out, g->nresults, &nr);
  if (!known || !sa || !sr) {
    for (int i = 0; sa && i < na; i++)
      free(sa[i].name);
    for (int i = 0; sr && i < nr; i++)
      free(sr[i].name);
    free(sa);
    free(sr);
    return;
  }
  g->arg_trees = sa;
  g->narg_trees = na;
  g->res_trees = sr;
  g->nres_trees = nr;
}

/* ---- export ---- */

bool nb_fe_tree_donate(nb_fn *fn, nb_ints donate, const char *file, int line) {
  if (donate.n == 0)
    return true;
  if (!fn->finished) {
    nb_fe_error(fn->m, file, line, "nb_export",
                "donate: call nb_export after nb_return (donation pairs an argument "
                "with a result)");
    return false;
  }
  int ns;
  slot *s = arg_slots(fn, &ns);
  bool ok = s && donate.n > 0 && donate.n <= NB_MAX_INTS;
  for (int i = 0; i < fn->narg_trees; i++)
    fn->arg_trees[i].donate = -1;
  for (int i = 0; ok && i < donate.n; i++) {
    int64_t a = donate.v[i];
    if (a < -ns || a >= ns) {
      nb_fe_error(fn->m, file, line, "nb_export",
                  "donate: argument %lld is out of range: '%s' takes %d argument%s",
                  (long long)a, fn->name, ns, ns == 1 ? "" : "s");
      ok = false;
      break;
    }
    a = a < 0 ? a + ns : a;
    if (!s[a].type)
      continue; /* donating an array: reserved, nothing to do yet */
    nb_fe_span *sp = &fn->arg_trees[s[a].span];
    if (sp->donate >= 0)
      continue;
    for (int j = 0; j < fn->nres_trees && sp->donate < 0; j++) {
      bool used = false;
      for (int k = 0; k < fn->narg_trees; k++)
        used |= fn->arg_trees[k].donate == j;
      if (!used && fn->res_trees[j].type == sp->type)
        sp->donate = j;
    }
    if (sp->donate < 0) {
      nb_fe_error(fn->m, file, line, "nb_export",
                  "donate: argument %lld ('%s') of '%s' is donated, but no result tree "
                  "of its structure can take its place", (long long)a, sp->name, fn->name);
      ok = false;
    }
  }
  free(s);
  return ok;
}

static MlirAttribute str(MlirContext ctx, const char *s) {
  return mlirStringAttrGet(ctx, mlirStringRefCreateFromCString(s));
}

static MlirAttribute spans_attr(nb_fn *fn, const nb_fe_span *spans, int n) {
  MlirContext ctx = fn->m->ctx;
  MlirAttribute *dicts = calloc((size_t)n + 1, sizeof *dicts);
  if (!dicts)
    return mlirAttributeGetNull();
  MlirType i64 = mlirIntegerTypeGet(ctx, 64);
  for (int i = 0; i < n; i++) {
    const nb_fe_ttype *t = spans[i].type;
    MlirAttribute *paths = calloc((size_t)t->nleaves, sizeof *paths);
    for (int k = 0; paths && k < t->nleaves; k++)
      paths[k] = str(ctx, t->paths[k]);
    MlirNamedAttribute e[4] = {
        nb_fe_named(fn, "name", str(ctx, spans[i].name)),
        nb_fe_named(fn, "first", mlirIntegerAttrGet(i64, spans[i].first)),
        nb_fe_named(fn, "leaves", mlirArrayAttrGet(ctx, paths ? t->nleaves : 0, paths)),
        nb_fe_named(fn, "donate", mlirIntegerAttrGet(i64, spans[i].donate)),
    };
    dicts[i] = mlirDictionaryAttrGet(ctx, spans[i].donate >= 0 ? 4 : 3, e);
    free(paths);
  }
  MlirAttribute r = mlirArrayAttrGet(ctx, n, dicts);
  free(dicts);
  return r;
}

/* result_names for a function built with nb_function: tree leaves are
 * "<tree>.<path>", other results "out<j>" (j counting trees as one). */
static void name_results(nb_fn *fn) {
  int ns;
  slot *s = result_slots(fn, &ns);
  char **names = calloc((size_t)fn->nresults + 1, sizeof *names);
  if (!s || !names) {
    free(s);
    free(names);
    return;
  }
  char buf[600];
  for (int j = 0; j < ns; j++)
    for (int k = 0; k < s[j].n; k++) {
      if (s[j].type)
        snprintf(buf, sizeof buf, "%s.%s", s[j].name, s[j].type->paths[k]);
      else
        snprintf(buf, sizeof buf, ns == 1 ? "out" : "out%d", j);
      names[s[j].first + k] = nb_fe_strdup(buf);
    }
  fn->result_names = names;
  free(s);
}

void nb_fe_tree_attrs(nb_fn *fn, MlirOperation op) {
  if (fn->narg_trees == 0 && fn->nres_trees == 0)
    return;
  MlirContext ctx = fn->m->ctx;
  if (fn->xf.kind == NB_XF_NONE && fn->nres_trees && !fn->result_names)
    name_results(fn);
  if (fn->result_names && op.ptr == fn->op.ptr) {
    MlirAttribute *dicts = calloc((size_t)fn->nresults + 1, sizeof *dicts);
    for (int j = 0; dicts && j < fn->nresults; j++) {
      MlirNamedAttribute a = nb_fe_named(fn, "nabla.name", str(ctx, fn->result_names[j]));
      dicts[j] = mlirDictionaryAttrGet(ctx, 1, &a);
    }
    if (dicts)
      mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("res_attrs"),
                                      mlirArrayAttrGet(ctx, fn->nresults, dicts));
    free(dicts);
  }
  if (fn->narg_trees)
    mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("nabla.arg_trees"),
                                    spans_attr(fn, fn->arg_trees, fn->narg_trees));
  if (fn->nres_trees)
    mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("nabla.result_trees"),
                                    spans_attr(fn, fn->res_trees, fn->nres_trees));
}
