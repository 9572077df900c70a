/* ad_rules.h — what the rule files share (private to the transforms room):
 * the rule tables (jvp.c, vjp.c, batch.c), the op-family files that hold
 * the rules (rules_*.c, sort_rules.c), and the helpers below them all
 * (nabla_build.c).
 *
 * Calls go one way: table files -> family files -> nabla_build.c. A table
 * entry names its family's nb_jvp_<op> / nb_vjp_<op> / nb_batch_<op> rule,
 * or a rule generic to its transform (static in the table file); a family
 * file calls only down (nabla_build.c, the nb_builder, MLIR's C API), never
 * a table file or another family file. Adding an op family: one
 * rules_<family>.c, its rules declared here, one entry per op in each
 * table.
 *
 * An elementwise op's JVP, g -> g * df/dx_i, is a diagonal linear map, so
 * its transpose (the VJP) is the same product applied to the cotangent.
 * JAX writes these once (ad.defjvp) and transposes them; we write each
 * partial once (nb_d_<op>, rules_elementwise.c), name it in the op's
 * nb_jvp_table entry, and both tables' elementwise rules apply it. */
#ifndef NABLA_AD_RULES_H
#define NABLA_AD_RULES_H

#include "autodiff.h"

/* ---- jvp.c ---- */

/* g * (d op / d operand i) for an elementwise op whose operands and result
 * are float, through the partial in op's nb_jvp_table entry; null when the
 * partial is identically zero (sign, stop_gradient, integer_pow with y = 0). */
MlirValue nb_ad_partial(nb_builder *b, MlirOperation op, int i, MlirValue g);

/* ---- nabla_build.c: helpers every rule file may call ---- */

/* True for f16/bf16/f32/f64 tensors: the only values with derivatives. */
bool nb_ad_is_float(MlirValue v);

/* The op's i64-array attribute `name` into out; returns its length. */
int nb_ad_i64s(MlirOperation op, const char *name, int64_t *out);

/* op again, on other operands, with its attributes and result type (the
 * JVP of a linear op is the op applied to the tangents). */
MlirValue nb_ad_clone(nb_builder *b, MlirOperation op, const MlirValue *operands);
/* The same with another result type (a batched op). */
MlirValue nb_ad_clone_as(nb_builder *b, MlirOperation op, const MlirValue *operands,
                         MlirType result);

/* The batch size: the batch dimension of any of the n operands args that is
 * batched (dims[i] >= 0); 1 when none is. */
int64_t nb_batch_size(const MlirValue *args, const int64_t *dims, int n);

/* Renumbers an unbatched dim d of an operand batched at bd (dims at or after
 * it move up by one): JAX's bump_dims. */
static inline int64_t nb_batch_bump(int64_t d, int64_t bd) { return d >= bd ? d + 1 : d; }

/* ---- rules_elementwise.c ----
 * The partials, one per elementwise op (nb_ad_partial_fn: g * d op / d
 * operand i; x, y the operands, y null for a unary op, r the result). */
#define NB_AD_PARTIAL(name)                                                                \
  MlirValue nb_d_##name(nb_builder *b, MlirOperation op, int i, MlirValue g, MlirValue x, \
                        MlirValue y, MlirValue r)
