/* tree.c — building tree values: tree arguments, nb_tree_get/sub,
 * nb_tree_of and nb_tree_map.
 *
 * No MLIR exists for a tree as such: a tree is only its leaves, so building
 * one emits nothing but the leaves' values, and records it (tree_records.c);
 * NB_TREE_V hands the record to nb_call/nb_return, which flatten it
 * (tree_sig.c). The leaves of every tree are in its type's order. */
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tree arguments ---- */

nb_tree nb__arg_tree(nb_fn *fn, const char *name, nb_tree_type type, const char *file,
                     int line) {
  if (!nb_fe_fn_live(fn))
    return (nb_tree){0};
  nb_module *m = fn->m;
  if (fn->finished) {
    nb_fe_error(m, file, line, "nb_arg_tree",
                "function '%s' is already finished (nb_return was called)", fn->name);
    return (nb_tree){0};
  }
  const char *bad = nb_fe_bad_c_name(name);
  if (bad) {
    nb_fe_error(m, file, line, "nb_arg_tree", "argument name '%s' %s",
                name ? name : "(null)", bad);
    return (nb_tree){0};
  }
  if (nb_fe_arg_name_taken(fn, name)) {
    nb_fe_error(m, file, line, "nb_arg_tree", "argument '%s' already declared in '%s'",
                name, fn->name);
    return (nb_tree){0};
  }
  const nb_fe_ttype *t = nb_fe_ttype_intern(m, &type, file, line, "nb_arg_tree");
  if (!t)
    return (nb_tree){0};
  nb_fe_span *spans = realloc(fn->arg_trees, sizeof *spans * (size_t)(fn->narg_trees + 1));
  nb_value *leaves = calloc((size_t)t->nleaves, sizeof *leaves);
  char *span_name = nb_fe_strdup(name);
  if (spans)
    fn->arg_trees = spans;
  if (!spans || !leaves || !span_name) {
    free(leaves);
    free(span_name);
    return (nb_tree){0};
  }
  fn->arg_trees[fn->narg_trees++] =
      (nb_fe_span){.first = fn->nargs, .type = t, .name = span_name, .donate = -1};
  MlirLocation loc = nb_fe_loc(fn, file, line);
  char leaf_name[600];
  for (int i = 0; i < t->nleaves; i++) {
    snprintf(leaf_name, sizeof leaf_name, "%s.%s", name, t->paths[i]);
    leaves[i] = nb_fe_push_arg(fn, leaf_name, t->dts[i], t->shapes[i], loc);
  }
  nb_tree r = nb_fe_tree_new(fn, t, name, leaves);
  free(leaves);
  return r;
}

/* ---- paths ---- */

/* Lists t's top-level names into buf, for "no such item" messages. */
static const char *item_names(const nb_tree_type *t, char *buf, size_t n) {
  size_t k = 0;
  buf[0] = 0;
  for (int i = 0; i < t->n && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", t->items[i].name);
  return buf;
}

/* Finds the item at `path` in tree r: its first leaf index and, for a
 * subtree, its interned type (*sub). False (with an error) if there is
 * none. */
static bool find_path(nb_fn *fn, const nb_fe_tree *r, const char *path, int *first,
                      const nb_fe_ttype **sub, const char *file, int line, const char *op) {
  const nb_tree_type *t = &r->type->pub;
  int offset = 0;
  const char *p = path;
  char names[256];
  if (!path) {
    nb_fe_error(fn->m, file, line, op, "the path into tree '%s' is NULL", r->name);
    return false;
  }
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t len = dot ? (size_t)(dot - p) : strlen(p);
    int i = 0;
    for (; i < t->n; i++) {
      const nb_tree_item *it = &t->items[i];
      if (strlen(it->name) == len && strncmp(it->name, p, len) == 0)
        break;
      offset += it->sub ? nb_fe_ttype_of(fn->m, it->sub)->nleaves : 1;
    }
    if (i == t->n) {
      nb_fe_error(fn->m, file, line, op, "tree '%s' has no item '%.*s' (path '%s'; "
                  "items there: %s)", r->name, (int)len, p, path,
                  item_names(t, names, sizeof names));
      return false;
    }
    const nb_tree_item *it = &t->items[i];
    if (!dot) {
      *first = offset;
      *sub = it->sub ? nb_fe_ttype_of(fn->m, it->sub) : NULL;
      return true;
    }
    if (!it->sub) {
      nb_fe_error(fn->m, file, line, op, "tree '%s': '%.*s' is a leaf, so path '%s' "
                  "goes nowhere", r->name, (int)len, p, path);
      return false;
    }
    t = it->sub;
    p = dot + 1;
  }
}

