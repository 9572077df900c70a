/* frontend.h — internals of the C DSL (nabla.h): the map of its files and
 * one section per file that shares internals. The public headers are
 * include/nabla/nabla.h, which includes tree.h (parameter bundles) and
 * random.h (jax.random); dtype.h is the repository's include/nabla/.
 *
 * A module owns one MLIR context and one builtin.module. A function being
 * built owns a detached block (its body); nb_return wraps the block in a
 * func.func and appends it to the module. Values are indices into the
 * function's value table. Weak scalars (nb_scalar) are literals with no MLIR
 * value: each use materializes a constant directly in the dtype and shape the
 * use needs, so `x_i8 + 2` emits an i8 constant and no convert.
 *
 * The files, each calling only files listed above it (no call cycles):
 *   errors.c          the module's error list; shape and dtype spelling
 *   c_names.c         which names may appear in the generated C header
 *   promote.c         JAX's type promotion, NumPy broadcasting (pure)
 *   checks.c          trusting the user's handles and shapes: live
 *                     functions, stray invalid handles, shape limits
 *   build.c           the value table and op emission under every op
 *   constants.c       weak scalars, dense constants, fills, iota
 *   ops_shape.c, ops_elementwise.c, ops_reduce.c, ops_linalg.c: the array ops
 *   ops_join.c        flip, concatenate, stack (stack reshapes: ops_shape.c)
 *   tree_types.c      tree types: validation, interning, comparison
 *   tree_retype.c     tree types made from others (tree_map, vmap)
 *   tree_records.c    tree values as records of a function; nb_tree handles
 *   fn_core.c         a function record: create, type, arguments, free
 *   module.c          nb_module: context, functions, printing, nb_compile
 *   random_bits.c, random.c, random_shuffle.c (random.h): jax.random
 *   numpy_reduce.c    keepdims reductions, var, std (numpy.h); the axes
 *                     check the other helpers share
 *   numpy_create.c, numpy_linalg.c, numpy_shape.c: jnp.eye/linspace/
 *                     arange, outer/inner/tensordot/einsum, tile/repeat/split
 *   nn.c, nn_activations.c, losses.c (nn.h): jax.nn's logsumexp, softmax,
 *                     one_hot and activations; optax's losses
 *   tree.c            building trees: nb_arg_tree, paths, tree_of, tree_map
 *   tree_sig.c        trees in signatures: flattening, spans, attributes
 *   vmap_core.c       what a vmap is: batched types, same options, unsized
 *   xf_declare.c      the tagged declaration of a transformed function
 *   export.c          nb_export, and the public wrapper of a transform
 *   function.c        nb_function, nb_arg, nb_return
 *   transforms.c      nb_grad, nb_value_and_grad, nb_vjp, nb_jvp,
 *                     nb_stop_gradient: checks, then xf_declare.c
 *   vmap.c            nb_vmap: checks, sizing at a call, then xf_declare.c
 *   call.c            nb_call, nb_call1, nb_call_tree
 *   index_*.c         x[...] and x.at[...] (nabla/index.h), on top of the
 *                     ops: their internals are in index_plan.h
 * Sections below follow that order; a file without internals to share
 * has none.
 */
#ifndef NABLA_FRONTEND_H
#define NABLA_FRONTEND_H

#include <stdbool.h>
#include <stdint.h>

#include <mlir-c/IR.h>

#include "dialect.h"
#include "nabla/nabla.h"

/* One value of a function. */
typedef struct nb_val {
  MlirValue v; /* null for a literal not yet materialized */
  nb_dtype dt;
  nb_shape shape;
  bool weak;
  bool literal; /* weak rank-0 scalar: materialized per use */
  double fval;  /* literal value (float literals) */
  int64_t ival; /* literal value (int literals) */
  MlirLocation loc;
} nb_val;

/* What a transformed function is (xf_declare.c); kind NB_XF_NONE for a
 * function built with nb_function. */
typedef enum nb_xf_kind {
  NB_XF_NONE = 0,
  NB_XF_GRAD,
  NB_XF_VALUE_AND_GRAD,
  NB_XF_VJP,
  NB_XF_JVP,
  NB_XF_VMAP,
} nb_xf_kind;

