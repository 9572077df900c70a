/* autodiff.h — function transforms on the nabla dialect: forward mode (JVP),
 * reverse mode (VJP), and the grad family built on them.
 *
 * A transformed function is a func.func *declaration* tagged with one
 * dictionary attribute (IRDL cannot give an op heterogeneous variadic
 * operands; see dialect/nabla.irdl.mlir). nabla-expand-transforms gives each
 * declaration its body, innermost first (a declaration whose callee is
 * itself a declaration waits for it), and removes the tag. Signatures, for a
 * callee @f with n arguments a_i and m results r_j:
 *
 *   nabla.jvp = {callee = @f}
 *       (a_1..a_n, t_1..t_n) -> (r_1..r_m, tr_1..tr_m)
 *   nabla.vjp = {callee = @f}
 *       (a_1..a_n, ct_1..ct_m) -> (r_1..r_m, ca_1..ca_n)
 *   nabla.grad = {callee = @f, argnums = array<i64: ...>, has_aux = bool}
 *       (a_1..a_n) -> (g_k for k in argnums, then aux_1..aux_{m-1} if has_aux)
 *       f's first result must be a float scalar (tensor<fN>).
 *   nabla.value_and_grad = {same}
 *       (a_1..a_n) -> (r_1, aux_1..aux_{m-1} if has_aux, g_k for k in argnums)
 *   nabla.vmap = {callee = @f, in_axes = array<i64: ...>, out_axes = array<i64: ...>,
 *                 axis_size = N : i64}
 *       (a_1..a_n) -> (r_1..r_m), each with a dim of size N inserted at
 *       in_axes[i] / out_axes[j]; -1 means none: that argument is shared by
 *       every example (that result must not depend on the batch).
 *
 * Tangents and cotangents have the primal's type. Integer and bool values
 * have no derivative: their tangents/cotangents are zeros of their type
 * (JAX's float0 has no C equivalent), and grad with respect to an integer
 * argument is an error, as in JAX.
 *
 * This is the transforms room's header (lowering/transforms/). Files:
 *   autodiff.h          this contract: the passes, the builders, the rule tables
 *   transforms.h        what the room's own files share (the inliner, the kinds)
 *   expand_transforms.c nabla-expand-transforms: the driver
 *   transforms_kinds.c  the table of transform kinds (jvp, vjp, grad, vmap, ...)
 *   transforms_ad.c     the forward and reverse sweeps
 *   transforms_vmap.c   vmap's checks and batched body
 *   ad_rules.h          what the rule files share: the family files' rules
 *   jvp.c, vjp.c, batch.c  the rule tables, one per transform and one entry per
 *                       op, their lookups, and the rules generic to the
 *                       transform (elementwise drivers, zero, linear, the
 *                       broadcast batcher); entries name the family files'
 *                       rules. jvp.c also has nb_ad_partial (finds a partial
 *                       through the table)
 *   rules_elementwise.c each elementwise op's partial (nb_d_<op>, named in its
 *                       nb_jvp_table entry), select's and convert's rules
 *   rules_shape.c       broadcast_in_dim, reshape, transpose, slice, pad, rev,
 *                       concatenate
 *   rules_reduce.c      reduce_sum, reduce_max/min, dot_general
 *   rules_bits.c        the integer and bit-level ops (threefry2x32's batching)
 *   sort_rules.c        sort_key_val's three rules
 *   nabla_build.c       nabla ops from C (nbb_*), helpers the rule files share
 *                       (below them all: tables -> families -> nabla_build.c)
 *   inline.c            cloning a body with its calls inlined
 *   inline_all.c        nabla-inline
 *   simplify.c          nabla-simplify
 */
#ifndef NABLA_AUTODIFF_H
#define NABLA_AUTODIFF_H

#include "build.h"
#include "dialect.h"
#include "ir.h"
#include "pass.h"

/* ---- nabla_build.c ----
 * nabla ops created from C passes with an nb_builder (lowering.h), result
 * types inferred as the DSL does (operands must already agree: no implicit
 * broadcasting or promotion here, like lax). Every function returns the
 * op's result. */

