/* index_lower.h — what gather.c and scatter.c share (index_window.c): the
 * start of one window read from the indices, clamped, with its bounds test. */
#ifndef NABLA_INDEX_LOWER_H
#define NABLA_INDEX_LOWER_H

#include "index_dims.h"
#include "lower.h"

/* The op's dimension numbers (names: nb_gather_dim_names or
 * nb_scatter_dim_names). */
void nbl_read_index_dims(lowering *l, const char *const *names, nb_index_dims *d);

/* linalg.index of loop dim i (inside a linalg.generic body). */
MlirValue nbl_loop_index(nb_builder *b, int i);

/* The positions ivs[] at the dims not in window_dims (ascending), in order:
 * the indices' batch position of a result (gather) or update (scatter). */
int nbl_batch_positions(const int64_t *window_dims, int n_window, int rank, const MlirValue *ivs,
                        MlirValue *out);

typedef struct nbl_window {
  MlirValue x, idx;         /* operand, indices */
  const nb_index_dims *d;
  const int64_t *sizes;     /* window size per operand dim */
  bool fill;                /* convert the indices as JAX's _gather_fill does */
} nbl_window;

/* The window's start in every operand dim (index values, clamped so the
 * window fits; batching dims from the batch position; 0 elsewhere) and
 * whether the unclamped start lay in bounds in every indexed dim. */
void nbl_window_start(nb_builder *b, const nbl_window *w, const MlirValue *batch, int n_batch,
                      MlirValue *start, MlirValue *in_bounds);

#endif
