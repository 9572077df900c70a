/* rules_reduce.c — the reductions' and dot_general's rules: reduce_sum,
 * reduce_max/min and dot_general (a contraction: a sum of products).
 *
 * reduce_sum is linear (its JVP is jvp.c's generic jvp_linear) and its
 * transpose broadcasts back; reduce_max/min differentiate through where the
 * extrema are (JAX's _reduce_chooser_jvp_rule, ties share); dot_general is
 * bilinear, and its transpose contracts the cotangent with the other
 * operand. Batching renumbers the reduced or contracted dims around the
 * batch dimension, which for dot_general becomes a batch or free dimension
 * of the contraction (never a loop, no transposes). Each rule follows the
 * JAX rule named in its comment (jax/_src/lax/lax.py). */
#include "ad_rules.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"

enum { MAX_RANK = NB_IR_MAX_RANK };

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirValue ans(MlirOperation op) { return mlirOperationGetResult(op, 0); }
static MlirValue none(void) { return (MlirValue){NULL}; }
static bool is_null(MlirValue v) { return mlirValueIsNull(v); }
static MlirType type_of(MlirValue v) { return mlirValueGetType(v); }
static int rank_of(MlirValue v) { return (int)mlirShapedTypeGetRank(type_of(v)); }

/* ---- reductions ---- */

/* The operand dims a reduction keeps (broadcast_in_dim's dims back). */
static int kept_dims(MlirOperation op, int64_t *kept) {
  int64_t dims[MAX_RANK];
  int nd = nb_ad_i64s(op, "dimensions", dims), nk = 0;
  bool reduced[MAX_RANK] = {false};
  for (int i = 0; i < nd; i++)
    reduced[dims[i]] = true;
  for (int i = 0; i < rank_of(arg(op, 0)); i++)
    if (!reduced[i])
      kept[nk++] = i;
  return nk;
}

/* reduce_max/min's JVP and VJP both need where the chosen elements are:
 * mask = (x == broadcast(result)) as x's float type, and its count per
 * result element (JAX's _reduce_chooser_jvp_rule). */
static void chooser_mask(nb_builder *b, MlirOperation op, MlirValue *mask, MlirValue *counts) {
  MlirValue x = arg(op, 0);
  int64_t dims[MAX_RANK], kept[MAX_RANK];
  int nd = nb_ad_i64s(op, "dimensions", dims), nk = 0;
  bool reduced[MAX_RANK] = {false};
  for (int i = 0; i < nd; i++)
    reduced[dims[i]] = true;
  for (int i = 0; i < mlirShapedTypeGetRank(mlirValueGetType(x)); i++)
    if (!reduced[i])
      kept[nk++] = i;
  MlirValue wide = nbb_broadcast_in_dim(b, ans(op), mlirValueGetType(x), nk, kept);
  MlirType el = mlirShapedTypeGetElementType(mlirValueGetType(x));
  *mask = nbb_convert(b, nbb_compare(b, "eq", x, wide), el);
  *counts = nbb_reduce(b, "nabla.reduce_sum", *mask, nd, dims);
}

/* _reduce_sum_transpose_rule: broadcast back over the reduced dims. */
bool nb_vjp_reduce_sum(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  int64_t kept[MAX_RANK];
  int nk = kept_dims(op, kept);
  out[0] = nb_ad_is_float(ans(op))
               ? nbb_broadcast_in_dim(b, cts[0], type_of(arg(op, 0)), nk, kept)
               : (MlirValue){NULL};
  return true;
}

/* _reduce_chooser_jvp_rule: the tangent averaged over the tied extrema. */
bool nb_jvp_reduce_chooser(nb_builder *b, MlirOperation op, const MlirValue *t,
                           MlirValue *out) {
  out[0] = none();
  if (is_null(t[0]) || !nb_ad_is_float(ans(op)))
    return true;
  MlirValue mask, counts;
  int64_t dims[MAX_RANK];
  int nd = nb_ad_i64s(op, "dimensions", dims);
  chooser_mask(b, op, &mask, &counts);
  MlirValue picked = nbb_reduce(b, "nabla.reduce_sum", nbb_mul(b, t[0], mask), nd, dims);
  out[0] = nbb_div(b, picked, counts);
  return true;
}

