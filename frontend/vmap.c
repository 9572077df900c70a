/* vmap.c — nb_vmap: f over a batch of examples (jax.vmap).
 *
 * Like the autodiff transforms (transforms.c), nb_vmap batches nothing
 * here: it checks the options at the user's line and declares a private
 * func.func tagged nabla.vmap = {callee, in_axes, out_axes, axis_size}, which
 * nabla-expand-transforms gives a body (lowering/transforms/transforms_vmap.c).
 *
 * A declaration needs its batch size, and JAX infers it from the arguments
 * of each call. So nb_vmap with axis_size 0 gives an "unsized" nb_fn: a
 * record with the options and no declaration, which nb_call resolves
 * (nb_fe_vmap_at_call): it reads each batched argument's size at its
 * in_axis, reports disagreeing sizes at the call's line, and calls the
 * declaration for that size (one per size, deduplicated like every
 * transform). Export and further transforms need a declaration, so they
 * refuse an unsized vmap with a message that says to give axis_size.
 *
 * Trees: in_axes/out_axes count a tree as one argument (result), and its
 * axis applies to every leaf; the tagged declaration and nabla.vmap see
 * leaves only (per-leaf axes), and the vmapped nb_fn keeps the trees, with
 * the batch dim in their leaves' types (nb_fe_tree_transformed).
 *
 * What other files need to know of a vmap without making one (its batched
 * types, when two are the same, whether it has a size) is in vmap_core.c. */
#include "frontend.h"

#include <stdio.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

/* Each axis is NB_NONE or an axis of the batched value (0..rank). */
static bool check_axes(nb_fn *f, const char *what, const int64_t *axes, int n, int want,
                       const MlirType *types, const char *const *names, const char *file,
                       int line) {
  if (n != want) {
    nb_fe_error(f->m, file, line, "nb_vmap", "%s has %d entr%s, but '%s' has %d %s%s", what,
                n, n == 1 ? "y" : "ies", f->name, want,
                types == f->result_types ? "result" : "argument", want == 1 ? "" : "s");
    return false;
  }
  for (int i = 0; i < n; i++) {
    int64_t rank = mlirShapedTypeGetRank(types[i]);
    if (axes[i] < -1 || axes[i] > rank) {
      nb_fe_error(f->m, file, line, "nb_vmap",
                  "%s[%d] = %lld is out of range for %s '%s' of rank %lld: the batch axis "
                  "is in [0, %lld], or NB_NONE", what, i, (long long)axes[i],
                  types == f->result_types ? "result" : "argument", names[i],
                  (long long)rank, (long long)rank);
      return false;
    }
  }
  return true;
}

/* Each batched argument and result, of types[i] with a dim of `size` at
 * axes[i], has a shape the library can hold (rank, element count). */
static bool check_batched(nb_fn *f, const char *what, const int64_t *axes, int n,
                          const MlirType *types, const char *const *names, int64_t size,
                          const char *file, int line) {
  char buf[300];
  for (int i = 0; i < n; i++) {
    if (axes[i] < 0)
      continue;
    int rank = (int)mlirShapedTypeGetRank(types[i]);
    nb_shape s = {.rank = rank + 1};
    for (int d = 0, k = 0; d < s.rank && d < NB_MAX_RANK; d++)
      s.dims[d] = d == axes[i] ? size : mlirShapedTypeGetDimSize(types[i], k++);
    snprintf(buf, sizeof buf, "of %s '%s' batched by %lld", what, names[i], (long long)size);
    if (!nb_fe_check_shape(f->m, s, buf, file, line, "nb_vmap"))
      return false;
  }
  return true;
}

/* An unsized vmap with these options: the one made before, or a new record. */
static nb_fn *unsized(nb_fn *f, const nb_xf *xf, const char *file, int line) {
  for (int i = 0; i < f->m->nfns; i++) {
    nb_fn *g = f->m->fns[i];
    if (g->xf.kind == NB_XF_VMAP && g->xf.callee == f && !g->op.ptr && nb_fe_vmap_same(&g->xf, xf))
      return g;
  }
  char name[512];
  snprintf(name, sizeof name, "vmap(%s)", f->name); /* not an identifier: no clash */
  nb_fn *g = nb_fe_fn_new(f->m, name, file, line);
  if (!g)
    return NULL;
  g->body = mlirBlockCreate(0, NULL, NULL); /* owned and freed as an unreturned body */
  g->finished = true;
  g->xf = *xf;
  return g;
}

