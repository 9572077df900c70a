/* transforms_vmap.c — nabla.vmap's entry in the transform table: its
 * options, the batched signature, and the batched body (contract in
 * autodiff.h; one rule per op in batch.c).
 *
 * How the body is built: the driver has inlined f into the declaration's
 * block, so its ops read the (batched) block arguments directly and are
 * ill-typed where an argument is batched. Each batched argument is first
 * replaced, in those ops, by a placeholder of f's unbatched type, so that
 * every op a rule sees is well-typed IR for one example. Then one forward
 * walk: an op none of whose operands is batched stays as it is (work shared
 * by the whole batch is done once, as in JAX); any other op is handed to its
 * rule with its operands' batched values and batch dims, the rule emits the
 * batched op before it, and the original op is erased at the end (reverse
 * order, so uses go first). Finally each result's batch dim is moved to its
 * out_axes entry (a transpose only if the rules left it elsewhere; an
 * unbatched result is broadcast). */
#include "transforms.h"

#include <stdint.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"

enum { MAX_OPERANDS = 64 };

static MlirType in_type(nb_expansion *e, intptr_t i) { return mlirFunctionTypeGetInput(e->ftype, i); }
static MlirType out_type(nb_expansion *e, intptr_t j) { return mlirFunctionTypeGetResult(e->ftype, j); }

/* ---- options ---- */

static MlirAttribute option(nb_expansion *e, const char *name) {
  MlirAttribute dict =
      mlirOperationGetAttributeByName(e->decl, mlirStringRefCreateFromCString("nabla.vmap"));
  return mlirDictionaryAttrGetElementByName(dict, mlirStringRefCreateFromCString(name));
}

/* Reads in_axes or out_axes: one entry per argument/result, each -1 (none)
 * or a dim of the batched value (0..rank of f's). */
static bool read_axes(nb_expansion *e, const char *name, int64_t *axes, intptr_t n,
                      bool inputs) {
  MlirAttribute a = option(e, name);
  MlirStringRef f = nb_func_name(e->callee);
  int fl = (int)f.length;
  const char *what = inputs ? "argument" : "result";
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseI64Array(a)) {
    nb_errorf(e->loc, "%s: %s must be an array<i64: ...> with one entry per %s of @%.*s",
              e->why, name, what, fl, f.data);
    return false;
  }
  if (mlirDenseArrayGetNumElements(a) != n) {
    nb_errorf(e->loc, "%s: %s has %d entries, but @%.*s has %d %s%s", e->why, name,
              (int)mlirDenseArrayGetNumElements(a), fl, f.data, (int)n, what, n == 1 ? "" : "s");
    return false;
  }
  for (intptr_t i = 0; i < n; i++) {
    axes[i] = mlirDenseI64ArrayGetElement(a, i);
    MlirType t = inputs ? in_type(e, i) : out_type(e, i);
    int64_t rank = mlirShapedTypeGetRank(t);
    if (axes[i] < -1 || axes[i] > rank) {
      char ty[128];
      nb_errorf(e->loc, "%s: %s[%d] = %lld is out of range for %s %d of @%.*s (%s): the "
                        "batch dim of a rank-%lld value is in [0, %lld], or -1 for none",
                e->why, name, (int)i, (long long)axes[i], what, (int)i, fl, f.data,
                nb_type_str(ty, sizeof ty, t), (long long)rank + 1, (long long)rank);
      return false;
    }
  }
  return true;
}

/* The declaration's argument i has f's type with some batch size at its
 * in_axis, but not axis_size: the one mismatch worth its own message. */
