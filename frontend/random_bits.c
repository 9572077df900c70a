/* random_bits.c — JAX's Threefry PRNG in the DSL: keys, split, fold_in and
 * random bits, in both layouts of jax.random (docs/jax-semantics.md §1-4;
 * the bare § numbers below are its sections).
 *
 * A key is an ordinary uint32[2] value, so it flows through calls, grad
 * (integers have no derivative), vmap and loops like any other array. All
 * of it is built from nabla ops: iota for the counters, nabla.threefry2x32
 * for the block function (one fused loop after lowering), shifts and
 * bitwise ops for packing. The layout is chosen per module
 * (nb_module_set_prng_mode, stored as the module attribute
 * nabla.prng_legacy):
 *   partitionable (JAX >= 0.5 default): element i of any draw uses the
 *     counter pair (hi32(i), lo32(i)) of its row-major index (§4), so the
 *     counters are an iota and a zero (static shapes stay below 2^32);
 *   legacy: counters 0..n-1 are paired with the count half an array away,
 *     and the two output words are concatenated (§2, "array wrapper").
 * nabla has no concatenate: the halves are padded with zeros and or-ed. */
#include "random.h"

#include <stdio.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

static const char LEGACY_ATTR[] = "nabla.prng_legacy";

static MlirOperation module_op(nb_module *m) { return mlirModuleGetOperation(m->mod); }

void nb_module_set_prng_mode(nb_module *m, nb_prng_mode mode) {
  if (!m)
    return;
  MlirStringRef name = mlirStringRefCreateFromCString(LEGACY_ATTR);
  if (mode == NB_PRNG_LEGACY)
    mlirOperationSetAttributeByName(module_op(m), name, mlirUnitAttrGet(m->ctx));
  else
    mlirOperationRemoveAttributeByName(module_op(m), name);
}

nb_prng_mode nb_module_prng_mode(const nb_module *m) {
  if (!m)
    return NB_PRNG_PARTITIONABLE;
  MlirAttribute a = mlirOperationGetAttributeByName(
      module_op((nb_module *)m), mlirStringRefCreateFromCString(LEGACY_ATTR));
  return mlirAttributeIsNull(a) ? NB_PRNG_PARTITIONABLE : NB_PRNG_LEGACY;
}

bool nb_rnd_legacy(nb_fn *fn) { return nb_module_prng_mode(fn->m) == NB_PRNG_LEGACY; }

bool nb_rnd_begin(nb_rnd *r, nb_value key, const char *file, int line, const char *op) {
  nb_fn *fn = nb_fe_operands_fn(&key, 1, file, line, op);
  if (!fn)
    return false;
  nb_val *k = nb_fe_get(key);
  if (k->dt != NB_U32 || k->shape.rank != 1 || k->shape.dims[0] != 2) {
    char b[128];
    nb_fe_error(fn->m, file, line, op, "a key is uint32(2,), got %s",
                nb_fe_fmt_type(b, sizeof b, k->dt, k->shape));
    return false;
  }
  *r = (nb_rnd){fn, file, line, op, nb_fe_loc(fn, file, line)};
  return true;
}

/* A draw has fewer than 2^31 elements (nabla.h). */
static bool draw_size_ok(nb_rnd *r, int64_t n) {
  if (n < ((int64_t)1 << 31) - 1)
    return true;
  nb_fe_error(r->fn->m, r->file, r->line, r->op,
              "draws of 2^31 or more elements are not supported (got %lld)", (long long)n);
  return false;
}

bool nb_rnd_begin_draw(nb_rnd *r, nb_value key, nb_shape shape, const char *file, int line,
                       const char *op) {
  return nb_rnd_begin(r, key, file, line, op) &&
         nb_fe_check_shape(r->fn->m, shape, "", file, line, op) &&
         draw_size_ok(r, nb_fe_shape_size(shape));
}

nb_val *nb_rnd_operand(nb_rnd *r, nb_value key, nb_value x) {
  nb_value both[2] = {key, x};
  return nb_fe_operands_fn(both, 2, r->file, r->line, r->op) ? nb_fe_get(x) : NULL;
}

int64_t nb_rnd_size(nb_shape s) { return nb_fe_shape_size(s); }

static MlirValue use(nb_rnd *r, nb_value x) {
  nb_val *v = nb_fe_get(x);
  return nb_fe_use(x, v->dt, v->shape, r->file, r->line, r->op);
}

