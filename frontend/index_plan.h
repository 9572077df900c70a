/* index_plan.h — internals of indexing (nabla/index.h) shared by its files:
 *   index_plan.c    checks an index expression against x's shape and
 *                   expands it (jnp's _parse_indices, expand_ellipses,
 *                   validate_static_indices, slice.indices)
 *   index_dynamic.c traced scalar indices: dynamic_slice
 *   index_take.c    jnp.take, jnp.take_along_axis
 *   index_gather.c  jnp's _index_to_gather: index arrays, gather, scatter
 *   index_get.c     nb_idx / nb_at_get: slice, dynamic_slice or gather
 *   index_update.c  nb_at_set .. nb_at_max
 */
#ifndef NABLA_INDEX_PLAN_H
#define NABLA_INDEX_PLAN_H

#include "frontend.h"
#include "nabla/index.h"

/* One entry of an expanded index: no ellipsis, one entry per axis of x
 * (plus the new axes). */
typedef struct nb_fe_ix {
  nb_index_kind kind; /* NB_IX_INT, NB_IX_SLICE, NB_IX_NEWAXIS, NB_IX_VALUE */
  int axis;           /* the axis of x it consumes; -1 for NB_IX_NEWAXIS */
  int64_t i;          /* INT: in [0, n) */
  int64_t start, step, count; /* SLICE: elements start + k * step, k < count */
  nb_value v;         /* VALUE */
  nb_shape vshape;    /* VALUE: its shape (rank 0: a dynamic index) */
} nb_fe_ix;

typedef struct nb_fe_ixplan {
  nb_fn *fn;
  nb_value x;
  nb_dtype dt;
  nb_shape shape;
  int n;
  nb_fe_ix ix[NB_MAX_INDICES + NB_MAX_RANK];
  bool any_value;     /* a traced index */
  bool any_array;     /* a traced index of rank >= 1 (advanced indexing) */
  bool any_negstep;   /* a slice with a negative step */
  bool any_bigstep;   /* a slice with |step| > 1 */
  /* advanced indices are adjacent (their dims replace them in place);
   * counted over the user's entries, as jnp (a NB_NEWAXIS separates) */
  bool adv_contiguous;
  const char *file, *op;
  int line;
} nb_fe_ixplan;

/* Checks x and ix and fills p; false after an error at file:line for op. */
bool nb_fe_ix_plan(nb_fe_ixplan *p, nb_value x, const nb_indices *ix, const char *file,
                   int line, const char *op);
/* The shape of x[ix] (jnp's slice_shape: None axes included); false after
 * an error (index arrays that do not broadcast, too many axes). */
bool nb_fe_ix_result_shape(const nb_fe_ixplan *p, nb_shape *out);
/* The broadcast shape of the advanced indices; false after an error. */
bool nb_fe_ix_adv_shape(const nb_fe_ixplan *p, nb_shape *out);
/* The dtype the index arithmetic uses: int32 unless an axis needs int64
 * (lax_utils.int_dtype_for_shape). */
nb_dtype nb_fe_ix_dtype(const nb_fe_ixplan *p);
/* A traced index normalized as jnp: negative (signed) indices + the axis
 * size, then converted to the index dtype. */
nb_value nb_fe_ix_wrap(const nb_fe_ixplan *p, nb_value v, int64_t size);

/* The plan q with each negative-step slice read upwards: start at its
 * lowest element, step -step (jnp's rev_axes); rev gets the axes of x whose
 * slice must then be reversed (those of more than one element). */
void nb_fe_ix_unreverse(const nb_fe_ixplan *p, nb_fe_ixplan *q, nb_ints *rev);

/* ---- index_gather.c ---- */

/* What jnp's _index_to_gather makes of a plan. */
typedef struct nb_fe_gather {
  nb_value indices;  /* (batch..., k), the index dtype; invalid when k = 0 */
  int k;             /* index vector length */
  nb_ints offset_dims, collapsed_slice_dims, start_index_map;
  nb_ints slice_sizes;
  nb_shape gather_shape; /* the gather's result: slice_shape without new axes */
} nb_fe_gather;

bool nb_fe_ix_to_gather(const nb_fe_ixplan *p, nb_fe_gather *g);
/* x[ix] by a gather (out: the result shape), and x.at[ix] op= y (y of the
 * result shape, xp and y of dtype dt) by a scatter. */
nb_value nb_fe_ix_gather_get(const nb_fe_ixplan *p, nb_shape out, nb_index_mode mode);
nb_value nb_fe_ix_scatter(const nb_fe_ixplan *p, nb_at_op op, nb_value xp, nb_value y,
                          nb_dtype dt, nb_index_mode mode);

/* ---- index_dynamic.c ---- */

/* x[ix] by one dynamic_slice: traced scalars, ints, slices of step 1 (p
 * unreversed: nb_fe_ix_unreverse), then nabla.rev of the axes rev. */
nb_value nb_fe_ix_dynamic_get(const nb_fe_ixplan *p, nb_ints rev, nb_shape out);

#endif