nb_value nb__tree_get(nb_tree t, const char *path, const char *file, int line) {
  nb_fe_tree *r = nb_fe_tree_operand(t, file, line, "nb_tree_get");
  int first;
  const nb_fe_ttype *sub;
  if (!r || !find_path(t.fn, r, path, &first, &sub, file, line, "nb_tree_get"))
    return (nb_value){0};
  if (sub) {
    nb_fe_error(t.fn->m, file, line, "nb_tree_get",
                "'%s' in tree '%s' is a subtree, not a leaf: use nb_tree_sub", path, r->name);
    return (nb_value){0};
  }
  return r->leaves[first];
}

nb_tree nb__tree_sub(nb_tree t, const char *path, const char *file, int line) {
  nb_fe_tree *r = nb_fe_tree_operand(t, file, line, "nb_tree_sub");
  int first;
  const nb_fe_ttype *sub;
  if (!r || !find_path(t.fn, r, path, &first, &sub, file, line, "nb_tree_sub"))
    return (nb_tree){0};
  if (!sub) {
    nb_fe_error(t.fn->m, file, line, "nb_tree_sub",
                "'%s' in tree '%s' is a leaf, not a subtree: use nb_tree_get", path, r->name);
    return (nb_tree){0};
  }
  const char *last = strrchr(path, '.');
  /* r's leaf array is its own allocation: it stays put when the new record
   * moves the table r is in. */
  return nb_fe_tree_new(t.fn, sub, last ? last + 1 : path, r->leaves + first);
}

/* ---- building trees from values ---- */

/* v as a leaf of (dt, s): itself when it matches, a materialized constant
 * for a weak scalar; invalid after an error naming `what`. */
static nb_value as_leaf(nb_fn *fn, nb_value v, nb_dtype dt, nb_shape s, const char *what,
                        const char *file, int line, const char *op) {
  nb_val x = *nb_fe_get(v);
  char b1[128], b2[128];
  if (x.dt == dt && nb_fe_shape_eq(x.shape, s) && !x.literal)
    return v;
  bool scalar_ok = x.weak && x.shape.rank == 0 && nb_fe_promote(dt, false, x.dt, true).dt == dt;
  bool ok = (x.weak && nb_fe_shape_eq(x.shape, s) &&
             nb_fe_promote(dt, false, x.dt, true).dt == dt) || scalar_ok;
  if (!ok) {
    nb_fe_error(fn->m, file, line, op, "%s expects %s, got %s", what,
                nb_fe_fmt_type(b1, sizeof b1, dt, s),
                nb_fe_fmt_type(b2, sizeof b2, x.dt, x.shape));
    return (nb_value){0};
  }
  MlirValue mv = nb_fe_use(v, dt, s, file, line, op);
  if (!mv.ptr)
    return (nb_value){0};
  return nb_fe_add_val(fn, (nb_val){.v = mv, .dt = dt, .shape = s,
                                    .loc = nb_fe_loc(fn, file, line)});
}

nb_tree nb__tree_of(const char *name, nb_tree_type type, const nb_value *leaves, int n,
                    const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(leaves, n, file, line, "nb_tree_of");
  if (!fn)
    return (nb_tree){0};
  const char *bad = nb_fe_bad_c_name(name);
  if (bad) {
    nb_fe_error(fn->m, file, line, "nb_tree_of", "tree name '%s' %s",
                name ? name : "(null)", bad);
    return (nb_tree){0};
  }
  const nb_fe_ttype *t = nb_fe_ttype_intern(fn->m, &type, file, line, "nb_tree_of");
  if (!t)
    return (nb_tree){0};
  if (n != t->nleaves) {
    nb_fe_error(fn->m, file, line, "nb_tree_of", "the type has %d leaves, got %d values",
                t->nleaves, n);
    return (nb_tree){0};
  }
  nb_value *vs = calloc((size_t)n, sizeof *vs);
  bool ok = vs != NULL;
  char what[600];
  for (int i = 0; ok && i < n; i++) {
    snprintf(what, sizeof what, "leaf '%s'", t->paths[i]);
    vs[i] = as_leaf(fn, leaves[i], t->dts[i], t->shapes[i], what, file, line, "nb_tree_of");
    ok = vs[i].id != 0;
  }
  nb_tree r = ok ? nb_fe_tree_new(fn, t, name, vs) : (nb_tree){0};
  free(vs);
  return r;
}

/* ---- tree_map ---- */

static bool cb_given(nb_tree_cb cb) {
  return cb.arity == 1 ? cb.f1 != NULL : cb.arity == 2 ? cb.f2 != NULL : cb.fn != NULL;
}

static nb_value call_cb(nb_tree_cb cb, void *user, const nb_value *leaves, int n) {
  switch (cb.arity) {
  case 1:
    return cb.f1(leaves[0], user);
  case 2:
    return cb.f2(leaves[0], leaves[1], user);
  default:
    return cb.fn(leaves, n, user);
  }
}

