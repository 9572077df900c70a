/* cumulative.c — nabla-to-linalg for cumsum, cumprod, cummax, cummin: one
 * linalg.generic with the output's dims plus a reduction dim j running
 * along the axis; output element i takes x_j for j <= i (j >= i when
 * reversed) and the identity otherwise, in ascending j. That is O(n^2) in
 * the axis length (XLA's own rewrite of lax's reduce_window form is too,
 * for short axes) but stays one plain generic that every later pass knows;
 * the sum starts from -0.0 so that a leading -0.0 survives. */
#include "lower.h"

#include <math.h>
#include <string.h>

typedef struct {
  lowering *l;
  int axis, rank;
  bool reverse;
  MlirValue identity;
} cumulative;

static MlirValue identity_of(nb_builder *b, lowering *l) {
  const char *name = nb_op_name(l->op);
  MlirType t = l->out_elem;
  bool fl = nb_dtype_is_float(l->dt);
  if (strcmp(name, "nabla.cumsum") == 0)
    return fl ? nb_build_scalar(b, t, -0.0) : nb_build_int(b, t, 0);
  if (strcmp(name, "nabla.cumprod") == 0)
    return fl ? nb_build_scalar(b, t, 1.0) : nb_build_int(b, t, 1);
  bool max = strcmp(name, "nabla.cummax") == 0;
  if (fl)
    return nb_build_scalar(b, t, max ? -INFINITY : INFINITY);
  if (nb_dtype_is_unsigned(l->dt))
    return nb_build_int(b, t, max ? 0 : -1);
  int w = nb_dtype_bits(l->dt);
  int64_t top = w == 64 ? INT64_MAX : ((int64_t)1 << (w - 1)) - 1;
  return nb_build_int(b, t, max ? -top - 1 : top);
}

/* args: x_j, the running value. */
static MlirValue body(nb_builder *b, const MlirValue *args, void *user) {
  cumulative *c = user;
  MlirType index = mlirIndexTypeGet(b->ctx), i64 = mlirIntegerTypeGet(b->ctx, 64);
  MlirNamedAttribute di = nb_named(b->ctx, "dim", mlirIntegerAttrGet(i64, c->axis));
  MlirNamedAttribute dj = nb_named(b->ctx, "dim", mlirIntegerAttrGet(i64, c->rank));
  MlirValue i = mlirOperationGetResult(nb_build_op(b, "linalg.index", 0, NULL, 1, &index, 1, &di), 0);
  MlirValue j = mlirOperationGetResult(nb_build_op(b, "linalg.index", 0, NULL, 1, &index, 1, &dj), 0);
  MlirValue in = nb_build_cmp(b, "arith.cmpi", c->reverse ? I_UGE : I_ULE, j, i);
  MlirValue x = select3(b, in, args[0], c->identity);
  MlirValue acc = args[1];
  if (c->l->dt == NB_BF16) { /* each step rounded to bf16, as the op's own type */
    MlirType f32 = mlirF32TypeGet(b->ctx), bf = mlirValueGetType(acc);
    MlirValue r = nb_build2(b, op_for(c->l->r, c->l->dt), nb_build_cast(b, "arith.extf", acc, f32),
                            nb_build_cast(b, "arith.extf", x, f32));
    return nb_build_cast(b, "arith.truncf", r, bf);
  }
  return nb_build2(b, op_for(c->l->r, c->l->dt), acc, x);
}

MlirValue nbl_cumulative(lowering *l) {
  MlirValue x = operand(l, 0);
  cumulative c = {.l = l, .axis = (int)mlirIntegerAttrGetValueInt(attr(l, "axis")),
                  .rank = rank_of(x),
                  .reverse = mlirIntegerAttrGetValueInt(attr(l, "reverse")) != 0};
  if (dim(x, c.axis) == 0)
    return x;
  c.identity = identity_of(&l->b, l);
  int xd[MAX_RANK];
  for (int k = 0; k < c.rank; k++)
    xd[k] = k == c.axis ? c.rank : k;
  bool red[MAX_RANK + 1] = {false};
  red[c.rank] = true;
  int od[MAX_RANK];
  for (int k = 0; k < c.rank; k++)
    od[k] = k;
  MlirAttribute maps[2] = {nb_map_attr(l->b.ctx, c.rank + 1, c.rank, xd),
                           nb_map_attr(l->b.ctx, c.rank + 1, c.rank, od)};
  nb_generic g = {.n_loops = c.rank + 1, .n_inputs = 1, .inputs = &x, .maps = maps,
                  .reduction = red, .init = nb_build_fill(&l->b, l->out_type, c.identity),
                  .body = body, .user = &c};
  return nb_build_generic(&l->b, &g);
}