nb_fn *nb_fe_vmap(nb_fn *f, const int64_t *in_axes, int n_in, const int64_t *out_axes,
                  int n_out, int64_t axis_size, const char *file, int line) {
  if (!nb_fe_fn_live(f))
    return NULL;
  if (!f->finished) {
    nb_fe_error(f->m, file, line, "nb_vmap",
                "function '%s' has no nb_return yet; a function is transformed once it is "
                "finished", f->name);
    return NULL;
  }
  if (f->failed || nb_fe_vmap_unsized(f, file, line, "nb_vmap"))
    return NULL;
  if (f->nargs > 64 || f->nresults > 64) {
    nb_fe_error(f->m, file, line, "nb_vmap", "'%s' has too many arguments or results to "
                "vmap (at most 64 each)", f->name);
    return NULL;
  }
  MlirType ft = nb_fe_fn_type(f), ins[64];
  char *rnames[64];
  char buf[64][16];
  for (int i = 0; i < f->nargs; i++)
    ins[i] = mlirFunctionTypeGetInput(ft, i);
  for (int j = 0; j < f->nresults; j++) {
    snprintf(buf[j], sizeof buf[j], f->nresults == 1 ? "out" : "out%d", j); /* as the header */
    rnames[j] = f->result_names ? f->result_names[j] : buf[j];
  }
  if (!check_axes(f, "in_axes", in_axes, n_in, f->nargs, ins, (const char *const *)f->arg_names,
                  file, line) ||
      !check_axes(f, "out_axes", out_axes, n_out, f->nresults, f->result_types,
                  (const char *const *)rnames, file, line))
    return NULL;
  if (axis_size < 0) {
    nb_fe_error(f->m, file, line, "nb_vmap", "axis_size %lld is negative", (long long)axis_size);
    return NULL;
  }
  if (axis_size > 0 &&
      (!check_batched(f, "argument", in_axes, n_in, ins, (const char *const *)f->arg_names,
                      axis_size, file, line) ||
       !check_batched(f, "result", out_axes, n_out, f->result_types,
                      (const char *const *)rnames, axis_size, file, line)))
    return NULL;
  nb_xf xf = {.kind = NB_XF_VMAP, .callee = f, .n_in_axes = n_in, .n_out_axes = n_out,
              .axis_size = axis_size};
  bool any = false;
  for (int i = 0; i < n_in; i++)
    any |= (xf.in_axes[i] = in_axes[i]) >= 0;
  for (int j = 0; j < n_out; j++)
    xf.out_axes[j] = out_axes[j];
  if (axis_size == 0 && !any) {
    nb_fe_error(f->m, file, line, "nb_vmap", "no argument of '%s' is batched (every in_axes "
                "entry is NB_NONE), so the batch size must be given as .axis_size", f->name);
    return NULL;
  }
  if (!axis_size)
    return unsized(f, &xf, file, line);
  nb_fn *g = nb_fe_declare(f, xf, file, line);
  if (g)
    nb_fe_tree_transformed(g, (nb_ints){0});
  return g;
}

/* NB_AXES() means all 0, as JAX's default in_axes = 0 / out_axes = 0. */
static int axes_or_zeros(nb_ints a, int n, int64_t *out) {
  if (a.n == 0) {
    for (int i = 0; i < n && i < 64; i++)
      out[i] = 0;
    return n;
  }
  for (int i = 0; i < a.n && i < NB_MAX_INTS; i++)
    out[i] = a.v[i];
  return a.n;
}

/* Axes given per argument (or result), a tree counting as one, repeated
 * for each of its leaves: a tree is batched along one axis, or not at all. */
