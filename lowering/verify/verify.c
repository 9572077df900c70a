/* verify.c — nabla-verify: the checks IRDL cannot express.
 *
 * IRDL already checks operand/result kinds, which operands share one type,
 * and attribute kinds. It cannot say "exp needs a float", "broadcast_in_dim's
 * operand dim 1 must be 1 or equal result dim 2", or "slice limits stay in
 * bounds", and the lowering relies on all of those. So every nabla op first
 * gets the common checks (static ranked tensors of a nabla dtype), then the
 * element class of its table entry, then the entry's own shape check.
 * Errors are emitted at the op's location (the user's file:line) and name
 * the op and the shapes or types involved.
 *
 * Regions: the module is walked whole, so nabla ops nested in any op's
 * regions are checked like top-level ones. */
#include "verify.h"
#include "pass.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <mlir-c/Diagnostics.h>

#include "dialect.h"
#include "index_dims.h"
#include "ir.h" /* nb_type_str */

enum { MAX_RANK = NB_IR_MAX_RANK };

/* A static ranked tensor, unpacked for the shape checks. */
typedef struct {
  MlirType type;
  nb_dtype dt;
  int rank;
  int64_t dims[MAX_RANK];
} tensor_info;

static bool fail(MlirOperation op, const char *fmt, ...) {
  char msg[512];
  int n = snprintf(msg, sizeof msg, "%s: ", nb_op_name(op));
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
  va_end(ap);
  mlirEmitError(mlirOperationGetLocation(op), msg);
  return false;
}

static const char *shape_str(const tensor_info *t, char *buf, size_t size) {
  return nb_format_shape(buf, size, t->rank, t->dims);
}

static tensor_info info(MlirType t) {
  tensor_info ti = {.type = t, .dt = nb_tensor_dtype(t), .rank = 0};
  if (!mlirTypeIsARankedTensor(t))
    return ti;
  ti.rank = (int)mlirShapedTypeGetRank(t);
  for (int i = 0; i < ti.rank && i < MAX_RANK; i++)
    ti.dims[i] = mlirShapedTypeGetDimSize(t, i);
  return ti;
}

static tensor_info operand(MlirOperation op, int i) {
  return info(mlirValueGetType(mlirOperationGetOperand(op, i)));
}
static tensor_info result(MlirOperation op) {
  return info(mlirValueGetType(mlirOperationGetResult(op, 0)));
}

static bool same_shape(const tensor_info *a, const tensor_info *b) {
  if (a->rank != b->rank)
    return false;
  for (int i = 0; i < a->rank; i++)
    if (a->dims[i] != b->dims[i])
      return false;
  return true;
}

static int64_t num_elements(const tensor_info *t) {
  int64_t n = 1;
  for (int i = 0; i < t->rank; i++)
    n *= t->dims[i];
  return n;
}

/* A value must be a static ranked tensor of one of nabla's dtypes. */
static bool check_value_type(MlirOperation op, MlirValue v, const char *what) {
  MlirType t = mlirValueGetType(v);
  char b[128];
  if (!mlirTypeIsARankedTensor(t) || !mlirShapedTypeHasStaticShape(t))
    return fail(op, "%s must be a statically shaped ranked tensor, got %s", what,
                nb_type_str(b, sizeof b, t));
  if (mlirShapedTypeGetRank(t) > MAX_RANK)
    return fail(op, "%s has rank %lld, more than the supported %d", what,
                (long long)mlirShapedTypeGetRank(t), MAX_RANK);
  if (nb_tensor_dtype(t) == NB_INVALID_DTYPE)
    return fail(op, "%s has element type %s, which is not a nabla dtype", what,
                nb_type_str(b, sizeof b, mlirShapedTypeGetElementType(t)));
  return true;
}

static bool check_common(MlirOperation op) {
  char what[32];
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++) {
    snprintf(what, sizeof what, "operand %d", (int)i);
    if (!check_value_type(op, mlirOperationGetOperand(op, i), what))
      return false;
  }
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); i++) {
    snprintf(what, sizeof what, "result %d", (int)i);
    if (!check_value_type(op, mlirOperationGetResult(op, i), what))
      return false;
  }
  return true;
}

/* ---- element classes ---- */

typedef enum {
  ANY,   /* every dtype, bool included */
  FLOAT, /* f16 bf16 f32 f64 */
  NUM,   /* int (signed or unsigned) or float; not bool */
  INT,   /* int (signed or unsigned); not bool */
  INT_BOOL, /* int or bool (bitwise ops) */
} elem_class;

