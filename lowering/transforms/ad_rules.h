/* ad_rules.h — what jvp.c and vjp.c share (private to the rule tables).
 *
 * An elementwise op's JVP, g -> g * df/dx_i, is a diagonal linear map, so
 * its transpose (the VJP) is the same product applied to the cotangent.
 * JAX writes these once (ad.defjvp) and transposes them; we write each
 * partial once in jvp.c and call it from both tables. */
#ifndef NABLA_AD_RULES_H
#define NABLA_AD_RULES_H

#include "autodiff.h"

/* g * (d op / d operand i) for an elementwise op whose operands and result
 * are float; null when the partial is identically zero (sign, stop_gradient,
 * integer_pow with y = 0). */
MlirValue nb_ad_partial(nb_builder *b, MlirOperation op, int i, MlirValue g);

/* True for f16/bf16/f32/f64 tensors: the only values with derivatives. */
bool nb_ad_is_float(MlirValue v);

/* The op's i64-array attribute `name` into out; returns its length. */
int nb_ad_i64s(MlirOperation op, const char *name, int64_t *out);

/* op again, on other operands, with its attributes and result type (the
 * JVP of a linear op is the op applied to the tangents). */
MlirValue nb_ad_clone(nb_builder *b, MlirOperation op, const MlirValue *operands);

/* nabla.pad of x by a scalar pad value (rank-0 tensor of x's type). */
MlirValue nb_ad_pad(nb_builder *b, MlirValue x, MlirValue value, const int64_t *lo,
                    const int64_t *hi, const int64_t *interior);

/* reduce_max/min's JVP and VJP both need where the chosen elements are:
 * mask = (x == broadcast(result)) as x's float type, and its count per
 * result element (JAX's _reduce_chooser_jvp_rule). */
void nb_ad_chooser_mask(nb_builder *b, MlirOperation op, MlirValue *mask, MlirValue *counts);

/* nabla.sort_key_val's rules (sort_rules.c): values differentiate through
 * the keys' permutation; keys have none. */
bool nb_jvp_sort_key_val(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_sort_key_val(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_sort_key_val(nb_builder *b, MlirOperation op, const MlirValue *args,
                           const int64_t *dims, MlirValue *out, int64_t *out_dims);

#endif
