/* random_shuffle.c — jax.random.permutation(key, n) and the shuffle under
 * it (jax/_src/random.py _shuffle; docs/jax-semantics.md §8): a few rounds of
 * sorting x by fresh 32-bit random keys with a stable sort, each round
 * drawing with the second half of a two-way split. The round count makes
 * the chance of a tied key pair (which would bias the order) small:
 * ceil(3 ln(size) / ln(2^32 - 1)), from the size of the whole array. */
#include "random.h"

#include <math.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

/* nabla.sort_key_val(keys, x) along axis; the sorted x. */
static nb_value sort_by(nb_rnd *r, nb_value keys, nb_value x, int axis) {
  nb_val kv = *nb_fe_get(keys), xv = *nb_fe_get(x);
  MlirValue in[2] = {nb_fe_use(keys, kv.dt, kv.shape, r->file, r->line, r->op),
                     nb_fe_use(x, xv.dt, xv.shape, r->file, r->line, r->op)};
  MlirType ts[2] = {nb_fe_type(r->fn, kv.dt, kv.shape), nb_fe_type(r->fn, xv.dt, xv.shape)};
  MlirContext ctx = mlirTypeGetContext(ts[0]);
  MlirNamedAttribute dim = mlirNamedAttributeGet(
      mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("dimension")),
      mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), axis));
  MlirOperationState st = mlirOperationStateGet(mlirStringRefCreateFromCString("nabla.sort_key_val"), r->loc);
  mlirOperationStateAddOperands(&st, 2, in);
  mlirOperationStateAddResults(&st, 2, ts);
  mlirOperationStateAddAttributes(&st, 1, &dim);
  MlirOperation op = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(r->fn->body, op);
  return nb_fe_add_val(r->fn, (nb_val){.v = mlirOperationGetResult(op, 1), .dt = xv.dt,
                                       .shape = xv.shape, .loc = r->loc});
}

static nb_value shuffle(nb_rnd *r, nb_value key, nb_value x, int axis) {
  nb_shape s = nb_fe_get(x)->shape;
  int64_t size = nb_rnd_size(s);
  int rounds = (int)ceil(3.0 * log((double)(size > 1 ? size : 1)) / log(4294967295.0));
  for (int i = 0; i < rounds && nb_value_valid(x); i++) {
    nb_value keys = nb_rnd_split(r, key, 2);
    key = nb__index(keys, 0, r->file, r->line);
    nb_value bits = nb_rnd_bits(r, nb__index(keys, 1, r->file, r->line), 32, s);
    if (!nb_value_valid(bits))
      return bits;
    x = sort_by(r, bits, x, axis);
  }
  return x;
}

nb_value nb__random_shuffle(nb_value key, nb_value x, int axis, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin(&r, key, file, line, "nb_random_shuffle"))
    return (nb_value){0};
  nb_val *v = nb_rnd_operand(&r, key, x);
  if (!v)
    return (nb_value){0};
  int rank = v->shape.rank;
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis >= rank) {
    nb_fe_error(r.fn->m, file, line, r.op, "needs an array of rank >= 1 and an axis in range");
    return (nb_value){0};
  }
  return shuffle(&r, key, x, axis);
}

nb_value nb__random_permutation(nb_value key, int64_t n, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin(&r, key, file, line, "nb_random_permutation"))
    return (nb_value){0};
  if (n < 1 || n > 0x7FFFFFFF) {
    nb_fe_error(r.fn->m, file, line, r.op, "n must be in [1, 2^31), got %lld", (long long)n);
    return (nb_value){0};
  }
  /* jnp.arange(n): int32, JAX's default int without x64 */
  return shuffle(&r, key, nb__iota(r.fn, NB_I32, NB_SHAPE(n), 0, file, line), 0);
}