/* The class applies to operand 0, or to the result of ops with no operand. */
static bool check_class(MlirOperation op, elem_class cls) {
  tensor_info t = mlirOperationGetNumOperands(op) ? operand(op, 0) : result(op);
  char b[128];
  if (cls == FLOAT && !nb_dtype_is_float(t.dt))
    return fail(op, "expected a float element type, got %s", nb_type_str(b, sizeof b, t.type));
  if (cls == NUM && !nb_dtype_is_float(t.dt) && !nb_dtype_is_int(t.dt))
    return fail(op, "expected an integer or float element type, got %s",
                nb_type_str(b, sizeof b, t.type));
  if (cls == INT && !nb_dtype_is_int(t.dt))
    return fail(op, "expected an integer element type, got %s", nb_type_str(b, sizeof b, t.type));
  if (cls == INT_BOOL && !nb_dtype_is_int(t.dt) && t.dt != NB_BOOL)
    return fail(op, "expected an integer or bool element type, got %s",
                nb_type_str(b, sizeof b, t.type));
  return true;
}

/* ---- attributes ---- */

/* Reads a dense i64 array attribute into out (at most MAX_RANK entries). */
static bool get_i64s(MlirOperation op, const char *name, int64_t *out, int *n) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseI64Array(a))
    return fail(op, "attribute '%s' must be an array<i64: ...>", name);
  intptr_t len = mlirDenseArrayGetNumElements(a);
  if (len > MAX_RANK)
    return fail(op, "attribute '%s' has %d entries, more than the supported %d", name,
                (int)len, MAX_RANK);
  for (intptr_t i = 0; i < len; i++)
    out[i] = mlirDenseI64ArrayGetElement(a, i);
  *n = (int)len;
  return true;
}

static bool get_int(MlirOperation op, const char *name, int64_t *out) {
  MlirAttribute a = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAInteger(a))
    return fail(op, "attribute '%s' must be an integer", name);
  *out = mlirIntegerAttrGetValueSInt(a);
  return true;
}

static bool same_dtype(MlirOperation op, const tensor_info *x, const tensor_info *r) {
  char a[128], b[128];
  if (x->dt != r->dt)
    return fail(op, "result element type differs from the operand's: %s vs %s",
                nb_type_str(a, sizeof a, r->type), nb_type_str(b, sizeof b, x->type));
  return true;
}

/* Each entry is < bound and appears once; `used` marks them. */
static bool check_dim_list(MlirOperation op, const char *name, const int64_t *d, int n,
                           int bound, bool *used) {
  for (int i = 0; i < n; i++) {
    if (d[i] < 0 || d[i] >= bound)
      return fail(op, "%s entry %lld is out of range for rank %d", name, (long long)d[i],
                  bound);
    if (used[d[i]])
      return fail(op, "dimension %lld appears twice in %s", (long long)d[i], name);
    used[d[i]] = true;
  }
  return true;
}

/* ---- per-op checks ---- */

static bool check_integer_pow(MlirOperation op) {
  int64_t y = 0;
  char b[128];
  if (!get_int(op, "y", &y))
    return false;
  tensor_info x = operand(op, 0);
  if (y < 0 && !nb_dtype_is_float(x.dt))
    return fail(op, "negative exponent %lld needs a float operand, got %s", (long long)y,
                nb_type_str(b, sizeof b, x.type));
  return true;
}

static bool check_constant(MlirOperation op) {
  MlirAttribute v = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("value"));
  MlirType r = mlirValueGetType(mlirOperationGetResult(op, 0));
  char a[128], b[128];
  if (!mlirTypeEqual(mlirAttributeGetType(v), r))
    return fail(op, "value has type %s but the result is %s",
                nb_type_str(a, sizeof a, mlirAttributeGetType(v)), nb_type_str(b, sizeof b, r));
  return true;
}

static bool check_iota(MlirOperation op) {
  int64_t d = 0;
  char s[128];
  tensor_info r = result(op);
  if (!get_int(op, "dimension", &d))
    return false;
  if (d < 0 || d >= r.rank)
    return fail(op, "dimension %lld is out of range for result shape %s", (long long)d,
                shape_str(&r, s, sizeof s));
  return true;
}

static bool check_compare(MlirOperation op) {
  tensor_info x = operand(op, 0), r = result(op);
  char a[128], b[128];
  if (r.dt != NB_BOOL || !same_shape(&x, &r))
    return fail(op, "result must be i1 with the operands' shape %s, got %s",
                shape_str(&x, a, sizeof a), nb_type_str(b, sizeof b, r.type));
  return true;
}

static bool check_select(MlirOperation op) {
  tensor_info p = operand(op, 0), x = operand(op, 1);
  char a[128], b[128];
  if (p.dt != NB_BOOL || !same_shape(&p, &x))
    return fail(op, "pred must be i1 with the shape %s of the branches, got %s",
                shape_str(&x, a, sizeof a), nb_type_str(b, sizeof b, p.type));
  return true;
}

