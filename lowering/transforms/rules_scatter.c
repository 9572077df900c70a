/* rules_scatter.c — the scatters' rules (jax/_src/lax/slicing.py, the rule
 * named in each comment): scatter_add's are linear; scatter (set) masks
 * with JAX's update ids; scatter_mul differentiates its operand; min / max
 * share the tangent among tied winners. Each VJP is the transpose of JAX's
 * tangent map, built from gathers and scatter_adds (rules_gather.c). */
#include "ad_rules.h"

#include <stdio.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <mlir-c/Diagnostics.h>

#include "index_dims.h"

enum { MAX_RANK = NB_IR_MAX_RANK };

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirType type_of(MlirValue v) { return mlirValueGetType(v); }
static int rank_of(MlirValue v) { return (int)mlirShapedTypeGetRank(type_of(v)); }
static int64_t dim_of(MlirValue v, int i) { return mlirShapedTypeGetDimSize(type_of(v), i); }
static MlirValue none(void) { return (MlirValue){NULL}; }

static bool rule_error(MlirOperation op, const char *msg) {
  char buf[320];
  snprintf(buf, sizeof buf, "%s: %s", nb_op_name(op), msg);
  mlirEmitError(mlirOperationGetLocation(op), buf);
  return false;
}

/* ---- scatter_add ---- */


/* _scatter_addsub_jvp: scatter_add of the tangents (zeros for a null one). */
bool nb_jvp_scatter_add(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if ((mlirValueIsNull(t[0]) && mlirValueIsNull(t[2])) || !nb_ad_is_float(arg(op, 0)))
    return true;
  MlirValue ops[3] = {t[0], arg(op, 1), t[2]};
  for (int i = 0; i < 3; i += 2)
    if (mlirValueIsNull(ops[i]))
      ops[i] = nbb_zeros(b, type_of(arg(op, i)));
  out[0] = nb_ad_clone(b, op, ops);
  return true;
}

/* _scatter_addsub_transpose_rule: the operand gets ct, the updates get the
 * windows of ct they were added to (0 for a dropped one). */
bool nb_vjp_scatter_add(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = out[1] = out[2] = none();
  if (!nb_ad_is_float(arg(op, 0)))
    return true;
  nb_index_dims d;
  char mode[16];
  int64_t udims[MAX_RANK], sizes[MAX_RANK];
  nb_ad_index_dims(op, nb_scatter_dim_names, &d);
  nb_ad_index_mode(op, mode, sizeof mode);
  MlirValue u = arg(op, 2);
  for (int i = 0; i < rank_of(u); i++)
    udims[i] = dim_of(u, i);
  nb_scatter_window(&d, rank_of(arg(op, 0)), udims, sizes);
  out[0] = cts[0];
  out[2] = nbb_gather(b, cts[0], arg(op, 1), &d, sizes, strcmp(mode, "clip") ? "fill_zero" : "clip");
  return true;
}

/* The scatter's op, its dims, mode, and the gather that reads its windows
 * back (the inverse of JAX's rules: offset_dims = update_window_dims, ...). */
typedef struct {
  MlirOperation op;
  nb_index_dims d;
  int64_t sizes[MAX_RANK];
  char mode[16];
} scatter_info;

static void scatter_info_of(MlirOperation op, scatter_info *s) {
  int64_t udims[MAX_RANK];
  MlirValue u = arg(op, 2);
  s->op = op;
  nb_ad_index_dims(op, nb_scatter_dim_names, &s->d);
  nb_ad_index_mode(op, s->mode, sizeof s->mode);
  for (int i = 0; i < rank_of(u); i++)
    udims[i] = dim_of(u, i);
  nb_scatter_window(&s->d, rank_of(arg(op, 0)), udims, s->sizes);
}

/* gather(v, indices) of the scatter's windows: "clip" as JAX's rules' own
 * gathers (PROMISE_IN_BOUNDS), or as the transpose of the scatter's mode. */
static MlirValue windows(nb_builder *b, const scatter_info *s, MlirValue v, bool transpose) {
  const char *mode = transpose && strcmp(s->mode, "clip") ? "fill_zero" : "clip";
  return nbb_gather(b, v, arg(s->op, 1), &s->d, s->sizes, mode);
}

