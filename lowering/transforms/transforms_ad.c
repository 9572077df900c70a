/* transforms_ad.c — the forward (JVP) and reverse (VJP) sweeps over one
 * straight-line block of nabla ops, driving the per-op rule tables of jvp.c
 * and vjp.c.
 *
 * Zero is symbolic: a missing tangent or cotangent is a null value, so rules
 * can skip work, and an op none of whose inputs carries a tangent (or none of
 * whose results carries a cotangent) is not differentiated at all. Integer
 * and bool values never carry one: whatever a rule writes for them is
 * dropped, which is JAX's float0 without a float0 type.
 *
 * Regions: none reach the sweeps. Their input is always a body inline.c
 * produced, and inline.c rejects every op with regions with an error; a
 * loop's rules will re-enter these sweeps on its body (nb_jvp_sweep and
 * nb_vjp_sweep take any op list; autodiff.h makes them public). */
#include "transforms.h"

#include <string.h>

#include "dialect.h"

enum { MAX_OPERANDS = 64 };

static bool has_derivative(MlirValue v) { return nb_is_float_tensor(mlirValueGetType(v)); }

/* A rule's value must have the primal's type; a mismatch is a rule bug, but
 * it is reported here, at the op, rather than as a verifier error later. */
static bool check_type(MlirOperation op, const char *mode, const char *what, intptr_t i,
                       MlirValue primal, MlirValue d) {
  if (mlirTypeEqual(mlirValueGetType(primal), mlirValueGetType(d)))
    return true;
  char want[128], got[128];
  nb_errorf(mlirOperationGetLocation(op), "%s rule of %s gave %s %d the type %s, expected %s",
            mode, nb_op_name(op), what, (int)i,
            nb_type_str(got, sizeof got, mlirValueGetType(d)),
            nb_type_str(want, sizeof want, mlirValueGetType(primal)));
  return false;
}

static bool too_many(MlirOperation op) {
  if (mlirOperationGetNumOperands(op) <= MAX_OPERANDS &&
      mlirOperationGetNumResults(op) <= MAX_OPERANDS)
    return false;
  nb_errorf(mlirOperationGetLocation(op), "%s: too many operands to differentiate",
            nb_op_name(op));
  return true;
}

static bool jvp_op(MlirOperation op, nb_vmap *tangents, const char *why) {
  intptr_t n = mlirOperationGetNumOperands(op), m = mlirOperationGetNumResults(op);
  MlirValue in[MAX_OPERANDS] = {{0}}, out[MAX_OPERANDS] = {{0}};
  bool any = false;
  for (intptr_t i = 0; i < n; i++) {
    MlirValue x = mlirOperationGetOperand(op, i);
    if (has_derivative(x))
      in[i] = nb_vmap_get(tangents, x);
    any |= !mlirValueIsNull(in[i]);
  }
  if (!any) /* a JVP is linear in the tangents: zero in, zero out */
    return true;
  const nb_jvp_entry *e = nb_find_jvp(nb_op_name(op));
  if (!e || !e->rule) {
    nb_errorf(mlirOperationGetLocation(op), "%s: no JVP rule for %s", why, nb_op_name(op));
    return false;
  }
  /* The rule's ops go right after op: before the next primal op. */
  nb_builder b = {.ctx = mlirOperationGetContext(op),
                  .loc = mlirOperationGetLocation(op),
                  .block = mlirOperationGetBlock(op),
                  .anchor = mlirOperationGetNextInBlock(op)};
  if (!e->rule(&b, op, in, out))
    return false;
  for (intptr_t j = 0; j < m; j++) {
    MlirValue r = mlirOperationGetResult(op, j);
    if (mlirValueIsNull(out[j]) || !has_derivative(r))
      continue;
    if (!check_type(op, "JVP", "result", j, r, out[j]))
      return false;
    nb_vmap_set(tangents, r, out[j]);
  }
  return true;
}

