/* nabla/numpy.h — jax.numpy helpers built in the DSL from nabla's ops:
 * part of the DSL, split out of nabla.h (which includes it at its end).
 *
 * Each helper is what the jnp function of the same name computes, op for op
 * where that fixes the rounding (var, linspace), with JAX's dtype rules
 * (promotion, weak scalars, to_inexact for var/std of integers) and axes
 * counted from the end when negative. A bad argument (an axis out of range,
 * a dtype of the wrong class, counts that do not divide) records one error
 * naming the caller's file:line and the helper, as every op does (nabla.h),
 * and gives an invalid value. Arguments that jnp needs to be static (axes,
 * counts, shapes, linspace/arange bounds) are C values here.
 *
 * jnp functions that are dialect ops are in nabla.h, not here: for
 * jnp.concatenate, jnp.stack, jnp.flip, jnp.argmax/argmin see nb_concatenate,
 * nb_stack, nb_flip, nb_argmax/nb_argmin there (jnp.sum/max/min/mean without
 * keepdims: nb_sum, nb_max, nb_min, nb_mean; jnp.where, jnp.matmul, jnp.dot,
 * jnp.transpose, jnp.reshape, jnp.broadcast_to, jnp.arange(n), jnp.zeros/
 * ones/full: nb_where, nb_matmul, nb_dot, nb_transpose, nb_reshape,
 * nb_broadcast_to, nb_arange, nb_zeros/nb_ones/nb_full); take,
 * take_along_axis and all indexing in nabla/index.h; lax-style indexing
 * (gather, scatter, dynamic_slice) in nabla/lax.h. */
#ifndef NABLA_NUMPY_H
#define NABLA_NUMPY_H

