/* reduce.c — nabla-to-linalg for reductions (sum, max, min) and
 * dot_general: one linalg.generic each, with reduction iterators. */
#include "lower.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- reductions and dot_general ---- */

/* Which end of the element type a reduction starts from. */
typedef enum { ZERO, ONE, LOWEST, HIGHEST } identity;

static MlirValue identity_value(nb_builder *b, MlirType t, nb_dtype dt, identity id) {
  if (id == ZERO || id == ONE)
    return nb_dtype_is_float(dt) ? nb_build_scalar(b, t, id == ONE) : nb_build_int(b, t, id == ONE);
  bool hi = id == HIGHEST;
  if (nb_dtype_is_float(dt))
    return nb_build_scalar(b, t, hi ? INFINITY : -INFINITY);
  int w = nb_dtype_bits(dt);
  if (dt == NB_BOOL || nb_dtype_is_unsigned(dt)) /* all ones is the max */
    return nb_build_int(b, t, hi ? -1 : 0);
  int64_t max = w == 64 ? INT64_MAX : ((int64_t)1 << (w - 1)) - 1;
  return nb_build_int(b, t, hi ? max : -max - 1);
}

static MlirValue reduce_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  return nb_build2(b, op_for(l->r, l->dt), args[0], args[1]);
}

static MlirValue lower_reduce(lowering *l, identity id) {
  MlirValue x = operand(l, 0);
  int in_rank = rank_of(x), out_dims[MAX_RANK], n_out = 0;
  int64_t d[MAX_RANK];
  int nd;
  bool red[MAX_RANK] = {false};
  read_i64s(attr(l, "dimensions"), d, &nd);
  for (int i = 0; i < nd; i++)
    red[d[i]] = true;
  for (int i = 0; i < in_rank; i++)
    if (!red[i])
      out_dims[n_out++] = i;
  if (!op_for(l->r, l->dt))
    return error(l, "no lowering for this element type");
  MlirValue init = nb_build_fill(&l->b, l->out_type,
                                 identity_value(&l->b, l->out_elem, l->dt, id));
  MlirAttribute maps[2] = {nb_identity_map(l->b.ctx, in_rank),
                           nb_map_attr(l->b.ctx, in_rank, n_out, out_dims)};
  nb_generic g = {.n_loops = in_rank, .n_inputs = 1, .inputs = &x, .maps = maps,
                  .reduction = red, .init = init, .body = reduce_body, .user = l};
  return nb_build_generic(&l->b, &g);
}

MlirValue nbl_reduce_sum(lowering *l) { return lower_reduce(l, ZERO); }
MlirValue nbl_reduce_max(lowering *l) { return lower_reduce(l, LOWEST); }
MlirValue nbl_reduce_min(lowering *l) { return lower_reduce(l, HIGHEST); }
MlirValue nbl_reduce_prod(lowering *l) { return lower_reduce(l, ONE); }

static bool narrow_float(nb_dtype dt) { return dt == NB_F16 || dt == NB_BF16; }

static MlirValue dot_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  bool fp = nb_dtype_is_float(l->dt);
  MlirValue x = args[0], y = args[1];
  if (narrow_float(l->dt)) { /* products and the sum in f32 (the accumulator's type) */
    MlirType f32 = mlirValueGetType(args[2]);
    x = nb_build_cast(b, "arith.extf", x, f32);
    y = nb_build_cast(b, "arith.extf", y, f32);
  }
  MlirValue p = nb_build2(b, fp ? "arith.mulf" : "arith.muli", x, y);
  return nb_build2(b, fp ? "arith.addf" : "arith.addi", args[2], p);
}

static MlirValue truncate_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  return nb_build_cast(b, "arith.truncf", args[0], l->out_elem);
}

/* Loop dim of each dim of one side: batch k -> k, contracting k -> after all
 * result dims, free dims in order from `free_base`. */
static void dot_side_map(lowering *l, const char *side, int rank, int free_base,
                         int n_result, int *loop) {
  char bn[64], cn[64];
  int64_t bd[MAX_RANK], cd[MAX_RANK];
  int nb, nc;
  snprintf(bn, sizeof bn, "%s_batch_dimensions", side);
  snprintf(cn, sizeof cn, "%s_contracting_dimensions", side);
  read_i64s(attr(l, bn), bd, &nb);
  read_i64s(attr(l, cn), cd, &nc);
  for (int i = 0; i < rank; i++)
    loop[i] = -1;
  for (int k = 0; k < nb; k++)
    loop[bd[k]] = k;
  for (int k = 0; k < nc; k++)
    loop[cd[k]] = n_result + k;
  for (int i = 0, f = free_base; i < rank; i++)
    if (loop[i] < 0)
      loop[i] = f++;
}

MlirValue nbl_dot_general(lowering *l) {
  MlirValue ins[2] = {operand(l, 0), operand(l, 1)};
  int lr = rank_of(ins[0]), rr = rank_of(ins[1]);
  int nc = (int)mlirDenseArrayGetNumElements(attr(l, "lhs_contracting_dimensions"));
  int nb = (int)mlirDenseArrayGetNumElements(attr(l, "lhs_batch_dimensions"));
  int n_loops = l->rank + nc, lhs_free = lr - nb - nc;
  int lm[MAX_RANK], rm[MAX_RANK];
  bool red[2 * MAX_RANK] = {false};
  dot_side_map(l, "lhs", lr, nb, l->rank, lm);
  dot_side_map(l, "rhs", rr, nb + lhs_free, l->rank, rm);
  for (int i = l->rank; i < n_loops; i++)
    red[i] = true;
  int out[MAX_RANK];
  for (int i = 0; i < l->rank; i++)
    out[i] = i;
  MlirAttribute maps[3] = {nb_map_attr(l->b.ctx, n_loops, lr, lm),
                           nb_map_attr(l->b.ctx, n_loops, rr, rm),
                           nb_map_attr(l->b.ctx, n_loops, l->rank, out)};
  /* -0.0 is the exact float additive identity: an all -0.0 (or empty-
   * contraction) product stays -0.0, as XLA's dot gives. */
  double zero = nb_dtype_is_float(l->dt) ? -0.0 : 0.0;
  /* f16/bf16: one op, so computed in f32 and rounded once at the end
   * (nabla.h, "Reduced precision"), as XLA:CPU's dot does. */
  bool wide = narrow_float(l->dt);
  MlirType acc_elem = wide ? mlirF32TypeGet(l->b.ctx) : l->out_elem;
  MlirType acc_type = l->out_type;
  if (wide) {
    int64_t dims[MAX_RANK];
    for (int i = 0; i < l->rank; i++)
      dims[i] = mlirShapedTypeGetDimSize(l->out_type, i);
    acc_type = mlirRankedTensorTypeGet(l->rank, dims, acc_elem, mlirAttributeGetNull());
  }
  MlirValue init = nb_build_fill(&l->b, acc_type, nb_build_scalar(&l->b, acc_elem, zero));
  nb_generic g = {.n_loops = n_loops, .n_inputs = 2, .inputs = ins, .maps = maps,
                  .reduction = red, .init = init, .body = dot_body, .user = l};
  MlirValue acc = nb_build_generic(&l->b, &g);
  if (!wide)
    return acc;
  MlirAttribute id[2] = {nb_identity_map(l->b.ctx, l->rank), nb_identity_map(l->b.ctx, l->rank)};
  nb_generic t = {.n_loops = l->rank, .n_inputs = 1, .inputs = &acc, .maps = id,
                  .init = nb_build_empty(&l->b, l->out_type), .body = truncate_body, .user = l};
  return nb_build_generic(&l->b, &t);
}

