/* batch.c — batching (vmap) rules: one entry per nabla op (nb_batch_table).
 *
 * A rule gets an op written for one example, its operands' batched values
 * and where each carries the batch dimension (-1: the operand is the same
 * for every example), and emits the op for the whole batch. Each follows
 * the JAX rule named in its comment (jax/_src/lax/lax.py `_*_batch_rule`,
 * jax/_src/interpreters/batching.py), with one aim of its own: the batch
 * dimension moves as little as possible, because every move is a transpose
 * the CPU pipeline cannot fuse away. So shape ops (broadcast_in_dim,
 * reshape, transpose, slice, pad, reductions) rewrite their dimension
 * attributes around the batch dimension wherever it is, dot_general turns it
 * into a batch or free dimension of the contraction (never a loop), and an
 * elementwise op broadcasts its unbatched operands to the batched ones'
 * layout rather than transposing the batched ones. Rules emit nabla ops
 * only, so a vmapped function can be differentiated or vmapped again. */
#include "autodiff.h"

#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "ad_rules.h"
#include "dialect.h"

enum { MAX_RANK = NB_IR_MAX_RANK, MAX_OPERANDS = 8 };

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirType ans_type(MlirOperation op) { return mlirValueGetType(mlirOperationGetResult(op, 0)); }
static int rank_of(MlirType t) { return (int)mlirShapedTypeGetRank(t); }
static int64_t dim_of(MlirType t, int i) { return mlirShapedTypeGetDimSize(t, i); }

/* The batch size: the batch dimension of any batched operand. */
static int64_t batch_size(const MlirValue *args, const int64_t *dims, int n) {
  for (int i = 0; i < n; i++)
    if (dims[i] >= 0)
      return dim_of(mlirValueGetType(args[i]), (int)dims[i]);
  return 1;
}

/* op again, on new operands and with a new result type (attributes kept). */
static MlirValue clone_as(nb_builder *b, MlirOperation op, const MlirValue *operands,
                          MlirType result) {
  intptr_t na = mlirOperationGetNumAttributes(op);
  MlirNamedAttribute attrs[na > 0 ? na : 1];
  for (intptr_t i = 0; i < na; i++)
    attrs[i] = mlirOperationGetAttribute(op, i);
  return nbb_op(b, nb_op_name(op), (int)mlirOperationGetNumOperands(op), operands, result,
                (int)na, attrs);
}

/* Renumbers unbatched dims of an operand batched at bd (dims at or after it
 * move up by one): JAX's bump_dims. */
static int64_t bump(int64_t d, int64_t bd) { return d >= bd ? d + 1 : d; }

/* ---- rules ---- */

/* iota, constant: no operands, so never batched (JAX: not mapped). */
static bool batch_unbatched(nb_builder *b, MlirOperation op, const MlirValue *args,
                            const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  (void)b, (void)args, (void)dims;
  out[0] = mlirOperationGetResult(op, 0);
  out_dims[0] = -1;
  return true;
}

/* batching.broadcast_batcher, for every elementwise op (unary, binary,
 * compare, select, convert, integer_pow, stop_gradient). Operands batched at
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
  int64_t d = dims[best], size = batch_size(args, dims, n);
  MlirValue xs[MAX_OPERANDS];
  for (int i = 0; i < n; i++)
    xs[i] = nb_batch_move(b, args[i], dims[i], d, size);
  out[0] = clone_as(b, op, xs, nb_batch_type(ans_type(op), d, size));
  out_dims[0] = d;
  return true;
}

/* threefry2x32 is elementwise with two results: the four operands meet at
 * one batch dim (as batch_elementwise does), both results carry it. */
static bool batch_threefry(nb_builder *b, MlirOperation op, const MlirValue *args,
                           const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t d = -1, size = batch_size(args, dims, 4);
  for (int i = 0; i < 4 && d < 0; i++)
    d = dims[i];
  MlirValue xs[4];
  for (int i = 0; i < 4; i++)
    xs[i] = nb_batch_move(b, args[i], dims[i], d, size);
  MlirType t = nb_batch_type(ans_type(op), d, size), ts[2] = {t, t};
  MlirOperation c = nb_build_op(b, "nabla.threefry2x32", 4, xs, 2, ts, 0, NULL);
  for (int j = 0; j < 2; j++) {
    out[j] = mlirOperationGetResult(c, j);
    out_dims[j] = d;
  }
  return true;
}

/* _broadcast_in_dim_batch_rule, without its moveaxis: the batch dim goes to
 * a result position that keeps broadcast_dimensions increasing, the same
 * position as in the operand when that is allowed. */