typedef struct nb_xf {
  nb_xf_kind kind;
  nb_fn *callee;
  nb_ints argnums; /* normalized (grad, value_and_grad) */
  bool has_aux;
  /* vmap: per argument/result axis or -1; axis_size 0 for a vmap whose
   * size comes from each call (vmap.c), which has no declaration itself. */
  int n_in_axes, n_out_axes;
  int64_t in_axes[64], out_axes[64], axis_size;
} nb_xf;

/* ---- trees (tree_types.c .. tree_sig.c) ---- */

/* A tree type interned in its module: the public description (a copy the
 * module owns; subtrees point to interned types too) and its leaves
 * flattened in order. Interned types are equal iff their pointers are. */
typedef struct nb_fe_ttype {
  nb_tree_type pub; /* first: an interned nb_tree_type * is an nb_fe_ttype * */
  int nleaves;
  char **paths; /* "hidden.w" */
  nb_dtype *dts;
  nb_shape *shapes;
  struct nb_fe_ttype *next;
} nb_fe_ttype;

/* A tree value of a function. */
typedef struct nb_fe_tree {
  const nb_fe_ttype *type;
  char *name;
  nb_value *leaves;
} nb_fe_tree;

/* A tree argument or result of a function: its leaves are the flattened
 * positions first .. first + type->nleaves - 1. donate: for an argument
 * tree, the result tree it is donated to, or -1. */
typedef struct nb_fe_span {
  int first;
  const nb_fe_ttype *type;
  char *name;
  int donate;
} nb_fe_span;

/* Tree values are nb_values with this bit in the id (NB_TREE_V). */
#define NB_FE_TREE_BIT 0x80000000u

/* The first word of every live function record (checks.c). */
#define NB_FE_FN_MAGIC 0x6e62666eu /* "nbfn" */

struct nb_fn {
  uint32_t magic; /* NB_FE_FN_MAGIC while the record lives */
  nb_module *m;
  char *name;
  const char *file;
  int line;
  MlirBlock body;    /* detached until nb_return */
  MlirOperation op;  /* the func.func, null until nb_return */
  nb_val *vals;      /* vals[id - 1] */
  uint32_t nvals, cap;
  char **arg_names;
  int nargs;
  int nresults;
  MlirType *result_types;
  bool finished, failed, exported;
  char *c_name;
  /* Transformed functions: op is the tagged declaration, body is unused;
   * result_names name the results in the generated header; export_op is
   * the public wrapper nb_export adds (a declaration cannot be public). */
  nb_xf xf;
  char **result_names;
  MlirOperation export_op;
  /* Trees (tree.c): tree values, and the tree arguments and results. */
  nb_fe_tree *trees;
  uint32_t ntrees;
  nb_fe_span *arg_trees, *res_trees;
  int narg_trees, nres_trees;
};

struct nb_module {
  char *name;
  MlirContext ctx;
  MlirModule mod;
  nb_fn **fns;
  int nfns;
  char **errors;
  int nerrors;
  char *printed;
  nb_fe_ttype *ttypes; /* interned tree types */
};

/* ---- errors.c ---- */

