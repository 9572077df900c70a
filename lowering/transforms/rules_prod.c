/* rules_prod.c — reduce_prod's JVP and VJP (jax/_src/lax/lax.py
 * _reduce_prod_jvp_rule; batching is rules_reduce.c's defreducer rule).
 *
 * JAX differentiates a product tree rather than dividing by x (which fails
 * at zeros): the reduced dims go to the front, flattened to one dim of n,
 * and the product halves that dim, first half times second half (the
 * second padded with a 1 when n is odd), until one row is left. The JVP is
 * the product rule at each level, t1 * x2 + x1 * t2; the VJP its
 * transpose: each level's cotangent c gives c * x2 to the first half and
 * c * x1 to the second (the pad row dropped). Both follow JAX's order of
 * operations, so they round as jax.jvp / jax.vjp do. */
#include "ad_rules.h"

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

enum { MAX_RANK = NB_IR_MAX_RANK, MAX_LEVELS = 64 };

static MlirValue arg(MlirOperation op, int i) { return mlirOperationGetOperand(op, i); }
static MlirValue ans(MlirOperation op) { return mlirOperationGetResult(op, 0); }
static MlirType type_of(MlirValue v) { return mlirValueGetType(v); }
static int rank_of(MlirValue v) { return (int)mlirShapedTypeGetRank(type_of(v)); }
static int64_t dim_of(MlirValue v, int i) { return mlirShapedTypeGetDimSize(type_of(v), i); }

static MlirType with_dim0(MlirValue x, int64_t n) {
  int64_t d[MAX_RANK];
  for (int i = 0; i < rank_of(x); i++)
    d[i] = i ? dim_of(x, i) : n;
  return mlirRankedTensorTypeGet(rank_of(x), d, mlirShapedTypeGetElementType(type_of(x)),
                                 mlirAttributeGetNull());
}

/* Rows [lo, hi) of x along dim 0. */
static MlirValue rows(nb_builder *b, MlirValue x, int64_t lo, int64_t hi) {
  int64_t s[MAX_RANK], l[MAX_RANK];
  for (int i = 0; i < rank_of(x); i++)
    s[i] = 0, l[i] = dim_of(x, i);
  s[0] = lo, l[0] = hi;
  return nbb_slice(b, x, s, l, NULL);
}

/* x with one more row of value v (JAX's pad of the odd half). */
static MlirValue pad_row(nb_builder *b, MlirValue x, double v) {
  MlirValue ops[2] = {x, nbb_full(b, with_dim0(x, 1), v)};
  MlirNamedAttribute a =
      nb_named(b->ctx, "dimension", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), 0));
  return nbb_op(b, "nabla.concatenate", 2, ops, with_dim0(x, dim_of(x, 0) + 1), 1, &a);
}

static MlirValue concat_rows(nb_builder *b, MlirValue x, MlirValue y) {
  MlirValue ops[2] = {x, y};
  MlirNamedAttribute a =
      nb_named(b->ctx, "dimension", mlirIntegerAttrGet(mlirIntegerTypeGet(b->ctx, 64), 0));
  return nbb_op(b, "nabla.concatenate", 2, ops, with_dim0(x, dim_of(x, 0) + dim_of(y, 0)), 1, &a);
}

/* The layout of the tree: the permutation putting the reduced dims first,
 * and the flattened (n, kept...) type. */
typedef struct {
  int rank, n_axes;
  int64_t perm[MAX_RANK], n;
  MlirType flat, moved;
} tree;

