/* nabla/tree.h — parameter bundles (trees, JAX's pytrees of arrays): part of the DSL, split out of nabla.h
 * (which includes it at its end); including either gives the whole DSL. */
#ifndef NABLA_TREE_H
#define NABLA_TREE_H

#include "nabla/nabla.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- parameter bundles (trees, JAX's pytrees of arrays) -------------------
 *
 * A tree is a named, nested structure of arrays, e.g. the parameters of a
 * model. Its type lists items in declaration order; an item is a leaf (name,
 * dtype, shape) or a subtree (name, tree type):
 *
 *   nb_tree_type mlp = NB_TREE(
 *       NB_SUBTREE("hidden", NB_TREE(NB_LEAF("w", NB_F32, NB_SHAPE(4, 8)),
 *                                    NB_LEAF("b", NB_F32, NB_SHAPE(8)))),
 *       NB_LEAF("scale", NB_F32, NB_SHAPE()));
 *
 * Names are C identifiers, unique among their siblings; a path names an
 * item through its subtrees with dots ("hidden.w"). The leaves' order is the
 * depth-first declaration order (hidden.w, hidden.b, scale) and is stable:
 * it is the order of a function's flattened arguments and results, of the
 * members of the generated C struct, and of nb_tree_leaf. NB_TREE and its
 * items are compound literals: pass them straight to nb_arg_tree (or keep
 * them in the same block); the module keeps its own copy.
 *
 * nb_tree is a value like nb_value: a handle owned by its function. An
 * array op given a tree, or a tree where the callee expects an array, is an
 * error. To pass a tree where values go (nb_call, nb_call1, nb_return), wrap
 * it with NB_TREE_V(t); a tree result of nb_call comes back the same way and
 * nb_value_tree turns it into an nb_tree. Argument and result positions
 * count a tree as one (argnums, donate, nb_fn_arg_tree_type).
 *
 * In the MLIR function a tree argument is one argument per leaf, named
 * "params.hidden.w" (nabla.name), and the function carries nabla.arg_trees /
 * nabla.result_trees; the generated header exposes each tree as a C struct
 * (see aot/emit_header.c).
 *
 * Transforms: nb_grad with respect to a tree argument gives a tree result
 * (gradients per leaf, named "grad_<name>"); nb_vjp, nb_jvp and
 * nb_value_and_grad keep trees in their arguments and results. A function
 * differentiated with respect to trees needs at most NB_MAX_INTS leaves in
 * its argnums.
 *
 * Errors follow the rest of the API: recorded at the caller's file:line,
 * an invalid tree (nb_tree_valid false) is returned and propagates. */

typedef struct nb_tree_type nb_tree_type;
typedef struct nb_tree_item {
  const char *name;
  nb_dtype dtype;          /* leaves */
  nb_shape shape;          /* leaves */
  const nb_tree_type *sub; /* a subtree; NULL for a leaf */
} nb_tree_item;
struct nb_tree_type {
  int n; /* items; -1 for the invalid type */
  const nb_tree_item *items;
};
#define NB_LEAF(nm, dt, shape) ((nb_tree_item){(nm), (dt), shape, NULL})
#define NB_SUBTREE(nm, tree) ((nb_tree_item){.name = (nm), .sub = &(tree)})
#define NB_TREE(...)                                                           \
  ((nb_tree_type){.n = (int)(sizeof((nb_tree_item[]){__VA_ARGS__}) /          \
                             sizeof(nb_tree_item)),                            \
                  .items = (nb_tree_item[]){__VA_ARGS__}})

/* A tree of a function being built; id 0 is the invalid tree. */
typedef struct nb_tree {
  nb_fn *fn;
  uint32_t id;
} nb_tree;

/* A tree argument named `name` of the given type. */
#define nb_arg_tree(fn, name, type)                                            \
  nb__arg_tree((fn), (name), (type), __FILE__, __LINE__)
nb_tree nb__arg_tree(nb_fn *fn, const char *name, nb_tree_type type,
                     const char *file, int line);

/* The type of argument i of f (a tree argument); n == -1 after an error.
 * The type is owned by the module. */
#define nb_fn_arg_tree_type(f, i)                                              \
  nb__fn_arg_tree_type((f), (i), __FILE__, __LINE__)
nb_tree_type nb__fn_arg_tree_type(nb_fn *f, int i, const char *file, int line);

/* A tree as a value (for nb_call, nb_call1, nb_return), and back. */
#define NB_TREE_V(t) nb_tree_value(t)
nb_value nb_tree_value(nb_tree t);
nb_tree nb_value_tree(nb_value v); /* invalid (silently) if v is no tree */