static bool check_size(nb_expansion *e, intptr_t i) {
  MlirType ft = nb_func_type(e->decl), t = in_type(e, i);
  int64_t ax = e->in_axes[i];
  if (ax < 0 || i >= mlirFunctionTypeGetNumInputs(ft))
    return true;
  MlirType got = mlirFunctionTypeGetInput(ft, i);
  if (!mlirTypeIsARankedTensor(got) || mlirShapedTypeGetRank(got) != mlirShapedTypeGetRank(t) + 1)
    return true;
  int64_t n = mlirShapedTypeGetDimSize(got, ax);
  if (n == e->axis_size || !mlirTypeEqual(nb_batch_type(t, ax, n), got))
    return true;
  char ty[128];
  nb_errorf(e->loc, "%s: axis_size %lld is inconsistent with argument %d (%s): its batch "
                    "dim in_axes[%d] = %lld has size %lld",
            e->why, (long long)e->axis_size, (int)i, nb_type_str(ty, sizeof ty, got), (int)i,
            (long long)ax, (long long)n);
  return false;
}

bool nb_vmap_check(nb_expansion *e) {
  if (!read_axes(e, "in_axes", e->in_axes, e->n_in, true) ||
      !read_axes(e, "out_axes", e->out_axes, e->n_out, false))
    return false;
  MlirAttribute n = option(e, "axis_size");
  if (mlirAttributeIsNull(n) || !mlirAttributeIsAInteger(n) || mlirIntegerAttrGetValueInt(n) < 1) {
    nb_errorf(e->loc, "%s: axis_size must be a positive integer (axis_size = N : i64)", e->why);
    return false;
  }
  e->axis_size = mlirIntegerAttrGetValueInt(n);
  for (intptr_t i = 0; i < e->n_in; i++)
    if (!check_size(e, i))
      return false;
  return true;
}

void nb_vmap_signature(nb_expansion *e, MlirType *ins, int *ni, MlirType *outs, int *no) {
  for (intptr_t i = 0; i < e->n_in; i++)
    ins[(*ni)++] = e->in_axes[i] < 0 ? in_type(e, i)
                                     : nb_batch_type(in_type(e, i), e->in_axes[i], e->axis_size);
  for (intptr_t j = 0; j < e->n_out; j++)
    outs[(*no)++] = e->out_axes[j] < 0
                        ? out_type(e, j)
                        : nb_batch_type(out_type(e, j), e->out_axes[j], e->axis_size);
}

/* ---- the batched body ---- */

/* Where each batched value has its batch dim. The map holds dim + 1 in the
 * value slot, so a missing key (null) reads as -1: unbatched. */
static int64_t bdim(const nb_vmap *dims, MlirValue v) {
  return (int64_t)(uintptr_t)nb_vmap_get(dims, v).ptr - 1;
}
static void set_bdim(nb_vmap *dims, MlirValue v, int64_t d) {
  nb_vmap_set(dims, v, (MlirValue){(const void *)(uintptr_t)(d + 1)});
}

typedef struct batcher {
  nb_expansion *e;
  nb_vmap vals, dims; /* value for one example -> batched value, batch dim */
  nb_op_list dead;    /* ops replaced by their batched form */
} batcher;

static MlirValue batched(const batcher *s, MlirValue v) {
  MlirValue b = nb_vmap_get(&s->vals, v);
  return mlirValueIsNull(b) ? v : b;
}

/* A rule's result must be the op's type with the batch dim it claims. */
static bool check_result(batcher *s, MlirOperation op, intptr_t j, MlirValue v, int64_t d) {
  MlirType t = mlirValueGetType(mlirOperationGetResult(op, j));
  MlirType want = d < 0 ? t : nb_batch_type(t, d, s->e->axis_size);
  if (!mlirValueIsNull(v) && mlirTypeEqual(mlirValueGetType(v), want))
    return true;
  char w[128], g[128] = "nothing";
  if (!mlirValueIsNull(v))
    nb_type_str(g, sizeof g, mlirValueGetType(v));
  nb_errorf(mlirOperationGetLocation(op), "%s: batching rule of %s gave result %d %s, "
                                          "expected %s (batch dim %lld)",
            s->e->why, nb_op_name(op), (int)j, g, nb_type_str(w, sizeof w, want),
            (long long)d);
  return false;
}

