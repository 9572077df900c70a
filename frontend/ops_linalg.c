/* ops_linalg.c — dot_general and the jnp products built on it.
 *
 * matmul and dot contract a's last axis with b's second-to-last (or only)
 * axis. matmul treats leading axes of rank >= 3 operands as broadcast batch
 * axes (broadcast explicitly, then dot_general batch dimensions); dot has no
 * batching: free axes of a then free axes of b, and a scalar operand makes
 * it a multiplication. Operands are promoted to one dtype first. */
#include "frontend.h"

static nb_value dot_general(const char *op, nb_value a, nb_value b,
                            nb_dot_dims d, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){a, b}, 2, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val va = *nb_fe_get(a), vb = *nb_fe_get(b);
  char s1[128], s2[128];
  nb_ints *lists[4] = {&d.lhs_batch, &d.rhs_batch, &d.lhs_contracting,
                       &d.rhs_contracting};
  for (int i = 0; i < 4; i++) {
    nb_val *v = i % 2 ? &vb : &va;
    if (!nb_fe_norm_axes(fn, lists[i], v->shape.rank, file, line, op, v->shape))
      return (nb_value){0};
  }
  bool ok = d.lhs_batch.n == d.rhs_batch.n &&
            d.lhs_contracting.n == d.rhs_contracting.n;
  for (int i = 0; ok && i < d.lhs_batch.n; i++)
    ok = va.shape.dims[d.lhs_batch.v[i]] == vb.shape.dims[d.rhs_batch.v[i]];
  for (int i = 0; ok && i < d.lhs_contracting.n; i++)
    ok = va.shape.dims[d.lhs_contracting.v[i]] ==
         vb.shape.dims[d.rhs_contracting.v[i]];
  /* an axis may not be both batch and contracting */
  uint32_t used[2] = {0, 0};
  for (int i = 0; ok && i < 4; i++)
    for (int j = 0; ok && j < lists[i]->n; j++) {
      uint32_t bit = 1u << lists[i]->v[j];
      ok = !(used[i % 2] & bit);
      used[i % 2] |= bit;
    }
  if (!ok) {
    nb_fe_error(fn->m, file, line, op,
             "shapes %s and %s do not match the batch/contracting dimensions",
             nb_fe_fmt_shape(s1, sizeof s1, va.shape), nb_fe_fmt_shape(s2, sizeof s2, vb.shape));
    return (nb_value){0};
  }
  nb_shape s = {0};
  for (int i = 0; i < d.lhs_batch.n; i++)
    s.dims[s.rank++] = va.shape.dims[d.lhs_batch.v[i]];
  for (int i = 0; i < 2; i++) {
    nb_val *v = i ? &vb : &va;
    for (int k = 0; k < v->shape.rank; k++)
      if (!(used[i] >> k & 1)) {
        if (s.rank == NB_MAX_RANK) {
          nb_fe_error(fn->m, file, line, op, "result has more than %d axes", NB_MAX_RANK);
          return (nb_value){0};
        }
        s.dims[s.rank++] = v->shape.dims[k];
      }
  }
  if (!nb_fe_check_shape(fn->m, s, "of the result", file, line, op))
    return (nb_value){0};
  nb_ptype t = nb_fe_promote(va.dt, va.weak, vb.dt, vb.weak);
  MlirValue x[2] = {nb_fe_use(a, t.dt, va.shape, file, line, op),
                    nb_fe_use(b, t.dt, vb.shape, file, line, op)};
  if (!x[0].ptr || !x[1].ptr)
    return (nb_value){0};
  MlirNamedAttribute attrs[] = {
      nb_fe_named(fn, "lhs_batch_dimensions", nb_fe_i64_array(fn, d.lhs_batch.v, d.lhs_batch.n)),
      nb_fe_named(fn, "rhs_batch_dimensions", nb_fe_i64_array(fn, d.rhs_batch.v, d.rhs_batch.n)),
      nb_fe_named(fn, "lhs_contracting_dimensions",
               nb_fe_i64_array(fn, d.lhs_contracting.v, d.lhs_contracting.n)),
      nb_fe_named(fn, "rhs_contracting_dimensions",
               nb_fe_i64_array(fn, d.rhs_contracting.v, d.rhs_contracting.n)),
  };
  return nb_fe_emit_op(fn, "nabla.dot_general", x, 2, t.dt, s, t.weak, attrs, 4,
                 nb_fe_loc(fn, file, line));
}

