/* vjp.c — reverse-mode rules: one entry per nabla op (nb_vjp_table).
 *
 * JAX gets reverse mode by transposing its linear JVPs; we write each
 * transpose directly, naming the JAX transpose rule it follows. Elementwise
 * partials are diagonal, so they are their own transpose (nb_ad_partial,
 * shared with jvp.c). Structural ops undo themselves: broadcasting sums,
 * slicing pads with zeros, padding slices, transposing permutes back,
 * dot_general contracts the cotangent with the other operand. Integer and
 * bool operands get no cotangent (null), nor do predicates and indices. */
#include "ad_rules.h"

#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"

enum { MAX_RANK = NB_IR_MAX_RANK };

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirValue ans(MlirOperation op) { return mlirOperationGetResult(op, 0); }
static MlirType type_of(MlirValue v) { return mlirValueGetType(v); }
static int rank_of(MlirValue v) { return (int)mlirShapedTypeGetRank(type_of(v)); }
static int64_t dim_of(MlirValue v, int i) { return mlirShapedTypeGetDimSize(type_of(v), i); }

/* A rank-0 tensor of x's element type holding v. */
static MlirValue scalar_like(nb_builder *b, MlirValue x, double v) {
  MlirType t = mlirRankedTensorTypeGet(0, NULL, mlirShapedTypeGetElementType(type_of(x)),
                                       mlirAttributeGetNull());
  return nbb_full(b, t, v);
}

MlirValue nb_ad_pad(nb_builder *b, MlirValue x, MlirValue value, const int64_t *lo,
                    const int64_t *hi, const int64_t *interior) {
  int rank = rank_of(x);
  int64_t dims[MAX_RANK];
  for (int i = 0; i < rank; i++) {
    int64_t d = dim_of(x, i);
    dims[i] = lo[i] + hi[i] + d + (d > 0 ? (d - 1) * interior[i] : 0);
  }
  MlirValue xs[2] = {x, value};
  MlirNamedAttribute a[3] = {
      nb_named(b->ctx, "edge_padding_low", mlirDenseI64ArrayGet(b->ctx, rank, lo)),
      nb_named(b->ctx, "edge_padding_high", mlirDenseI64ArrayGet(b->ctx, rank, hi)),
      nb_named(b->ctx, "interior_padding", mlirDenseI64ArrayGet(b->ctx, rank, interior))};
  MlirType t = mlirRankedTensorTypeGet(rank, dims, mlirShapedTypeGetElementType(type_of(x)),
                                       mlirAttributeGetNull());
  return nbb_op(b, "nabla.pad", 2, xs, t, 3, a);
}

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

/* ---- rules ---- */

/* Elementwise ops: each float operand gets ct * df/dx_i (ad.defjvp's
 * transpose). */
static bool vjp_elementwise(nb_builder *b, MlirOperation op, const MlirValue *cts,
                            MlirValue *out) {
  for (int i = 0; i < mlirOperationGetNumOperands(op); i++)
    out[i] = nb_ad_is_float(arg(op, i)) && nb_ad_is_float(ans(op))
                 ? nb_ad_partial(b, op, i, cts[0])
                 : (MlirValue){NULL};
  return true;
}

/* sign, compare, iota, constant, stop_gradient: nothing flows back. */
static bool vjp_none(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  (void)b, (void)cts;
  for (int i = 0; i < mlirOperationGetNumOperands(op); i++)
    out[i] = (MlirValue){NULL};
  return true;
}

/* _select_transpose_rule: the cotangent goes to the branch that was taken. */
static bool vjp_select(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  vjp_none(b, op, cts, out);
  if (!nb_ad_is_float(ans(op)))
    return true;
  MlirValue zeros = nbb_zeros(b, type_of(ans(op)));
  out[1] = nbb_select(b, arg(op, 0), cts[0], zeros);
  out[2] = nbb_select(b, arg(op, 0), zeros, cts[0]);
  return true;
}

/* _convert_element_type_transpose_rule: convert back, float <-> float only. */
static bool vjp_convert(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = (MlirValue){NULL};
  if (nb_ad_is_float(arg(op, 0)) && nb_ad_is_float(ans(op)))
    out[0] = nbb_convert(b, cts[0], mlirShapedTypeGetElementType(type_of(arg(op, 0))));
  return true;
}

/* _broadcast_in_dim_transpose_rule: sum over added and stretched dims. */
static bool vjp_broadcast_in_dim(nb_builder *b, MlirOperation op, const MlirValue *cts,
                                 MlirValue *out) {
  int64_t dims[MAX_RANK];
  int n = nb_ad_i64s(op, "broadcast_dimensions", dims);
  out[0] = nb_ad_is_float(ans(op)) ? nbb_unbroadcast(b, cts[0], type_of(arg(op, 0)), n, dims)
                                    : (MlirValue){NULL};
  return true;
}

/* _reshape_transpose_rule */
static bool vjp_reshape(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = nb_ad_is_float(ans(op)) ? nbb_reshape(b, cts[0], type_of(arg(op, 0)))
                                    : (MlirValue){NULL};
  return true;
}

/* _transpose_transpose_rule: the inverse permutation. */
static bool vjp_transpose(nb_builder *b, MlirOperation op, const MlirValue *cts,
                          MlirValue *out) {
  int64_t perm[MAX_RANK], inv[MAX_RANK];
  int n = nb_ad_i64s(op, "permutation", perm);
  for (int i = 0; i < n; i++)
    inv[perm[i]] = i;
  out[0] = nb_ad_is_float(ans(op)) ? nbb_transpose(b, cts[0], n, inv) : (MlirValue){NULL};
  return true;
}