static tree layout(MlirOperation op) {
  tree t = {.rank = rank_of(arg(op, 0)), .n = 1};
  MlirValue x = arg(op, 0);
  int64_t axes[MAX_RANK], fd[MAX_RANK + 1], md[MAX_RANK];
  bool red[MAX_RANK] = {false};
  t.n_axes = nb_ad_i64s(op, "dimensions", axes);
  int k = 0;
  for (int i = 0; i < t.n_axes; i++)
    red[axes[i]] = true, t.perm[k++] = axes[i], t.n *= dim_of(x, (int)axes[i]);
  for (int i = 0; i < t.rank; i++)
    if (!red[i])
      t.perm[k++] = i;
  int nf = 1;
  fd[0] = t.n;
  for (int i = 0; i < t.rank; i++) {
    md[i] = dim_of(x, (int)t.perm[i]);
    if (i >= t.n_axes)
      fd[nf++] = md[i];
  }
  MlirType el = mlirShapedTypeGetElementType(type_of(x));
  t.flat = mlirRankedTensorTypeGet(nf, fd, el, mlirAttributeGetNull());
  t.moved = mlirRankedTensorTypeGet(t.rank, md, el, mlirAttributeGetNull());
  return t;
}

static MlirValue flatten(nb_builder *b, const tree *t, MlirValue x) {
  return nbb_reshape(b, nbb_transpose(b, x, t->rank, t->perm), t->flat);
}

/* _reduce_jvp's _reduce_tree under jvp: returns the tangent of the result. */
bool nb_jvp_reduce_prod(nb_builder *b, MlirOperation op, const MlirValue *tan, MlirValue *out) {
  out[0] = (MlirValue){NULL};
  if (mlirValueIsNull(tan[0]) || !nb_ad_is_float(ans(op)))
    return true;
  tree t = layout(op);
  if (t.n == 0) /* an empty product is the constant 1 */
    return true;
  MlirValue x = flatten(b, &t, arg(op, 0)), g = flatten(b, &t, tan[0]);
  for (int64_t n = t.n; n > 1; n = (n + 1) / 2) {
    int64_t n1 = (n + 1) / 2;
    MlirValue x1 = rows(b, x, 0, n1), x2 = rows(b, x, n1, n);
    MlirValue g1 = rows(b, g, 0, n1), g2 = rows(b, g, n1, n);
    if (n - n1 != n1)
      x2 = pad_row(b, x2, 1.0), g2 = pad_row(b, g2, 0.0);
    g = nbb_add(b, nbb_mul(b, g1, x2), nbb_mul(b, x1, g2));
    x = nbb_mul(b, x1, x2);
  }
  out[0] = nbb_reshape(b, g, type_of(ans(op)));
  return true;
}

/* The transpose of the JVP above, level by level from the top. */
bool nb_vjp_reduce_prod(nb_builder *b, MlirOperation op, const MlirValue *cts, MlirValue *out) {
  out[0] = (MlirValue){NULL};
  MlirValue x0 = arg(op, 0);
  if (!nb_ad_is_float(ans(op)))
    return true;
  tree t = layout(op);
  if (t.n == 0) {
    out[0] = nbb_zeros(b, type_of(x0));
    return true;
  }
  MlirValue first[MAX_LEVELS], second[MAX_LEVELS], x = flatten(b, &t, x0);
  int64_t sizes[MAX_LEVELS];
  int levels = 0;
  for (int64_t n = t.n; n > 1; n = (n + 1) / 2, levels++) {
    int64_t n1 = (n + 1) / 2;
    first[levels] = rows(b, x, 0, n1);
    second[levels] = rows(b, x, n1, n);
    if (n - n1 != n1)
      second[levels] = pad_row(b, second[levels], 1.0);
    sizes[levels] = n;
    x = nbb_mul(b, first[levels], second[levels]);
  }
  MlirValue c = nbb_reshape(b, cts[0], with_dim0(x, 1));
  for (int k = levels - 1; k >= 0; k--) {
    int64_t n = sizes[k], n1 = (n + 1) / 2;
    MlirValue c1 = nbb_mul(b, c, second[k]);
    MlirValue c2 = rows(b, nbb_mul(b, c, first[k]), 0, n - n1);
    c = concat_rows(b, c1, c2);
  }
  int64_t inv[MAX_RANK];
  for (int i = 0; i < t.rank; i++)
    inv[t.perm[i]] = i;
  out[0] = nbb_transpose(b, nbb_reshape(b, c, t.moved), t.rank, inv);
  return true;
}