nb_value nb__dot_general(nb_value a, nb_value b, nb_dot_dims dims,
                         const char *file, int line) {
  return dot_general("nb_dot_general", a, b, dims, file, line);
}

/* a's last axis against b's second-to-last (or only) axis, no batching. */
static nb_value contract_last(const char *op, nb_value a, nb_value b,
                              const char *file, int line) {
  nb_shape sa = nb_fe_get(a)->shape, sb = nb_fe_get(b)->shape;
  int la = sa.rank - 1, lb = sb.rank == 1 ? 0 : sb.rank - 2;
  if (sa.dims[la] != sb.dims[lb]) {
    char s1[128], s2[128];
    nb_fe_error(a.fn->m, file, line, op,
             "shapes %s and %s are not aligned: %lld (dim %d) != %lld (dim %d)",
             nb_fe_fmt_shape(s1, sizeof s1, sa), nb_fe_fmt_shape(s2, sizeof s2, sb),
             (long long)sa.dims[la], la, (long long)sb.dims[lb], lb);
    return (nb_value){0};
  }
  return dot_general(op, a, b,
                     (nb_dot_dims){.lhs_contracting = {1, {la}},
                                   .rhs_contracting = {1, {lb}}},
                     file, line);
}

nb_value nb__dot(nb_value a, nb_value b, const char *file, int line) {
  if (!nb_fe_operands_fn((nb_value[]){a, b}, 2, file, line, "nb_dot"))
    return (nb_value){0};
  if (nb_fe_get(a)->shape.rank == 0 || nb_fe_get(b)->shape.rank == 0)
    return nb__mul(a, b, file, line);
  return contract_last("nb_dot", a, b, file, line);
}

nb_value nb__matmul(nb_value a, nb_value b, const char *file, int line) {
  const char *op = "nb_matmul";
  if (!nb_fe_operands_fn((nb_value[]){a, b}, 2, file, line, op))
    return (nb_value){0};
  nb_shape sa = nb_fe_get(a)->shape, sb = nb_fe_get(b)->shape;
  char s1[128], s2[128];
  if (sa.rank == 0 || sb.rank == 0) {
    nb_fe_error(a.fn->m, file, line, op,
             "operands must have rank >= 1, got shapes %s and %s",
             nb_fe_fmt_shape(s1, sizeof s1, sa), nb_fe_fmt_shape(s2, sizeof s2, sb));
    return (nb_value){0};
  }
  if (sa.rank == 1 || sb.rank == 1 || (sa.rank == 2 && sb.rank == 2))
    return contract_last(op, a, b, file, line);
  /* batched: broadcast the leading axes of both to one batch shape */
  nb_shape ba = {.rank = sa.rank - 2}, bb = {.rank = sb.rank - 2}, batch;
  for (int i = 0; i < ba.rank; i++)
    ba.dims[i] = sa.dims[i];
  for (int i = 0; i < bb.rank; i++)
    bb.dims[i] = sb.dims[i];
  if (!nb_fe_broadcast_shapes(ba, bb, &batch) || sa.dims[sa.rank - 1] != sb.dims[sb.rank - 2]) {
    nb_fe_error(a.fn->m, file, line, op,
             "shapes %s and %s are not aligned or their batch axes do not broadcast",
             nb_fe_fmt_shape(s1, sizeof s1, sa), nb_fe_fmt_shape(s2, sizeof s2, sb));
    return (nb_value){0};
  }
  int nb = batch.rank;
  nb_shape ta = batch, tb = batch;
  ta.rank = tb.rank = nb + 2;
  ta.dims[nb] = sa.dims[sa.rank - 2];
  ta.dims[nb + 1] = sa.dims[sa.rank - 1];
  tb.dims[nb] = sb.dims[sb.rank - 2];
  tb.dims[nb + 1] = sb.dims[sb.rank - 1];
  if (!nb_fe_shape_eq(ta, sa))
    a = nb__broadcast_to(a, ta, file, line);
  if (!nb_fe_shape_eq(tb, sb))
    b = nb__broadcast_to(b, tb, file, line);
  nb_dot_dims d = {.lhs_contracting = {1, {nb + 1}}, .rhs_contracting = {1, {nb}},
                   .lhs_batch = {nb}, .rhs_batch = {nb}};
  for (int i = 0; i < nb; i++)
    d.lhs_batch.v[i] = d.rhs_batch.v[i] = i;
  return dot_general(op, a, b, d, file, line);
}