static bool check_convert(MlirOperation op) {
  tensor_info x = operand(op, 0), r = result(op);
  char a[128], b[128];
  if (!same_shape(&x, &r))
    return fail(op, "result shape %s differs from operand shape %s",
                shape_str(&r, a, sizeof a), shape_str(&x, b, sizeof b));
  return true;
}

/* lax.bitcast_convert_type between equal bit widths only (XLA's also
 * changes the shape when the widths differ; nabla does not need it). */
static bool check_bitcast_convert(MlirOperation op) {
  tensor_info x = operand(op, 0), r = result(op);
  char a[128], b[128];
  if (!same_shape(&x, &r))
    return fail(op, "result shape %s differs from operand shape %s",
                shape_str(&r, a, sizeof a), shape_str(&x, b, sizeof b));
  if (nb_dtype_bits(x.dt) != nb_dtype_bits(r.dt) || x.dt == NB_BOOL || r.dt == NB_BOOL)
    return fail(op, "needs element types of one bit width (not bool), got %s and %s",
                nb_type_str(a, sizeof a, x.type), nb_type_str(b, sizeof b, r.type));
  return true;
}

/* Threefry works on uint32 words; IRDL already makes the types equal. */
static bool check_threefry2x32(MlirOperation op) {
  tensor_info x = operand(op, 0);
  char a[128];
  if (x.dt != NB_U32)
    return fail(op, "operands must be ui32 tensors, got %s", nb_type_str(a, sizeof a, x.type));
  return true;
}

/* keys: integers (the only keys jax.random sorts; a float order would need
 * NaN and -0 handling); values of the keys' shape, any dtype. */
static bool check_sort_key_val(MlirOperation op) {
  tensor_info k = operand(op, 0), v = operand(op, 1), rk = result(op);
  tensor_info rv = info(mlirValueGetType(mlirOperationGetResult(op, 1)));
  int64_t d = 0;
  char a[128], b[128];
  if (!get_int(op, "dimension", &d) || !same_dtype(op, &k, &rk) || !same_dtype(op, &v, &rv))
    return false;
  if (!same_shape(&k, &v) || !same_shape(&k, &rk) || !same_shape(&k, &rv))
    return fail(op, "keys %s, values %s and results must have one shape", shape_str(&k, a, sizeof a),
                shape_str(&v, b, sizeof b));
  if (d < 0 || d >= k.rank)
    return fail(op, "dimension %lld is out of range for shape %s", (long long)d, shape_str(&k, a, sizeof a));
  return true;
}

static bool check_broadcast_in_dim(MlirOperation op) {
  tensor_info x = operand(op, 0), r = result(op);
  int64_t d[MAX_RANK];
  int n;
  char a[128], b[128];
  if (!get_i64s(op, "broadcast_dimensions", d, &n) || !same_dtype(op, &x, &r))
    return false;
  if (n != x.rank)
    return fail(op, "broadcast_dimensions has %d entries but the operand %s has rank %d", n,
                shape_str(&x, a, sizeof a), x.rank);
  for (int i = 0; i < n; i++) {
    if (d[i] < 0 || d[i] >= r.rank)
      return fail(op, "broadcast_dimensions entry %lld is out of range for result shape %s",
                  (long long)d[i], shape_str(&r, b, sizeof b));
    if (i > 0 && d[i] <= d[i - 1])
      return fail(op, "broadcast_dimensions must be strictly increasing");
    if (x.dims[i] != 1 && x.dims[i] != r.dims[d[i]])
      return fail(op, "operand dim %d has size %lld but result dim %lld has size %lld", i,
                  (long long)x.dims[i], (long long)d[i], (long long)r.dims[d[i]]);
  }
  return true;
}

static bool check_reshape(MlirOperation op) {
  tensor_info x = operand(op, 0), r = result(op);
  char a[128], b[128];
  if (!same_dtype(op, &x, &r))
    return false;
  if (num_elements(&x) != num_elements(&r))
    return fail(op, "cannot reshape %s (%lld elements) to %s (%lld elements)",
                shape_str(&x, a, sizeof a), (long long)num_elements(&x),
                shape_str(&r, b, sizeof b), (long long)num_elements(&r));
  return true;
}

static bool check_transpose(MlirOperation op) {
  tensor_info x = operand(op, 0), r = result(op);
  int64_t p[MAX_RANK];
  int n;
  bool used[MAX_RANK] = {false};
  char a[128], b[128];
  if (!get_i64s(op, "permutation", p, &n) || !same_dtype(op, &x, &r))
    return false;
  if (n != x.rank)
    return fail(op, "permutation has %d entries but the operand %s has rank %d", n,
                shape_str(&x, a, sizeof a), x.rank);
  if (!check_dim_list(op, "permutation", p, n, x.rank, used))
    return false;
  for (int i = 0; i < n; i++)
    if (r.rank != x.rank || r.dims[i] != x.dims[p[i]])
      return fail(op, "result shape %s is not operand shape %s permuted",
                  shape_str(&r, a, sizeof a), shape_str(&x, b, sizeof b));
  return true;
}