static bool per_leaf(nb_fn *f, bool results, const int64_t *axes, int n, int64_t *out,
                     int *nout, const char *file, int line) {
  int slots = results ? nb_fe_tree_num_results(f) : nb_fe_tree_num_args(f);
  int leaves = results ? f->nresults : f->nargs;
  if (n != slots) {
    nb_fe_error(f->m, file, line, "nb_vmap", "%s has %d entr%s, but '%s' has %d %s%s (a "
                "tree counts as one)", results ? "out_axes" : "in_axes", n,
                n == 1 ? "y" : "ies", f->name, slots, results ? "result" : "argument",
                slots == 1 ? "" : "s");
    return false;
  }
  *nout = leaves;
  return results ? nb_fe_tree_expand_per_result(f, axes, n, out, 64)
                 : nb_fe_tree_expand_per_arg(f, axes, n, out, 64);
}

nb_fn *nb__vmap(nb_fn *f, nb_vmap_options o, const char *file, int line) {
  if (!nb_fe_fn_live(f))
    return NULL;
  int64_t in[64], out[64], leaf_in[64], leaf_out[64];
  int n_in = axes_or_zeros(o.in_axes, f->nargs, in);
  int n_out = axes_or_zeros(o.out_axes, f->nresults, out);
  if (f->finished && !f->failed && f->nargs <= 64 && f->nresults <= 64) {
    if (o.in_axes.n && f->narg_trees) {
      if (!per_leaf(f, false, in, n_in, leaf_in, &n_in, file, line))
        return NULL;
      memcpy(in, leaf_in, sizeof in);
    }
    if (o.out_axes.n && f->nres_trees) {
      if (!per_leaf(f, true, out, n_out, leaf_out, &n_out, file, line))
        return NULL;
      memcpy(out, leaf_out, sizeof out);
    }
  }
  return nb_fe_vmap(f, in, n_in, out, n_out, o.axis_size, file, line);
}

nb_fn *nb_fe_vmap_at_call(nb_fn *callee, const nb_value *args, int nargs, const char *file,
                          int line) {
  if (!callee || callee->xf.kind != NB_XF_VMAP || callee->op.ptr || nargs < 1)
    return callee;
  const nb_xf *xf = &callee->xf;
  nb_fn *f = xf->callee;
  if (nargs != f->nargs) {
    nb_fe_error(f->m, file, line, "nb_call", "function '%s' takes %d argument%s, got %d",
                callee->name, f->nargs, f->nargs == 1 ? "" : "s", nargs);
    return NULL;
  }
  int64_t size = 0;
  int first = -1;
  char b1[128];
  for (int i = 0; i < nargs; i++) {
    nb_val *v = nb_fe_get(args[i]);
    int64_t ax = xf->in_axes[i];
    if (!v)
      return NULL; /* an invalid value: its error is already recorded */
    if (ax < 0)
      continue;
    /* Positions as the user counts them (a tree as one); names per leaf. */
    if (ax >= v->shape.rank) {
      nb_fe_error(f->m, file, line, "nb_call",
                  "argument %d ('%s') of '%s' is batched along axis %lld, but it has shape %s",
                  nb_fe_tree_arg_slot(f, i), f->arg_names[i], callee->name, (long long)ax,
                  nb_fe_fmt_shape(b1, sizeof b1, v->shape));
      return NULL;
    }
    int64_t n = v->shape.dims[ax];
    if (first >= 0 && n != size) {
      nb_fe_error(f->m, file, line, "nb_call",
                  "inconsistent batch sizes in '%s': argument %d ('%s') has size %lld at "
                  "in_axes %lld, argument %d ('%s') has size %lld at in_axes %lld",
                  callee->name, nb_fe_tree_arg_slot(f, first), f->arg_names[first],
                  (long long)size, (long long)xf->in_axes[first], nb_fe_tree_arg_slot(f, i),
                  f->arg_names[i], (long long)n, (long long)ax);
      return NULL;
    }
    if (first < 0)
      first = i, size = n;
  }
  return nb_fe_vmap(f, xf->in_axes, xf->n_in_axes, xf->out_axes, xf->n_out_axes, size, file,
                    line);
}
