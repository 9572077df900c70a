/* batch.c — batching (vmap): the rule table (nb_batch_table, one entry per
 * nabla op), its lookup, and the rules generic to batching that many op
 * families share (jax/_src/interpreters/batching.py).
 *
 * A rule gets an op written for one example, its operands' batched values
 * and where each carries the batch dimension (-1: the operand is the same
 * for every example), and emits the op for the whole batch. Each op
 * family's own rules live in its rules_*.c file and follow the JAX rule
 * named in their comments (jax/_src/lax/lax.py `_*_batch_rule`), with one
 * aim of their own: the batch dimension moves as little as possible,
 * because every move is a transpose the CPU pipeline cannot fuse away. So
 * shape ops (broadcast_in_dim, reshape, transpose, slice, pad, reductions)
 * rewrite their dimension attributes around the batch dimension wherever it
 * is, dot_general turns it into a batch or free dimension of the
 * contraction (never a loop), and an elementwise op broadcasts its
 * unbatched operands to the batched ones' layout rather than transposing
 * the batched ones (batch_elementwise, here). Rules emit nabla ops only, so
 * a vmapped function can be differentiated or vmapped again. */
#include "ad_rules.h"

#include <string.h>

#include "dialect.h"

enum { MAX_OPERANDS = 8 };

static MlirType ans_type(MlirOperation op) { return mlirValueGetType(mlirOperationGetResult(op, 0)); }

/* ---- the generic rules ---- */

/* iota, constant: no operands, so never batched (JAX: not mapped). */
static bool batch_unbatched(nb_builder *b, MlirOperation op, const MlirValue *args,
                            const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  (void)b, (void)args, (void)dims;
  out[0] = mlirOperationGetResult(op, 0);
  out_dims[0] = -1;
  return true;
}

/* batching.broadcast_batcher, for every elementwise op (unary, binary,
 * compare, select, convert, integer_pow, stop_gradient, the integer and
 * bit-level ops but threefry2x32). Operands batched at
 * one dim keep it; otherwise the dim most operands already use wins, the
 * others are transposed to it, and unbatched operands are broadcast to it
 * (which lowering fuses into the op) instead of moving the batched ones. */
static bool batch_elementwise(nb_builder *b, MlirOperation op, const MlirValue *args,
                              const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int n = (int)mlirOperationGetNumOperands(op), best = -1, best_count = 0;
  for (int i = 0; i < n; i++) {
    int count = 0;
    for (int j = 0; j < n && dims[i] >= 0; j++)
      count += dims[j] == dims[i];
    if (count > best_count)
      best = i, best_count = count;
  }
  int64_t d = dims[best], size = nb_batch_size(args, dims, n);
  MlirValue xs[MAX_OPERANDS];
  for (int i = 0; i < n; i++)
    xs[i] = nb_batch_move(b, args[i], dims[i], d, size);
  out[0] = nb_ad_clone_as(b, op, xs, nb_batch_type(ans_type(op), d, size));
  out_dims[0] = d;
  return true;
}

/* ---- the table ----
 * nb_* rules come from the family files (ad_rules.h). */

#define EW batch_elementwise
const nb_batch_entry nb_batch_table[] = {
    {"nabla.neg", EW},          {"nabla.abs", EW},         {"nabla.sign", EW},
    {"nabla.exp", EW},          {"nabla.log", EW},         {"nabla.log1p", EW},
    {"nabla.expm1", EW},        {"nabla.tanh", EW},        {"nabla.logistic", EW},
    {"nabla.sqrt", EW},         {"nabla.rsqrt", EW},       {"nabla.sin", EW},
    {"nabla.cos", EW},          {"nabla.add", EW},         {"nabla.sub", EW},
    {"nabla.mul", EW},          {"nabla.div", EW},         {"nabla.rem", EW},
    {"nabla.pow", EW},          {"nabla.max", EW},         {"nabla.min", EW},
    {"nabla.integer_pow", EW},  {"nabla.constant", batch_unbatched},
    {"nabla.iota", batch_unbatched},
    {"nabla.compare", EW},
    {"nabla.select", EW},
    {"nabla.convert", EW},
    {"nabla.broadcast_in_dim", nb_batch_broadcast_in_dim},
    {"nabla.reshape", nb_batch_reshape},
    {"nabla.transpose", nb_batch_transpose},
    {"nabla.slice", nb_batch_slice},
    {"nabla.pad", nb_batch_pad},
    {"nabla.reduce_sum", nb_batch_reduce},
    {"nabla.reduce_max", nb_batch_reduce},
    {"nabla.reduce_min", nb_batch_reduce},
    {"nabla.dot_general", nb_batch_dot_general},
    {"nabla.stop_gradient", EW},
    {"nabla.and", EW},          {"nabla.or", EW},          {"nabla.xor", EW},
    {"nabla.not", EW},          {"nabla.shift_left", EW},
    {"nabla.shift_right_logical", EW},
    {"nabla.shift_right_arithmetic", EW},
    {"nabla.bitcast_convert", EW},
    {"nabla.erf_inv", EW},
    {"nabla.fma", EW},
    {"nabla.tan", EW},          {"nabla.exp2", EW},        {"nabla.erf", EW},
    {"nabla.erfc", EW},
    {"nabla.floor", EW},        {"nabla.ceil", EW},        {"nabla.is_finite", EW},
    {"nabla.atan2", EW},
    {"nabla.threefry2x32", nb_batch_threefry2x32},
    {"nabla.sort_key_val", nb_batch_sort_key_val},
    {"nabla.dynamic_slice", nb_batch_dynamic_slice},
    {"nabla.dynamic_update_slice", nb_batch_dynamic_update_slice},
    {"nabla.rev", nb_batch_rev},
    {"nabla.concatenate", nb_batch_concatenate},
    {"nabla.argmax", nb_batch_argminmax},
    {"nabla.argmin", nb_batch_argminmax},
    {"nabla.gather", nb_batch_gather},
    {"nabla.scatter", nb_batch_scatter},
    {"nabla.scatter_add", nb_batch_scatter},
    {"nabla.scatter_mul", nb_batch_scatter},
    {"nabla.scatter_min", nb_batch_scatter},
    {"nabla.scatter_max", nb_batch_scatter},
    {"nabla.round", EW},
    {"nabla.clamp", nb_batch_clamp},
    {"nabla.nextafter", EW},
    {"nabla.reduce_prod", nb_batch_reduce},
    {"nabla.cumsum", nb_batch_cumulative},
    {"nabla.cumprod", nb_batch_cumulative},
    {"nabla.cummax", nb_batch_cumulative},
    {"nabla.cummin", nb_batch_cumulative},
    {"nabla.sort", nb_batch_sort},
    {NULL, NULL},
};
#undef EW

const nb_batch_entry *nb_find_batch(const char *op_name) {
  for (const nb_batch_entry *e = nb_batch_table; e->name; e++)
    if (strcmp(e->name, op_name) == 0)
      return e;
  return NULL;
}