/* Transpose of _reduce_chooser_jvp_rule: ct / counts spread over the tied
 * extrema. */
bool nb_vjp_reduce_chooser(nb_builder *b, MlirOperation op, const MlirValue *cts,
                           MlirValue *out) {
  out[0] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  int64_t kept[MAX_RANK];
  int nk = kept_dims(op, kept);
  MlirValue mask, counts;
  chooser_mask(b, op, &mask, &counts);
  MlirValue share = nbb_div(b, cts[0], counts);
  out[0] = nbb_mul(b, nbb_broadcast_in_dim(b, share, type_of(arg(op, 0)), nk, kept), mask);
  return true;
}

/* _reduce_batch_rule (reducer_batcher): the reduced dims renumbered around
 * the batch dim, which stays where the remaining dims put it. */
bool nb_batch_reduce(nb_builder *b, MlirOperation op, const MlirValue *args,
                     const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t rd[MAX_RANK], d = dims[0], before = 0;
  int n = nb_ad_i64s(op, "dimensions", rd);
  for (int i = 0; i < n; i++) {
    rd[i] = nb_batch_bump(rd[i], d);
    before += rd[i] < d;
  }
  out[0] = nbb_reduce(b, nb_op_name(op), args[0], n, rd);
  out_dims[0] = d - before;
  return true;
}

/* batching.defreducer for argmax/argmin: the axis shifts past the batch
 * dim, which stays, one place lower if the axis was before it. */
bool nb_batch_argminmax(nb_builder *b, MlirOperation op, const MlirValue *args,
                        const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t d = dims[0], size = nb_batch_size(args, dims, 1);
  int64_t axis = nb_batch_bump(
      mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(
          op, mlirStringRefCreateFromCString("axis"))), d);
  MlirNamedAttribute a = nb_named(
      b->ctx, "axis", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), axis));
  out_dims[0] = axis < d ? d - 1 : d;
  out[0] = nbb_op(b, nb_op_name(op), 1, &args[0],
                  nb_batch_type(mlirValueGetType(ans(op)), out_dims[0], size), 1, &a);
  return true;
}

/* ---- dot_general ---- */

/* dot_general is bilinear (ad.defbilinear): dot(tx, y) + dot(x, ty). */
bool nb_jvp_dot_general(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if (!nb_ad_is_float(ans(op)))
    return true;
  for (int i = 0; i < 2; i++) {
    if (is_null(t[i]))
      continue;
    MlirValue xs[2] = {arg(op, 0), arg(op, 1)};
    xs[i] = t[i];
    MlirValue term = nb_ad_clone(b, op, xs);
    out[0] = is_null(out[0]) ? term : nbb_add(b, out[0], term);
  }
  return true;
}

/* Dims of 0..rank-1 in neither list, ascending (JAX's `remaining`). */
static int remaining(int rank, const int64_t *a, int na, const int64_t *c, int nc,
                     int64_t *out) {
  bool used[MAX_RANK] = {false};
  int n = 0;
  for (int i = 0; i < na; i++)
    used[a[i]] = true;
  for (int i = 0; i < nc; i++)
    used[c[i]] = true;
  for (int i = 0; i < rank; i++)
    if (!used[i])
      out[n++] = i;
  return n;
}

/* perm such that v[perm[0]] < v[perm[1]] < ... (v has distinct entries). */
static void argsort(const int64_t *v, int n, int64_t *perm) {
  for (int i = 0; i < n; i++) {
    int rank = 0;
    for (int j = 0; j < n; j++)
      rank += v[j] < v[i];
    perm[rank] = i;
  }
}

