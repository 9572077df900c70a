/* sort_one.c — nabla-to-linalg for nabla.sort (lax.sort of one operand):
 * an integer key per element, then sort.c's stable merge sort of (key, x).
 *
 * The key is lax's _float_to_int_for_sort for floats (bf16 through f32):
 * the bits as a signed integer, zeros (either sign) as 0, every NaN as the
 * largest integer, negative values flipped (INT_MAX - bits, wrapping) so
 * that integer order is float order; -0.0 and 0.0 then tie and keep their
 * order, NaNs go last. Integers are their own key (ui types compare
 * unsigned in sort.c); bool widens to i8. */
#include "lower.h"

#include <stdint.h>

static MlirValue key_body(nb_builder *b, const MlirValue *args, void *user) {
  lowering *l = user;
  MlirValue x = args[0];
  if (l->dt == NB_BOOL)
    return nb_build_cast(b, "arith.extui", x, mlirValueGetType(args[1]));
  if (l->dt == NB_BF16)
    x = nb_build_cast(b, "arith.extf", x, mlirF32TypeGet(b->ctx));
  MlirType it = mlirValueGetType(args[1]);
  unsigned w = mlirIntegerTypeGetWidth(it);
  MlirValue s = nb_build_cast(b, "arith.bitcast", x, it);
  MlirValue zero = nb_build_int(b, it, 0);
  MlirValue max = nb_build_int(b, it, w == 64 ? INT64_MAX : ((int64_t)1 << (w - 1)) - 1);
  MlirValue fzero = nb_build_scalar(b, mlirValueGetType(x), 0.0);
  s = select3(b, nb_build_cmp(b, "arith.cmpf", F_UNE, x, fzero), s, zero);
  s = select3(b, nb_build_cmp(b, "arith.cmpf", F_UNO, x, x), max, s);
  MlirValue flipped = nb_build2(b, "arith.subi", max, s);
  return select3(b, nb_build_cmp(b, "arith.cmpi", I_SLT, s, zero), flipped, s);
}

MlirValue nbl_sort(lowering *l) {
  MlirValue x = operand(l, 0);
  MlirValue key = x;
  if (nb_dtype_is_float(l->dt) || l->dt == NB_BOOL) {
    int w = l->dt == NB_BOOL ? 8 : l->dt == NB_BF16 ? 32 : nb_dtype_bits(l->dt);
    int64_t dims[MAX_RANK];
    for (int i = 0; i < l->rank; i++)
      dims[i] = dim(x, i);
    MlirType kt = mlirRankedTensorTypeGet(l->rank, dims, mlirIntegerTypeGet(l->b.ctx, (unsigned)w),
                                          mlirAttributeGetNull());
    MlirAttribute maps[2] = {nb_identity_map(l->b.ctx, l->rank), nb_identity_map(l->b.ctx, l->rank)};
    nb_generic g = {.n_loops = l->rank, .n_inputs = 1, .inputs = &x, .maps = maps,
                    .init = nb_build_empty(&l->b, kt), .body = key_body, .user = l};
    key = nb_build_generic(&l->b, &g);
  }
  MlirValue ops[2] = {key, x};
  MlirType types[2] = {mlirValueGetType(key), mlirValueGetType(x)};
  MlirNamedAttribute d = nb_named(l->b.ctx, "dimension", attr(l, "dimension"));
  MlirOperation kv = nb_build_op(&l->b, "nabla.sort_key_val", 2, ops, 2, types, 1, &d);
  MlirValue res[2];
  bool ok = nb_lower_sort_key_val(&l->b, kv, res);
  mlirOperationDestroy(kv);
  return ok ? res[1] : error(l, "could not build the sort function");
}
