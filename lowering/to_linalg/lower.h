/* lower.h — what nabla-to-linalg's files share (private to to_linalg/). */
#ifndef NABLA_LOWER_H
#define NABLA_LOWER_H

#include "build.h"
#include "to_linalg.h"

/* Scalar body of nabla.erf_inv (f16/bf16/f32/f64), as XLA:CPU computes it. */
MlirValue nb_erf_inv_body(nb_builder *body, const MlirValue *args, void *user);
/* nabla.threefry2x32 -> one two-output linalg.generic before op; writes its
 * results (y0, y1). */
bool nb_lower_threefry2x32(nb_builder *b, MlirOperation op, MlirValue *results);
/* nabla.sort_key_val -> a func.call before op to a private merge-sort
 * function it adds to the module (sort.c); writes the two results. */
bool nb_lower_sort_key_val(nb_builder *b, MlirOperation op, MlirValue *results);

#endif
