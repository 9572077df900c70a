/* index.h — NumPy/JAX indexing and immutable updates (x[...], x.at[...]),
 * as jax.numpy defines them (jax/_src/numpy/indexing.py; included from
 * nabla.h).
 *
 * Arrays are immutable: an op never changes its operands, and there is no
 * x[i] = v. As in JAX ("JAX arrays are immutable"; the Sharp Bits
 * tutorial), an update is a function that returns a new array:
 *     y = nb_at_set(x, NB_IX(NB_I(0), NB_ALL), v);     y = x.at[0, :].set(v)
 *     y = nb_at_add(x, NB_IX(NB_V(idx)), 1.0);        y = x.at[idx].add(1.0)
 * and reading is
 *     r = nb_idx(x, NB_I(0), NB_ALL, NB_S(1, NB_END, 2), NB_NEWAXIS,
 *                NB_ELLIPSIS, NB_V(i));               x[0, :, 1::2, None, ..., i]
 *
 * Index entries (nb_index; NB_IX(...) bundles up to NB_MAX_INDICES):
 *   NB_I(i)            a constant integer; negative counts from the end. One
 *                      outside [-n, n) is an error at the caller's line (as
 *                      NumPy, and JAX with jax_check_static_indices; JAX's
 *                      default clamps it in a read and drops it in an update).
 *   NB_S(start, stop)  a slice start:stop, and NB_S(start, stop, step)
 *                      start:stop:step; NB_END stands for an omitted bound
 *                      (Python's None: with a negative step an omitted start
 *                      is the last element), so NB_S(1, NB_END, 2) is 1::2 and
 *                      NB_S(NB_END, NB_END, -1) is ::-1. Bounds are clipped
 *                      to the axis as Python's slice.indices; a zero step is
 *                      an error.
 *   NB_ALL             ':'        NB_NEWAXIS  None     NB_ELLIPSIS  '...'
 *   NB_V(v)            a traced integer index: a scalar (a dynamic index,
 *                      negative wraps once) or an integer array (NumPy
 *                      advanced indexing: all index arrays broadcast
 *                      together; their dims replace the indexed axes in
 *                      place when the arrays are adjacent, and go first when
 *                      a slice, NB_NEWAXIS or NB_ELLIPSIS separates them).
 *                      Bool indices are refused (JAX needs a concrete mask
 *                      for them: use nb_where), float ones too.
 * Fewer entries than axes index the leading axes; at most one NB_ELLIPSIS.
 *
 * Out of bounds (traced indices; the rule of jnp): after negative indices
 * wrap once, a read clamps each index into range (NB_INDEX_CLIP; a dynamic
 * slice moves its window back inside the array, as lax.dynamic_slice), an
 * update drops an out-of-bounds one (NB_INDEX_FILL_OR_DROP). The _mode
 * variants take the mode: nb_at_get_mode(.., NB_INDEX_FILL_OR_DROP) gives
 * NaN (floats), the minimum (signed ints), the maximum (unsigned), true
 * (bool) for an out-of-bounds read, as jnp's fill_value default. The
 * gradient of a clamped read goes to the element read (as jnp's
 * mode="clip"; jnp's default mode, promise_in_bounds, reads the same but
 * drops that gradient).
 *
 * Updates broadcast v to the indexed shape (NumPy broadcasting) and cast it
 * to x's dtype, as jnp (v's dtype is promoted with x's first). With index
 * arrays an index may repeat: add and mul accumulate every update, min and
 * max combine them all, set keeps one of them (which one is unspecified, as
 * in JAX).
 *
 * Each form lowers to the cheapest op, as JAX: constant ints and slices to
 * nabla.slice (and a reshape); traced scalar indices (with constant ints
 * and slices of step 1 or -1) to a dynamic_slice; index arrays, and traced
 * scalars with steps other than +-1, to a gather. A negative step reads
 * its elements upwards and reverses that axis with nabla.rev (jnp's
 * rev_axes). An update with constant ints and slices of step +-1 is one
 * dynamic_update_slice of the indexed box (v reversed along the step -1
 * axes); with other constant steps, a padded copy of v and one select over
 * x; with traced indices, a scatter (jnp uses a scatter for every update;
 * constant indices are in bounds, so the box gives the same result).
 *
 * Cost: a read costs the size of its result. A dynamic_update_slice or
 * scatter costs the size of the update when x is dead after it (no later
 * op reads x, and x is not an argument of the exported function: those are
 * const in its C header): the compiler then writes into x's buffer in
 * place, as XLA does with a donated buffer; otherwise x is copied first
 * (one pass over x). Chains x1 = at_set(x0..), x2 = at_add(x1..) therefore
 * update one buffer (test/lit/frontend/index-lowering.c,
 * test/lit/aot/inputs-read-only.mlir). A constant update with a step other
 * than +-1 costs passes the size of x (v and a mask padded to x's shape,
 * one select).
 *
 * Under nb_vmap a traced scalar index that differs per example (a batched
 * dynamic_slice / dynamic_update_slice) becomes a gather / scatter, as
 * JAX's batching rules do.
 */
#ifndef NABLA_INDEX_H
#define NABLA_INDEX_H

#include "nabla/nabla.h"
#include "nabla/lax.h" /* nb_index_mode */

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nb_index_kind {
  NB_IX_INT = 1, /* zero is no index (a zeroed nb_index is an error) */
  NB_IX_SLICE,
  NB_IX_NEWAXIS,
  NB_IX_ELLIPSIS,
  NB_IX_VALUE,
  NB_IX_BAD_SLICE, /* NB_S with other than 2 or 3 bounds */
} nb_index_kind;

/* An omitted slice bound (Python's None). */
#define NB_END INT64_MIN