static bool batch_broadcast_in_dim(nb_builder *b, MlirOperation op, const MlirValue *args,
                                   const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t bd[MAX_RANK], nbd[MAX_RANK + 1], d = dims[0];
  int r = nb_ad_i64s(op, "broadcast_dimensions", bd);
  int64_t size = batch_size(args, dims, 1);
  int64_t lo = d == 0 ? 0 : bd[d - 1] + 1, hi = d == r ? rank_of(ans_type(op)) : bd[d];
  int64_t p = d < lo ? lo : d > hi ? hi : d;
  for (int k = 0; k <= r; k++)
    nbd[k] = k < d ? bd[k] : k == d ? p : bd[k - 1] + 1;
  out[0] = nbb_broadcast_in_dim(b, args[0], nb_batch_type(ans_type(op), p, size), r + 1, nbd);
  out_dims[0] = p;
  return true;
}

/* _reshape_batch_rule moves the batch dim to the front first. That is only
 * needed when the dims before it are regrouped: if the result has a prefix
 * with as many elements as the operand's dims before the batch dim, the
 * reshape leaves the batch dim alone and it sits after that prefix. */
static bool batch_reshape(nb_builder *b, MlirOperation op, const MlirValue *args,
                          const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  MlirType in = mlirValueGetType(arg(op, 0)), to = ans_type(op);
  int64_t d = dims[0], size = batch_size(args, dims, 1), before = 1, prefix = 1, k = -1;
  for (int i = 0; i < d; i++)
    before *= dim_of(in, i);
  for (int q = 0; q <= rank_of(to); q++) {
    if (prefix == before && (k < 0 || q == d))
      k = q;
    if (q < rank_of(to))
      prefix *= dim_of(to, q);
  }
  MlirValue x = args[0];
  if (k < 0) {
    x = nb_batch_move(b, x, d, 0, size);
    k = 0;
  }
  out[0] = nbb_reshape(b, x, nb_batch_type(to, k, size));
  out_dims[0] = k;
  return true;
}

/* _transpose_batch_rule puts the batch dim first; here it keeps its place
 * (the op moves data anyway, and a vmap whose in and out axes agree then
 * needs no final transpose). */
static bool batch_transpose(nb_builder *b, MlirOperation op, const MlirValue *args,
                            const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t perm[MAX_RANK], np[MAX_RANK + 1], d = dims[0];
  int r = nb_ad_i64s(op, "permutation", perm);
  for (int q = 0; q <= r; q++)
    np[q] = q == d ? d : bump(perm[q < d ? q : q - 1], d);
  out[0] = nbb_transpose(b, args[0], r + 1, np);
  out_dims[0] = d;
  return true;
}

/* _slice_batching_rule: the whole batch dim, stride 1. */
static bool batch_slice(nb_builder *b, MlirOperation op, const MlirValue *args,
                        const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t s[MAX_RANK], l[MAX_RANK], st[MAX_RANK];
  int64_t ns[MAX_RANK + 1], nl[MAX_RANK + 1], nst[MAX_RANK + 1], d = dims[0];
  int r = nb_ad_i64s(op, "start_indices", s);
  nb_ad_i64s(op, "limit_indices", l);
  nb_ad_i64s(op, "strides", st);
  for (int k = 0; k <= r; k++) {
    int src = k < d ? k : k - 1;
    ns[k] = k == d ? 0 : s[src];
    nl[k] = k == d ? batch_size(args, dims, 1) : l[src];
    nst[k] = k == d ? 1 : st[src];
  }
  out[0] = nbb_slice(b, args[0], ns, nl, nst);
  out_dims[0] = d;
  return true;
}

/* _pad_batch_rule: no padding along the batch dim; a batched padding value
 * (one scalar per example) is pad-with-zero then select on a mask of the
 * padded positions. */
static bool batch_pad(nb_builder *b, MlirOperation op, const MlirValue *args,
                      const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t lo[MAX_RANK + 1], hi[MAX_RANK + 1], in[MAX_RANK + 1];
  int64_t nlo[MAX_RANK + 1], nhi[MAX_RANK + 1], nin[MAX_RANK + 1];
  int r = nb_ad_i64s(op, "edge_padding_low", lo);
  nb_ad_i64s(op, "edge_padding_high", hi);
  nb_ad_i64s(op, "interior_padding", in);
  int64_t size = batch_size(args, dims, 2), d = dims[0] < 0 ? 0 : dims[0];
  MlirValue x = nb_batch_move(b, args[0], dims[0], d, size);
  for (int k = 0; k <= r; k++) {
    int src = k < d ? k : k - 1;
    nlo[k] = k == d ? 0 : lo[src];
    nhi[k] = k == d ? 0 : hi[src];
    nin[k] = k == d ? 0 : in[src];
  }
  out_dims[0] = d;
  if (dims[1] < 0) {
    out[0] = nb_ad_pad(b, x, args[1], nlo, nhi, nin);
    return true;
  }
  MlirValue zero = nbb_zeros(b, mlirValueGetType(arg(op, 1)));
  MlirValue padded = nb_ad_pad(b, x, zero, nlo, nhi, nin);
  MlirValue ones = nbb_full(b, mlirValueGetType(arg(op, 0)), 1.0);
  MlirValue inside = nb_ad_pad(b, ones, zero, lo, hi, in);
  MlirValue mask = nbb_compare(b, "ne", inside, nbb_full_like(b, inside, 0.0));
  int64_t at[1] = {d};
  MlirValue value = nbb_broadcast_in_dim(b, args[1], mlirValueGetType(padded), 1, at);
  out[0] = nbb_select(b, nb_batch_move(b, mask, -1, d, size), padded, value);
  return true;
}