/* Records "file:line: op: message". */
void nb_fe_error(nb_module *m, const char *file, int line, const char *op,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void nb_fe_errors_free(nb_module *m);
/* strdup (not in C11); NULL on out of memory. */
char *nb_fe_strdup(const char *s);
/* "float32(3,4)" / "(3,4)" into buf. */
const char *nb_fe_fmt_shape(char *buf, size_t n, nb_shape s);
const char *nb_fe_fmt_type(char *buf, size_t n, nb_dtype dt, nb_shape s);

/* ---- c_names.c ---- */

/* Why s cannot name anything in the generated C header: "is not a C
 * identifier" or "is a C keyword" (C11's, and bool/true/false), for the
 * caller's "<what> '%s' %s"; NULL when it can. */
const char *nb_fe_bad_c_name(const char *s);

/* ---- promote.c: pure rules, unit-tested directly ---- */

typedef struct nb_ptype {
  nb_dtype dt; /* NB_INVALID_DTYPE when the inputs cannot mix */
  bool weak;
} nb_ptype;

/* JAX's join of two (dtype, weak) on the x64 lattice; a weak join
 * (int or float) gives int32/float32 weak, as a result of only weak values. */
nb_ptype nb_fe_promote(nb_dtype a, bool a_weak, nb_dtype b, bool b_weak);
/* to_inexact_dtype: bool, 8/16/32-bit ints -> float32; 64-bit -> float64. */
nb_dtype nb_fe_inexact(nb_dtype dt);
/* Dtype that jnp.sum accumulates (and returns) in: small ints widen. */
nb_dtype nb_fe_sum_dtype(nb_dtype dt);
/* NumPy broadcasting; false if incompatible. */
bool nb_fe_broadcast_shapes(nb_shape a, nb_shape b, nb_shape *out);
bool nb_fe_shape_eq(nb_shape a, nb_shape b);
int64_t nb_fe_shape_size(nb_shape s);
bool nb_fe_dtype_valid(nb_dtype dt);

/* ---- checks.c: the user's handles and shapes ---- */

/* fn is a live function record: not NULL, not a pointer at anything else
 * (as far as its first word tells). */
bool nb_fe_fn_live(const nb_fn *fn);
/* The module of the first of vs[0..n) with a live function, or NULL. */
nb_module *nb_fe_module_of(const nb_value *vs, int n);
/* Records an error for an invalid handle met at file:line (a zero or forged
 * value or tree, a NULL function) unless m has recorded one already: the
 * library's own invalid handles all follow a recorded error, so before the
 * first one an invalid handle is a mistake of its own. */
void nb_fe_stray(nb_module *m, const char *file, int line, const char *op, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));
/* Rank in [0, NB_MAX_RANK], no negative dimension, and the product of the
 * non-zero dimensions fits in int64. */
bool nb_fe_shape_ok(nb_shape s);
/* nb_fe_shape_ok, or false after an error for op naming the shape and
 * `what` ("of argument 'x'"; "" for none). */
bool nb_fe_check_shape(nb_module *m, nb_shape s, const char *what, const char *file,
                       int line, const char *op);

/* ---- build.c: values and op emission ---- */

/* The value behind a handle, or NULL (invalid handle, no message). */
nb_val *nb_fe_get(nb_value v);
/* Checks operands for an op: all arrays (else error), all valid (else NULL,
 * after nb_fe_stray's error for a stray one), from one function (else
 * error) that is not finished (else error). */
nb_fn *nb_fe_operands_fn(const nb_value *vs, int n, const char *file, int line,
                      const char *op);
nb_value nb_fe_add_val(nb_fn *fn, nb_val val);
MlirLocation nb_fe_loc(nb_fn *fn, const char *file, int line);
/* The MLIR value of v in dtype dt and shape s: materializes literals,
 * inserts nabla.convert / nabla.broadcast_in_dim as needed. A null value
 * after an error recorded at file:line for op. */
MlirValue nb_fe_use(nb_value v, nb_dtype dt, nb_shape s, const char *file,
                 int line, const char *op);
/* Appends an op with one result of (dt, s) and returns its value. */
nb_value nb_fe_emit_op(nb_fn *fn, const char *name, const MlirValue *operands,
                 int n, nb_dtype dt, nb_shape s, bool weak,
                 const MlirNamedAttribute *attrs, int nattrs, MlirLocation loc);
MlirNamedAttribute nb_fe_named(nb_fn *fn, const char *name, MlirAttribute a);
MlirAttribute nb_fe_i64_array(nb_fn *fn, const int64_t *v, int n);
MlirType nb_fe_type(nb_fn *fn, nb_dtype dt, nb_shape s);
/* A splat constant (value x) of dtype dt, shape s. */
MlirValue nb_fe_splat(nb_fn *fn, nb_dtype dt, nb_shape s, double fx, int64_t ix,
                   bool is_int, MlirLocation loc);
/* Normalizes axes against rank (negative count from the end); false on an
 * out-of-range or repeated axis, after recording an error. */
bool nb_fe_norm_axes(nb_fn *fn, nb_ints *axes, int rank, const char *file,
                  int line, const char *op, nb_shape s);

/* ---- ops_join.c ---- */

/* nb_concatenate, its errors reported as op (jnp.hstack and the like). */
nb_value nb_fe_concatenate(const nb_value *values, int n, int axis, const char *file, int line,
                           const char *op);

/* ---- numpy_reduce.c: what the numpy.h / nn.h helpers share ---- */

/* Checks x for op and normalizes axes against its rank (NB_AXES() = all;
 * negative from the end); *kept is x's shape with each of them 1. False
 * after an error for op. */