/* nb_val pointers die when the value table grows: fields are copied first. */
nb_value nb_rnd_op1(nb_rnd *r, const char *name, nb_value x) {
  nb_val v = *nb_fe_get(x);
  MlirValue in = use(r, x);
  return nb_fe_emit_op(r->fn, name, &in, 1, v.dt, v.shape, false, NULL, 0, r->loc);
}

nb_value nb_rnd_op2(nb_rnd *r, const char *name, nb_value a, nb_value b) {
  nb_val v = *nb_fe_get(a);
  MlirValue in[2] = {use(r, a), use(r, b)};
  return nb_fe_emit_op(r->fn, name, in, 2, v.dt, v.shape, false, NULL, 0, r->loc);
}

nb_value nb_rnd_op3(nb_rnd *r, const char *name, nb_value a, nb_value b, nb_value c) {
  nb_val v = *nb_fe_get(a);
  MlirValue in[3] = {use(r, a), use(r, b), use(r, c)};
  return nb_fe_emit_op(r->fn, name, in, 3, v.dt, v.shape, false, NULL, 0, r->loc);
}

nb_value nb_rnd_int(nb_rnd *r, nb_dtype dt, nb_shape s, uint64_t v) {
  MlirValue c = nb_fe_splat(r->fn, dt, s, 0, (int64_t)v, true, r->loc);
  return nb_fe_add_val(r->fn, (nb_val){.v = c, .dt = dt, .shape = s, .loc = r->loc});
}

nb_value nb_rnd_float(nb_rnd *r, nb_dtype dt, nb_shape s, double f) {
  MlirValue c = nb_fe_splat(r->fn, dt, s, f, 0, false, r->loc);
  return nb_fe_add_val(r->fn, (nb_val){.v = c, .dt = dt, .shape = s, .loc = r->loc});
}

nb_value nb_rnd_convert(nb_rnd *r, nb_value x, nb_dtype dt) {
  return nb__astype(x, dt, r->file, r->line);
}

nb_value nb_rnd_bitcast(nb_rnd *r, nb_value x, nb_dtype dt) {
  nb_shape s = nb_fe_get(x)->shape;
  MlirValue in = use(r, x);
  return nb_fe_emit_op(r->fn, "nabla.bitcast_convert", &in, 1, dt, s, false, NULL, 0, r->loc);
}

static nb_shape shape1(int64_t n) { return NB_SHAPE(n); }

static nb_value iota_u32(nb_rnd *r, int64_t n) {
  return nb__iota(r->fn, NB_U32, shape1(n), 0, r->file, r->line);
}

/* The key's two words, broadcast to `s`. */
static void key_words(nb_rnd *r, nb_value key, nb_shape s, nb_value *k0, nb_value *k1) {
  *k0 = nb__broadcast_to(nb__index(key, 0, r->file, r->line), s, r->file, r->line);
  *k1 = nb__broadcast_to(nb__index(key, 1, r->file, r->line), s, r->file, r->line);
}

/* nabla.threefry2x32 on four uint32 values of one shape. */
static void threefry(nb_rnd *r, nb_value key, nb_value x0, nb_value x1, nb_value *y) {
  nb_shape s = nb_fe_get(x0)->shape;
  nb_value k0, k1;
  key_words(r, key, s, &k0, &k1);
  MlirValue in[4] = {use(r, k0), use(r, k1), use(r, x0), use(r, x1)};
  MlirType t = nb_fe_type(r->fn, NB_U32, s), ts[2] = {t, t};
  MlirOperationState st = mlirOperationStateGet(
      mlirStringRefCreateFromCString("nabla.threefry2x32"), r->loc);
  mlirOperationStateAddOperands(&st, 4, in);
  mlirOperationStateAddResults(&st, 2, ts);
  MlirOperation op = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(r->fn->body, op);
  for (int i = 0; i < 2; i++)
    y[i] = nb_fe_add_val(r->fn, (nb_val){.v = mlirOperationGetResult(op, i), .dt = NB_U32,
                                         .shape = s, .loc = r->loc});
}