static bool batch_op(batcher *s, MlirOperation op) {
  intptr_t n = mlirOperationGetNumOperands(op), m = mlirOperationGetNumResults(op);
  if (n > MAX_OPERANDS || m > MAX_OPERANDS) {
    nb_errorf(mlirOperationGetLocation(op), "%s: %s has too many operands to batch", s->e->why,
              nb_op_name(op));
    return false;
  }
  MlirValue args[MAX_OPERANDS], out[MAX_OPERANDS] = {{0}};
  int64_t dims[MAX_OPERANDS], out_dims[MAX_OPERANDS];
  bool any = false;
  for (intptr_t i = 0; i < n; i++) {
    MlirValue x = mlirOperationGetOperand(op, i);
    args[i] = batched(s, x);
    dims[i] = bdim(&s->dims, x);
    any |= dims[i] >= 0;
  }
  if (!any) /* the same for every example: computed once */
    return true;
  const nb_batch_entry *r = nb_find_batch(nb_op_name(op));
  if (!r || !r->rule) {
    nb_errorf(mlirOperationGetLocation(op), "%s: no batching rule for %s", s->e->why,
              nb_op_name(op));
    return false;
  }
  nb_builder b = nb_builder_before(op);
  if (!r->rule(&b, op, args, dims, out, out_dims))
    return false;
  for (intptr_t j = 0; j < m; j++) {
    if (!check_result(s, op, j, out[j], out_dims[j]))
      return false;
    MlirValue res = mlirOperationGetResult(op, j);
    nb_vmap_set(&s->vals, res, out[j]);
    if (out_dims[j] >= 0)
      set_bdim(&s->dims, res, out_dims[j]);
  }
  nb_op_list_push(&s->dead, op);
  return true;
}

/* Result j with its batch dim at out_axes[j]. */
static bool finish(batcher *s, intptr_t j, nb_builder *b) {
  nb_expansion *e = s->e;
  MlirValue v = e->fwd[j];
  int64_t d = bdim(&s->dims, v), to = e->out_axes[j];
  if (to < 0 && d >= 0) {
    MlirStringRef f = nb_func_name(e->callee);
    nb_errorf(e->loc, "%s: result %d of @%.*s depends on the batch, but out_axes[%d] is -1 "
                      "(none)", e->why, (int)j, (int)f.length, f.data, (int)j);
    return false;
  }
  e->ret[e->n_ret++] = to < 0 ? v : nb_batch_move(b, batched(s, v), d, to, e->axis_size);
  return true;
}

bool nb_vmap_build(nb_expansion *e, const nb_op_list *ops) {
  batcher s = {.e = e};
  nb_op_list placeholders = {0};
  MlirOperation first = mlirBlockGetFirstOperation(e->block);
  nb_builder top = mlirOperationIsNull(first) ? nb_builder_at_end(e->block, e->loc)
                                              : nb_builder_before(first);
  for (intptr_t i = 0; i < e->n_in; i++) {
    if (e->in_axes[i] < 0)
      continue;
    MlirValue a = mlirBlockGetArgument(e->block, i);
    MlirValue p = nbb_zeros(&top, in_type(e, i));
    mlirValueReplaceAllUsesOfWith(a, p);
    nb_op_list_push(&placeholders, mlirOpResultGetOwner(p));
    nb_vmap_set(&s.vals, p, a);
    nb_vmap_set(&s.vals, a, a);
    set_bdim(&s.dims, p, e->in_axes[i]);
    set_bdim(&s.dims, a, e->in_axes[i]);
  }
  bool ok = true;
  for (size_t k = 0; ok && k < ops->n; k++)
    ok = batch_op(&s, ops->ops[k]);
  nb_builder end = nb_builder_at_end(e->block, e->loc);
  for (intptr_t j = 0; ok && j < e->n_out; j++)
    ok = finish(&s, j, &end);
  if (ok) {
    for (size_t k = s.dead.n; k-- > 0;)
      mlirOperationDestroy(s.dead.ops[k]);
    for (size_t k = 0; k < placeholders.n; k++)
      mlirOperationDestroy(placeholders.ops[k]);
  }
  nb_op_list_free(&s.dead);
  nb_op_list_free(&placeholders);
  nb_vmap_free(&s.vals);
  nb_vmap_free(&s.dims);
  return ok;
}
