/* index_dims.h — gather's and scatter's dimension numbers (index_dims.c):
 * the shape rules of lax.gather / lax.scatter, shared by the verifier, the
 * lowering, the rules and the DSL so they agree on one reading.
 *
 * Scatter's numbers mirror gather's: update_window_dims <-> offset_dims,
 * inserted_window_dims <-> collapsed_slice_dims, scatter_dims_to_operand_dims
 * <-> start_index_map. The index vector dimension is the indices' last axis. */
#ifndef NABLA_INDEX_DIMS_H
#define NABLA_INDEX_DIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dialect.h" /* NB_IR_MAX_RANK */

typedef struct nb_index_dims {
  int n_offset, n_collapsed, n_start_map, n_obatch, n_ibatch;
  int64_t offset[NB_IR_MAX_RANK], collapsed[NB_IR_MAX_RANK], start_map[NB_IR_MAX_RANK],
      obatch[NB_IR_MAX_RANK], ibatch[NB_IR_MAX_RANK];
} nb_index_dims;

/* Attribute names of the five lists, gather's then scatter's, in the
 * struct's order. */
extern const char *const nb_gather_dim_names[5];
extern const char *const nb_scatter_dim_names[5];

/* Checks lax.gather's shape rule and gives the result shape; on a mistake
 * false and a message (naming gather's attributes) in err. */
bool nb_gather_result_shape(const nb_index_dims *d, int orank, const int64_t *odims, int irank,
                            const int64_t *idims, int nsizes, const int64_t *sizes,
                            int *out_rank, int64_t *out_dims, char *err, size_t errn);

/* Checks lax.scatter's shape rule (updates' shape); false and a message
 * (naming scatter's attributes) in err. */
bool nb_scatter_check_shapes(const nb_index_dims *d, int orank, const int64_t *odims, int irank,
                             const int64_t *idims, int urank, const int64_t *udims, char *err,
                             size_t errn);

/* The window size in every operand dim that scatter's updates imply (1 for
 * inserted and batching dims), as lax's _clamp_scatter_indices reads it. */
void nb_scatter_window(const nb_index_dims *d, int orank, const int64_t *udims, int64_t *sizes);

/* operand dim of window (offset / update window) position j, in order. */
int nb_index_window_dims(const nb_index_dims *d, int orank, int64_t *out);

#endif