/* _reduce_batch_rule (reducer_batcher): the reduced dims renumbered around
 * the batch dim, which stays where the remaining dims put it. */
static bool batch_reduce(nb_builder *b, MlirOperation op, const MlirValue *args,
                         const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t rd[MAX_RANK], d = dims[0], before = 0;
  int n = nb_ad_i64s(op, "dimensions", rd);
  for (int i = 0; i < n; i++) {
    rd[i] = bump(rd[i], d);
    before += rd[i] < d;
  }
  out[0] = nbb_reduce(b, nb_op_name(op), args[0], n, rd);
  out_dims[0] = d - before;
  return true;
}

/* _dot_general_batch_rule (_dot_general_batch_dim_nums): both operands
 * batched -> one more batch dimension pair, first in the result; one
 * batched -> its batch dim is a free dim of the contraction, and the result
 * has it where dot_general's shape rule puts that free dim. No transposes. */
static bool batch_dot_general(nb_builder *b, MlirOperation op, const MlirValue *args,
                              const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  nbb_dot_dims dn = {0};
  int64_t lb[MAX_RANK], rb[MAX_RANK], lc[MAX_RANK], rc[MAX_RANK];
  int nlb = nb_ad_i64s(op, "lhs_batch_dimensions", lb);
  int nrb = nb_ad_i64s(op, "rhs_batch_dimensions", rb);
  int nlc = nb_ad_i64s(op, "lhs_contracting_dimensions", lc);
  int nrc = nb_ad_i64s(op, "rhs_contracting_dimensions", rc);
  int64_t ld = dims[0], rd = dims[1];
  bool both = ld >= 0 && rd >= 0;
  if (both)
    dn.lb[dn.n_lb++] = ld, dn.rb[dn.n_rb++] = rd;
  for (int i = 0; i < nlb; i++) dn.lb[dn.n_lb++] = ld >= 0 ? bump(lb[i], ld) : lb[i];
  for (int i = 0; i < nrb; i++) dn.rb[dn.n_rb++] = rd >= 0 ? bump(rb[i], rd) : rb[i];
  for (int i = 0; i < nlc; i++) dn.lc[dn.n_lc++] = ld >= 0 ? bump(lc[i], ld) : lc[i];
  for (int i = 0; i < nrc; i++) dn.rc[dn.n_rc++] = rd >= 0 ? bump(rc[i], rd) : rc[i];
  out[0] = nbb_dot_general(b, args[0], args[1], &dn);
  if (both) {
    out_dims[0] = 0;
    return true;
  }
  /* Free dims of the batched side that come before its batch dim. */
  const int64_t *used[2] = {dn.lb, dn.lc};
  int n_used[2] = {dn.n_lb, dn.n_lc};
  int64_t bd = ld;
  if (rd >= 0)
    used[0] = dn.rb, used[1] = dn.rc, n_used[0] = dn.n_rb, n_used[1] = dn.n_rc, bd = rd;
  int64_t pos = nlb;
  for (int64_t k = 0; k < bd; k++) {
    bool free_dim = true;
    for (int s = 0; s < 2; s++)
      for (int i = 0; i < n_used[s]; i++)
        free_dim = free_dim && used[s][i] != k;
    pos += free_dim;
  }
  if (rd >= 0) /* after every lhs free dim */
    pos += rank_of(mlirValueGetType(args[0])) - nlb - nlc;
  out_dims[0] = pos;
  return true;
}

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
    {"nabla.broadcast_in_dim", batch_broadcast_in_dim},
    {"nabla.reshape", batch_reshape},
    {"nabla.transpose", batch_transpose},
    {"nabla.slice", batch_slice},
    {"nabla.pad", batch_pad},
    {"nabla.reduce_sum", batch_reduce},
    {"nabla.reduce_max", batch_reduce},
    {"nabla.reduce_min", batch_reduce},
    {"nabla.dot_general", batch_dot_general},
    {"nabla.stop_gradient", EW},
    {"nabla.and", EW},          {"nabla.or", EW},          {"nabla.xor", EW},
    {"nabla.not", EW},          {"nabla.shift_left", EW},
    {"nabla.shift_right_logical", EW},
    {"nabla.shift_right_arithmetic", EW},
    {"nabla.bitcast_convert", EW},
    {"nabla.erf_inv", EW},
    {"nabla.fma", EW},
    {"nabla.threefry2x32", batch_threefry},
    {"nabla.sort_key_val", nb_batch_sort_key_val},
    {NULL, NULL},
};
#undef EW

const nb_batch_entry *nb_find_batch(const char *op_name) {
  for (const nb_batch_entry *e = nb_batch_table; e->name; e++)
    if (strcmp(e->name, op_name) == 0)
      return e;
  return NULL;
}
