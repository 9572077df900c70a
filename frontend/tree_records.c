/* tree_records.c — tree values as records of their function: lookup,
 * creation, freeing, and the public handles and inspection (nb_tree_leaf..).
 *
 * A tree value is a record of its function (type, name, leaf values); the
 * nb_tree handle is its index, like nb_value's, and NB_TREE_V's nb_value is
 * the same index with NB_FE_TREE_BIT set. These are the pieces that both
 * building trees (tree.c) and flattening them in signatures (tree_sig.c)
 * need, so they sit below both. */
#include "frontend.h"

#include <stdlib.h>
#include <string.h>

nb_fe_tree *nb_fe_tree_at(nb_tree t) {
  if (!nb_fe_fn_live(t.fn) || t.id == 0 || t.id > t.fn->ntrees)
    return NULL;
  return &t.fn->trees[t.id - 1];
}

nb_fe_tree *nb_fe_tree_get(nb_value v) {
  if (!(v.id & NB_FE_TREE_BIT))
    return NULL;
  return nb_fe_tree_at((nb_tree){v.fn, v.id & ~NB_FE_TREE_BIT});
}

nb_tree nb_fe_tree_new(nb_fn *fn, const nb_fe_ttype *type, const char *name,
                       const nb_value *leaves) {
  nb_fe_tree *trees = realloc(fn->trees, sizeof *trees * (fn->ntrees + 1));
  if (!trees)
    return (nb_tree){0};
  fn->trees = trees;
  nb_fe_tree r = {.type = type, .name = nb_fe_strdup(name)};
  r.leaves = malloc(sizeof *r.leaves * (size_t)type->nleaves);
  if (!r.name || !r.leaves) {
    free(r.name);
    free(r.leaves);
    return (nb_tree){0};
  }
  memcpy(r.leaves, leaves, sizeof *r.leaves * (size_t)type->nleaves);
  fn->trees[fn->ntrees++] = r;
  return (nb_tree){fn, fn->ntrees};
}

void nb_fe_fn_trees_free(nb_fn *fn) {
  for (uint32_t i = 0; i < fn->ntrees; i++) {
    free(fn->trees[i].name);
    free(fn->trees[i].leaves);
  }
  free(fn->trees);
  for (int i = 0; i < fn->narg_trees; i++)
    free(fn->arg_trees[i].name);
  free(fn->arg_trees);
  for (int i = 0; i < fn->nres_trees; i++)
    free(fn->res_trees[i].name);
  free(fn->res_trees);
}

/* ---- handles ---- */

nb_value nb_tree_value(nb_tree t) {
  return nb_fe_tree_at(t) ? (nb_value){t.fn, t.id | NB_FE_TREE_BIT} : (nb_value){0};
}

nb_tree nb_value_tree(nb_value v) {
  return nb_fe_tree_get(v) ? (nb_tree){v.fn, v.id & ~NB_FE_TREE_BIT} : (nb_tree){0};
}

bool nb_tree_valid(nb_tree t) { return nb_fe_tree_at(t) != NULL; }

nb_tree_type nb_tree_type_of(nb_tree t) {
  nb_fe_tree *r = nb_fe_tree_at(t);
  return r ? r->type->pub : (nb_tree_type){.n = -1};
}

const char *nb_tree_name(nb_tree t) {
  nb_fe_tree *r = nb_fe_tree_at(t);
  return r ? r->name : NULL;
}

int nb_tree_num_leaves(nb_tree t) {
  nb_fe_tree *r = nb_fe_tree_at(t);
  return r ? r->type->nleaves : 0;
}

nb_fe_tree *nb_fe_tree_operand(nb_tree t, const char *file, int line, const char *op) {
  nb_fe_tree *r = nb_fe_tree_at(t);
  if (!r)
    nb_fe_stray(nb_fe_fn_live(t.fn) ? t.fn->m : NULL, file, line, op,
                "the tree is not a tree (zero or forged nb_tree)");
  return r;
}

nb_value nb__tree_leaf(nb_tree t, int i, const char *file, int line) {
  nb_fe_tree *r = nb_fe_tree_operand(t, file, line, "nb_tree_leaf");
  if (!r)
    return (nb_value){0};
  int n = r->type->nleaves;
  if (i < 0 || i >= n) {
    nb_fe_error(t.fn->m, file, line, "nb_tree_leaf",
                "leaf %d is out of range: tree '%s' has %d lea%s", i, r->name, n,
                n == 1 ? "f" : "ves");
    return (nb_value){0};
  }
  return r->leaves[i];
}

const char *nb_tree_leaf_path(nb_tree t, int i) {
  nb_fe_tree *r = nb_fe_tree_at(t);
  return r && i >= 0 && i < r->type->nleaves ? r->type->paths[i] : NULL;
}