#include "nabla/nabla.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- reductions with keepdims, var, std ----------------------------------
 *
 * One C API for keepdims: every reduction has a _keepdims twin taking the
 * same arguments, whose result keeps each reduced axis with size 1
 * (jnp's keepdims=True). A twin rather than an options struct because the
 * reductions already take (x, axes) positionally and keepdims is static:
 * call sites stay one line, the flag cannot be forgotten in a struct, and
 * the name says what the shape will be. Axes as in nb_sum: NB_AXES() = all. */
#define nb_sum_keepdims(x, axes) nb__sum_keepdims((x), (axes), __FILE__, __LINE__)
nb_value nb__sum_keepdims(nb_value x, nb_ints axes, const char *file, int line);
#define nb_mean_keepdims(x, axes) nb__mean_keepdims((x), (axes), __FILE__, __LINE__)
nb_value nb__mean_keepdims(nb_value x, nb_ints axes, const char *file, int line);
#define nb_max_keepdims(x, axes) nb__max_keepdims((x), (axes), __FILE__, __LINE__)
nb_value nb__max_keepdims(nb_value x, nb_ints axes, const char *file, int line);
#define nb_min_keepdims(x, axes) nb__min_keepdims((x), (axes), __FILE__, __LINE__)
nb_value nb__min_keepdims(nb_value x, nb_ints axes, const char *file, int line);

/* jnp.var(x, axes, ddof=ddof): the mean of squared deviations from the mean,
 * divided by N - ddof (NaN where N - ddof <= 0). Integers and bools give
 * float32 (float64 for 64-bit ints: to_inexact); f16/bf16 compute in
 * float32 and round once at the end. jnp.std is sqrt(var) in the result's
 * dtype. */
#define nb_var(x, axes, ddof) nb__var((x), (axes), (ddof), false, __FILE__, __LINE__)
#define nb_var_keepdims(x, axes, ddof) nb__var((x), (axes), (ddof), true, __FILE__, __LINE__)
nb_value nb__var(nb_value x, nb_ints axes, int ddof, bool keepdims, const char *file, int line);
#define nb_std(x, axes, ddof) nb__std((x), (axes), (ddof), false, __FILE__, __LINE__)
#define nb_std_keepdims(x, axes, ddof) nb__std((x), (axes), (ddof), true, __FILE__, __LINE__)
nb_value nb__std(nb_value x, nb_ints axes, int ddof, bool keepdims, const char *file, int line);

/* ---- array creation (compile-time constants) -------------------------------
 *
 * jnp.eye(n, m, k, dtype): ones where column == row + k. Any dtype. */
#define nb_eye(fn, n, m, k, dtype) nb__eye((fn), (n), (m), (k), (dtype), __FILE__, __LINE__)
nb_value nb__eye(nb_fn *fn, int64_t n, int64_t m, int64_t k, nb_dtype dtype, const char *file,
                 int line);
/* jnp.linspace(start, stop, num, endpoint, dtype) as JAX computes it:
 * start * (1 - t) + stop * t with t = i / div in the computation dtype
 * (to_inexact(dtype)), in the form XLA optimizes that to (numpy_create.c:
 * bit-exact in f16/bf16; XLA's CPU code may fuse a multiply-add that this
 * rounds, a difference of at most 2 ulp of max(|start|, |stop|) in
 * f32/f64), the last element exactly stop when endpoint; integer dtypes
 * take the floor. bool is an error. */
#define nb_linspace(fn, start, stop, num, endpoint, dtype)                        \
  nb__linspace((fn), (start), (stop), (num), (endpoint), (dtype), __FILE__, __LINE__)
nb_value nb__linspace(nb_fn *fn, double start, double stop, int64_t num, bool endpoint,
                      nb_dtype dtype, const char *file, int line);
/* jnp.arange(start, stop, step, dtype): ceil((stop - start) / step)
 * elements start + step * i, computed in the dtype (in f32 for f16/bf16,
 * then rounded) as jnp does, bit for bit. nb_arange(fn, dtype, n) in
 * nabla.h is jnp.arange(n). A zero step, non-finite bounds and bool are
 * errors. */
#define nb_arange_step(fn, start, stop, step, dtype)                              \
  nb__arange_step((fn), (start), (stop), (step), (dtype), __FILE__, __LINE__)
nb_value nb__arange_step(nb_fn *fn, double start, double stop, double step, nb_dtype dtype,
                         const char *file, int line);

/* ---- products ---------------------------------------------------------------
 *
 * jnp.outer: the flattened a times the flattened b, shape (a.size, b.size). */
#define nb_outer(a, b) nb__outer((a), (b), __FILE__, __LINE__)
nb_value nb__outer(nb_value a, nb_value b, const char *file, int line);
/* jnp.inner: contracts the last axes (a product if either is a scalar). */
#define nb_inner(a, b) nb__inner((a), (b), __FILE__, __LINE__)
nb_value nb__inner(nb_value a, nb_value b, const char *file, int line);
/* jnp.tensordot(a, b, n): a's last n axes with b's first n; _axes: a's
 * axes_a[i] with b's axes_b[i] (jnp's axes=(axes_a, axes_b)). The result
 * holds a's free axes, then b's. */
#define nb_tensordot(a, b, n) nb__tensordot((a), (b), (n), __FILE__, __LINE__)
nb_value nb__tensordot(nb_value a, nb_value b, int n, const char *file, int line);
#define nb_tensordot_axes(a, b, axes_a, axes_b)                                   \
  nb__tensordot_axes((a), (b), (axes_a), (axes_b), __FILE__, __LINE__)
nb_value nb__tensordot_axes(nb_value a, nb_value b, nb_ints axes_a, nb_ints axes_b,
                            const char *file, int line);
/* jnp.einsum(spec, a, b) for two operands with an explicit output, e.g.
 * "bij,bjk->bik": letters in both operands and the output are batch axes,
 * in both but not the output are contracted, in one operand and the output
 * are free; a letter in one operand only and not the output is summed
 * first. Not supported (an error): implicit output (no "->"), "...", a
 * letter repeated within one operand or the output (diagonals), spaces. */
#define nb_einsum(spec, a, b) nb__einsum((spec), (a), (b), __FILE__, __LINE__)
nb_value nb__einsum(const char *spec, nb_value a, nb_value b, const char *file, int line);

/* ---- tiling, repeating, splitting ------------------------------------------
 *
 * jnp.tile(x, reps): reps shorter than x's rank count for the last axes,
 * longer ones add leading axes. The result rank is at most NB_MAX_RANK / 2
 * + ... : x's rank and reps' count may be at most 4 (two axes per tiled
 * axis are used on the way). */
#define nb_tile(x, reps) nb__tile((x), (reps), __FILE__, __LINE__)
nb_value nb__tile(nb_value x, nb_ints reps, const char *file, int line);
/* jnp.repeat(x, repeats, axis) with one count for every element (for
 * jnp's axis=None, reshape x to one axis first). */
#define nb_repeat(x, repeats, axis) nb__repeat((x), (repeats), (axis), __FILE__, __LINE__)
nb_value nb__repeat(nb_value x, int64_t repeats, int axis, const char *file, int line);
/* jnp.split(x, sections, axis) into `sections` equal parts (an error if
 * they are not equal), written to out[0..sections); _at: at the indices
 * (jnp.split(x, [i, j], axis)), indices.n + 1 parts into out (indices
 * must not decrease and lie in [0, size of the axis]: jnp.split refuses a
 * negative part size, so negative indices are errors too). Both
 * return the number of parts, 0 after an error (out is then left
 * invalid). */
#define nb_split(x, sections, axis, out)                                          \
  nb__split((x), (sections), (axis), (out), __FILE__, __LINE__)
int nb__split(nb_value x, int sections, int axis, nb_value *out, const char *file, int line);
#define nb_split_at(x, indices, axis, out)                                        \
  nb__split_at((x), (indices), (axis), (out), __FILE__, __LINE__)
int nb__split_at(nb_value x, nb_ints indices, int axis, nb_value *out, const char *file,
                 int line);

/* jnp.hstack(values[0..n)): concatenated along axis 1, or axis 0 when they
 * are vectors (scalars count as (1,)); jnp.vstack: along axis 0, scalars
 * and vectors (n,) first made (1, 1) and (1, n). Dtypes promote as in
 * nb_concatenate; mismatched shapes are an error naming the helper. */
#define nb_hstack(values, n) nb__hstack((values), (n), __FILE__, __LINE__)
nb_value nb__hstack(const nb_value *values, int n, const char *file, int line);
#define nb_vstack(values, n) nb__vstack((values), (n), __FILE__, __LINE__)
nb_value nb__vstack(const nb_value *values, int n, const char *file, int line);

#ifdef __cplusplus
}
#endif
#endif
