/* nabla/lax.h — JAX's indexing primitives (jax.lax.gather, scatter*,
 * dynamic_slice, dynamic_update_slice), included by nabla/nabla.h.
 *
 * Index arrays are integers of any dtype; gather's and scatter's index
 * vector dimension is the LAST axis of the indices, as in jax.lax. Errors
 * (float indices, dimension numbers out of range, windows larger than the
 * operand, a wrong number of starts) are recorded at the caller's file:line
 * and give an invalid value. */
#ifndef NABLA_LAX_H
#define NABLA_LAX_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum nb_index_mode {
  NB_INDEX_CLIP = 0,     /* indices clamped so the window fits (jnp indexing's default) */
  NB_INDEX_FILL_OR_DROP, /* gather: out-of-bounds windows read the fill value; scatter:
                            out-of-bounds windows are dropped (jnp .at[] default) */
} nb_index_mode;

typedef struct nb_gather_dims {
  nb_ints offset_dims, collapsed_slice_dims, start_index_map, operand_batching_dims,
      start_indices_batching_dims;
} nb_gather_dims;

typedef struct nb_scatter_dims {
  nb_ints update_window_dims, inserted_window_dims, scatter_dims_to_operand_dims,
      operand_batching_dims, scatter_indices_batching_dims;
} nb_scatter_dims;

typedef enum nb_scatter_kind {
  NB_SCATTER_SET,
  NB_SCATTER_ADD,
  NB_SCATTER_MUL,
  NB_SCATTER_MIN,
  NB_SCATTER_MAX
} nb_scatter_kind;

/* lax.gather; fill mode uses JAX's default fill value (NaN for floats, the
 * dtype's minimum for signed ints, its maximum for unsigned, true for bool). */
#define nb_gather(operand, indices, dims, slice_sizes, mode)                                 \
  nb__gather((operand), (indices), (dims), (slice_sizes), (mode), __FILE__, __LINE__)
nb_value nb__gather(nb_value operand, nb_value indices, nb_gather_dims dims, nb_ints slice_sizes,
                    nb_index_mode mode, const char *file, int line);

/* lax.scatter / scatter_add / scatter_mul / scatter_min / scatter_max. */
#define nb_scatter(kind, operand, indices, updates, dims, mode)                              \
  nb__scatter((kind), (operand), (indices), (updates), (dims), (mode), __FILE__, __LINE__)
nb_value nb__scatter(nb_scatter_kind kind, nb_value operand, nb_value indices, nb_value updates,
                     nb_scatter_dims dims, nb_index_mode mode, const char *file, int line);

/* lax.dynamic_slice: starts[i] a scalar integer value (or a C int via
 * nb_scalar) per axis; negative starts count from the end (as
 * lax.dynamic_slice's allow_negative_indices), then every start is clamped
 * so the slice fits. */
#define nb_dynamic_slice(x, starts, nstarts, sizes)                                          \
  nb__dynamic_slice((x), (starts), (nstarts), (sizes), __FILE__, __LINE__)
nb_value nb__dynamic_slice(nb_value x, const nb_value *starts, int nstarts, nb_ints sizes,
                           const char *file, int line);

/* lax.dynamic_update_slice: x with update written at the starts (negative
 * starts count from the end, then clamped so the update fits). */
#define nb_dynamic_update_slice(x, update, starts, nstarts)                                  \
  nb__dynamic_update_slice((x), (update), (starts), (nstarts), __FILE__, __LINE__)
nb_value nb__dynamic_update_slice(nb_value x, nb_value update, const nb_value *starts,
                                  int nstarts, const char *file, int line);

#ifdef __cplusplus
}
#endif

#endif