/* x (1-D) padded with `lo` zeros before and `hi` after. */
static nb_value pad1(nb_rnd *r, nb_value x, int64_t lo, int64_t hi) {
  nb_val v = *nb_fe_get(x);
  nb_value zero = nb_rnd_int(r, v.dt, NB_SHAPE(), 0);
  MlirValue in[2] = {use(r, x), use(r, zero)};
  int64_t l = lo, h = hi, z = 0;
  MlirNamedAttribute a[3] = {
      nb_fe_named(r->fn, "edge_padding_low", nb_fe_i64_array(r->fn, &l, 1)),
      nb_fe_named(r->fn, "edge_padding_high", nb_fe_i64_array(r->fn, &h, 1)),
      nb_fe_named(r->fn, "interior_padding", nb_fe_i64_array(r->fn, &z, 1))};
  return nb_fe_emit_op(r->fn, "nabla.pad", in, 2, v.dt, shape1(v.shape.dims[0] + lo + hi),
                       false, a, 3, r->loc);
}

/* a ++ b for 1-D values of one dtype. */
static nb_value concat1(nb_rnd *r, nb_value a, nb_value b) {
  int64_t na = nb_fe_get(a)->shape.dims[0], nb = nb_fe_get(b)->shape.dims[0];
  return nb_rnd_op2(r, "nabla.or", pad1(r, a, 0, nb), pad1(r, b, na, 0));
}

static nb_value slice1(nb_rnd *r, nb_value x, int64_t start, int64_t limit) {
  return nb__slice(x, NB_INTS(start), NB_INTS(limit), NB_INTS(), r->file, r->line);
}

/* Legacy threefry_2x32(key, iota(words)) (§2): count i pairs with h + i
 * (the padding 0 for the last one when words is odd), the output is all
 * first words then all second words, cut back to `words`. */
static nb_value legacy_words(nb_rnd *r, nb_value key, int64_t words) {
  int64_t h = (words + 1) / 2;
  nb_value x0 = iota_u32(r, h);
  nb_value x1 = nb_rnd_op2(r, "nabla.add", x0, nb_rnd_int(r, NB_U32, shape1(h), (uint64_t)h));
  if (words % 2) {
    nb_value end = nb_rnd_int(r, NB_U32, shape1(h), (uint64_t)words);
    nb_value zero = nb_rnd_int(r, NB_U32, shape1(h), 0);
    x1 = nb__where(nb__eq(x1, end, r->file, r->line), zero, x1, r->file, r->line);
  }
  nb_value y[2];
  threefry(r, key, x0, x1, y);
  nb_value w = concat1(r, y[0], y[1]);
  return words % 2 ? slice1(r, w, 0, words) : w;
}

/* (a, b) stacked on a new last axis: shape (*s, 2). */
static nb_value stack2(nb_rnd *r, nb_value a, nb_value b) {
  nb_shape s = nb_fe_get(a)->shape, t = s;
  t.dims[t.rank++] = 2;
  nb_ints dims = {.n = s.rank};
  for (int i = 0; i < s.rank; i++)
    dims.v[i] = i;
  nb_value wa = nb__broadcast_in_dim(a, t, dims, r->file, r->line);
  nb_value wb = nb__broadcast_in_dim(b, t, dims, r->file, r->line);
  nb_value first = nb__eq(nb__iota(r->fn, NB_U32, t, t.rank - 1, r->file, r->line),
                          nb_rnd_int(r, NB_U32, t, 0), r->file, r->line);
  return nb__where(first, wa, wb, r->file, r->line);
}

nb_value nb_rnd_split(nb_rnd *r, nb_value key, int64_t n) {
  if (nb_rnd_legacy(r->fn)) /* threefry_2x32(key, iota(2n)) read two words a key */
    return nb__reshape(legacy_words(r, key, 2 * n), NB_SHAPE(n, 2), r->file, r->line);
  /* key_i = block(key, 0, i) (§3) */
  nb_value y[2];
  threefry(r, key, nb_rnd_int(r, NB_U32, shape1(n), 0), iota_u32(r, n), y);
  return stack2(r, y[0], y[1]);
}

/* Legacy _random_bits (§4): 64-bit pairs count i with n + i; 8/16-bit
 * values are the little-endian lanes of 32-bit words. */