static MlirValue scatter_add(nb_builder *b, const scatter_info *s, MlirValue x, MlirValue u,
                             const char *mode) {
  return nbb_scatter(b, "nabla.scatter_add", x, arg(s->op, 1), u, &s->d, mode);
}

static MlirValue masked(nb_builder *b, MlirValue mask, MlirValue v) {
  return nbb_select(b, mask, v, nbb_zeros(b, type_of(v)));
}

static MlirValue or_zeros(nb_builder *b, MlirValue t, MlirValue like) {
  return mlirValueIsNull(t) ? nbb_zeros(b, type_of(like)) : t;
}

/* ---- scatter (set) ----
 * _scatter_jvp for indices not promised unique: every update gets an id
 * (1 + its row-major position among the updates' scatter positions), the
 * ids are scattered like the updates, and gathering them back tells which
 * update won each element (mu) and which operand elements no update wrote
 * (mx). The tangent is scatter_add(mx ? g_x : 0, mu ? g_u : 0), linear in
 * (g_x, g_u): the VJP is its transpose. */
static void set_masks(nb_builder *b, const scatter_info *s, MlirValue *mx, MlirValue *mu) {
  MlirValue u = arg(s->op, 2), x = arg(s->op, 0);
  int ur = rank_of(u);
  int64_t udims[MAX_RANK], stride = 1;
  for (int i = 0; i < ur; i++)
    udims[i] = dim_of(u, i);
  MlirType i32 = mlirIntegerTypeGet(b->ctx, 32);
  MlirType it = mlirRankedTensorTypeGet(ur, udims, i32, mlirAttributeGetNull());
  MlirValue ids = nbb_full(b, it, 1);
  for (int k = ur - 1; k >= 0; k--) {
    bool window = false;
    for (int j = 0; j < s->d.n_offset; j++)
      window |= s->d.offset[j] == k;
    if (window)
      continue;
    MlirNamedAttribute a =
        nb_named(b->ctx, "dimension", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), k));
    MlirValue iota = nbb_op(b, "nabla.iota", 0, NULL, it, 1, &a);
    ids = nbb_add(b, ids, nbb_mul(b, iota, nbb_full(b, it, (double)stride)));
    stride *= udims[k];
  }
  int64_t xdims[MAX_RANK];
  for (int i = 0; i < rank_of(x); i++)
    xdims[i] = dim_of(x, i);
  MlirType xt = mlirRankedTensorTypeGet(rank_of(x), xdims, i32, mlirAttributeGetNull());
  MlirValue sids = nbb_scatter(b, "nabla.scatter", nbb_zeros(b, xt), arg(s->op, 1), ids, &s->d,
                               s->mode);
  *mx = nbb_compare(b, "eq", sids, nbb_zeros(b, xt));
  *mu = nbb_compare(b, "eq", ids, windows(b, s, sids, false));
}

bool nb_jvp_scatter(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if ((mlirValueIsNull(t[0]) && mlirValueIsNull(t[2])) || !nb_ad_is_float(arg(op, 0)))
    return true;
  scatter_info s;
  scatter_info_of(op, &s);
  MlirValue mx, mu;
  set_masks(b, &s, &mx, &mu);
  out[0] = scatter_add(b, &s, masked(b, mx, or_zeros(b, t[0], arg(op, 0))),
                       masked(b, mu, or_zeros(b, t[2], arg(op, 2))), s.mode);
  return true;
}

bool nb_vjp_scatter(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = out[1] = out[2] = none();
  if (!nb_ad_is_float(arg(op, 0)))
    return true;
  scatter_info s;
  scatter_info_of(op, &s);
  MlirValue mx, mu;
  set_masks(b, &s, &mx, &mu);
  out[0] = masked(b, mx, cts[0]);
  out[2] = masked(b, mu, windows(b, &s, cts[0], true));
  return true;
}