bool nb_jvp_sweep(const nb_op_list *ops, nb_vmap *tangents, const char *why) {
  for (size_t k = 0; k < ops->n; k++)
    if (too_many(ops->ops[k]) || !jvp_op(ops->ops[k], tangents, why))
      return false;
  return true;
}

void nb_accumulate(MlirBlock block, MlirLocation loc, nb_vmap *cts, MlirValue key,
                   MlirValue ct) {
  MlirValue old = nb_vmap_get(cts, key);
  if (!mlirValueIsNull(old)) {
    nb_builder b = nb_builder_at_end(block, loc);
    ct = nbb_add(&b, old, ct);
  }
  nb_vmap_set(cts, key, ct);
}

/* Values no argument reaches except through stop_gradient: results of
 * stop_gradient and of ops without operands (constant, iota), and of ops
 * all of whose operands are such values. JAX never traces them, so it
 * never transposes their ops (nextafter, which has no rule, is fine there);
 * nor does the reverse sweep. Anything else counts as reached. */
static void mark_unreached(const nb_op_list *ops, nb_vmap *unreached) {
  for (size_t k = 0; k < ops->n; k++) {
    MlirOperation op = ops->ops[k];
    intptr_t n = mlirOperationGetNumOperands(op);
    bool cut = strcmp(nb_op_name(op), "nabla.stop_gradient") == 0 ||
               (n == 0 && mlirOperationGetNumRegions(op) == 0);
    for (intptr_t i = 0; !cut && i < n; i++)
      if (mlirValueIsNull(nb_vmap_get(unreached, mlirOperationGetOperand(op, i))))
        break;
      else if (i == n - 1)
        cut = true;
    for (intptr_t j = 0; cut && j < mlirOperationGetNumResults(op); j++) {
      MlirValue r = mlirOperationGetResult(op, j);
      nb_vmap_set(unreached, r, r);
    }
  }
}

static bool vjp_op(MlirBlock block, MlirOperation op, nb_vmap *cts, const nb_vmap *unreached,
                   const char *why) {
  intptr_t n = mlirOperationGetNumOperands(op), m = mlirOperationGetNumResults(op);
  MlirValue in[MAX_OPERANDS] = {{0}}, out[MAX_OPERANDS] = {{0}};
  bool any = false, reached = false;
  for (intptr_t j = 0; j < m; j++) {
    MlirValue r = mlirOperationGetResult(op, j);
    if (has_derivative(r))
      in[j] = nb_vmap_get(cts, r);
    any |= !mlirValueIsNull(in[j]);
  }
  for (intptr_t i = 0; i < n; i++) {
    MlirValue x = mlirOperationGetOperand(op, i);
    reached |= has_derivative(x) && mlirValueIsNull(nb_vmap_get(unreached, x));
  }
  if (!any || !reached) /* nothing downstream depends on op, or no argument reaches it */
    return true;
  const nb_vjp_entry *e = nb_find_vjp(nb_op_name(op));
  if (!e || !e->rule) {
    nb_errorf(mlirOperationGetLocation(op), "%s: no VJP rule for %s", why, nb_op_name(op));
    return false;
  }
  MlirLocation loc = mlirOperationGetLocation(op);
  nb_builder b = nb_builder_at_end(block, loc);
  if (!e->rule(&b, op, in, out))
    return false;
  for (intptr_t i = 0; i < n; i++) {
    MlirValue x = mlirOperationGetOperand(op, i);
    if (mlirValueIsNull(out[i]) || !has_derivative(x))
      continue;
    if (!check_type(op, "VJP", "the cotangent of operand", i, x, out[i]))
      return false;
    nb_accumulate(block, loc, cts, x, out[i]);
  }
  return true;
}

bool nb_vjp_sweep(MlirBlock block, const nb_op_list *ops, nb_vmap *cts, const char *why) {
  nb_vmap unreached = {0};
  mark_unreached(ops, &unreached);
  bool ok = true;
  for (size_t k = ops->n; ok && k-- > 0;)
    ok = !too_many(ops->ops[k]) && vjp_op(block, ops->ops[k], cts, &unreached, why);
  nb_vmap_free(&unreached);
  return ok;
}