static nb_value legacy_bits(nb_rnd *r, nb_value key, int bits, int64_t n) {
  if (bits == 32)
    return legacy_words(r, key, n);
  if (bits == 64) {
    nb_value x0 = iota_u32(r, n), y[2];
    threefry(r, key, x0, nb_rnd_op2(r, "nabla.add", x0, nb_rnd_int(r, NB_U32, shape1(n), n)), y);
    nb_value hi = nb_rnd_convert(r, y[0], NB_U64), lo = nb_rnd_convert(r, y[1], NB_U64);
    hi = nb_rnd_op2(r, "nabla.shift_left", hi, nb_rnd_int(r, NB_U64, shape1(n), 32));
    return nb_rnd_op2(r, "nabla.or", hi, lo);
  }
  int per = 32 / bits;
  int64_t words = (n + per - 1) / per;
  nb_value w = legacy_words(r, key, words);
  nb_shape lanes = NB_SHAPE(words, per);
  nb_value wide = nb__broadcast_in_dim(w, lanes, NB_INTS(0), r->file, r->line);
  nb_value amount = nb_rnd_op2(r, "nabla.mul", nb__iota(r->fn, NB_U32, lanes, 1, r->file, r->line),
                               nb_rnd_int(r, NB_U32, lanes, (uint64_t)bits));
  nb_value lane = nb_rnd_op2(r, "nabla.shift_right_logical", wide, amount);
  nb_value out = nb_rnd_convert(r, lane, bits == 8 ? NB_U8 : NB_U16); /* keeps the low bits */
  out = nb__reshape(out, shape1(words * per), r->file, r->line);
  return words * per == n ? out : slice1(r, out, 0, n);
}

/* Partitionable _random_bits (§4): block(key, hi32(i), lo32(i)) per
 * row-major index i; 32 bits are y0 ^ y1, 64 bits y0:y1, 8/16 bits the low
 * bits of y0 ^ y1. */
static nb_value partitionable_bits(nb_rnd *r, nb_value key, int bits, int64_t n) {
  nb_value y[2];
  threefry(r, key, nb_rnd_int(r, NB_U32, shape1(n), 0), iota_u32(r, n), y);
  if (bits == 64) {
    nb_value hi = nb_rnd_convert(r, y[0], NB_U64), lo = nb_rnd_convert(r, y[1], NB_U64);
    hi = nb_rnd_op2(r, "nabla.shift_left", hi, nb_rnd_int(r, NB_U64, shape1(n), 32));
    return nb_rnd_op2(r, "nabla.or", hi, lo);
  }
  nb_value x = nb_rnd_op2(r, "nabla.xor", y[0], y[1]);
  return bits == 32 ? x : nb_rnd_convert(r, x, bits == 8 ? NB_U8 : NB_U16);
}

nb_value nb_rnd_bits(nb_rnd *r, nb_value key, int bits, nb_shape shape) {
  int64_t n = nb_rnd_size(shape);
  if (!draw_size_ok(r, n))
    return (nb_value){0};
  if (n == 0)
    return nb_rnd_int(r, bits == 8 ? NB_U8 : bits == 16 ? NB_U16 : bits == 32 ? NB_U32 : NB_U64,
                      shape, 0);
  nb_value flat = nb_rnd_legacy(r->fn) ? legacy_bits(r, key, bits, n)
                                       : partitionable_bits(r, key, bits, n);
  return nb__reshape(flat, shape, r->file, r->line);
}

/* ---- public: keys ---- */

static nb_value key_of(nb_fn *fn, uint32_t hi, uint32_t lo, const char *file, int line) {
  uint32_t data[2] = {hi, lo};
  return nb__const(fn, NB_U32, NB_SHAPE(2), data, file, line);
}

nb_value nb__random_key(nb_fn *fn, int64_t seed, const char *file, int line) {
  if (!nb_fe_fn_live(fn))
    return (nb_value){0};
  /* x32 mode (JAX's default): the seed is canonicalized to int32 (§1) */
  return key_of(fn, 0, (uint32_t)((uint64_t)seed & 0xFFFFFFFFu), file, line);
}

nb_value nb__random_key_x64(nb_fn *fn, int64_t seed, const char *file, int line) {
  if (!nb_fe_fn_live(fn))
    return (nb_value){0};
  return key_of(fn, (uint32_t)((uint64_t)seed >> 32), (uint32_t)((uint64_t)seed & 0xFFFFFFFFu),
                file, line);
}