MlirValue nbb_op(nb_builder *b, const char *name, int n, const MlirValue *operands,
                 MlirType result, int n_attrs, const MlirNamedAttribute *attrs);
MlirValue nbb_unary(nb_builder *b, const char *name, MlirValue x); /* result type of x */
MlirValue nbb_binary(nb_builder *b, const char *name, MlirValue x, MlirValue y);
#define nbb_add(b, x, y) nbb_binary((b), "nabla.add", (x), (y))
#define nbb_sub(b, x, y) nbb_binary((b), "nabla.sub", (x), (y))
#define nbb_mul(b, x, y) nbb_binary((b), "nabla.mul", (x), (y))
#define nbb_div(b, x, y) nbb_binary((b), "nabla.div", (x), (y))
#define nbb_neg(b, x) nbb_unary((b), "nabla.neg", (x))
/* A constant of type t (a ranked tensor) with every element v. */
MlirValue nbb_full(nb_builder *b, MlirType t, double v);
#define nbb_zeros(b, t) nbb_full((b), (t), 0.0)
MlirValue nbb_full_like(nb_builder *b, MlirValue x, double v);
MlirValue nbb_integer_pow(nb_builder *b, MlirValue x, int64_t y);
MlirValue nbb_compare(nb_builder *b, const char *direction, MlirValue x, MlirValue y);
MlirValue nbb_select(nb_builder *b, MlirValue pred, MlirValue on_true, MlirValue on_false);
MlirValue nbb_convert(nb_builder *b, MlirValue x, MlirType element);
MlirValue nbb_broadcast_in_dim(nb_builder *b, MlirValue x, MlirType result, int n,
                               const int64_t *dims);
MlirValue nbb_reshape(nb_builder *b, MlirValue x, MlirType result);
MlirValue nbb_transpose(nb_builder *b, MlirValue x, int n, const int64_t *perm);
MlirValue nbb_reduce(nb_builder *b, const char *name /* nabla.reduce_sum... */, MlirValue x,
                     int n, const int64_t *dims);
MlirValue nbb_slice(nb_builder *b, MlirValue x, const int64_t *start, const int64_t *limit,
                    const int64_t *strides);
typedef struct nbb_dot_dims {
  int n_lc, n_rc, n_lb, n_rb;
  int64_t lc[16], rc[16], lb[16], rb[16];
} nbb_dot_dims;
MlirValue nbb_dot_general(nb_builder *b, MlirValue lhs, MlirValue rhs, const nbb_dot_dims *d);
/* Sums x over the dims that broadcasting added or stretched so the result
 * has type `to` (the reverse of a broadcast_in_dim with `dims`). */
MlirValue nbb_unbroadcast(nb_builder *b, MlirValue x, MlirType to, int n, const int64_t *dims);

/* ---- jvp.c ----
 * A JVP rule sees the primal op `op` already placed in the function being
 * built (its operands are primal values there) and tangents[i], the tangent
 * of operand i, or a null MlirValue when that tangent is symbolically zero.
 * It writes the tangent of each result to out[j] (null = zero), creating
 * nabla ops with b (which inserts after op), and returns false after
 * emitting a diagnostic at op's location. */
typedef bool (*nb_jvp_rule)(nb_builder *b, MlirOperation op, const MlirValue *tangents,
                            MlirValue *out);
/* g * (d op / d operand i) of an elementwise op, given its operands x, y
 * (y null for a unary op) and result r; null when identically zero. */
typedef MlirValue (*nb_ad_partial_fn)(nb_builder *b, MlirOperation op, int i, MlirValue g,
                                     MlirValue x, MlirValue y, MlirValue r);
typedef struct nb_jvp_entry {
  const char *name; /* "nabla.add" */
  nb_jvp_rule rule;
  /* elementwise ops: the partial both jvp.c and vjp.c apply; else NULL */
  nb_ad_partial_fn partial;
} nb_jvp_entry;
extern const nb_jvp_entry nb_jvp_table[]; /* NULL-name terminated, one per op */
const nb_jvp_entry *nb_find_jvp(const char *op_name);