static bool check_slice(MlirOperation op) {
  tensor_info x = operand(op, 0), r = result(op);
  int64_t s[MAX_RANK], l[MAX_RANK], st[MAX_RANK];
  int ns, nl, nst;
  char a[128], b[128];
  if (!get_i64s(op, "start_indices", s, &ns) || !get_i64s(op, "limit_indices", l, &nl) ||
      !get_i64s(op, "strides", st, &nst) || !same_dtype(op, &x, &r))
    return false;
  if (ns != x.rank || nl != x.rank || nst != x.rank || r.rank != x.rank)
    return fail(op, "start_indices, limit_indices, strides and the result need rank %d "
                "of operand %s", x.rank, shape_str(&x, a, sizeof a));
  for (int i = 0; i < x.rank; i++) {
    if (s[i] < 0 || s[i] > l[i] || l[i] > x.dims[i])
      return fail(op, "dim %d: need 0 <= start %lld <= limit %lld <= size %lld", i,
                  (long long)s[i], (long long)l[i], (long long)x.dims[i]);
    if (st[i] < 1)
      return fail(op, "dim %d: stride %lld must be >= 1", i, (long long)st[i]);
    int64_t want = (l[i] - s[i] + st[i] - 1) / st[i];
    if (r.dims[i] != want)
      return fail(op, "result dim %d has size %lld but the slice of %s selects %lld", i,
                  (long long)r.dims[i], shape_str(&x, b, sizeof b), (long long)want);
  }
  return true;
}

/* lax.pad's shape rule, with every padding amount >= 0 (see the IRDL file). */
static bool check_pad(MlirOperation op) {
  tensor_info x = operand(op, 0), v = operand(op, 1), r = result(op);
  int64_t lo[MAX_RANK], hi[MAX_RANK], in[MAX_RANK];
  int nlo, nhi, nin;
  char a[128], b[128];
  if (!get_i64s(op, "edge_padding_low", lo, &nlo) ||
      !get_i64s(op, "edge_padding_high", hi, &nhi) ||
      !get_i64s(op, "interior_padding", in, &nin) || !same_dtype(op, &x, &r))
    return false;
  if (v.rank != 0 || v.dt != x.dt)
    return fail(op, "padding_value must be a rank-0 tensor of the operand's element type, "
                "got %s", nb_type_str(a, sizeof a, v.type));
  if (nlo != x.rank || nhi != x.rank || nin != x.rank || r.rank != x.rank)
    return fail(op, "edge_padding_low, edge_padding_high, interior_padding and the result "
                "need rank %d of operand %s", x.rank, shape_str(&x, a, sizeof a));
  for (int i = 0; i < x.rank; i++) {
    if (lo[i] < 0 || hi[i] < 0 || in[i] < 0)
      return fail(op, "dim %d: padding (low %lld, high %lld, interior %lld) must be >= 0", i,
                  (long long)lo[i], (long long)hi[i], (long long)in[i]);
    int64_t d = x.dims[i], want = lo[i] + d + (d > 0 ? (d - 1) * in[i] : 0) + hi[i];
    if (r.dims[i] != want)
      return fail(op, "result dim %d has size %lld but padding %s gives %lld", i,
                  (long long)r.dims[i], shape_str(&x, b, sizeof b), (long long)want);
  }
  return true;
}

static bool check_reduce(MlirOperation op) {
  tensor_info x = operand(op, 0), r = result(op);
  int64_t d[MAX_RANK];
  int n;
  bool used[MAX_RANK] = {false};
  char a[128], b[128], c[128];
  if (!get_i64s(op, "dimensions", d, &n) || !same_dtype(op, &x, &r) ||
      !check_dim_list(op, "dimensions", d, n, x.rank, used))
    return false;
  tensor_info want = {.rank = 0};
  for (int i = 0; i < x.rank; i++)
    if (!used[i])
      want.dims[want.rank++] = x.dims[i];
  if (!same_shape(&want, &r))
    return fail(op, "result shape %s should be %s (operand %s without the reduced dims)",
                shape_str(&r, a, sizeof a), shape_str(&want, b, sizeof b),
                shape_str(&x, c, sizeof c));
  return true;
}

/* lax.rev: each dimension in range, once (IRDL makes result = operand). */
static bool check_rev(MlirOperation op) {
  tensor_info x = operand(op, 0);
  int64_t d[MAX_RANK];
  int n;
  bool used[MAX_RANK] = {false};
  return get_i64s(op, "dimensions", d, &n) &&
         check_dim_list(op, "dimensions", d, n, x.rank, used);
}

