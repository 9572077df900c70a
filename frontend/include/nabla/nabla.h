/* nabla.h — the nabla DSL: describe array programs in C, compile them ahead
 * of time into a static library with a plain C header.
 *
 * Ownership, once for the whole API:
 *   - nb_module_create() gives the caller a module; nb_module_destroy() frees
 *     it and everything built in it (functions, values). destroy(NULL) is a
 *     no-op.
 *   - nb_fn * and nb_value are borrowed handles owned by their module; never
 *     free them.
 *   - Strings returned by the API are owned by the module and live until it
 *     is destroyed.
 *
 * Errors never abort. An op given bad operands (shapes that do not broadcast,
 * dtypes that cannot mix, a value from another function) records a
 * diagnostic naming the caller's file:line, the op and the operands' shapes
 * and dtypes, e.g.
 *     model.c:42: nb_add: shapes (3,4) and (5,) are not broadcast-compatible
 * and returns an invalid value. Ops given an invalid value return an invalid
 * value without a new diagnostic, so one mistake gives one message. Check
 * once, at nb_compile() (non-zero if any error was recorded) or with
 * nb_module_errors().
 *
 * An invalid handle the library did not make is a mistake of its own: a
 * zero nb_value or nb_tree the user wrote, a forged one (an id out of
 * range, or a pointer at readable memory that holds no nb_fn), a NULL
 * nb_fn * (e.g. from nb_vmap(NULL)) given to nb_call, a tree_map callback
 * that returns one. Since the
 * library makes invalid handles only after recording an error, such a
 * handle met while the module has no error yet is reported where it is
 * used, e.g.
 *     model.c:43: nb_add: operand 1 is not a value (zero or forged nb_value)
 * and after an error it stays silent (it may be that error's result; the
 * compile fails on the error anyway). Where no module can be found (a NULL
 * module or function, an op whose only operand is a zero value) the call
 * returns an invalid result or does nothing, and the next use that has a
 * module reports it. A function whose nb_return got an invalid value is
 * never dropped quietly: an error is always recorded for it. nb_compile
 * also fails for a module that exports no function.
 *
 * Shapes: a rank in [0, NB_MAX_RANK], no negative dimension, and at most
 * INT64_MAX elements (the product of the non-zero dimensions); a shape
 * beyond that is refused where it enters (nb_arg, constants, reshape and
 * broadcast targets, tree leaves, random draws, vmap's axis_size) or where
 * an op would derive it (broadcasting, dot_general), naming the shape.
 *
 * Semantics follow jax.numpy: NumPy broadcasting, JAX type promotion with
 * weakly typed scalars (nb_scalar is a Python scalar: int8 array + weak int
 * -> int8; int32 array + weak float -> float32). Explicit 64-bit dtypes are
 * kept (as with jax_enable_x64); a result made only of weak scalars is
 * int32/float32 (JAX's default mode).
 *
 * Reduced precision (float16, bfloat16): every op is computed in float32 and
 * its result rounded to the dtype once, round to nearest even, on every
 * target and CPU. For + - * / sqrt that is the correctly rounded result
 * (float32 holds more than twice the bits either needs); exp, tanh and the
 * other transcendental functions are the float32 function rounded once; fma
 * is float32's fma rounded once. Chains of ops are never fused into one
 * rounding. nb_sum and nb_mean accumulate in float32 and round at the end,
 * as jnp does; a dot_general of f16/bf16 operands is one op too: products
 * and sum in float32, rounded once. This is what XLA:CPU computes on x86-64
 * without AVX512-FP16, so an object built for the portable default CPU
 * gives the same bits on every machine; XLA on a CPU with AVX512-FP16 computes float16 natively and can
 * differ by a few ulp (the conformance suite therefore compares against JAX
 * with its ISA capped at AVX2: test/conformance/jax_reference.py).
 *
 * Arrays are immutable, as JAX's: no op writes into its operands. Indexing
 * (nb_idx(x, NB_I(0), NB_ALL, NB_V(i)) for x[0, :, i]) reads, and the .at[]
 * functions (nb_at_set(x, ix, v) for x.at[ix].set(v), nb_at_add, ..) are the
 * only way to write: they return a new array. Traced indices follow jnp out
 * of bounds: a read clamps, an update drops. An update of an array that is
 * dead afterwards happens in place, at the cost of the update (nabla/index.h).
 * Where each jnp / lax indexing form is (nabla/index.h unless said):
 *   x[...]: ints, slices of any step, None, ..., traced
 *     scalars, integer index arrays                     nb_idx
 *   x.at[...].get / set / add / multiply / min / max    nb_at_get, nb_at_set,
 *     (and with mode=..)                                nb_at_add, nb_at_mul,
 *                                                       nb_at_min, nb_at_max,
 *                                                       nb_at_get_mode,
 *                                                       nb_at_update_mode
 *   jnp.take, jnp.take_along_axis                       nb_take,
 *                                                       nb_take_along_axis
 *   x[mask] / jnp.where(mask, x, y) (a bool index
 *     needs a concrete mask: use where)                 nb_where (below)
 *   jnp.flip, jnp.argmax / argmin                       nb_flip, nb_argmax,
 *                                                       nb_argmin (below)
 *   lax.slice, x[i] along axis 0                        nb_slice, nb_index
 *                                                       (below)
 *   lax.dynamic_slice / dynamic_update_slice,           nabla/lax.h
 *     lax.gather, lax.scatter / scatter_add / _mul /
 *     _min / _max
 *
 * Every public op is a macro passing __FILE__/__LINE__ to an nb__ function;
 * the MLIR location of each op is the caller's file:line.
 */