/* ---- vjp.c ----
 * A VJP rule sees the primal op `op` (operands and results are primal values
 * available in the function being built) and cts[j], the cotangent of result
 * j (null = zero; a rule is not called when all are null). It writes the
 * cotangent contribution for each operand to out[i] (null = none: integer
 * operands, non-differentiable positions), creating nabla ops with b (which
 * appends to the backward sweep); the caller sums contributions. */
typedef bool (*nb_vjp_rule)(nb_builder *b, MlirOperation op, const MlirValue *cts,
                            MlirValue *out);
typedef struct nb_vjp_entry {
  const char *name;
  nb_vjp_rule rule;
} nb_vjp_entry;
extern const nb_vjp_entry nb_vjp_table[];
const nb_vjp_entry *nb_find_vjp(const char *op_name);

/* ---- batch.c ----
 * A batching rule sees the op `op` written for one example (in the function
 * being built; its operands and result types are unbatched), args[i], the
 * batched value of operand i, and dims[i], where args[i] has the batch
 * dimension, or -1 when operand i is the same for every example (args[i] is
 * then op's own operand). Rules are called only when some operand is
 * batched. A rule writes each result's batched value to out[j] and its batch
 * dimension to out_dims[j] (-1: unbatched), creating nabla ops with b
 * (before op), and returns false after an error at op's location. */
typedef bool (*nb_batch_rule)(nb_builder *b, MlirOperation op, const MlirValue *args,
                              const int64_t *dims, MlirValue *out, int64_t *out_dims);
typedef struct nb_batch_entry {
  const char *name;
  nb_batch_rule rule;
} nb_batch_entry;
extern const nb_batch_entry nb_batch_table[]; /* NULL-name terminated, one per op */
const nb_batch_entry *nb_find_batch(const char *op_name);
/* (nabla_build.c) t with a dim of `size` inserted at `dim`. */
MlirType nb_batch_type(MlirType t, int64_t dim, int64_t size);
/* x with its batch dim moved from `from` to `to` (a transpose, or x itself);
 * from = -1: x is unbatched and is broadcast to `size` examples at `to`. */
MlirValue nb_batch_move(nb_builder *b, MlirValue x, int64_t from, int64_t to, int64_t size);

/* ---- transforms_ad.c ----
 * The sweeps, public so that rules of ops with regions (a loop's body) can
 * re-enter them on a body's ops. Today's callers give them one block of
 * nabla ops without regions (inline.c's output); see that file. */

/* Forward mode over ops (in program order, all in one block): tangents maps a
 * value to its tangent (absent = zero) and is filled for every result.
 * Tangent ops go right after each primal op. False after an error. */
bool nb_jvp_sweep(const nb_op_list *ops, nb_vmap *tangents, const char *why);
/* Reverse mode: cts holds the seeds (cotangents of returned values) and gets
 * each operand's accumulated cotangent; backward ops are appended to block. */
bool nb_vjp_sweep(MlirBlock block, const nb_op_list *ops, nb_vmap *cts, const char *why);
/* cts[key] += ct (nabla.add, appended to block at loc). */
void nb_accumulate(MlirBlock block, MlirLocation loc, nb_vmap *cts, MlirValue key,
                   MlirValue ct);

/* ---- expand_transforms.c ---- */
/* nabla-expand-transforms: materializes every tagged declaration (see top). */
bool nb_add_expand_transforms_pass(MlirOpPassManager pm);

/* ---- inline_all.c ---- */
/* nabla-inline: every call in every function body inlined (after
 * nabla-expand-transforms), so exported functions are one block. */
bool nb_add_inline_pass(MlirOpPassManager pm);

/* ---- simplify.c ---- */
/* nabla-simplify: all nabla ops are pure, so: dead-code elimination, CSE,
 * folding of ops on splat constants, and algebraic identities (x+0, x*1,
 * neg(neg x), broadcast/convert/reshape of splats, ...). Written by hand
 * because IRDL ops carry no folders or side-effect information, so upstream
 * canonicalize/cse leave them alone. */
bool nb_add_simplify_pass(MlirOpPassManager pm);

#endif