/* ---- scatter_mul ----
 * JAX: the operand's tangent is scatter_mul(g, i, updates); the updates'
 * derivative needs unique_indices=True (NotImplementedError otherwise), a
 * promise nb_scatter cannot make: an error at compile time, unless the
 * updates are a constant (they then need no derivative). */
static bool updates_constant(MlirOperation op) {
  /* through the ops the DSL puts around a constant (a broadcast scalar) */
  static const char *const through[] = {"nabla.broadcast_in_dim", "nabla.reshape",
                                        "nabla.convert", "nabla.transpose"};
  MlirValue u = arg(op, 2);
  while (mlirValueIsAOpResult(u)) {
    MlirOperation def = mlirOpResultGetOwner(u);
    const char *name = nb_op_name(def);
    if (strcmp(name, "nabla.constant") == 0)
      return true;
    bool pass = false;
    for (size_t i = 0; i < sizeof through / sizeof *through; i++)
      pass |= strcmp(name, through[i]) == 0;
    if (!pass)
      return false;
    u = mlirOperationGetOperand(def, 0);
  }
  return false;
}

static bool mul_updates_error(MlirOperation op) {
  return rule_error(op, "the derivative with respect to the updates is not defined for indices "
                        "that may repeat (JAX's scatter_mul needs unique_indices=True); make the "
                        "updates a constant or use scatter_add of logs");
}

bool nb_jvp_scatter_mul(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = none();
  if ((mlirValueIsNull(t[0]) && mlirValueIsNull(t[2])) || !nb_ad_is_float(arg(op, 0)))
    return true;
  if (!mlirValueIsNull(t[2]))
    return mul_updates_error(op);
  MlirValue ops[3] = {t[0], arg(op, 1), arg(op, 2)};
  out[0] = nb_ad_clone(b, op, ops);
  return true;
}

bool nb_vjp_scatter_mul(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = out[1] = out[2] = none();
  if (!nb_ad_is_float(arg(op, 0)))
    return true;
  if (!updates_constant(op))
    return mul_updates_error(op);
  MlirValue ops[3] = {cts[0], arg(op, 1), arg(op, 2)};
  out[0] = nb_ad_clone(b, op, ops);
  return true;
}

/* ---- scatter_min / scatter_max ----
 * _scatter_extremal_jvp: with G the (clamping) gather of the windows,
 *   tangent = scatter_add(g_x, i, G(g_x) * oc + g_u * uc)   (the op's mode)
 * where uc shares the tangent evenly among the updates equal to the result
 * (and the operand element, if it equals it too), and oc takes the operand
 * element's share back out. Linear in (g_x, g_u); the VJP is its transpose:
 *   ct_x = ct + scatter_add_clip(0, i, oc * G'(ct)),  ct_u = uc * G'(ct)
 * with G' the transpose of the op's scatter (fill_zero for "drop"). */
static void extremal_coefs(nb_builder *b, const scatter_info *s, MlirValue *oc, MlirValue *uc) {
  MlirValue x = arg(s->op, 0), u = arg(s->op, 2), r = mlirOperationGetResult(s->op, 0);
  MlirType ut = type_of(u);
  MlirValue target = windows(b, s, r, false);
  MlirValue succeeded = nbb_compare(b, "eq", u, target);
  MlirValue retained = nbb_compare(b, "eq", windows(b, s, x, false), target);
  MlirValue zx = nbb_zeros(b, type_of(x)), one = nbb_full(b, ut, 1), zero = nbb_zeros(b, ut);
  /* JAX's rule counts with scatter_add's default mode (FILL_OR_DROP) even
   * for a "clip" scatter, whose out-of-bounds updates then count 0 times
   * and get 1/0 (inf) coefficients; counting in the op's own mode gives
   * the derivative (finite differences agree) */
  MlirValue n_upd = windows(
      b, s, scatter_add(b, s, zx, nbb_select(b, succeeded, one, zero), s->mode), false);
  MlirValue n_refs = windows(b, s, scatter_add(b, s, zx, one, s->mode), false);
  MlirValue inv1 = nbb_div(b, one, nbb_add(b, n_upd, one)), inv = nbb_div(b, one, n_upd);
  *uc = nbb_select(b, succeeded, nbb_select(b, retained, inv1, inv), zero);
  MlirValue on = nbb_select(b, retained, inv1, zero);
  *oc = nbb_div(b, nbb_add(b, nbb_full(b, ut, -1), on), n_refs);
}

