/* memref.c — memrefCopy, which MLIR's memref-to-LLVM lowering calls for a
 * memref.copy between buffers that are not both contiguous (slices, strided
 * views). Same contract as MLIR's CRunnerUtils: element size in bytes and
 * two unranked descriptors. The ranked descriptor behind each is
 *   { base, aligned data, offset, sizes[rank], strides[rank] }
 * with offset and strides counted in elements. */
#include "runtime_internal.h"

#include <string.h>

typedef struct {
  int64_t rank;
  void *descriptor;
} unranked_memref;

typedef struct {
  char *data;
  int64_t offset;
  const int64_t *sizes, *strides;
} view;

static view view_of(const unranked_memref *m) {
  char **ptrs = m->descriptor;
  const int64_t *ints = (const int64_t *)(ptrs + 2);
  return (view){ptrs[1], ints[0], ints + 1, ints + 1 + m->rank};
}

void memrefCopy(int64_t elem_size, unranked_memref *src_arg, unranked_memref *dst_arg);

void memrefCopy(int64_t elem_size, unranked_memref *src_arg, unranked_memref *dst_arg) {
  int64_t rank = src_arg->rank;
  view s = view_of(src_arg), d = view_of(dst_arg);
  int64_t count = 1;
  for (int64_t i = 0; i < rank; i++)
    count *= s.sizes[i];
  if (count == 0)
    return;
  char *sp = s.data + s.offset * elem_size, *dp = d.data + d.offset * elem_size;
  /* The innermost dimension is walked element by element; outer indices
   * advance like an odometer. Static shapes keep rank small. */
  int64_t index[64] = {0};
  if (rank > 64) {
    nbrt__set_error(NBRT_ERR_INVALID, "memrefCopy: rank above 64");
    return;
  }
  for (int64_t n = 0; n < count; n++) {
    memcpy(dp, sp, (size_t)elem_size);
    for (int64_t k = rank - 1; k >= 0; k--) {
      sp += s.strides[k] * elem_size;
      dp += d.strides[k] * elem_size;
      if (++index[k] < s.sizes[k])
        break;
      sp -= s.strides[k] * s.sizes[k] * elem_size;
      dp -= d.strides[k] * s.sizes[k] * elem_size;
      index[k] = 0;
    }
  }
}
