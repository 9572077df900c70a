/* index_dims.c — lax.gather's and lax.scatter's shape rules
 * (jax/_src/lax/slicing.py: _gather_shape_rule, _scatter_shape_rule), on
 * plain integers so every layer can use them. */
#include "index_dims.h"

#include <stdarg.h>
#include <stdio.h>

const char *const nb_gather_dim_names[5] = {"offset_dims", "collapsed_slice_dims",
                                            "start_index_map", "operand_batching_dims",
                                            "start_indices_batching_dims"};
const char *const nb_scatter_dim_names[5] = {"update_window_dims", "inserted_window_dims",
                                             "scatter_dims_to_operand_dims",
                                             "operand_batching_dims",
                                             "scatter_indices_batching_dims"};

static bool bad(char *err, size_t n, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, n, fmt, ap);
  va_end(ap);
  return false;
}

static bool contains(const int64_t *v, int n, int64_t x) {
  for (int i = 0; i < n; i++)
    if (v[i] == x)
      return true;
  return false;
}

/* Entries in [0, bound), unique, and ascending when `sorted`. */
static bool check_list(const int64_t *v, int n, int64_t bound, bool sorted, const char *name,
                       char *err, size_t errn) {
  for (int i = 0; i < n; i++) {
    if (v[i] < 0 || v[i] >= bound)
      return bad(err, errn, "%s entry %lld is out of range [0, %lld)", name, (long long)v[i],
                 (long long)bound);
    if (contains(v, i, v[i]))
      return bad(err, errn, "%s repeats %lld", name, (long long)v[i]);
    if (sorted && i > 0 && v[i] < v[i - 1])
      return bad(err, errn, "%s must be sorted", name);
  }
  return true;
}

int nb_index_window_dims(const nb_index_dims *d, int orank, int64_t *out) {
  int n = 0;
  for (int i = 0; i < orank; i++)
    if (!contains(d->collapsed, d->n_collapsed, i) && !contains(d->obatch, d->n_obatch, i))
      out[n++] = i;
  return n;
}

/* The checks gather and scatter share; names[] gives the attribute names. */
static bool check_common(const nb_index_dims *d, const char *const *names, int orank,
                         const int64_t *odims, int irank, const int64_t *idims, int out_rank,
                         char *err, size_t errn) {
  if (irank < 1)
    return bad(err, errn, "indices need a last axis (the index vector), got rank 0");
  if (!check_list(d->offset, d->n_offset, out_rank, true, names[0], err, errn) ||
      !check_list(d->collapsed, d->n_collapsed, orank, true, names[1], err, errn) ||
      !check_list(d->start_map, d->n_start_map, orank, false, names[2], err, errn) ||
      !check_list(d->obatch, d->n_obatch, orank, true, names[3], err, errn) ||
      !check_list(d->ibatch, d->n_ibatch, irank - 1, false, names[4], err, errn))
    return false;
  for (int i = 0; i < d->n_collapsed; i++)
    if (contains(d->obatch, d->n_obatch, d->collapsed[i]))
      return bad(err, errn, "%s and %s share dim %lld", names[1], names[3],
                 (long long)d->collapsed[i]);
  for (int i = 0; i < d->n_start_map; i++)
    if (contains(d->obatch, d->n_obatch, d->start_map[i]))
      return bad(err, errn, "%s and %s share dim %lld", names[2], names[3],
                 (long long)d->start_map[i]);
  if (d->n_obatch != d->n_ibatch)
    return bad(err, errn, "%s has %d entries but %s has %d", names[3], d->n_obatch, names[4],
               d->n_ibatch);
  for (int i = 0; i < d->n_obatch; i++)
    if (odims[d->obatch[i]] != idims[d->ibatch[i]])
      return bad(err, errn, "batching dims differ in size: operand dim %lld is %lld, indices dim "
                 "%lld is %lld", (long long)d->obatch[i], (long long)odims[d->obatch[i]],
                 (long long)d->ibatch[i], (long long)idims[d->ibatch[i]]);
  if (d->n_start_map != idims[irank - 1])
    return bad(err, errn, "%s has %d entries but the index vector (indices' last axis) has %lld",
               names[2], d->n_start_map, (long long)idims[irank - 1]);
  if (d->n_offset + d->n_collapsed + d->n_obatch != orank)
    return bad(err, errn, "%s, %s and %s have %d entries together, not the operand's rank %d",
               names[0], names[1], names[3], d->n_offset + d->n_collapsed + d->n_obatch, orank);
  return true;
}