/* The callback's value for leaf i, checked to be an array of fn. */
static nb_value map_leaf(nb_fn *fn, nb_tree_cb cb, void *user, const nb_value *args, int n,
                         const char *path, const char *file, int line) {
  nb_value v = call_cb(cb, user, args, n);
  if (nb_fe_tree_get(v)) {
    nb_fe_error(fn->m, file, line, "nb_tree_map",
                "the callback returned a tree for leaf '%s'; it must return an array", path);
    return (nb_value){0};
  }
  nb_val *x = nb_fe_get(v);
  if (!x) { /* the echo of the callback's mistake, or a stray value */
    nb_fe_stray(fn->m, file, line, "nb_tree_map",
                "the callback's result for leaf '%s' is not a value (zero or forged nb_value)",
                path);
    return (nb_value){0};
  }
  if (v.fn != fn) {
    nb_fe_error(fn->m, file, line, "nb_tree_map",
                "the callback returned a value of function '%s' for leaf '%s' of a "
                "tree of '%s'", v.fn->name, path, fn->name);
    return (nb_value){0};
  }
  if (!x->literal)
    return v;
  nb_val c = *x; /* a C scalar: give the leaf a real value of its type */
  MlirValue mv = nb_fe_use(v, c.dt, c.shape, file, line, "nb_tree_map");
  if (!mv.ptr)
    return (nb_value){0};
  return nb_fe_add_val(fn, (nb_val){.v = mv, .dt = c.dt, .shape = c.shape, .loc = c.loc});
}

nb_tree nb__tree_map(nb_tree_cb cb, void *user, const nb_tree *trees, int n,
                     const char *file, int line) {
  if (!trees || n < 1)
    return (nb_tree){0};
  for (int k = 0; k < n; k++)
    if (!nb_fe_tree_operand(trees[k], file, line, "nb_tree_map"))
      return (nb_tree){0};
  nb_fn *fn = trees[0].fn;
  const nb_fe_tree *t0 = nb_fe_tree_at(trees[0]);
  if (!cb_given(cb)) {
    nb_fe_error(fn->m, file, line, "nb_tree_map", "the callback is NULL");
    return (nb_tree){0};
  }
  if (cb.arity && cb.arity != n) {
    nb_fe_error(fn->m, file, line, "nb_tree_map",
                "the callback takes the leaves of %d tree%s, but %d tree%s given",
                cb.arity, cb.arity == 1 ? "" : "s", n, n == 1 ? " was" : "s were");
    return (nb_tree){0};
  }
  if (fn->finished) {
    nb_fe_error(fn->m, file, line, "nb_tree_map",
                "function '%s' is already finished (nb_return was called)", fn->name);
    return (nb_tree){0};
  }
  char diff[512];
  for (int k = 1; k < n; k++) {
    const nb_fe_tree *tk = nb_fe_tree_at(trees[k]);
    if (trees[k].fn != fn) {
      nb_fe_error(fn->m, file, line, "nb_tree_map",
                  "tree %d ('%s') is of function '%s', tree 1 ('%s') of '%s'", k + 1,
                  tk->name, trees[k].fn->name, t0->name, fn->name);
      return (nb_tree){0};
    }
    if (nb_fe_ttype_diff(t0->type, tk->type, diff, sizeof diff)) {
      nb_fe_error(fn->m, file, line, "nb_tree_map",
                  "tree %d ('%s') does not have the structure of tree 1 ('%s'): %s", k + 1,
                  tk->name, t0->name, diff);
      return (nb_tree){0};
    }
  }
  const nb_fe_ttype *type = t0->type;
  char *name = nb_fe_strdup(t0->name);
  int nl = type->nleaves;
  nb_value *args = calloc((size_t)n, sizeof *args), *res = calloc((size_t)nl, sizeof *res);
  nb_dtype *dts = calloc((size_t)nl, sizeof *dts);
  nb_shape *shapes = calloc((size_t)nl, sizeof *shapes);
  bool ok = name && args && res && dts && shapes;
  for (int i = 0; ok && i < nl; i++) {
    /* Re-read the records: the callback may add trees (moving the table). */
    for (int k = 0; k < n; k++)
      args[k] = nb_fe_tree_at(trees[k])->leaves[i];
    res[i] = map_leaf(fn, cb, user, args, n, type->paths[i], file, line);
    ok = res[i].id != 0;
    if (ok) {
      dts[i] = nb_value_dtype(res[i]);
      shapes[i] = nb_value_shape(res[i]);
    }
  }
  nb_tree r = {0};
  if (ok) {
    const nb_fe_ttype *it =
        nb_fe_ttype_retyped(fn->m, type, dts, shapes, file, line, "nb_tree_map");
    if (it)
      r = nb_fe_tree_new(fn, it, name, res);
  }
  free(name);
  free(args);
  free(res);
  free(dts);
  free(shapes);
  return r;
}