/* lax.concatenate's shape rule for two operands. */
static bool check_concatenate(MlirOperation op) {
  tensor_info x = operand(op, 0), y = operand(op, 1), r = result(op);
  int64_t d = 0;
  char a[128], b[128], c[128];
  if (!get_int(op, "dimension", &d) || !same_dtype(op, &x, &r) || !same_dtype(op, &y, &r))
    return false;
  if (x.rank == 0 || d < 0 || d >= x.rank)
    return fail(op, "dimension %lld is out of range for lhs %s", (long long)d,
                shape_str(&x, a, sizeof a));
  bool ok = y.rank == x.rank && r.rank == x.rank;
  for (int i = 0; ok && i < x.rank; i++)
    ok = i == d ? r.dims[i] == x.dims[i] + y.dims[i]
                : y.dims[i] == x.dims[i] && r.dims[i] == x.dims[i];
  if (!ok)
    return fail(op, "cannot join lhs %s and rhs %s along dimension %lld into %s",
                shape_str(&x, a, sizeof a), shape_str(&y, b, sizeof b), (long long)d,
                shape_str(&r, c, sizeof c));
  return true;
}

/* lax.argmax/argmin's shape and dtype rules: a non-empty axis in range,
 * removed from the shape; an integer result (index_dtype). */
static bool check_argminmax(MlirOperation op) {
  tensor_info x = operand(op, 0), r = result(op);
  int64_t axis = 0;
  char a[128], b[128];
  if (!get_int(op, "axis", &axis))
    return false;
  if (axis < 0 || axis >= x.rank)
    return fail(op, "axis %lld is out of range for operand %s", (long long)axis,
                shape_str(&x, a, sizeof a));
  if (x.dims[axis] < 1)
    return fail(op, "needs a non-empty axis %lld, operand %s", (long long)axis,
                shape_str(&x, a, sizeof a));
  if (!nb_dtype_is_int(r.dt))
    return fail(op, "the result (index_dtype) must be an integer type, got %s",
                nb_type_str(a, sizeof a, r.type));
  tensor_info want = {.rank = 0};
  for (int i = 0; i < x.rank; i++)
    if (i != axis)
      want.dims[want.rank++] = x.dims[i];
  if (!same_shape(&want, &r))
    return fail(op, "result shape %s should be %s (the operand without axis %lld)",
                shape_str(&r, a, sizeof a), shape_str(&want, b, sizeof b), (long long)axis);
  return true;
}

/* lax.round's rounding_method: RoundingMethod's two values. */
static bool check_round(MlirOperation op) {
  int64_t m = 0;
  if (!get_int(op, "rounding_method", &m))
    return false;
  if (m != 0 && m != 1)
    return fail(op, "rounding_method %lld is neither 0 (away from zero) nor 1 (to nearest even)",
                (long long)m);
  return true;
}

/* lax.clamp's shape and dtype rules: min and max have x's element type and
 * are rank 0 or x's shape. */
static bool check_clamp(MlirOperation op) {
  tensor_info x = operand(op, 1);
  char a[128], b[128];
  static const char *const names[2] = {"min", "max"};
  for (int k = 0; k < 2; k++) {
    tensor_info m = operand(op, k == 0 ? 0 : 2);
    if (m.dt != x.dt)
      return fail(op, "%s has element type %s, x has %s", names[k],
                  nb_type_str(a, sizeof a, m.type), nb_type_str(b, sizeof b, x.type));
    if (m.rank != 0 && !same_shape(&m, &x))
      return fail(op, "%s must have shape () or x's shape %s, got %s", names[k],
                  shape_str(&x, a, sizeof a), shape_str(&m, b, sizeof b));
  }
  return true;
}

/* lax.cumsum etc.: a non-negative axis in range (lax refuses negative
 * ones), reverse a bool; IRDL makes result = operand. */
static bool check_cumulative(MlirOperation op) {
  tensor_info x = operand(op, 0);
  int64_t axis = 0, rev = 0;
  char a[128];
  if (!get_int(op, "axis", &axis) || !get_int(op, "reverse", &rev))
    return false;
  if (axis < 0 || axis >= x.rank)
    return fail(op, "axis %lld is out of range for operand %s", (long long)axis,
                shape_str(&x, a, sizeof a));
  return true;
}

/* lax.sort of one operand: the dimension in range (IRDL makes result =
 * operand). */
static bool check_sort(MlirOperation op) {
  tensor_info x = operand(op, 0);
  int64_t d = 0;
  char a[128];
  if (!get_int(op, "dimension", &d))
    return false;
  if (d < 0 || d >= x.rank)
    return fail(op, "dimension %lld is out of range for operand %s", (long long)d,
                shape_str(&x, a, sizeof a));
  return true;
}

