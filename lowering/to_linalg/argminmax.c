/* argminmax.c — nabla-to-linalg for argmax/argmin: two reductions along
 * the axis. The first finds the extreme value (maximumf/minimumf propagate
 * NaN, so a NaN anywhere is the extreme, as lax's comparator makes it); the
 * second takes the smallest index whose element equals it (or is NaN when
 * the extreme is), which is lax's first-occurrence tie-break. Two plain
 * reductions rather than one with a (value, index) pair: linalg's
 * single-result generics then stay the shape the CPU schedules know. */
#include "lower.h"

#include <math.h>
#include <string.h>

typedef struct {
  lowering *l;
  bool max;
  int axis;
} argminmax;

static bool is_max(lowering *l) { return strcmp(nb_op_name(l->op), "nabla.argmax") == 0; }

static const char *extreme_op(nb_dtype dt, bool max) {
  if (nb_dtype_is_float(dt))
    return max ? "arith.maximumf" : "arith.minimumf";
  if (dt == NB_BOOL)
    return max ? "arith.ori" : "arith.andi";
  if (nb_dtype_is_unsigned(dt))
    return max ? "arith.maxui" : "arith.minui";
  return max ? "arith.maxsi" : "arith.minsi";
}

/* The start of the search for the extreme: the other end of the type. */
static MlirValue start_value(nb_builder *b, MlirType el, nb_dtype dt, bool max) {
  if (nb_dtype_is_float(dt))
    return nb_build_scalar(b, el, max ? -INFINITY : INFINITY);
  if (dt == NB_BOOL || nb_dtype_is_unsigned(dt))
    return nb_build_int(b, el, max ? 0 : -1);
  int w = nb_dtype_bits(dt);
  int64_t top = w == 64 ? INT64_MAX : ((int64_t)1 << (w - 1)) - 1;
  return nb_build_int(b, el, max ? -top - 1 : top);
}

static MlirValue extreme_body(nb_builder *b, const MlirValue *args, void *user) {
  argminmax *a = user;
  return nb_build2(b, extreme_op(a->l->dt, a->max), args[0], args[1]);
}

/* args: x, the extreme, the index so far. */
static MlirValue index_body(nb_builder *b, const MlirValue *args, void *user) {
  argminmax *a = user;
  lowering *l = a->l;
  MlirValue match;
  if (nb_dtype_is_float(l->dt))
    match = nb_build2(b, "arith.ori", nb_build_cmp(b, "arith.cmpf", F_OEQ, args[0], args[1]),
                      nb_build_cmp(b, "arith.cmpf", F_UNO, args[0], args[0]));
  else
    match = nb_build_cmp(b, "arith.cmpi", I_EQ, args[0], args[1]);
  MlirNamedAttribute d = nb_named(b->ctx, "dim", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), a->axis));
  MlirType index = mlirIndexTypeGet(b->ctx);
  MlirValue i = mlirOperationGetResult(nb_build_op(b, "linalg.index", 0, NULL, 1, &index, 1, &d), 0);
  i = nb_build_cast(b, "arith.index_cast", i, l->out_elem);
  MlirValue first = nb_build2(b, nb_dtype_is_unsigned(l->out_dt) ? "arith.minui" : "arith.minsi",
                              args[2], i);
  return select3(b, match, first, args[2]);
}

MlirValue nbl_argminmax(lowering *l) {
  argminmax a = {.l = l, .max = is_max(l),
                 .axis = (int)mlirIntegerAttrGetValueInt(attr(l, "axis"))};
  MlirValue x = operand(l, 0);
  int rank = rank_of(x), kept[MAX_RANK], n = 0;
  bool red[MAX_RANK] = {false};
  red[a.axis] = true;
  for (int i = 0; i < rank; i++)
    if (i != a.axis)
      kept[n++] = i;
  MlirType xt = nb_signless(mlirValueGetType(x)), el = mlirShapedTypeGetElementType(xt);
  int64_t dims[MAX_RANK];
  for (int i = 0; i < l->rank; i++)
    dims[i] = mlirShapedTypeGetDimSize(l->out_type, i);
  MlirType ext = mlirRankedTensorTypeGet(l->rank, dims, el, mlirAttributeGetNull());
  MlirAttribute maps[3] = {nb_identity_map(l->b.ctx, rank), nb_map_attr(l->b.ctx, rank, n, kept),
                           nb_map_attr(l->b.ctx, rank, n, kept)};
  nb_generic g1 = {.n_loops = rank, .n_inputs = 1, .inputs = &x, .maps = maps,
                   .reduction = red,
                   .init = nb_build_fill(&l->b, ext, start_value(&l->b, el, l->dt, a.max)),
                   .body = extreme_body, .user = &a};
  MlirValue ins[2] = {x, nb_build_generic(&l->b, &g1)};
  nb_generic g2 = {.n_loops = rank, .n_inputs = 2, .inputs = ins, .maps = maps,
                   .reduction = red,
                   .init = nb_build_fill(&l->b, l->out_type,
                                         nb_build_int(&l->b, l->out_elem, dim(x, a.axis))),
                   .body = index_body, .user = &a};
  return nb_build_generic(&l->b, &g2);
}