bool nb_fe_np_axes(nb_value x, nb_ints *axes, nb_shape *kept, const char *file, int line,
                   const char *op);

/* ---- tree_types.c ---- */

/* The interned copy of t (validated: C identifiers, unique siblings, valid
 * dtypes and shapes, at least one leaf), or NULL after an error for op. */
const nb_fe_ttype *nb_fe_ttype_intern(nb_module *m, const nb_tree_type *t,
                                      const char *file, int line, const char *op);
/* The interned type behind a public type the module handed out, or NULL. */
const nb_fe_ttype *nb_fe_ttype_of(nb_module *m, const nb_tree_type *t);
/* The first difference between a and b as "at 'hidden.w': float32(4,8) vs
 * float32(8,4)" into buf; false if they are the same. */
bool nb_fe_ttype_diff(const nb_fe_ttype *a, const nb_fe_ttype *b, char *buf,
                      size_t n);
void nb_fe_ttypes_free(nb_module *m);

/* ---- tree_retype.c: tree types made from others ---- */

/* t's structure with leaf i of dtype dts[i] and shape shapes[i], interned;
 * NULL after an error for op. */
const nb_fe_ttype *nb_fe_ttype_retyped(nb_module *m, const nb_fe_ttype *t,
                                       const nb_dtype *dts, const nb_shape *shapes,
                                       const char *file, int line, const char *op);
/* t with every leaf batched by g's vmap (g->xf.axis_size at axis; t itself
 * for axis < 0), interned; NULL if a leaf cannot take the axis. */
const nb_fe_ttype *nb_fe_ttype_batched(nb_fn *g, const nb_fe_ttype *t, int64_t axis);

/* ---- tree_records.c: tree values as records of their function ---- */

/* The tree behind a handle, or NULL. */
nb_fe_tree *nb_fe_tree_at(nb_tree t);
/* The same for a tree given to op: NULL after nb_fe_stray's error for a
 * stray (zero or forged) one. */
nb_fe_tree *nb_fe_tree_operand(nb_tree t, const char *file, int line, const char *op);
/* The tree behind a tree value (NB_TREE_V), or NULL. */
nb_fe_tree *nb_fe_tree_get(nb_value v);
/* Adds a tree of fn from its leaves (copied); the invalid tree on OOM. */
nb_tree nb_fe_tree_new(nb_fn *fn, const nb_fe_ttype *type, const char *name,
                       const nb_value *leaves);
/* Frees fn's trees and its argument and result tree spans. */
void nb_fe_fn_trees_free(nb_fn *fn);

/* ---- fn_core.c: a function record, whoever makes it ---- */

/* Appends a new function record to m (NULL on out of memory). */
nb_fn *nb_fe_fn_new(nb_module *m, const char *name, const char *file, int line);
void nb_fe_fn_free(nb_fn *fn);
/* The function_type of a finished, not failed function. */
MlirType nb_fe_fn_type(nb_fn *fn);
/* Adds a flattened argument (no name checks: tree leaves are "t.w"). */
nb_value nb_fe_push_arg(nb_fn *fn, const char *name, nb_dtype dt, nb_shape s,
                        MlirLocation loc);
/* Whether an argument or an argument tree of fn is called `name`. */
bool nb_fe_arg_name_taken(nb_fn *fn, const char *name);
/* Whether a function of m (transformed ones included) is called `name`. */
bool nb_fe_fn_name_taken(nb_module *m, const char *name);

/* ---- tree_sig.c: trees in signatures ---- */

/* Flattens nb_call arguments (trees into leaves) after checking them
 * against callee's arguments, tree by tree. *out is malloc'ed. False after
 * an error (or silently for invalid values). loose: a tree need only have
 * the leaf paths of callee's (the batched trees of a vmap being sized). */
bool nb_fe_call_flatten(nb_fn *callee, const nb_value *args, int nargs, bool loose,
                        nb_value **out, int *nout, const char *file, int line);
/* Groups callee's flattened results res into user-level results (a tree
 * value per tree result) in out[0..nout); returns their number. */
int nb_fe_call_group(nb_fn *callee, const nb_value *res, nb_value *out, int nout);
/* Flattens nb_return results and records fn's result trees (named after
 * the trees, "<name>_out" if an argument has that name). */
bool nb_fe_return_flatten(nb_fn *fn, const nb_value *results, int n,
                          nb_value **out, int *nout, const char *file, int line);