nb_value nb__random_key_from(nb_value seed, const char *file, int line) {
  const char *op = "nb_random_key_from";
  nb_fn *fn = nb_fe_operands_fn(&seed, 1, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(seed);
  if (!nb_dtype_is_int(v.dt) || v.shape.rank != 0) {
    char b[128];
    nb_fe_error(fn->m, file, line, op, "the seed must be an integer scalar, got %s",
                nb_fe_fmt_type(b, sizeof b, v.dt, v.shape));
    return (nb_value){0};
  }
  nb_rnd r = {fn, file, line, op, nb_fe_loc(fn, file, line)};
  nb_value s = v.weak ? nb__astype(seed, NB_I32, file, line) : seed;
  nb_dtype dt = nb_fe_get(s)->dt;
  /* hi = seed >> 32 (0 for 32-bit seeds: XLA's shift by >= the width),
   * lo = the low 32 bits (§1) */
  nb_value hi = nb_rnd_int(&r, NB_U32, NB_SHAPE(), 0);
  if (nb_dtype_bits(dt) == 64) {
    nb_value u = nb_rnd_bitcast(&r, s, NB_U64);
    hi = nb_rnd_convert(&r, nb_rnd_op2(&r, "nabla.shift_right_logical", u,
                                       nb_rnd_int(&r, NB_U64, NB_SHAPE(), 32)), NB_U32);
  }
  nb_value lo = nb_rnd_convert(&r, s, NB_U32);
  return nb__reshape(stack2(&r, hi, lo), NB_SHAPE(2), file, line);
}

nb_value nb__random_split(nb_value key, int64_t n, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin(&r, key, file, line, "nb_random_split"))
    return (nb_value){0};
  if (n < 1 || n > 0x7FFFFFFF) {
    nb_fe_error(r.fn->m, file, line, r.op, "n must be in [1, 2^31), got %lld", (long long)n);
    return (nb_value){0};
  }
  return nb_rnd_split(&r, key, n);
}

nb_value nb__random_fold_in(nb_value key, uint32_t data, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin(&r, key, file, line, "nb_random_fold_in"))
    return (nb_value){0};
  /* block(key, 0, data) in both layouts (§3) */
  nb_value y[2];
  threefry(&r, key, nb_rnd_int(&r, NB_U32, NB_SHAPE(), 0), nb_rnd_int(&r, NB_U32, NB_SHAPE(), data),
           y);
  return nb__reshape(stack2(&r, y[0], y[1]), NB_SHAPE(2), file, line);
}

/* jax.random.fold_in(key, data) for a traced data: jnp.uint32(data) (a
 * convert, which keeps the low 32 bits of any integer), then the same
 * block(key, 0, data) as the constant form. */
nb_value nb__random_fold_in_value(nb_value key, nb_value data, const char *file, int line) {
  nb_rnd r;
  if (!nb_rnd_begin(&r, key, file, line, "nb_random_fold_in_value"))
    return (nb_value){0};
  nb_val *d = nb_rnd_operand(&r, key, data);
  if (!d)
    return (nb_value){0};
  if ((!nb_dtype_is_int(d->dt) && d->dt != NB_BOOL) || d->shape.rank != 0) {
    char b[128];
    nb_fe_error(r.fn->m, file, line, r.op, "data must be an integer scalar, got %s",
                nb_fe_fmt_type(b, sizeof b, d->dt, d->shape));
    return (nb_value){0};
  }
  nb_value y[2];
  threefry(&r, key, nb_rnd_int(&r, NB_U32, NB_SHAPE(), 0), nb_rnd_convert(&r, data, NB_U32), y);
  return nb__reshape(stack2(&r, y[0], y[1]), NB_SHAPE(2), file, line);
}

nb_value nb__random_bits(nb_value key, nb_dtype dtype, nb_shape shape, const char *file,
                         int line) {
  nb_rnd r;
  if (!nb_rnd_begin_draw(&r, key, shape, file, line, "nb_random_bits"))
    return (nb_value){0};
  int bits = dtype == NB_U8 ? 8 : dtype == NB_U16 ? 16 : dtype == NB_U32 ? 32 : dtype == NB_U64 ? 64 : 0;
  if (!bits) {
    nb_fe_error(r.fn->m, file, line, r.op, "dtype must be uint8, uint16, uint32 or uint64, got %s",
                nb_fe_dtype_valid(dtype) ? nb_dtype_name(dtype) : "an invalid dtype");
    return (nb_value){0};
  }
  return nb_rnd_bits(&r, key, bits, shape);
}