/* dot_general's dimension lists, per side. */
typedef struct {
  int64_t batch[MAX_RANK], contract[MAX_RANK];
  int nb, nc;
  bool used[MAX_RANK];
} dot_side;

static bool dot_side_get(MlirOperation op, const char *side, const tensor_info *t,
                         dot_side *s) {
  char bn[64], cn[64];
  snprintf(bn, sizeof bn, "%s_batch_dimensions", side);
  snprintf(cn, sizeof cn, "%s_contracting_dimensions", side);
  memset(s->used, 0, sizeof s->used);
  return get_i64s(op, bn, s->batch, &s->nb) && get_i64s(op, cn, s->contract, &s->nc) &&
         check_dim_list(op, bn, s->batch, s->nb, t->rank, s->used) &&
         check_dim_list(op, cn, s->contract, s->nc, t->rank, s->used);
}

static bool check_dot_general(MlirOperation op) {
  tensor_info x = operand(op, 0), y = operand(op, 1), r = result(op);
  dot_side ls, rs;
  char a[128], b[128], c[128];
  if (x.dt != y.dt || x.dt != r.dt)
    return fail(op, "lhs %s, rhs %s and result %s must share one element type",
                nb_type_str(a, sizeof a, x.type), nb_type_str(b, sizeof b, y.type),
                nb_type_str(c, sizeof c, r.type));
  if (!dot_side_get(op, "lhs", &x, &ls) ||
      !dot_side_get(op, "rhs", &y, &rs))
    return false;
  if (ls.nb != rs.nb || ls.nc != rs.nc)
    return fail(op, "lhs and rhs need as many batch (%d vs %d) and contracting (%d vs %d) "
                "dimensions", ls.nb, rs.nb, ls.nc, rs.nc);
  tensor_info want = {.rank = 0};
  for (int i = 0; i < ls.nb; i++) {
    if (x.dims[ls.batch[i]] != y.dims[rs.batch[i]])
      return fail(op, "batch dims lhs %lld (size %lld) and rhs %lld (size %lld) differ",
                  (long long)ls.batch[i], (long long)x.dims[ls.batch[i]],
                  (long long)rs.batch[i], (long long)y.dims[rs.batch[i]]);
    want.dims[want.rank++] = x.dims[ls.batch[i]];
  }
  for (int i = 0; i < ls.nc; i++)
    if (x.dims[ls.contract[i]] != y.dims[rs.contract[i]])
      return fail(op, "contracting dims lhs %lld (size %lld) and rhs %lld (size %lld) differ",
                  (long long)ls.contract[i], (long long)x.dims[ls.contract[i]],
                  (long long)rs.contract[i], (long long)y.dims[rs.contract[i]]);
  for (int i = 0; i < x.rank; i++)
    if (!ls.used[i] && want.rank < MAX_RANK)
      want.dims[want.rank++] = x.dims[i];
  for (int i = 0; i < y.rank; i++)
    if (!rs.used[i] && want.rank < MAX_RANK)
      want.dims[want.rank++] = y.dims[i];
  if (!same_shape(&want, &r))
    return fail(op, "result shape %s should be %s (batch, lhs free, rhs free)",
                shape_str(&r, a, sizeof a), shape_str(&want, b, sizeof b));
  return true;
}

/* ---- indexing ---- */

/* Start operands from `first` on: one rank-0 integer per dimension of x
 * (IRDL already gives them one type). */
static bool check_starts(MlirOperation op, int first, const tensor_info *x) {
  int n = (int)mlirOperationGetNumOperands(op) - first;
  char a[128], b[128];
  if (n != x->rank)
    return fail(op, "needs %d start indices for operand %s, got %d", x->rank,
                shape_str(x, a, sizeof a), n);
  for (int i = 0; i < n; i++) {
    tensor_info s = operand(op, first + i);
    if (s.rank != 0 || !nb_dtype_is_int(s.dt))
      return fail(op, "start index %d must be a rank-0 integer tensor, got %s", i,
                  nb_type_str(b, sizeof b, s.type));
  }
  return true;
}

static bool check_dynamic_slice(MlirOperation op) {
  tensor_info x = operand(op, 0), r = result(op);
  int64_t sz[MAX_RANK];
  int n;
  char a[128], b[128];
  if (!get_i64s(op, "slice_sizes", sz, &n) || !same_dtype(op, &x, &r) || !check_starts(op, 1, &x))
    return false;
  if (n != x.rank)
    return fail(op, "slice_sizes has %d entries but the operand %s has rank %d", n,
                shape_str(&x, a, sizeof a), x.rank);
  for (int i = 0; i < n; i++)
    if (sz[i] < 0 || sz[i] > x.dims[i])
      return fail(op, "slice size %lld of dim %d does not fit operand %s", (long long)sz[i], i,
                  shape_str(&x, a, sizeof a));
  tensor_info want = {.rank = n};
  for (int i = 0; i < n; i++)
    want.dims[i] = sz[i];
  if (!same_shape(&want, &r))
    return fail(op, "result shape %s should be the slice_sizes %s", shape_str(&r, a, sizeof a),
                shape_str(&want, b, sizeof b));
  return true;
}

