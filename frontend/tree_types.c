/* tree_types.c — tree types: validation, interning, comparison.
 *
 * The user describes a tree type with compound literals (NB_TREE, NB_LEAF,
 * NB_SUBTREE) that die with the enclosing block, so the module keeps a deep
 * copy of each type it is given, interned: structurally equal types get the
 * same copy, which makes "same structure" a pointer comparison everywhere
 * else (calls, tree_map, the transforms' signatures). Subtrees are interned
 * on their own, so a subtree's type is a type like any other (nb_tree_sub).
 * Each interned type also keeps its leaves flattened in depth-first
 * declaration order, the one order every other part uses. */
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Deeper nesting is almost certainly a cycle built by hand. */
#define MAX_DEPTH 32

static bool same_items(const nb_tree_type *a, const nb_tree_type *b) {
  if (a->n != b->n)
    return false;
  for (int i = 0; i < a->n; i++) {
    const nb_tree_item *x = &a->items[i], *y = &b->items[i];
    if (strcmp(x->name, y->name) != 0 || x->sub != y->sub)
      return false;
    if (!x->sub && (x->dtype != y->dtype || !nb_fe_shape_eq(x->shape, y->shape)))
      return false;
  }
  return true;
}

static void ttype_free(nb_fe_ttype *t) {
  for (int i = 0; i < t->pub.n; i++)
    free((char *)t->pub.items[i].name);
  free((nb_tree_item *)t->pub.items);
  for (int i = 0; i < t->nleaves; i++)
    free(t->paths[i]);
  free(t->paths);
  free(t->dts);
  free(t->shapes);
  free(t);
}

void nb_fe_ttypes_free(nb_module *m) {
  for (nb_fe_ttype *t = m->ttypes, *next; t; t = next) {
    next = t->next;
    ttype_free(t);
  }
  m->ttypes = NULL;
}

const nb_fe_ttype *nb_fe_ttype_of(nb_module *m, const nb_tree_type *t) {
  for (nb_fe_ttype *x = m ? m->ttypes : NULL; x; x = x->next)
    if (&x->pub == t)
      return x;
  return NULL;
}

static bool add_leaf(nb_fe_ttype *t, const char *path, nb_dtype dt, nb_shape s) {
  int n = t->nleaves;
  char **paths = realloc(t->paths, sizeof *paths * (size_t)(n + 1));
  if (paths)
    t->paths = paths;
  nb_dtype *dts = realloc(t->dts, sizeof *dts * (size_t)(n + 1));
  if (dts)
    t->dts = dts;
  nb_shape *shapes = realloc(t->shapes, sizeof *shapes * (size_t)(n + 1));
  if (shapes)
    t->shapes = shapes;
  char *p = nb_fe_strdup(path);
  if (!paths || !dts || !shapes || !p) {
    free(p);
    return false;
  }
  t->paths[n] = p;
  t->dts[n] = dt;
  t->shapes[n] = s;
  t->nleaves = n + 1;
  return true;
}

/* Checks t's own items (subtrees were interned already, into subs). */
static bool check_items(nb_module *m, const nb_tree_type *t, const char *file, int line,
                        const char *op) {
  if (t->n > 0 && !t->items) {
    nb_fe_error(m, file, line, op, "the tree type has %d items but its item list is NULL", t->n);
    return false;
  }
  if (t->n == 0) {
    nb_fe_error(m, file, line, op, "a tree needs at least one item (an empty C struct "
                                   "is not valid C)");
    return false;
  }
  for (int i = 0; i < t->n; i++) {
    const nb_tree_item *it = &t->items[i];
    const char *bad = nb_fe_bad_c_name(it->name);
    if (bad) {
      nb_fe_error(m, file, line, op, "tree item name '%s' %s (it becomes a struct member)",
                  it->name ? it->name : "(null)", bad);
      return false;
    }
    for (int j = 0; j < i; j++)
      if (strcmp(t->items[j].name, it->name) == 0) {
        nb_fe_error(m, file, line, op, "tree item '%s' appears twice", it->name);
        return false;
      }
    if (it->sub)
      continue;
    if (!nb_fe_dtype_valid(it->dtype)) {
      nb_fe_error(m, file, line, op, "tree leaf '%s' has an invalid dtype", it->name);
      return false;
    }
    char what[300];
    snprintf(what, sizeof what, "of tree leaf '%s'", it->name);
    if (!nb_fe_check_shape(m, it->shape, what, file, line, op))
      return false;
  }
  return true;
}

