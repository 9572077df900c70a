/* rules_bits.c — the integer and bit-level ops' rules: and, or, xor, not,
 * the shifts, bitcast_convert and threefry2x32.
 *
 * None has a derivative (JAX: ad.defjvp_zero), so their JVP and VJP entries
 * are the tables' generic zero rules (jvp.c's jvp_zero, vjp.c's vjp_none),
 * and all but threefry2x32 are batched as elementwise ops (batch.c's
 * batch_elementwise). This file holds what the family needs beyond that:
 * threefry2x32's batching, for its two results. */
#include "ad_rules.h"

#include <mlir-c/BuiltinTypes.h>

/* threefry2x32 is elementwise with two results: the four operands meet at
 * one batch dim (as batch_elementwise does), both results carry it. */
bool nb_batch_threefry2x32(nb_builder *b, MlirOperation op, const MlirValue *args,
                           const int64_t *dims, MlirValue *out, int64_t *out_dims) {
  int64_t d = -1, size = nb_batch_size(args, dims, 4);
  for (int i = 0; i < 4 && d < 0; i++)
    d = dims[i];
  MlirValue xs[4];
  for (int i = 0; i < 4; i++)
    xs[i] = nb_batch_move(b, args[i], dims[i], d, size);
  MlirType t = nb_batch_type(mlirValueGetType(mlirOperationGetResult(op, 0)), d, size),
           ts[2] = {t, t};
  MlirOperation c = nb_build_op(b, "nabla.threefry2x32", 4, xs, 2, ts, 0, NULL);
  for (int j = 0; j < 2; j++) {
    out[j] = mlirOperationGetResult(c, j);
    out_dims[j] = d;
  }
  return true;
}