static bool check_dynamic_update_slice(MlirOperation op) {
  tensor_info x = operand(op, 0), u = operand(op, 1);
  char a[128], b[128];
  if (!same_dtype(op, &x, &u) || !check_starts(op, 2, &x))
    return false;
  bool fits = u.rank == x.rank;
  for (int i = 0; fits && i < x.rank; i++)
    fits = u.dims[i] <= x.dims[i];
  if (!fits)
    return fail(op, "update %s must have the rank of operand %s and fit in it",
                shape_str(&u, a, sizeof a), shape_str(&x, b, sizeof b));
  return true;
}

/* gather's / scatter's dimension numbers (names: the attribute names). */
static bool get_index_dims(MlirOperation op, const char *const *names, nb_index_dims *d) {
  return get_i64s(op, names[0], d->offset, &d->n_offset) &&
         get_i64s(op, names[1], d->collapsed, &d->n_collapsed) &&
         get_i64s(op, names[2], d->start_map, &d->n_start_map) &&
         get_i64s(op, names[3], d->obatch, &d->n_obatch) &&
         get_i64s(op, names[4], d->ibatch, &d->n_ibatch);
}

static bool integer_indices(MlirOperation op, const tensor_info *idx) {
  char b[128];
  if (!nb_dtype_is_int(idx->dt))
    return fail(op, "indices must be integers, got %s", nb_type_str(b, sizeof b, idx->type));
  return true;
}

static bool check_gather(MlirOperation op) {
  tensor_info x = operand(op, 0), idx = operand(op, 1), r = result(op);
  nb_index_dims d;
  int64_t sz[MAX_RANK];
  int n;
  char a[128], b[128], err[256];
  if (!get_index_dims(op, nb_gather_dim_names, &d) || !get_i64s(op, "slice_sizes", sz, &n) ||
      !same_dtype(op, &x, &r) || !integer_indices(op, &idx))
    return false;
  tensor_info want = {0};
  if (!nb_gather_result_shape(&d, x.rank, x.dims, idx.rank, idx.dims, n, sz, &want.rank,
                              want.dims, err, sizeof err))
    return fail(op, "%s (operand %s, indices %s)", err, shape_str(&x, a, sizeof a),
                shape_str(&idx, b, sizeof b));
  if (!same_shape(&want, &r))
    return fail(op, "result shape %s should be %s", shape_str(&r, a, sizeof a),
                shape_str(&want, b, sizeof b));
  return true;
}

static bool check_scatter(MlirOperation op) {
  tensor_info x = operand(op, 0), idx = operand(op, 1), u = operand(op, 2);
  nb_index_dims d;
  char a[128], b[128], c[128], err[256];
  if (!get_index_dims(op, nb_scatter_dim_names, &d) || !same_dtype(op, &x, &u) ||
      !integer_indices(op, &idx))
    return false;
  if (!nb_scatter_check_shapes(&d, x.rank, x.dims, idx.rank, idx.dims, u.rank, u.dims, err,
                               sizeof err))
    return fail(op, "%s (operand %s, indices %s, updates %s)", err, shape_str(&x, a, sizeof a),
                shape_str(&idx, b, sizeof b), shape_str(&u, c, sizeof c));
  return true;
}

/* ---- the table ---- */

typedef struct {
  const char *name;
  elem_class cls;
  bool (*check)(MlirOperation op); /* NULL: the class check is all */
} verify_rule;

