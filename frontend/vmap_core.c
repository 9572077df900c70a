/* vmap_core.c — what a vmap is, for the files that meet one without
 * making one (vmap.c makes them): the types with its batch dim, when two
 * vmaps are the same declaration, and whether it still lacks a batch size.
 *
 * Declaring (xf_declare.c), exporting (export.c) and transforming again
 * (transforms.c) all ask these, and vmap.c itself declares through
 * xf_declare.c, so they sit below all of them. */
#include "frontend.h"

#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

MlirType nb_fe_vmap_type(MlirType t, int64_t axis, int64_t size) {
  if (axis < 0)
    return t;
  int r = (int)mlirShapedTypeGetRank(t), k = 0;
  int64_t dims[NB_MAX_RANK + 1];
  for (int i = 0; i <= r && i <= NB_MAX_RANK; i++)
    dims[i] = i == axis ? size : mlirShapedTypeGetDimSize(t, k++);
  return mlirRankedTensorTypeGet(r + 1, dims, mlirShapedTypeGetElementType(t),
                                 mlirAttributeGetNull());
}

bool nb_fe_vmap_same(const nb_xf *a, const nb_xf *b) {
  if (a->kind != NB_XF_VMAP || b->kind != NB_XF_VMAP)
    return true;
  return a->axis_size == b->axis_size && a->n_in_axes == b->n_in_axes &&
         a->n_out_axes == b->n_out_axes &&
         !memcmp(a->in_axes, b->in_axes, sizeof(int64_t) * (size_t)a->n_in_axes) &&
         !memcmp(a->out_axes, b->out_axes, sizeof(int64_t) * (size_t)a->n_out_axes);
}

bool nb_fe_vmap_unsized(nb_fn *f, const char *file, int line, const char *op) {
  if (!f || f->xf.kind != NB_XF_VMAP || f->op.ptr)
    return false;
  nb_fe_error(f->m, file, line, op,
              "'%s' takes its batch size from each call; give nb_vmap an .axis_size "
              "to export it or transform it again", f->name);
  return true;
}