/* Result (or updates) shape for window sizes `sizes`. */
static void window_shape(const nb_index_dims *d, int orank, int irank, const int64_t *idims,
                         const int64_t *sizes, int *out_rank, int64_t *out) {
  int64_t win[NB_IR_MAX_RANK];
  nb_index_window_dims(d, orank, win);
  int r = d->n_offset + irank - 1;
  for (int o = 0, j = 0, k = 0; o < r; o++)
    out[o] = j < d->n_offset && d->offset[j] == o ? sizes[win[j++]] : idims[k++];
  *out_rank = r;
}

bool nb_gather_result_shape(const nb_index_dims *d, int orank, const int64_t *odims, int irank,
                            const int64_t *idims, int nsizes, const int64_t *sizes,
                            int *out_rank, int64_t *out_dims, char *err, size_t errn) {
  int r = d->n_offset + irank - 1;
  if (r > NB_IR_MAX_RANK)
    return bad(err, errn, "result rank %d is too large", r);
  if (!check_common(d, nb_gather_dim_names, orank, odims, irank, idims, r, err, errn))
    return false;
  if (nsizes != orank)
    return bad(err, errn, "slice_sizes has %d entries, not the operand's rank %d", nsizes, orank);
  for (int i = 0; i < orank; i++) {
    if (sizes[i] < 0 || sizes[i] > odims[i])
      return bad(err, errn, "slice size %lld of dim %d does not fit the operand's %lld",
                 (long long)sizes[i], i, (long long)odims[i]);
    bool one = contains(d->collapsed, d->n_collapsed, i) || contains(d->obatch, d->n_obatch, i);
    if (one && sizes[i] > 1)
      return bad(err, errn, "slice size of collapsed or batching dim %d must be 0 or 1, got %lld",
                 i, (long long)sizes[i]);
  }
  window_shape(d, orank, irank, idims, sizes, out_rank, out_dims);
  return true;
}

void nb_scatter_window(const nb_index_dims *d, int orank, const int64_t *udims, int64_t *sizes) {
  int64_t win[NB_IR_MAX_RANK];
  for (int i = 0; i < orank; i++)
    sizes[i] = 1;
  int n = nb_index_window_dims(d, orank, win);
  for (int j = 0; j < n && j < d->n_offset; j++)
    sizes[win[j]] = udims[d->offset[j]];
}

bool nb_scatter_check_shapes(const nb_index_dims *d, int orank, const int64_t *odims, int irank,
                             const int64_t *idims, int urank, const int64_t *udims, char *err,
                             size_t errn) {
  if (!check_common(d, nb_scatter_dim_names, orank, odims, irank, idims, urank, err, errn))
    return false;
  if (urank != d->n_offset + irank - 1)
    return bad(err, errn, "updates have rank %d, not %d (update_window_dims plus the indices' "
               "batch axes)", urank, d->n_offset + irank - 1);
  int64_t sizes[NB_IR_MAX_RANK], want[NB_IR_MAX_RANK];
  nb_scatter_window(d, orank, udims, sizes);
  for (int i = 0; i < orank; i++)
    if (sizes[i] > odims[i])
      return bad(err, errn, "update window size %lld of operand dim %d exceeds its %lld",
                 (long long)sizes[i], i, (long long)odims[i]);
  int r;
  window_shape(d, orank, irank, idims, sizes, &r, want);
  for (int i = 0; i < urank; i++)
    if (want[i] != udims[i])
      return bad(err, errn, "updates dim %d is %lld but the indices' batch axes give %lld", i,
                 (long long)udims[i], (long long)want[i]);
  return true;
}