#ifndef NABLA_NABLA_H
#define NABLA_NABLA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nabla/dtype.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- handles ------------------------------------------------------------ */

typedef struct nb_module nb_module;
typedef struct nb_fn nb_fn;

/* A value inside a function being built. id 0 is the invalid value. */
typedef struct nb_value {
  nb_fn *fn;
  uint32_t id;
} nb_value;

#define NB_MAX_RANK 8

/* A static shape. NB_SHAPE(3, 4) builds one inline; NB_SHAPE() is a scalar. */
typedef struct nb_shape {
  int rank;
  int64_t dims[NB_MAX_RANK];
} nb_shape;
#define NB_SHAPE(...)                                                          \
  ((nb_shape){.rank = (int)(sizeof((int64_t[]){0, ##__VA_ARGS__}) /           \
                            sizeof(int64_t)) - 1,                              \
              .dims = {__VA_ARGS__}})

/* A small list of integers (axes, argnums, permutations). */
#define NB_MAX_INTS 16
typedef struct nb_ints {
  int n;
  int64_t v[NB_MAX_INTS];
} nb_ints;
#define NB_INTS(...)                                                           \
  ((nb_ints){.n = (int)(sizeof((int64_t[]){0, ##__VA_ARGS__}) /               \
                        sizeof(int64_t)) - 1,                                  \
             .v = {__VA_ARGS__}})
#define NB_ARGS(...) NB_INTS(__VA_ARGS__)
#define NB_AXES(...) NB_INTS(__VA_ARGS__)

/* ---- modules and functions ---------------------------------------------- */

nb_module *nb_module_create(const char *name);
void nb_module_destroy(nb_module *m);

/* Number of errors recorded so far, and the i-th message (no trailing
 * newline; NULL if i is out of range). */
int nb_module_errors(const nb_module *m);
const char *nb_module_error(const nb_module *m, int i);

/* The module as MLIR text in the nabla dialect (owned by the module, valid
 * until the next call or destroy). With debug_info, locations are printed. */
const char *nb_module_print(nb_module *m, bool debug_info);

/* Starts a new function. Arguments are added with nb_arg, the body is built
 * with ops, and nb_return ends it. A function without nb_export is private
 * to the library (it can still be called from other functions). */
#define nb_function(m, name) nb__function((m), (name), __FILE__, __LINE__)
nb_fn *nb__function(nb_module *m, const char *name, const char *file, int line);

/* Adds an argument (name appears in the generated header). */
#define nb_arg(fn, name, dtype, shape)                                         \
  nb__arg((fn), (name), (dtype), (shape), __FILE__, __LINE__)
nb_value nb__arg(nb_fn *fn, const char *name, nb_dtype dtype, nb_shape shape,
                 const char *file, int line);

/* Ends the function with one or several results. */
#define nb_return(fn, ...)                                                     \
  nb__return((fn), (nb_value[]){__VA_ARGS__},                                  \
             (int)(sizeof((nb_value[]){__VA_ARGS__}) / sizeof(nb_value)),      \
             __FILE__, __LINE__)
void nb__return(nb_fn *fn, const nb_value *results, int n, const char *file,
                int line);

/* Calls a finished function; returns its first result (nb_call1) or writes
 * its first nout results to out (nb_call, which returns the callee's number
 * of results, 0 after an error; unused out slots are invalid). Arguments
 * must match the callee's dtypes and shapes; only weak values (C scalars,
 * nb_scalar) convert, as in JAX's promotion: an array of another dtype (an
 * int32 or bool array for a float32 parameter) is an error, nb_astype it
 * first. The caller is found from the arguments, so a callee needs at
 * least one. */
#define nb_call1(callee, ...)                                                  \
  nb__call1((callee), (nb_value[]){__VA_ARGS__},                               \
            (int)(sizeof((nb_value[]){__VA_ARGS__}) / sizeof(nb_value)),       \
            __FILE__, __LINE__)
nb_value nb__call1(nb_fn *callee, const nb_value *args, int nargs,
                   const char *file, int line);
#define nb_call(callee, out, nout, ...)                                        \
  nb__call((callee), (nb_value[]){__VA_ARGS__},                                \
           (int)(sizeof((nb_value[]){__VA_ARGS__}) / sizeof(nb_value)), (out), \
           (nout), __FILE__, __LINE__)
int nb__call(nb_fn *callee, const nb_value *args, int nargs, nb_value *out,
             int nout, const char *file, int line);

/* Export options: designated initializers, defaults zero. */
typedef struct nb_export_options {
  const char *c_name; /* exported as <module>_<c_name>; default: fn name */
  nb_ints donate;     /* donated argument indices: a donated tree argument
                         is updated in place by the result tree of the same
                         structure (see "parameter bundles"); donating an
                         array argument is reserved (ignored) */
} nb_export_options;
#define nb_export(fn, ...)                                                     \
  nb__export((fn), (nb_export_options){__VA_ARGS__}, __FILE__, __LINE__)
void nb__export(nb_fn *fn, nb_export_options opts, const char *file, int line);

/* ---- compiling ----------------------------------------------------------- */

typedef enum nb_target { NB_TARGET_CPU = 0 } nb_target;

typedef struct nb_compile_options {
  nb_target target;
  const char *out;     /* base name: writes <out>.o, lib<out>.a, <out>.h;
                          default: the module name, in the current directory */
  const char *out_dir; /* default: current directory */
  const char *triple;  /* default: host */
  const char *cpu;     /* default: portable (x86-64-v3); "native" = host */
  bool dump_mlir;      /* also write <out>.nabla.mlir */
} nb_compile_options;

/* Compiles every exported function. Returns 0 on success; otherwise prints
 * each recorded error (file:line: op: message) to stderr and returns
 * non-zero. A module that exports no function is an error (the library
 * would be empty), and so is one with a function never given nb_return. */
#define nb_compile(m, ...)                                                     \
  nb__compile((m), (nb_compile_options){__VA_ARGS__}, __FILE__, __LINE__)
int nb__compile(nb_module *m, nb_compile_options opts, const char *file,
                int line);

/* ---- inspecting values --------------------------------------------------- */

bool nb_value_valid(nb_value v);
nb_dtype nb_value_dtype(nb_value v);
nb_shape nb_value_shape(nb_value v); /* rank -1 for an invalid value */
bool nb_value_weak(nb_value v); /* weakly typed (from a C scalar) */

/* ---- constants ------------------------------------------------------------ */

/* A weakly typed scalar, like a Python scalar: 2.0 is a weak float, and
 * nb_scalar_int(fn, 2) a weak int. */
#define nb_scalar(fn, x) nb__scalar((fn), (double)(x), __FILE__, __LINE__)
nb_value nb__scalar(nb_fn *fn, double x, const char *file, int line);
#define nb_scalar_int(fn, x) nb__scalar_int((fn), (int64_t)(x), __FILE__, __LINE__)
nb_value nb__scalar_int(nb_fn *fn, int64_t x, const char *file, int line);

/* A strongly typed dense constant; data holds shape.size elements of the
 * dtype's C type (bool as one byte, f16/bf16 as uint16_t bits). */
#define nb_const(fn, dtype, shape, data)                                       \
  nb__const((fn), (dtype), (shape), (data), __FILE__, __LINE__)
nb_value nb__const(nb_fn *fn, nb_dtype dtype, nb_shape shape, const void *data,
                   const char *file, int line);
/* A strongly typed constant filled with one value. */
#define nb_full(fn, dtype, shape, x)                                           \
  nb__full((fn), (dtype), (shape), (double)(x), __FILE__, __LINE__)
nb_value nb__full(nb_fn *fn, nb_dtype dtype, nb_shape shape, double x,
                  const char *file, int line);
#define nb_zeros(fn, dtype, shape) nb_full(fn, dtype, shape, 0)
#define nb_ones(fn, dtype, shape) nb_full(fn, dtype, shape, 1)
/* lax.iota: values along `dimension` count 0, 1, 2, ... */
#define nb_iota(fn, dtype, shape, dimension)                                   \
  nb__iota((fn), (dtype), (shape), (dimension), __FILE__, __LINE__)
nb_value nb__iota(nb_fn *fn, nb_dtype dtype, nb_shape shape, int dimension,
                  const char *file, int line);
/* jnp.arange(n) */
#define nb_arange(fn, dtype, n) nb_iota(fn, dtype, NB_SHAPE(n), 0)

/* ---- elementwise ops (NumPy broadcasting, JAX promotion) ------------------ */

#define NB__UNARY(name)                                                        \
  nb_value nb__##name(nb_value x, const char *file, int line);
#define NB__BINARY(name)                                                       \
  nb_value nb__##name(nb_value a, nb_value b, const char *file, int line);

NB__UNARY(neg) NB__UNARY(abs) NB__UNARY(sign) NB__UNARY(exp) NB__UNARY(log)
NB__UNARY(log1p) NB__UNARY(expm1) NB__UNARY(tanh) NB__UNARY(sigmoid)
NB__UNARY(sqrt) NB__UNARY(rsqrt) NB__UNARY(sin) NB__UNARY(cos)
NB__UNARY(square) NB__UNARY(tan) NB__UNARY(exp2) NB__UNARY(erf) NB__UNARY(erfc) NB__UNARY(floor)
NB__UNARY(ceil) NB__UNARY(isfinite)
NB__BINARY(add) NB__BINARY(sub) NB__BINARY(mul) NB__BINARY(div)
NB__BINARY(rem) NB__BINARY(pow) NB__BINARY(maximum) NB__BINARY(minimum)
NB__BINARY(eq) NB__BINARY(ne) NB__BINARY(lt) NB__BINARY(le) NB__BINARY(gt)
NB__BINARY(ge) NB__BINARY(arctan2) NB__BINARY(nextafter)

#define nb_neg(x) nb__neg((x), __FILE__, __LINE__)
#define nb_abs(x) nb__abs((x), __FILE__, __LINE__)
#define nb_sign(x) nb__sign((x), __FILE__, __LINE__)
#define nb_exp(x) nb__exp((x), __FILE__, __LINE__)
#define nb_log(x) nb__log((x), __FILE__, __LINE__)
#define nb_log1p(x) nb__log1p((x), __FILE__, __LINE__)
#define nb_expm1(x) nb__expm1((x), __FILE__, __LINE__)
#define nb_tanh(x) nb__tanh((x), __FILE__, __LINE__)
/* Transcendental ops promote ints and bool to float like jnp.exp (sigmoid
 * too, where jax.nn.sigmoid rejects ints). */
#define nb_sigmoid(x) nb__sigmoid((x), __FILE__, __LINE__)
#define nb_sqrt(x) nb__sqrt((x), __FILE__, __LINE__)
#define nb_rsqrt(x) nb__rsqrt((x), __FILE__, __LINE__)
#define nb_sin(x) nb__sin((x), __FILE__, __LINE__)
#define nb_cos(x) nb__cos((x), __FILE__, __LINE__)
#define nb_square(x) nb__square((x), __FILE__, __LINE__)
#define nb_tan(x) nb__tan((x), __FILE__, __LINE__)
/* 2^x (jnp.exp2) */
#define nb_exp2(x) nb__exp2((x), __FILE__, __LINE__)
/* The error function (jax.scipy.special.erf, lax.erf). */
#define nb_erf(x) nb__erf((x), __FILE__, __LINE__)
/* The complementary error function 1 - erf(x) (jax.scipy.special.erfc,
 * lax.erfc), accurate where that difference cancels (x above about 4). */
#define nb_erfc(x) nb__erfc((x), __FILE__, __LINE__)
/* jnp.floor, jnp.ceil: integers and bools come back unchanged. */
#define nb_floor(x) nb__floor((x), __FILE__, __LINE__)
#define nb_ceil(x) nb__ceil((x), __FILE__, __LINE__)
/* jnp.round: floats to the nearest integer, halves to even; integers come
 * back unchanged; bool is an error. */
#define nb_round(x) nb__round((x), __FILE__, __LINE__)
nb_value nb__round(nb_value x, const char *file, int line);
/* jnp.clip(x, lo, hi) = jnp.minimum(hi, jnp.maximum(lo, x)): promotion and
 * broadcasting as jnp (nb_scalar bounds are weak), NaN propagates. */
#define nb_clip(x, lo, hi) nb__clip((x), (lo), (hi), __FILE__, __LINE__)
nb_value nb__clip(nb_value x, nb_value lo, nb_value hi, const char *file, int line);
/* lax.clamp(lo, x, hi): bounds of x's dtype (weak scalars take it), shape
 * () or x's; NaN in any operand gives NaN. */
#define nb_clamp(lo, x, hi) nb__clamp((lo), (x), (hi), __FILE__, __LINE__)
nb_value nb__clamp(nb_value lo, nb_value x, nb_value hi, const char *file, int line);
/* jnp.nextafter(a, b): the float after a toward b (promoted to float). */
#define nb_nextafter(a, b) nb__nextafter((a), (b), __FILE__, __LINE__)
/* jnp.isfinite: bool, true where x is neither inf nor NaN (always for
 * integers and bools). */
#define nb_isfinite(x) nb__isfinite((x), __FILE__, __LINE__)
/* jnp.arctan2(a, b): the angle of the point (b, a), promoted to float. */
#define nb_arctan2(a, b) nb__arctan2((a), (b), __FILE__, __LINE__)
#define nb_add(a, b) nb__add((a), (b), __FILE__, __LINE__)
#define nb_sub(a, b) nb__sub((a), (b), __FILE__, __LINE__)
#define nb_mul(a, b) nb__mul((a), (b), __FILE__, __LINE__)
/* True division: integers promote to float first (jnp.true_divide). */
#define nb_div(a, b) nb__div((a), (b), __FILE__, __LINE__)
#define nb_rem(a, b) nb__rem((a), (b), __FILE__, __LINE__)
#define nb_pow(a, b) nb__pow((a), (b), __FILE__, __LINE__)
#define nb_maximum(a, b) nb__maximum((a), (b), __FILE__, __LINE__)
#define nb_minimum(a, b) nb__minimum((a), (b), __FILE__, __LINE__)
#define nb_eq(a, b) nb__eq((a), (b), __FILE__, __LINE__)
#define nb_ne(a, b) nb__ne((a), (b), __FILE__, __LINE__)
#define nb_lt(a, b) nb__lt((a), (b), __FILE__, __LINE__)
#define nb_le(a, b) nb__le((a), (b), __FILE__, __LINE__)
#define nb_gt(a, b) nb__gt((a), (b), __FILE__, __LINE__)
#define nb_ge(a, b) nb__ge((a), (b), __FILE__, __LINE__)

/* x ** n for a constant integer n (lax.integer_pow). */
#define nb_integer_pow(x, n) nb__integer_pow((x), (n), __FILE__, __LINE__)
nb_value nb__integer_pow(nb_value x, int n, const char *file, int line);
/* jnp.where(pred, a, b): pred must be bool; a and b promote together. */
#define nb_where(pred, a, b) nb__where((pred), (a), (b), __FILE__, __LINE__)
nb_value nb__where(nb_value pred, nb_value a, nb_value b, const char *file,
                   int line);
/* x.astype(dtype) (lax.convert_element_type). */
#define nb_astype(x, dtype) nb__astype((x), (dtype), __FILE__, __LINE__)
nb_value nb__astype(nb_value x, nb_dtype dtype, const char *file, int line);

/* ---- shapes --------------------------------------------------------------- */

#define nb_reshape(x, shape) nb__reshape((x), (shape), __FILE__, __LINE__)
nb_value nb__reshape(nb_value x, nb_shape shape, const char *file, int line);
/* jnp.squeeze(x, axes): drops the listed axes, each of size 1 (negative
 * axes count from the end); NB_AXES() drops every size-1 axis. */
#define nb_squeeze(x, axes) nb__squeeze((x), (axes), __FILE__, __LINE__)
nb_value nb__squeeze(nb_value x, nb_ints axes, const char *file, int line);
/* jnp.expand_dims(x, axes): a size-1 axis at each listed position of the
 * result (negative ones count from the result's end). */
#define nb_expand_dims(x, axes) nb__expand_dims((x), (axes), __FILE__, __LINE__)
nb_value nb__expand_dims(nb_value x, nb_ints axes, const char *file, int line);
/* jnp.transpose(x, perm); NB_INTS() reverses the axes. */
#define nb_transpose(x, perm) nb__transpose((x), (perm), __FILE__, __LINE__)
nb_value nb__transpose(nb_value x, nb_ints perm, const char *file, int line);
/* jnp.broadcast_to(x, shape) */
#define nb_broadcast_to(x, shape) nb__broadcast_to((x), (shape), __FILE__, __LINE__)
nb_value nb__broadcast_to(nb_value x, nb_shape shape, const char *file,
                          int line);
/* lax.broadcast_in_dim */
#define nb_broadcast_in_dim(x, shape, dims)                                    \
  nb__broadcast_in_dim((x), (shape), (dims), __FILE__, __LINE__)
nb_value nb__broadcast_in_dim(nb_value x, nb_shape shape, nb_ints dims,
                              const char *file, int line);
/* jnp.flip(x, axes) (lax.rev); NB_AXES() flips every axis. */
#define nb_flip(x, axes) nb__flip((x), (axes), __FILE__, __LINE__)
nb_value nb__flip(nb_value x, nb_ints axes, const char *file, int line);
/* jnp.concatenate(values[0..n), axis): dtypes promote as in jnp; shapes
 * agree but along axis (negative counts from the end); not of scalars. */
#define nb_concatenate(values, n, axis)                                        \
  nb__concatenate((values), (n), (axis), __FILE__, __LINE__)
nb_value nb__concatenate(const nb_value *values, int n, int axis,
                         const char *file, int line);
/* jnp.stack(values[0..n), axis): arrays of one shape along a new axis. */
#define nb_stack(values, n, axis) nb__stack((values), (n), (axis), __FILE__, __LINE__)
nb_value nb__stack(const nb_value *values, int n, int axis, const char *file,
                   int line);

/* ---- reductions (axes NB_AXES() = all; negative axes count from the end) -- */

#define nb_sum(x, axes) nb__sum((x), (axes), __FILE__, __LINE__)
nb_value nb__sum(nb_value x, nb_ints axes, const char *file, int line);
#define nb_max(x, axes) nb__max((x), (axes), __FILE__, __LINE__)
nb_value nb__max(nb_value x, nb_ints axes, const char *file, int line);
#define nb_min(x, axes) nb__min((x), (axes), __FILE__, __LINE__)
nb_value nb__min(nb_value x, nb_ints axes, const char *file, int line);
/* jnp.mean: integer inputs give float32 (JAX's to_inexact_dtype). */
#define nb_mean(x, axes) nb__mean((x), (axes), __FILE__, __LINE__)
nb_value nb__mean(nb_value x, nb_ints axes, const char *file, int line);
/* jnp.prod: dtypes as nb_sum (bool and small ints widen; f16/bf16 multiply
 * in float32); gradients exact at zeros (lax.reduce_prod's product tree). */
#define nb_prod(x, axes) nb__prod((x), (axes), __FILE__, __LINE__)
nb_value nb__prod(nb_value x, nb_ints axes, const char *file, int line);
/* jnp.cumsum(x, axis) / jnp.cumprod: running sum (product) along axis
 * (negative counts from the end); bool counts as int32, other dtypes are
 * kept (int8 stays int8 and wraps). */
#define nb_cumsum(x, axis) nb__cumsum((x), (axis), __FILE__, __LINE__)
nb_value nb__cumsum(nb_value x, int axis, const char *file, int line);
#define nb_cumprod(x, axis) nb__cumprod((x), (axis), __FILE__, __LINE__)
nb_value nb__cumprod(nb_value x, int axis, const char *file, int line);
/* lax.cumsum / cumprod / cummax / cummin(x, axis, reverse): axis >= 0,
 * numbers only (bool is an error), dtype kept; reverse runs from the end.
 * cummax/cummin propagate NaN. */
#define nb_lax_cumsum(x, axis, reverse) nb__lax_cumsum((x), (axis), (reverse), __FILE__, __LINE__)
nb_value nb__lax_cumsum(nb_value x, int axis, bool reverse, const char *file, int line);
#define nb_lax_cumprod(x, axis, reverse) nb__lax_cumprod((x), (axis), (reverse), __FILE__, __LINE__)
nb_value nb__lax_cumprod(nb_value x, int axis, bool reverse, const char *file, int line);
#define nb_lax_cummax(x, axis, reverse) nb__lax_cummax((x), (axis), (reverse), __FILE__, __LINE__)
nb_value nb__lax_cummax(nb_value x, int axis, bool reverse, const char *file, int line);
#define nb_lax_cummin(x, axis, reverse) nb__lax_cummin((x), (axis), (reverse), __FILE__, __LINE__)
nb_value nb__lax_cummin(nb_value x, int axis, bool reverse, const char *file, int line);
/* jnp.sort(x, axis): ascending along axis (negative counts from the end),
 * stable; floats in JAX's order (-0.0 and 0.0 equal, NaNs last). */
#define nb_sort(x, axis) nb__sort((x), (axis), __FILE__, __LINE__)
nb_value nb__sort(nb_value x, int axis, const char *file, int line);
/* jnp.argmax(x, axis, keepdims) / jnp.argmin: int32 index of the first
 * largest (smallest) element along axis (negative counts from the end; for
 * axis=None, reshape to 1-D first); NaN counts as the extreme. */
#define nb_argmax(x, axis, keepdims)                                           \
  nb__argmax((x), (axis), (keepdims), __FILE__, __LINE__)
nb_value nb__argmax(nb_value x, int axis, bool keepdims, const char *file, int line);
#define nb_argmin(x, axis, keepdims)                                           \
  nb__argmin((x), (axis), (keepdims), __FILE__, __LINE__)
nb_value nb__argmin(nb_value x, int axis, bool keepdims, const char *file, int line);
/* Whole-array reductions. */
#define nb_sum_all(x) nb_sum((x), NB_AXES())
#define nb_mean_all(x) nb_mean((x), NB_AXES())

/* ---- linear algebra -------------------------------------------------------- */

/* jnp.matmul / jnp.dot semantics for ranks 1 and 2 (and batched matmul). */
#define nb_matmul(a, b) nb__matmul((a), (b), __FILE__, __LINE__)
nb_value nb__matmul(nb_value a, nb_value b, const char *file, int line);
#define nb_dot(a, b) nb__dot((a), (b), __FILE__, __LINE__)
nb_value nb__dot(nb_value a, nb_value b, const char *file, int line);
/* lax.dot_general: result dims are batch, lhs free, rhs free. */
typedef struct nb_dot_dims {
  nb_ints lhs_contracting, rhs_contracting, lhs_batch, rhs_batch;
} nb_dot_dims;
#define nb_dot_general(a, b, ...)                                              \
  nb__dot_general((a), (b), (nb_dot_dims){__VA_ARGS__}, __FILE__, __LINE__)
nb_value nb__dot_general(nb_value a, nb_value b, nb_dot_dims dims,
                         const char *file, int line);

/* lax.slice: x[start:limit:stride] per axis (strides NB_INTS() = all 1). */
#define nb_slice(x, start, limit, strides)                                     \
  nb__slice((x), (start), (limit), (strides), __FILE__, __LINE__)
nb_value nb__slice(nb_value x, nb_ints start, nb_ints limit, nb_ints strides,
                   const char *file, int line);
/* x[i] for a constant index along axis 0 (drops the axis; negative i counts
 * from the end): a slice then a reshape. */
#define nb_index(x, i) nb__index((x), (i), __FILE__, __LINE__)
nb_value nb__index(nb_value x, int64_t i, const char *file, int line);

/* ---- function transforms (autodiff) --------------------------------------
 *
 * As in JAX, a transform takes a function and gives a function: the result
 * is an nb_fn * that can be called (nb_call/nb_call1), transformed again and
 * exported, like one built with nb_function. The same (f, transform,
 * options) gives the same nb_fn *. f must be finished (nb_return called).
 * Errors are recorded at the caller's file:line and give NULL, which every
 * function here and nb_export accept silently (they have no module to
 * report to); nb_call reports a NULL function unless an error was recorded
 * before (see the top of this file).
 *
 * Underneath, each is a private func.func declaration tagged with the
 * transform (nabla.grad = {callee = @f, ...}; see lowering/transforms/autodiff.h for the
 * signatures); nabla-expand-transforms gives it a body when compiling.
 * Results, for f(a_1..a_n) -> (r_1..r_m):
 *   nb_grad(f)            (a) -> (grad w.r.t. each argnum, then aux_1..)
 *   nb_value_and_grad(f)  (a) -> (r_1, aux.., grads..)
 *   nb_vjp(f)             (a_1..a_n, ct_1..ct_m) -> (r_1..r_m, ct_a_1..ct_a_n)
 *   nb_jvp(f)             (a_1..a_n, t_1..t_n) -> (r_1..r_m, t_r_1..t_r_m)
 * Tangents and cotangents have the primal's dtype and shape; those of
 * integer and bool values are zeros (JAX's float0 has no C equivalent).
 *
 * grad needs f's first result to be a float scalar (the loss): use nb_vjp
 * for other outputs. With has_aux, f returns (loss, aux..) and the aux
 * values pass through. Differentiating with respect to an integer argument
 * is an error, as in JAX.
 *
 * Planned (they are vmaps of jvp/vjp, see nb_vmap below): nb_jacfwd, nb_jacrev,
 * nb_hessian. A Hessian-vector product needs none of them:
 * nb_jvp(nb_grad(f)). */
typedef struct nb_grad_options {
  nb_ints argnums; /* arguments to differentiate; NB_ARGS() means (0);
                      negative counts from the end; order is kept */
  bool has_aux;    /* f returns (loss, aux..) */
} nb_grad_options;
#define nb_grad(f, ...)                                                        \
  nb__grad((f), (nb_grad_options){__VA_ARGS__}, __FILE__, __LINE__)
nb_fn *nb__grad(nb_fn *f, nb_grad_options opts, const char *file, int line);
#define nb_value_and_grad(f, ...)                                              \
  nb__value_and_grad((f), (nb_grad_options){__VA_ARGS__}, __FILE__, __LINE__)
nb_fn *nb__value_and_grad(nb_fn *f, nb_grad_options opts, const char *file,
                          int line);
#define nb_vjp(f) nb__vjp((f), __FILE__, __LINE__)
nb_fn *nb__vjp(nb_fn *f, const char *file, int line);
#define nb_jvp(f) nb__jvp((f), __FILE__, __LINE__)
nb_fn *nb__jvp(nb_fn *f, const char *file, int line);

/* vmap: f over a batch of examples, as jax.vmap. in_axes has one entry per
 * argument of f: the axis of the batched argument that holds the batch, or
 * NB_NONE for an argument shared by every example; out_axes one per result:
 * where the batch goes in it. Both default to all 0 (NB_AXES() or left
 * out). axis_size 0 (the default) means "from the arguments": the vmapped
 * function then takes its batch size from each nb_call (all batched
 * arguments must agree), and cannot be exported or transformed again until
 * it has one; give axis_size to do that, or when every in_axes entry is
 * NB_NONE. A tree argument or result counts as one entry: its axis applies
 * to every leaf (NB_NONE shares the whole bundle), and the vmapped function
 * takes and gives trees of the same structure, batched leaves with the
 * batch dim: nb_vmap(se, .in_axes = NB_AXES(NB_NONE, 0, 0)) called as
 * nb_call1(v, NB_TREE_V(params), xs, ys). Composes with the autodiff
 * transforms in every order:
 *   nb_vmap(nb_grad(loss), .in_axes = NB_AXES(NB_NONE, 0))   per-example grads
 *   nb_grad(f) where f calls nb_vmap(g)                    grad of a batch loss
 * Underneath: a declaration tagged nabla.vmap = {callee, in_axes, out_axes,
 * axis_size} (lowering/transforms/autodiff.h), batched by lowering/transforms/batch.c's rules. */
#define NB_NONE (-1)
typedef struct nb_vmap_options {
  nb_ints in_axes;   /* per argument: an axis, or NB_NONE; NB_AXES() = all 0 */
  nb_ints out_axes;  /* per result: an axis (NB_NONE: must not depend on the batch) */
  int64_t axis_size; /* 0: inferred from the batched arguments at each nb_call */
} nb_vmap_options;
#define nb_vmap(f, ...)                                                        \
  nb__vmap((f), (nb_vmap_options){__VA_ARGS__}, __FILE__, __LINE__)
nb_fn *nb__vmap(nb_fn *f, nb_vmap_options opts, const char *file, int line);

/* lax.stop_gradient: x, with a zero derivative. */
#define nb_stop_gradient(x) nb__stop_gradient((x), __FILE__, __LINE__)
nb_value nb__stop_gradient(nb_value x, const char *file, int line);

/* Parameter bundles (trees), random numbers, lax's indexing primitives, jnp
 * indexing (x[...], x.at[...]), jax.numpy helpers and jax.nn with optax's
 * losses: nabla/tree.h, nabla/random.h, nabla/lax.h, nabla/index.h,
 * nabla/numpy.h and nabla/nn.h, included below. */

#ifdef __cplusplus
}
#endif

#include "nabla/tree.h"
#include "nabla/random.h"
#include "nabla/lax.h"
#include "nabla/index.h"
#include "nabla/numpy.h"
#include "nabla/nn.h"
#endif
