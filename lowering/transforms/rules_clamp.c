/* rules_clamp.c — clamp's rules (jax/_src/lax/lax.py clamp_p) and
 * nextafter's lack of them (JAX defines no derivative for nextafter_p).
 *
 * clamp(min, x, max) passes on one operand's tangent per element: x's where
 * min < x < max, min's where min > x (and min < max), max's where max < x;
 * a rank-0 min or max is broadcast first, and its cotangent summed back. */
#include "ad_rules.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirValue ans(MlirOperation op) { return mlirOperationGetResult(op, 0); }
static bool is_null(MlirValue v) { return mlirValueIsNull(v); }
static int rank_of(MlirValue v) { return (int)mlirShapedTypeGetRank(mlirValueGetType(v)); }

/* A rank-0 bound broadcast to x's shape (lax's _brcast). */
static MlirValue like_x(nb_builder *b, MlirValue v, MlirValue x) {
  if (rank_of(v) == rank_of(x))
    return v;
  return nbb_broadcast_in_dim(b, v, mlirValueGetType(x), 0, NULL);
}

/* Where operand i's tangent passes, as in clamp_p's three JVP functions. */
static MlirValue passes(nb_builder *b, MlirOperation op, int i) {
  MlirValue x = arg(op, 1), lo = like_x(b, arg(op, 0), x), hi = like_x(b, arg(op, 2), x);
  if (i == 0)
    return nbb_binary(b, "nabla.and", nbb_compare(b, "gt", lo, x), nbb_compare(b, "lt", lo, hi));
  if (i == 1)
    return nbb_binary(b, "nabla.and", nbb_compare(b, "gt", x, lo), nbb_compare(b, "lt", x, hi));
  return nbb_compare(b, "lt", hi, x);
}

bool nb_jvp_clamp(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  out[0] = (MlirValue){NULL};
  if (!nb_ad_is_float(ans(op)))
    return true;
  for (int i = 0; i < 3; i++) {
    if (is_null(t[i]))
      continue;
    MlirValue g = like_x(b, t[i], arg(op, 1));
    MlirValue term = nbb_select(b, passes(b, op, i), g, nbb_zeros(b, mlirValueGetType(g)));
    out[0] = is_null(out[0]) ? term : nbb_add(b, out[0], term);
  }
  return true;
}

/* The transpose: the cotangent where each operand's tangent passed, summed
 * over x's dims for a rank-0 bound. */
bool nb_vjp_clamp(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  MlirValue ct = cts[0];
  for (int i = 0; i < 3; i++) {
    MlirValue a = arg(op, i);
    out[i] = (MlirValue){NULL};
    if (!nb_ad_is_float(a))
      continue;
    MlirValue c = nbb_select(b, passes(b, op, i), ct, nbb_zeros(b, mlirValueGetType(ct)));
    int64_t all[NB_IR_MAX_RANK];
    for (int d = 0; d < rank_of(ct); d++)
      all[d] = d;
    out[i] = rank_of(a) == rank_of(ct) ? c : nbb_reduce(b, "nabla.reduce_sum", c, rank_of(ct), all);
  }
  return true;
}

/* _clamp_batch_rule's cases in one: x batched at d (0 when only a bound is
 * batched); a rank-0 bound stays rank 0 unbatched, and is broadcast to the
 * batched x's shape when batched; x-shaped bounds move (or broadcast) to d. */
bool nb_batch_clamp(nb_builder *b, MlirOperation op, const MlirValue *args, const int64_t *dims,
                    MlirValue *out, int64_t *out_dims) {
  int64_t size = nb_batch_size(args, dims, 3), d = dims[1] >= 0 ? dims[1] : 0;
  MlirType rt = nb_batch_type(mlirValueGetType(ans(op)), d, size);
  int xr = rank_of(arg(op, 1));
  MlirValue xs[3];
  for (int i = 0; i < 3; i++) {
    bool scalar = rank_of(arg(op, i)) == 0 && xr > 0;
    if (scalar && dims[i] < 0) {
      xs[i] = args[i];
    } else if (scalar) {
      int64_t at = d;
      xs[i] = nbb_broadcast_in_dim(b, args[i], rt, 1, &at);
    } else {
      xs[i] = nb_batch_move(b, args[i], dims[i], d, size);
    }
  }
  out[0] = nb_ad_clone_as(b, op, xs, rt);
  out_dims[0] = d;
  return true;
}

/* nextafter_p has no JVP in JAX ("Differentiation rule for 'nextafter' not
 * implemented"): differentiating through it is an error, not a zero. */
static bool refuse(MlirOperation op, const char *mode) {
  nb_errorf(mlirOperationGetLocation(op),
            "%s of nabla.nextafter: JAX defines no derivative for nextafter", mode);
  return false;
}
bool nb_jvp_nextafter(nb_builder *b, MlirOperation op, const MlirValue *t, MlirValue *out) {
  (void)b, (void)t, (void)out;
  return refuse(op, "JVP");
}
bool nb_vjp_nextafter(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  (void)b, (void)cts, (void)out;
  return refuse(op, "VJP");
}