/* Grad argnums of a function with tree arguments: normalizes the user's
 * (tree = one position) into *user and expands *argnums into leaves. No-op
 * for a function without tree arguments. */
bool nb_fe_tree_argnums(nb_fn *f, nb_ints *argnums, nb_ints *user, const char *file,
                        int line, const char *op);
/* For per-argument options of transforms (vmap's in_axes): f's number of
 * arguments counting a tree as one, and per_arg (n entries, one per such
 * argument) repeated for each leaf into per_leaf (f->nargs entries, at most
 * max); false if n is not that number. */
int nb_fe_tree_num_args(nb_fn *f);
bool nb_fe_tree_expand_per_arg(nb_fn *f, const int64_t *per_arg, int n, int64_t *per_leaf,
                               int max);
/* The same for results (vmap's out_axes). */
int nb_fe_tree_num_results(nb_fn *f);
bool nb_fe_tree_expand_per_result(nb_fn *f, const int64_t *per_result, int n,
                                  int64_t *per_leaf, int max);
/* The user-level position (a tree counting as one) of f's flattened
 * argument `leaf`. */
int nb_fe_tree_arg_slot(nb_fn *f, int leaf);
/* The trees of g = transform of g->xf.callee (argnums: nb_fe_tree_argnums's
 * user positions; a vmap's trees get its batch dim in their leaves). */
void nb_fe_tree_transformed(nb_fn *g, nb_ints user);
/* nb_export's donate list; false after an error. */
bool nb_fe_tree_donate(nb_fn *fn, nb_ints donate, const char *file, int line);
/* Sets res_attrs names and nabla.arg_trees / nabla.result_trees on op (fn's
 * func.func or its export wrapper). No-op without trees. */
void nb_fe_tree_attrs(nb_fn *fn, MlirOperation op);

/* ---- vmap_core.c: what a vmap is, for files that meet one ---- */

/* t with a dim of `size` inserted at axis (t itself for axis < 0). */
MlirType nb_fe_vmap_type(MlirType t, int64_t axis, int64_t size);
/* Same vmap options (the other kinds always compare equal). */
bool nb_fe_vmap_same(const nb_xf *a, const nb_xf *b);
/* True (after an error for op) if f is a vmap still without a batch size. */
bool nb_fe_vmap_unsized(nb_fn *f, const char *file, int line, const char *op);

/* ---- xf_declare.c: the tagged declaration of a transformed function ---- */

/* A declaration's signature: types, and the names the header gives them
 * (arguments and results of a transform of a function of up to 64 each). */
typedef struct nb_fe_sig {
  int nin, nout;
  MlirType in[2 * 64], out[2 * 64];
  char *in_names[2 * 64], *out_names[2 * 64];
} nb_fe_sig;

/* The public op of a transform, for messages: "nb_grad", "nb_vmap".. */
const char *nb_fe_xf_op(nb_xf_kind kind);
/* A func.func `name` with signature s (nabla.name arg/res attrs), with an
 * empty region; private_ adds sym_visibility = "private". Not inserted. */
MlirOperation nb_fe_sig_func(nb_fn *f, const char *name, const nb_fe_sig *s, bool private_,
                             MlirLocation loc);
/* The tagged declaration of xf (checked by the caller), or the existing one
 * for the same options; NULL after an error. */
nb_fn *nb_fe_declare(nb_fn *f, nb_xf xf, const char *file, int line);

/* ---- export.c: nb_export ---- */

/* Sets fn's func.func visibility, nabla.export / nabla.c_name and tree
 * attributes from the record (nb_return calls it, nb_export again). */
void nb_fe_export_attrs(nb_fn *fn);

/* ---- vmap.c ---- */

/* nb_vmap on flattened arguments/results (n_in == f->nargs, n_out ==
 * f->nresults; tree leaves each have an entry). */
nb_fn *nb_fe_vmap(nb_fn *f, const int64_t *in_axes, int n_in, const int64_t *out_axes,
                  int n_out, int64_t axis_size, const char *file, int line);
/* For nb_call of a vmap whose size comes from its calls: the declaration
 * for these arguments' batch size, or NULL after an error at file:line.
 * Any other callee is returned as it is. */
nb_fn *nb_fe_vmap_at_call(nb_fn *callee, const nb_value *args, int nargs,
                          const char *file, int line);

#endif