/* _dot_general_transpose_lhs: contract g with y over y's kept dims, then
 * permute the result (batch, x kept, x contracting in y's order) into x's
 * dim order. With swap_ans, g's free dims come rhs-first (the rhs rule). */
static MlirValue dot_transpose_lhs(nb_builder *b, MlirValue g, MlirValue x, MlirValue y,
                                   const int64_t *xc, const int64_t *yc, int nc,
                                   const int64_t *xb, const int64_t *yb, int nbatch,
                                   bool swap_ans) {
  int64_t x_kept[MAX_RANK], y_kept[MAX_RANK], order[MAX_RANK], unsorted[MAX_RANK],
      out_axes[MAX_RANK];
  int nxk = remaining(rank_of(x), xc, nc, xb, nbatch, x_kept);
  int nyk = remaining(rank_of(y), yc, nc, yb, nbatch, y_kept);
  nbb_dot_dims d = {.n_lc = nyk, .n_rc = nyk, .n_lb = nbatch, .n_rb = nbatch};
  int ans_y = nbatch + (swap_ans ? 0 : nxk);
  for (int i = 0; i < nyk; i++) {
    d.lc[i] = ans_y + i;
    d.rc[i] = y_kept[i];
  }
  for (int i = 0; i < nbatch; i++) {
    d.lb[i] = i;
    d.rb[i] = yb[i];
  }
  MlirValue prod = nbb_dot_general(b, g, y, &d);
  int n = 0;
  for (int i = 0; i < nbatch; i++)
    unsorted[n++] = xb[i];
  for (int i = 0; i < nxk; i++)
    unsorted[n++] = x_kept[i];
  argsort(yc, nc, order);
  for (int i = 0; i < nc; i++)
    unsorted[n++] = xc[order[i]];
  argsort(unsorted, n, out_axes);
  return nbb_transpose(b, prod, n, out_axes);
}

/* _dot_general_transpose_lhs / _rhs (the rhs one swaps the operands). */
bool nb_vjp_dot_general(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = out[1] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  int64_t lc[MAX_RANK], rc[MAX_RANK], lb[MAX_RANK], rb[MAX_RANK];
  int nc = nb_ad_i64s(op, "lhs_contracting_dimensions", lc);
  nb_ad_i64s(op, "rhs_contracting_dimensions", rc);
  int nbatch = nb_ad_i64s(op, "lhs_batch_dimensions", lb);
  nb_ad_i64s(op, "rhs_batch_dimensions", rb);
  MlirValue x = arg(op, 0), y = arg(op, 1);
  out[0] = dot_transpose_lhs(b, cts[0], x, y, lc, rc, nc, lb, rb, nbatch, false);
  out[1] = dot_transpose_lhs(b, cts[0], y, x, rc, lc, nc, rb, lb, nbatch, true);
  return true;
}

/* _dot_general_batch_rule (_dot_general_batch_dim_nums): both operands
 * batched -> one more batch dimension pair, first in the result; one
 * batched -> its batch dim is a free dim of the contraction, and the result
 * has it where dot_general's shape rule puts that free dim. No transposes. */
bool nb_batch_dot_general(nb_builder *b, MlirOperation op, const MlirValue *args,
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
  for (int i = 0; i < nlb; i++) dn.lb[dn.n_lb++] = ld >= 0 ? nb_batch_bump(lb[i], ld) : lb[i];
  for (int i = 0; i < nrb; i++) dn.rb[dn.n_rb++] = rd >= 0 ? nb_batch_bump(rb[i], rd) : rb[i];
  for (int i = 0; i < nlc; i++) dn.lc[dn.n_lc++] = ld >= 0 ? nb_batch_bump(lc[i], ld) : lc[i];
  for (int i = 0; i < nrc; i++) dn.rc[dn.n_rc++] = rd >= 0 ? nb_batch_bump(rc[i], rd) : rc[i];
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
    pos += rank_of(args[0]) - nlb - nlc;
  out_dims[0] = pos;
  return true;
}