typedef struct nb_index {
  nb_index_kind kind;
  int64_t i;                 /* NB_IX_INT */
  int64_t start, stop, step; /* NB_IX_SLICE; NB_END where omitted */
  nb_value v;                /* NB_IX_VALUE */
} nb_index;

#define NB_MAX_INDICES 16
typedef struct nb_indices {
  int n;
  nb_index v[NB_MAX_INDICES];
} nb_indices;

#define NB_I(x) ((nb_index){.kind = NB_IX_INT, .i = (int64_t)(x)})
#define NB_V(x) ((nb_index){.kind = NB_IX_VALUE, .v = (x)})
#define NB_ALL ((nb_index){.kind = NB_IX_SLICE, .start = NB_END, .stop = NB_END, .step = 1})
#define NB_NEWAXIS ((nb_index){.kind = NB_IX_NEWAXIS})
#define NB_ELLIPSIS ((nb_index){.kind = NB_IX_ELLIPSIS})
#define NB_S(...)                                                              \
  nb_slice_index((int64_t[]){__VA_ARGS__},                                     \
                 (int)(sizeof((int64_t[]){__VA_ARGS__}) / sizeof(int64_t)))
/* NB_S's function: bounds[0..n) as (start, stop[, step]). */
nb_index nb_slice_index(const int64_t *bounds, int n);

/* An index expression: NB_IX() is x[()], the whole array. */
#define NB_IX(...)                                                             \
  ((nb_indices){.n = (int)(sizeof((nb_index[]){{0}, ##__VA_ARGS__}) /          \
                           sizeof(nb_index)) - 1,                              \
                .v = {__VA_ARGS__}})


/* x[...] */
#define nb_idx(x, ...) nb__idx((x), NB_IX(__VA_ARGS__), __FILE__, __LINE__)
nb_value nb__idx(nb_value x, nb_indices ix, const char *file, int line);
/* x.at[ix].get(), and with mode=.. */
#define nb_at_get(x, ix) nb__at_get((x), (ix), NB_INDEX_CLIP, __FILE__, __LINE__)
#define nb_at_get_mode(x, ix, mode) nb__at_get((x), (ix), (mode), __FILE__, __LINE__)
nb_value nb__at_get(nb_value x, nb_indices ix, nb_index_mode mode, const char *file, int line);

typedef enum nb_at_op { NB_AT_SET, NB_AT_ADD, NB_AT_MUL, NB_AT_MIN, NB_AT_MAX } nb_at_op;
/* x.at[ix].set(v) / add / multiply / min / max: a new array. */
#define nb_at_set(x, ix, v) nb__at_update(NB_AT_SET, (x), (ix), (v), NB_INDEX_FILL_OR_DROP, __FILE__, __LINE__)
#define nb_at_add(x, ix, v) nb__at_update(NB_AT_ADD, (x), (ix), (v), NB_INDEX_FILL_OR_DROP, __FILE__, __LINE__)
#define nb_at_mul(x, ix, v) nb__at_update(NB_AT_MUL, (x), (ix), (v), NB_INDEX_FILL_OR_DROP, __FILE__, __LINE__)
#define nb_at_min(x, ix, v) nb__at_update(NB_AT_MIN, (x), (ix), (v), NB_INDEX_FILL_OR_DROP, __FILE__, __LINE__)
#define nb_at_max(x, ix, v) nb__at_update(NB_AT_MAX, (x), (ix), (v), NB_INDEX_FILL_OR_DROP, __FILE__, __LINE__)
/* The same with mode=..: NB_INDEX_CLIP clamps out-of-bounds indices. */
#define nb_at_update_mode(op, x, ix, v, mode)                                  \
  nb__at_update((op), (x), (ix), (v), (mode), __FILE__, __LINE__)
nb_value nb__at_update(nb_at_op op, nb_value x, nb_indices ix, nb_value v, nb_index_mode mode,
                       const char *file, int line);

/* jnp.take(a, indices, axis, mode): a's slices along axis picked by an
 * integer array of any shape; the result is a.shape[:axis] + indices.shape
 * + a.shape[axis+1:]. One gather. mode NB_INDEX_FILL_OR_DROP is jnp's
 * default ("fill"): negative indices wrap once, an index still outside
 * [0, n) reads the fill value (NaN for floats, the minimum for signed ints,
 * the maximum for unsigned, true for bool); NB_INDEX_CLIP clamps the index
 * as it is (no wrap: -1 reads element 0, as jnp's mode="clip"). For jnp's
 * axis=None, reshape a to one axis first. */
#define nb_take(a, indices, axis, mode)                                        \
  nb__take((a), (indices), (axis), (mode), __FILE__, __LINE__)
nb_value nb__take(nb_value a, nb_value indices, int axis, nb_index_mode mode, const char *file,
                  int line);
/* jnp.take_along_axis(arr, indices, axis, mode): indices has arr's rank;
 * result[..., i, ...] = arr[..., indices[..., i, ...], ...] along axis,
 * the other dims broadcast between indices and arr (a 1 in either
 * stretches). The result shape is broadcast(indices.shape, arr.shape with
 * axis set to 1): argsort/argmax(keepdims) results pick their values. One
 * gather (the shared dims as its batching dims). Negative indices wrap in
 * both modes; then NB_INDEX_FILL_OR_DROP (jnp's default) reads the fill
 * value out of bounds, NB_INDEX_CLIP clamps. For jnp's axis=None, reshape
 * arr and indices to one axis first. */
#define nb_take_along_axis(arr, indices, axis, mode)                           \
  nb__take_along_axis((arr), (indices), (axis), (mode), __FILE__, __LINE__)
nb_value nb__take_along_axis(nb_value arr, nb_value indices, int axis, nb_index_mode mode,
                             const char *file, int line);

#ifdef __cplusplus
}
#endif

#endif