static const verify_rule rules[] = {
    {"nabla.neg", NUM, NULL},
    {"nabla.abs", NUM, NULL},
    {"nabla.sign", NUM, NULL},
    {"nabla.exp", FLOAT, NULL},
    {"nabla.log", FLOAT, NULL},
    {"nabla.log1p", FLOAT, NULL},
    {"nabla.expm1", FLOAT, NULL},
    {"nabla.tanh", FLOAT, NULL},
    {"nabla.logistic", FLOAT, NULL},
    {"nabla.sqrt", FLOAT, NULL},
    {"nabla.rsqrt", FLOAT, NULL},
    {"nabla.sin", FLOAT, NULL},
    {"nabla.cos", FLOAT, NULL},
    {"nabla.add", NUM, NULL},
    {"nabla.sub", NUM, NULL},
    {"nabla.mul", NUM, NULL},
    {"nabla.div", NUM, NULL},
    {"nabla.rem", NUM, NULL},
    {"nabla.pow", NUM, NULL},
    {"nabla.max", ANY, NULL},
    {"nabla.min", ANY, NULL},
    {"nabla.integer_pow", NUM, check_integer_pow},
    {"nabla.constant", ANY, check_constant},
    {"nabla.iota", NUM, check_iota},
    {"nabla.compare", ANY, check_compare},
    {"nabla.select", ANY, check_select},
    {"nabla.convert", ANY, check_convert},
    {"nabla.stop_gradient", ANY, NULL}, /* IRDL already makes result = operand type */
    {"nabla.broadcast_in_dim", ANY, check_broadcast_in_dim},
    {"nabla.reshape", ANY, check_reshape},
    {"nabla.transpose", ANY, check_transpose},
    {"nabla.slice", ANY, check_slice},
    {"nabla.pad", ANY, check_pad},
    {"nabla.reduce_sum", NUM, check_reduce},
    {"nabla.reduce_max", ANY, check_reduce},
    {"nabla.reduce_min", ANY, check_reduce},
    {"nabla.dot_general", NUM, check_dot_general},
    {"nabla.and", INT_BOOL, NULL},
    {"nabla.or", INT_BOOL, NULL},
    {"nabla.xor", INT_BOOL, NULL},
    {"nabla.not", INT_BOOL, NULL},
    {"nabla.shift_left", INT, NULL},
    {"nabla.shift_right_logical", INT, NULL},
    {"nabla.shift_right_arithmetic", INT, NULL},
    {"nabla.bitcast_convert", ANY, check_bitcast_convert},
    {"nabla.erf_inv", FLOAT, NULL},
    {"nabla.fma", FLOAT, NULL},
    {"nabla.threefry2x32", ANY, check_threefry2x32},
    {"nabla.sort_key_val", INT, check_sort_key_val},
    {"nabla.tan", FLOAT, NULL},
    {"nabla.exp2", FLOAT, NULL},
    {"nabla.erf", FLOAT, NULL},
    {"nabla.erfc", FLOAT, NULL},
    {"nabla.floor", FLOAT, NULL},
    {"nabla.ceil", FLOAT, NULL},
    {"nabla.is_finite", FLOAT, check_compare}, /* bool of the operand's shape */
    {"nabla.atan2", FLOAT, NULL},
    {"nabla.dynamic_slice", ANY, check_dynamic_slice},
    {"nabla.dynamic_update_slice", ANY, check_dynamic_update_slice},
    {"nabla.rev", ANY, check_rev},
    {"nabla.concatenate", ANY, check_concatenate},
    {"nabla.argmax", ANY, check_argminmax},
    {"nabla.argmin", ANY, check_argminmax},
    {"nabla.gather", ANY, check_gather},
    {"nabla.scatter", ANY, check_scatter},
    {"nabla.scatter_add", ANY, check_scatter},
    {"nabla.scatter_mul", ANY, check_scatter},
    {"nabla.scatter_min", ANY, check_scatter},
    {"nabla.scatter_max", ANY, check_scatter},
    {"nabla.round", FLOAT, check_round},
    {"nabla.clamp", ANY, check_clamp},
    {"nabla.nextafter", FLOAT, NULL},
    {"nabla.reduce_prod", NUM, check_reduce},
    {"nabla.cumsum", NUM, check_cumulative},
    {"nabla.cumprod", NUM, check_cumulative},
    {"nabla.cummax", NUM, check_cumulative},
    {"nabla.cummin", NUM, check_cumulative},
    {"nabla.sort", ANY, check_sort},
};

static const verify_rule *find_rule(const char *name) {
  for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
    if (strcmp(rules[i].name, name) == 0)
      return &rules[i];
  return NULL;
}

const char *nb_verify_rule_name(size_t i) {
  return i < sizeof rules / sizeof rules[0] ? rules[i].name : NULL;
}

bool nb_has_verify_rule(const char *op_name) { return find_rule(op_name) != NULL; }

bool nb_verify_op(MlirOperation op) {
  const verify_rule *r = find_rule(nb_op_name(op));
  if (!r) /* ops added by other transforms (grad, vmap, ...) check themselves */
    return true;
  return check_common(op) && check_class(op, r->cls) && (!r->check || r->check(op));
}

typedef struct {
  int errors;
} walk_state;

static MlirWalkResult visit(MlirOperation op, void *user) {
  walk_state *s = user;
  if (nb_is_nabla_op(op) && !nb_verify_op(op))
    s->errors++;
  return MlirWalkResultAdvance;
}

bool nb_verify_module(MlirOperation module, void *user) {
  (void)user;
  walk_state s = {0};
  /* Reporting every bad op, not just the first, saves the user round trips. */
  mlirOperationWalk(module, visit, &s, MlirWalkPreOrder);
  return s.errors == 0;
}

bool nb_add_verify_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-verify",
                              "check what IRDL cannot: dtypes, shape relations, attributes",
                              nb_verify_module, NULL));
  return true;
}