static const nb_fe_ttype *intern(nb_module *m, const nb_tree_type *t, int depth,
                                 const char *file, int line, const char *op) {
  const nb_fe_ttype *known = nb_fe_ttype_of(m, t);
  if (known)
    return known;
  if (t->n < 0) { /* the invalid type: nb_fn_arg_tree_type's after its error */
    nb_fe_stray(m, file, line, op, "the tree type is not valid (n = %d)", t->n);
    return NULL;
  }
  if (depth > MAX_DEPTH) {
    nb_fe_error(m, file, line, op, "trees nest more than %d levels deep", MAX_DEPTH);
    return NULL;
  }
  if (!check_items(m, t, file, line, op))
    return NULL;
  nb_fe_ttype *x = calloc(1, sizeof *x);
  nb_tree_item *items = calloc((size_t)t->n, sizeof *items);
  if (!x || !items) {
    free(x);
    free(items);
    return NULL;
  }
  x->pub = (nb_tree_type){.n = t->n, .items = items};
  bool ok = true;
  for (int i = 0; ok && i < t->n; i++) {
    items[i] = t->items[i];
    items[i].name = nb_fe_strdup(t->items[i].name);
    if (t->items[i].sub) {
      const nb_fe_ttype *sub = intern(m, t->items[i].sub, depth + 1, file, line, op);
      ok = sub != NULL;
      items[i].sub = sub ? &sub->pub : NULL;
      items[i].dtype = NB_INVALID_DTYPE;
      items[i].shape = (nb_shape){0};
      char path[512];
      for (int k = 0; ok && k < (sub ? sub->nleaves : 0); k++) {
        snprintf(path, sizeof path, "%s.%s", items[i].name, sub->paths[k]);
        ok = add_leaf(x, path, sub->dts[k], sub->shapes[k]);
      }
    } else {
      ok = items[i].name && add_leaf(x, items[i].name, items[i].dtype, items[i].shape);
    }
  }
  if (!ok) {
    x->pub.n = 0; /* names not all copied: free what is there */
    for (int i = 0; i < t->n; i++)
      free((char *)items[i].name);
    ttype_free(x);
    return NULL;
  }
  for (nb_fe_ttype *y = m->ttypes; y; y = y->next)
    if (same_items(&y->pub, &x->pub)) {
      ttype_free(x);
      return y;
    }
  x->next = m->ttypes;
  m->ttypes = x;
  return x;
}

const nb_fe_ttype *nb_fe_ttype_intern(nb_module *m, const nb_tree_type *t,
                                      const char *file, int line, const char *op) {
  return m ? intern(m, t, 0, file, line, op) : NULL;
}

bool nb_fe_ttype_diff(const nb_fe_ttype *a, const nb_fe_ttype *b, char *buf, size_t n) {
  char x[128], y[128];
  if (a == b)
    return false;
  for (int i = 0; i < a->nleaves && i < b->nleaves; i++) {
    if (strcmp(a->paths[i], b->paths[i]) != 0) {
      snprintf(buf, n, "leaf %d is '%s' in one and '%s' in the other", i, a->paths[i],
               b->paths[i]);
      return true;
    }
    if (a->dts[i] != b->dts[i] || !nb_fe_shape_eq(a->shapes[i], b->shapes[i])) {
      snprintf(buf, n, "at '%s': %s vs %s", a->paths[i],
               nb_fe_fmt_type(x, sizeof x, a->dts[i], a->shapes[i]),
               nb_fe_fmt_type(y, sizeof y, b->dts[i], b->shapes[i]));
      return true;
    }
  }
  if (a->nleaves != b->nleaves) {
    bool more = a->nleaves > b->nleaves;
    const nb_fe_ttype *big = more ? a : b;
    snprintf(buf, n, "leaf '%s' is only in the %s (%d leaves vs %d)",
             big->paths[more ? b->nleaves : a->nleaves], more ? "first" : "second",
             a->nleaves, b->nleaves);
    return true;
  }
  /* Same leaves, different nesting: e.g. {a: {b}} vs {a.b} cannot happen
   * (names are identifiers), so only the subtree grouping can differ. */
  snprintf(buf, n, "the nesting of subtrees differs");
  return true;
}