/* _slice_transpose_rule: zero padding around the slice, and between the
 * taken elements (interior) for strides. */
static bool vjp_slice(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  int64_t start[MAX_RANK], strides[MAX_RANK], hi[MAX_RANK], interior[MAX_RANK];
  int n = nb_ad_i64s(op, "start_indices", start);
  nb_ad_i64s(op, "strides", strides);
  for (int i = 0; i < n; i++) {
    int64_t t = dim_of(ans(op), i);
    int64_t real_limit = start[i] + (t == 0 ? 0 : 1 + (t - 1) * strides[i]);
    hi[i] = dim_of(arg(op, 0), i) - real_limit;
    interior[i] = strides[i] - 1;
  }
  out[0] = nb_ad_pad(b, cts[0], scalar_like(b, cts[0], 0), start, hi, interior);
  return true;
}

/* _pad_transpose: x gets the strided slice it was spread into; the pad value
 * gets the sum of everything else. */
static bool vjp_pad(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = out[1] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  int64_t lo[MAX_RANK], hi[MAX_RANK], in[MAX_RANK], limit[MAX_RANK], step[MAX_RANK],
      all[MAX_RANK];
  int n = nb_ad_i64s(op, "edge_padding_low", lo);
  nb_ad_i64s(op, "edge_padding_high", hi);
  nb_ad_i64s(op, "interior_padding", in);
  for (int i = 0; i < n; i++) {
    limit[i] = dim_of(cts[0], i) - hi[i];
    step[i] = in[i] + 1;
    all[i] = i;
  }
  out[0] = nbb_slice(b, cts[0], lo, limit, step);
  MlirValue total = nbb_reduce(b, "nabla.reduce_sum", cts[0], n, all);
  MlirValue inner = nbb_reduce(b, "nabla.reduce_sum", out[0], n, all);
  out[1] = nbb_sub(b, total, inner);
  return true;
}

/* _reduce_sum_transpose_rule: broadcast back over the reduced dims. */
static bool vjp_reduce_sum(nb_builder *b, MlirOperation op, const MlirValue *cts,
                           MlirValue *out) {
  int64_t kept[MAX_RANK];
  int nk = kept_dims(op, kept);
  out[0] = nb_ad_is_float(ans(op))
               ? nbb_broadcast_in_dim(b, cts[0], type_of(arg(op, 0)), nk, kept)
               : (MlirValue){NULL};
  return true;
}

/* Transpose of _reduce_chooser_jvp_rule: ct / counts spread over the tied
 * extrema. */
static bool vjp_chooser(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  int64_t kept[MAX_RANK];
  int nk = kept_dims(op, kept);
  MlirValue mask, counts;
  nb_ad_chooser_mask(b, op, &mask, &counts);
  MlirValue share = nbb_div(b, cts[0], counts);
  out[0] = nbb_mul(b, nbb_broadcast_in_dim(b, share, type_of(arg(op, 0)), nk, kept), mask);
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
static bool vjp_dot_general(nb_builder *b, MlirOperation op, const MlirValue *cts,
                            MlirValue *out) {
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

#define EW vjp_elementwise
const nb_vjp_entry nb_vjp_table[] = {
    {"nabla.neg", EW},          {"nabla.abs", EW},         {"nabla.sign", vjp_none},
    {"nabla.exp", EW},          {"nabla.log", EW},         {"nabla.log1p", EW},
    {"nabla.expm1", EW},        {"nabla.tanh", EW},        {"nabla.logistic", EW},
    {"nabla.sqrt", EW},         {"nabla.rsqrt", EW},       {"nabla.sin", EW},
    {"nabla.cos", EW},          {"nabla.add", EW},         {"nabla.sub", EW},
    {"nabla.mul", EW},          {"nabla.div", EW},         {"nabla.rem", EW},
    {"nabla.pow", EW},          {"nabla.max", EW},         {"nabla.min", EW},
    {"nabla.integer_pow", EW},  {"nabla.constant", vjp_none},
    {"nabla.iota", vjp_none},   {"nabla.compare", vjp_none},
    {"nabla.select", vjp_select},
    {"nabla.convert", vjp_convert},
    {"nabla.broadcast_in_dim", vjp_broadcast_in_dim},
    {"nabla.reshape", vjp_reshape},
    {"nabla.transpose", vjp_transpose},
    {"nabla.slice", vjp_slice},
    {"nabla.pad", vjp_pad},
    {"nabla.reduce_sum", vjp_reduce_sum},
    {"nabla.reduce_max", vjp_chooser},
    {"nabla.reduce_min", vjp_chooser},
    {"nabla.dot_general", vjp_dot_general},
    {"nabla.stop_gradient", vjp_none},
    {"nabla.and", vjp_none},    {"nabla.or", vjp_none},    {"nabla.xor", vjp_none},
    {"nabla.not", vjp_none},    {"nabla.shift_left", vjp_none},
    {"nabla.shift_right_logical", vjp_none},
    {"nabla.shift_right_arithmetic", vjp_none},
    {"nabla.bitcast_convert", vjp_none},
    {"nabla.threefry2x32", vjp_none},
    {"nabla.erf_inv", EW},
    {"nabla.fma", EW},
    {"nabla.sort_key_val", nb_vjp_sort_key_val},
    {NULL, NULL},
};
#undef EW

const nb_vjp_entry *nb_find_vjp(const char *op_name) {
  for (const nb_vjp_entry *e = nb_vjp_table; e->name; e++)
    if (strcmp(e->name, op_name) == 0)
      return e;
  return NULL;
}
