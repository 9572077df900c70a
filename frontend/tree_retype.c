/* tree_retype.c — tree types made from other tree types: the same items
 * with new leaf dtypes and shapes (nb_tree_map's result), or with a batch
 * dim in every leaf (a vmapped function's trees).
 *
 * The new type is built as a public nb_tree_type in scratch memory and
 * interned like a user's (tree_types.c), so it is equal to any other type
 * of that structure and the scratch copy can go at once. */
#include "frontend.h"

#include <stdlib.h>

/* A copy of t's items with leaf k's dtype and shape from dts[k] and
 * shapes[k] (k counting leaves depth-first, as *k); freed by free_retyped. */
static nb_tree_type *retype(const nb_tree_type *t, const nb_dtype *dts,
                            const nb_shape *shapes, int *k) {
  nb_tree_type *r = calloc(1, sizeof *r);
  nb_tree_item *items = calloc((size_t)t->n, sizeof *items);
  if (!r || !items) {
    free(r);
    free(items);
    return NULL;
  }
  *r = (nb_tree_type){.n = t->n, .items = items};
  for (int i = 0; i < t->n; i++) {
    items[i] = t->items[i];
    if (t->items[i].sub) {
      items[i].sub = retype(t->items[i].sub, dts, shapes, k);
    } else {
      items[i].dtype = dts[*k];
      items[i].shape = shapes[*k];
      ++*k;
    }
  }
  return r;
}

static void free_retyped(nb_tree_type *t) {
  for (int i = 0; t && i < t->n; i++)
    if (t->items[i].sub)
      free_retyped((nb_tree_type *)t->items[i].sub);
  if (t)
    free((nb_tree_item *)t->items);
  free(t);
}

const nb_fe_ttype *nb_fe_ttype_retyped(nb_module *m, const nb_fe_ttype *t,
                                       const nb_dtype *dts, const nb_shape *shapes,
                                       const char *file, int line, const char *op) {
  int k = 0;
  nb_tree_type *rt = retype(&t->pub, dts, shapes, &k);
  const nb_fe_ttype *r = rt ? nb_fe_ttype_intern(m, rt, file, line, op) : NULL;
  free_retyped(rt);
  return r;
}

const nb_fe_ttype *nb_fe_ttype_batched(nb_fn *g, const nb_fe_ttype *t, int64_t axis) {
  if (axis < 0)
    return t;
  int nl = t->nleaves;
  nb_shape *shapes = calloc((size_t)nl, sizeof *shapes);
  for (int i = 0; shapes && i < nl; i++) {
    nb_shape s = t->shapes[i], b = {.rank = s.rank + 1};
    if (b.rank > NB_MAX_RANK || axis > s.rank) {
      free(shapes);
      return NULL; /* vmap's own checks have said why */
    }
    for (int d = 0, j = 0; d < b.rank; d++)
      b.dims[d] = d == axis ? g->xf.axis_size : s.dims[j++];
    shapes[i] = b;
  }
  const nb_fe_ttype *r =
      shapes ? nb_fe_ttype_retyped(g->m, t, t->dts, shapes, g->file, g->line, "nb_vmap")
             : NULL;
  free(shapes);
  return r;
}