NB_AD_PARTIAL(neg);
NB_AD_PARTIAL(abs);
NB_AD_PARTIAL(exp);
NB_AD_PARTIAL(log);
NB_AD_PARTIAL(log1p);
NB_AD_PARTIAL(expm1);
NB_AD_PARTIAL(tanh);
NB_AD_PARTIAL(logistic);
NB_AD_PARTIAL(sqrt);
NB_AD_PARTIAL(rsqrt);
NB_AD_PARTIAL(sin);
NB_AD_PARTIAL(cos);
NB_AD_PARTIAL(add);
NB_AD_PARTIAL(sub);
NB_AD_PARTIAL(mul);
NB_AD_PARTIAL(div);
NB_AD_PARTIAL(rem);
NB_AD_PARTIAL(pow);
NB_AD_PARTIAL(max_min); /* max and min */
NB_AD_PARTIAL(integer_pow);
NB_AD_PARTIAL(erf_inv);
NB_AD_PARTIAL(fma);
NB_AD_PARTIAL(tan);
NB_AD_PARTIAL(exp2);
NB_AD_PARTIAL(erf);
NB_AD_PARTIAL(erfc);
NB_AD_PARTIAL(atan2);
/* select and convert (batched by batch.c's elementwise rule). */
bool nb_jvp_select(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_select(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_jvp_convert(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_convert(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);

/* ---- rules_shape.c ----
 * broadcast_in_dim, reshape, transpose, slice, pad, rev, concatenate (their JVP: jvp.c's
 * generic linear rule). */
bool nb_vjp_broadcast_in_dim(nb_builder *b, MlirOperation op, const MlirValue *cts,
                             MlirValue *out);
bool nb_vjp_reshape(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_vjp_transpose(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_vjp_slice(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_vjp_pad(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_broadcast_in_dim(nb_builder *b, MlirOperation op, const MlirValue *args,
                               const int64_t *dims, MlirValue *out, int64_t *out_dims);
bool nb_batch_reshape(nb_builder *b, MlirOperation op, const MlirValue *args,
                      const int64_t *dims, MlirValue *out, int64_t *out_dims);
bool nb_batch_transpose(nb_builder *b, MlirOperation op, const MlirValue *args,
                        const int64_t *dims, MlirValue *out, int64_t *out_dims);
bool nb_batch_slice(nb_builder *b, MlirOperation op, const MlirValue *args,
                    const int64_t *dims, MlirValue *out, int64_t *out_dims);
bool nb_batch_pad(nb_builder *b, MlirOperation op, const MlirValue *args,
                  const int64_t *dims, MlirValue *out, int64_t *out_dims);
bool nb_vjp_rev(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_rev(nb_builder *b, MlirOperation op, const MlirValue *args, const int64_t *dims,
                  MlirValue *out, int64_t *out_dims);
bool nb_vjp_concatenate(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_concatenate(nb_builder *b, MlirOperation op, const MlirValue *args,
                          const int64_t *dims, MlirValue *out, int64_t *out_dims);

/* ---- rules_reduce.c ----
 * reduce_sum (JVP: jvp.c's generic linear rule), reduce_max/min (the
 * "chooser" rules), dot_general; nb_batch_reduce serves all three
 * reductions. */
bool nb_vjp_reduce_sum(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_jvp_reduce_chooser(nb_builder *b, MlirOperation op, const MlirValue *t,
                           MlirValue *out);
bool nb_vjp_reduce_chooser(nb_builder *b, MlirOperation op, const MlirValue *cts,
                           MlirValue *out);
bool nb_batch_reduce(nb_builder *b, MlirOperation op, const MlirValue *args,
                     const int64_t *dims, MlirValue *out, int64_t *out_dims);
/* argmax/argmin: integer results, so no derivative (the tables' zero rules). */
bool nb_batch_argminmax(nb_builder *b, MlirOperation op, const MlirValue *args,
                        const int64_t *dims, MlirValue *out, int64_t *out_dims);

/* ---- rules_clamp.c ----
 * clamp (clamp_p's JVP, its transpose, _clamp_batch_rule); nextafter (no
 * derivative in JAX: its rules refuse). round: the tables' zero rules. */
bool nb_jvp_clamp(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_clamp(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_clamp(nb_builder *b, MlirOperation op, const MlirValue *args, const int64_t *dims,
                    MlirValue *out, int64_t *out_dims);
bool nb_jvp_nextafter(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_nextafter(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);

/* ---- rules_prod.c ----
 * reduce_prod (_reduce_prod_jvp_rule: a product tree, exact at zeros; the
 * VJP its transpose; batching: rules_reduce.c's nb_batch_reduce). */
bool nb_jvp_reduce_prod(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_reduce_prod(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);

/* ---- rules_cumulative.c ----
 * cumsum (JVP: jvp.c's linear rule; VJP: the reversed cumsum), cumprod,
 * cummax, cummin (the sweeps over JAX's associative_scan), batching. */
bool nb_vjp_cumsum(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_jvp_cumulative(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_cumulative(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_cumulative(nb_builder *b, MlirOperation op, const MlirValue *args,
                         const int64_t *dims, MlirValue *out, int64_t *out_dims);

/* ---- sort_rules.c: nabla.sort (one operand) ----
 * _sort_jvp: the tangent permuted as x was (a sort_key_val by x's lax.sort
 * key); the VJP scatters back through the permutation; batching bumps the
 * dimension. */
bool nb_jvp_sort(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_sort(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_sort(nb_builder *b, MlirOperation op, const MlirValue *args, const int64_t *dims,
                   MlirValue *out, int64_t *out_dims);
bool nb_jvp_dot_general(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_dot_general(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_dot_general(nb_builder *b, MlirOperation op, const MlirValue *args,
                          const int64_t *dims, MlirValue *out, int64_t *out_dims);

/* ---- rules_bits.c ----
 * The integer and bit-level ops: no derivative (the tables' generic zero
 * rules), batched elementwise but for threefry2x32's two results. */
bool nb_batch_threefry2x32(nb_builder *b, MlirOperation op, const MlirValue *args,
                           const int64_t *dims, MlirValue *out, int64_t *out_dims);

/* ---- sort_rules.c ----
 * nabla.sort_key_val: values differentiate through the keys' permutation;
 * keys have none. */
bool nb_jvp_sort_key_val(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_sort_key_val(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_sort_key_val(nb_builder *b, MlirOperation op, const MlirValue *args,
                           const int64_t *dims, MlirValue *out, int64_t *out_dims);

/* ---- rules_index.c ----
 * dynamic_slice, dynamic_update_slice: linear in the operand (and update);
 * start indices get no tangent or cotangent. */
bool nb_jvp_dynamic_slice(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_dynamic_slice(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_dynamic_slice(nb_builder *b, MlirOperation op, const MlirValue *args,
                            const int64_t *dims, MlirValue *out, int64_t *out_dims);
bool nb_jvp_dynamic_update_slice(nb_builder *b, MlirOperation op, const MlirValue *t,
                                 MlirValue *out);
bool nb_vjp_dynamic_update_slice(nb_builder *b, MlirOperation op, const MlirValue *cts,
                                 MlirValue *out);
bool nb_batch_dynamic_update_slice(nb_builder *b, MlirOperation op, const MlirValue *args,
                                   const int64_t *dims, MlirValue *out, int64_t *out_dims);

/* ---- rules_gather.c, rules_scatter.c ----
 * gather and the scatters (index_dims.h: their dimension numbers). */
struct nb_index_dims;
/* The op's five dimension-number lists (names: nb_gather_dim_names or
 * nb_scatter_dim_names) and its mode. */
void nb_ad_index_dims(MlirOperation op, const char *const *names, struct nb_index_dims *d);
void nb_ad_index_mode(MlirOperation op, char *out, size_t n);
/* False, with an error at b's location, when a batched gather/scatter array
 * would pass the dialect's rank limit. */
bool nb_ad_rank_fits(nb_builder *b, int rank);
/* Adds `by` to the n entries of v; inserts x in front of v's n entries. */
static inline void nb_ints_add(int64_t *v, int n, int64_t by) {
  for (int i = 0; i < n; i++)
    v[i] += by;
}
static inline void nb_ints_push_front(int64_t *v, int *n, int64_t x) {
  for (int i = *n; i > 0; i--)
    v[i] = v[i - 1];
  v[0] = x;
  (*n)++;
}
MlirValue nbb_gather(nb_builder *b, MlirValue x, MlirValue idx, const struct nb_index_dims *d,
                     const int64_t *sizes, const char *mode);
MlirValue nbb_scatter(nb_builder *b, const char *name, MlirValue x, MlirValue idx, MlirValue u,
                      const struct nb_index_dims *d, const char *mode);
bool nb_jvp_gather(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_gather(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_batch_gather(nb_builder *b, MlirOperation op, const MlirValue *args, const int64_t *dims,
                     MlirValue *out, int64_t *out_dims);
/* The gather (x, idx; batch dims dims[0], dims[1]) of dims d, sizes, mode,
 * batched (dynamic_slice's batching with batched starts uses it too). */
bool nb_batch_gather_dims(nb_builder *b, MlirValue x, MlirValue idx, const int64_t *dims,
                          const struct nb_index_dims *d, const int64_t *sizes, const char *mode,
                          MlirValue *out, int64_t *out_dims);
bool nb_jvp_scatter_add(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_scatter_add(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_jvp_scatter(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_scatter(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
bool nb_jvp_scatter_mul(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out);
bool nb_vjp_scatter_mul(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out);
/* scatter_min and scatter_max */
bool nb_jvp_scatter_extremal(nb_builder *b, MlirOperation op, const MlirValue *t,
                             MlirValue *out);
bool nb_vjp_scatter_extremal(nb_builder *b, MlirOperation op, const MlirValue *cts,
                             MlirValue *out);
bool nb_batch_scatter(nb_builder *b, MlirOperation op, const MlirValue *args, const int64_t *dims,
                      MlirValue *out, int64_t *out_dims);
bool nb_batch_scatter_dims(nb_builder *b, const char *name, MlirValue x, MlirValue idx,
                           MlirValue u, const int64_t *dims, const struct nb_index_dims *d,
                           const char *mode, MlirValue *out, int64_t *out_dims);

#endif