/* The leaf at a dotted path, or the subtree at a path. */
#define nb_tree_get(t, path) nb__tree_get((t), (path), __FILE__, __LINE__)
nb_value nb__tree_get(nb_tree t, const char *path, const char *file, int line);
#define nb_tree_sub(t, path) nb__tree_sub((t), (path), __FILE__, __LINE__)
nb_tree nb__tree_sub(nb_tree t, const char *path, const char *file, int line);

/* A tree of the given type from its leaves, in order (weak scalars take the
 * leaf's dtype; otherwise dtypes and shapes must match). name: as for
 * nb_arg_tree (it names the result in the generated header). */
#define nb_tree_of(name, type, ...)                                            \
  nb__tree_of((name), (type), (nb_value[]){__VA_ARGS__},                       \
              (int)(sizeof((nb_value[]){__VA_ARGS__}) / sizeof(nb_value)),     \
              __FILE__, __LINE__)
nb_tree nb__tree_of(const char *name, nb_tree_type type, const nb_value *leaves,
                    int n, const char *file, int line);

/* Inspecting. */
bool nb_tree_valid(nb_tree t);
nb_tree_type nb_tree_type_of(nb_tree t); /* owned by the module */
const char *nb_tree_name(nb_tree t);
int nb_tree_num_leaves(nb_tree t); /* 0 for the invalid tree */
/* Leaf i (0 <= i < nb_tree_num_leaves); an index out of range is an error. */
#define nb_tree_leaf(t, i) nb__tree_leaf((t), (i), __FILE__, __LINE__)
nb_value nb__tree_leaf(nb_tree t, int i, const char *file, int line);
/* "hidden.w"; NULL for an invalid tree or an index out of range. */
const char *nb_tree_leaf_path(nb_tree t, int i);

/* jax.tree_util.tree_map: a tree of the same structure whose leaves are
 * cb(leaves of t1, t2, ... at the same path). The callback is
 *   nb_value cb(nb_value a, void *user)                 for one tree,
 *   nb_value cb(nb_value a, nb_value b, void *user)     for two,
 *   nb_value cb(const nb_value *leaves, int n, void *user) for any number,
 * chosen by its type. Trees must have the same structure (names, nesting,
 * dtypes, shapes); the first difference is reported. The result's leaves
 * take the callback's dtypes and shapes; the result is named after t1. A
 * NULL callback is an error, and so is an invalid value the callback
 * returns, unless it is the echo of an error recorded before (its own
 * mistake, reported where the callback made it). */
typedef nb_value (*nb_tree_map1_fn)(nb_value a, void *user);
typedef nb_value (*nb_tree_map2_fn)(nb_value a, nb_value b, void *user);
typedef nb_value (*nb_tree_mapn_fn)(const nb_value *leaves, int n, void *user);
typedef struct nb_tree_cb {
  int arity; /* 1, 2, or 0 for mapn */
  nb_tree_map1_fn f1;
  nb_tree_map2_fn f2;
  nb_tree_mapn_fn fn;
} nb_tree_cb;
/* _Generic picks the callback's kind; the unselected branches still compile,
 * hence the casts (through void (*)(void), which -Wcast-function-type
 * accepts). */
#define NB__CB(type, cb) ((type)(void (*)(void))(cb))
#define nb_tree_map(cb, user, ...)                                             \
  nb__tree_map(                                                                \
      _Generic((cb),                                                           \
          nb_tree_map1_fn: (nb_tree_cb){.arity = 1, .f1 = NB__CB(nb_tree_map1_fn, cb)}, \
          nb_tree_map2_fn: (nb_tree_cb){.arity = 2, .f2 = NB__CB(nb_tree_map2_fn, cb)}, \
          nb_tree_mapn_fn: (nb_tree_cb){.arity = 0, .fn = NB__CB(nb_tree_mapn_fn, cb)}), \
      (user), (nb_tree[]){__VA_ARGS__},                                        \
      (int)(sizeof((nb_tree[]){__VA_ARGS__}) / sizeof(nb_tree)), __FILE__,     \
      __LINE__)
nb_tree nb__tree_map(nb_tree_cb cb, void *user, const nb_tree *trees, int n,
                     const char *file, int line);

/* Calls f and gives its first result, which must be a tree. */
#define nb_call_tree(f, ...)                                                   \
  nb__call_tree((f), (nb_value[]){__VA_ARGS__},                                \
                (int)(sizeof((nb_value[]){__VA_ARGS__}) / sizeof(nb_value)),   \
                __FILE__, __LINE__)
nb_tree nb__call_tree(nb_fn *f, const nb_value *args, int nargs,
                      const char *file, int line);

/* Ends fn with the tree t, then any further results (values or
 * NB_TREE_V(tree)). */
#define nb_return_tree(fn, t, ...) nb_return((fn), NB_TREE_V(t), ##__VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