bool nb_jvp_scatter_extremal(nb_builder *b, MlirOperation op, const MlirValue *t,
                             MlirValue *out) {
  out[0] = none();
  if ((mlirValueIsNull(t[0]) && mlirValueIsNull(t[2])) || !nb_ad_is_float(arg(op, 0)))
    return true;
  scatter_info s;
  scatter_info_of(op, &s);
  MlirValue oc, uc, gx = or_zeros(b, t[0], arg(op, 0)), gu = or_zeros(b, t[2], arg(op, 2));
  extremal_coefs(b, &s, &oc, &uc);
  MlirValue tu = nbb_add(b, nbb_mul(b, windows(b, &s, gx, false), oc), nbb_mul(b, gu, uc));
  out[0] = scatter_add(b, &s, gx, tu, s.mode);
  return true;
}

bool nb_vjp_scatter_extremal(nb_builder *b, MlirOperation op, const MlirValue *cts,
                             MlirValue *out) {
  out[0] = out[1] = out[2] = none();
  if (!nb_ad_is_float(arg(op, 0)))
    return true;
  scatter_info s;
  scatter_info_of(op, &s);
  MlirValue oc, uc;
  extremal_coefs(b, &s, &oc, &uc);
  MlirValue g = windows(b, &s, cts[0], true);
  out[0] = nbb_add(b, cts[0], scatter_add(b, &s, nbb_zeros(b, type_of(cts[0])),
                                          nbb_mul(b, oc, g), "clip"));
  out[2] = nbb_mul(b, uc, g);
  return true;
}

/* _scatter_batching_rule: operand and updates get the batch dim in front
 * (broadcast when unbatched); unbatched indices make it a window dim,
 * batched indices a batching dim pair. */
bool nb_batch_scatter_dims(nb_builder *b, const char *name, MlirValue x, MlirValue idx,
                           MlirValue u, const int64_t *dims, const nb_index_dims *d0,
                           const char *mode, MlirValue *out, int64_t *out_dims) {
  MlirValue args[3] = {x, idx, u};
  int64_t size = nb_batch_size(args, dims, 3);
  /* operand and updates get the batch dim even when unbatched */
  if (!nb_ad_rank_fits(b, rank_of(x) + (dims[0] < 0)) ||
      !nb_ad_rank_fits(b, rank_of(u) + (dims[2] < 0)))
    return false;
  nb_index_dims d = *d0;
  x = nb_batch_move(b, x, dims[0], 0, size);
  u = nb_batch_move(b, u, dims[2], 0, size);
  nb_ints_add(d.offset, d.n_offset, 1);
  nb_ints_add(d.collapsed, d.n_collapsed, 1);
  nb_ints_add(d.obatch, d.n_obatch, 1);
  nb_ints_add(d.start_map, d.n_start_map, 1);
  if (dims[1] < 0) {
    nb_ints_push_front(d.offset, &d.n_offset, 0);
  } else {
    idx = nb_batch_move(b, idx, dims[1], 0, size);
    nb_ints_add(d.ibatch, d.n_ibatch, 1);
    nb_ints_push_front(d.obatch, &d.n_obatch, 0);
    nb_ints_push_front(d.ibatch, &d.n_ibatch, 0);
  }
  out[0] = nbb_scatter(b, name, x, idx, u, &d, mode);
  out_dims[0] = 0;
  return true;
}

bool nb_batch_scatter(nb_builder *b, MlirOperation op, const MlirValue *args, const int64_t *dims,
                      MlirValue *out, int64_t *out_dims) {
  nb_index_dims d;
  char mode[16];
  nb_ad_index_dims(op, nb_scatter_dim_names, &d);
  nb_ad_index_mode(op, mode, sizeof mode);
  return nb_batch_scatter_dims(b, nb_op_name(op), args[0], args[1], args[2], dims, &d, mode, out,
                               out_dims);
}
