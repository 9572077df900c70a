/* simplify.c — nabla-simplify: dead-code elimination, common-subexpression
 * elimination and folding on splat constants, to a fixed point; then private
 * functions nobody refers to are removed.
 *
 * Why by hand: IRDL ops declare no side effects and no folders, so upstream
 * canonicalize and cse leave nabla ops alone, and autodiff emits plenty of
 * both dead forward work and multiplications by one. Every nabla op is pure,
 * which is what makes DCE and CSE safe here.
 *
 * CSE compares the op name, operands, attributes and result types by
 * pointer: MLIR uniques identifiers, attributes and types in the context, so
 * pointer equality is equality.
 *
 * Folds are the float-safe ones only: x+0, 0+x, x-0, x*1, 1*x, x/1,
 * neg(neg x), shape or dtype changes of a splat, and a transpose of a
 * dot_general that only swaps its operands' free dims, and any op whose
 * results have no elements (empty constants). x*0 is not 0 (NaN, inf)
 * and x-x is not 0 (NaN), so neither is folded. x+0 turns -0.0 into +0.0 in
 * IEEE arithmetic; like XLA we accept that. stop_gradient is never removed:
 * a later transform of this function still needs it.
 *
 * Regions: every block is simplified, nested ones too (the bodies of
 * scf.if and other ops with regions); an op with regions itself is never
 * folded, merged or removed. */
#include "transforms.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "ad_rules.h"
#include "dialect.h"

static bool is(MlirOperation op, const char *name) { return strcmp(nb_op_name(op), name) == 0; }

static bool unused(MlirOperation op) {
  for (intptr_t j = 0; j < mlirOperationGetNumResults(op); j++)
    if (!mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(op, j))))
      return false;
  return true;
}

static void replace(MlirOperation op, MlirValue with) {
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), with);
  mlirOperationDestroy(op);
}

/* ---- DCE ---- */

static bool dce(MlirBlock block) {
  bool changed = false;
  /* Backwards, so a chain of dead ops goes in one sweep; the C API has no
   * previous-op link, hence the list. */
  nb_op_list ops = {0};
  for (MlirOperation op = mlirBlockGetFirstOperation(block); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    nb_op_list_push(&ops, op);
  for (size_t k = ops.n; k-- > 0;)
    if (nb_is_nabla_op(ops.ops[k]) && mlirOperationGetNumRegions(ops.ops[k]) == 0 &&
        unused(ops.ops[k])) {
      mlirOperationDestroy(ops.ops[k]);
      changed = true;
    }
  nb_op_list_free(&ops);
  return changed;
}

/* ---- CSE ---- */

static size_t mix(size_t h, const void *p) {
  h ^= (size_t)(uintptr_t)p + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h;
}

/* Operand order does not matter for these (maximumf/minimumf are
 * commutative too, NaN included); autodiff emits both t*x and x*t. */
static bool commutative(MlirOperation op) {
  static const char *const names[] = {"nabla.add", "nabla.mul", "nabla.max", "nabla.min"};
  if (mlirOperationGetNumOperands(op) != 2)
    return false;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (is(op, names[i]))
      return true;
  return false;
}

static size_t op_hash(MlirOperation op) {
  size_t h = mix(0, mlirOperationGetName(op).ptr);
  if (commutative(op)) /* a symmetric combination of the two operands */
    h = mix(h, (const void *)(uintptr_t)(mix(0, mlirOperationGetOperand(op, 0).ptr) +
                                         mix(0, mlirOperationGetOperand(op, 1).ptr)));
  else
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++)
      h = mix(h, mlirOperationGetOperand(op, i).ptr);
  for (intptr_t i = 0; i < mlirOperationGetNumAttributes(op); i++) {
    MlirNamedAttribute a = mlirOperationGetAttribute(op, i);
    h = mix(mix(h, a.name.ptr), a.attribute.ptr);
  }
  for (intptr_t j = 0; j < mlirOperationGetNumResults(op); j++)
    h = mix(h, mlirValueGetType(mlirOperationGetResult(op, j)).ptr);
  return h;
}

static bool same_op(MlirOperation a, MlirOperation b) {
  intptr_t n = mlirOperationGetNumOperands(a), na = mlirOperationGetNumAttributes(a),
           m = mlirOperationGetNumResults(a);
  if (mlirOperationGetName(a).ptr != mlirOperationGetName(b).ptr ||
      n != mlirOperationGetNumOperands(b) || na != mlirOperationGetNumAttributes(b) ||
      m != mlirOperationGetNumResults(b))
    return false;
  bool same = true, swapped = commutative(a);
  for (intptr_t i = 0; i < n; i++) {
    same &= mlirOperationGetOperand(a, i).ptr == mlirOperationGetOperand(b, i).ptr;
    swapped = swapped && mlirOperationGetOperand(a, i).ptr == mlirOperationGetOperand(b, 1 - i).ptr;
  }
  if (!same && !swapped)
    return false;
  for (intptr_t i = 0; i < na; i++) {
    MlirNamedAttribute x = mlirOperationGetAttribute(a, i), y = mlirOperationGetAttribute(b, i);
    if (x.name.ptr != y.name.ptr || x.attribute.ptr != y.attribute.ptr)
      return false;
  }
  for (intptr_t j = 0; j < m; j++)
    if (mlirValueGetType(mlirOperationGetResult(a, j)).ptr !=
        mlirValueGetType(mlirOperationGetResult(b, j)).ptr)
      return false;
  return true;
}

static bool cse(MlirBlock block) {
  size_t n = 0;
  for (MlirOperation op = mlirBlockGetFirstOperation(block); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    n++;
  size_t cap = 16;
  while (cap < 2 * n) cap *= 2;
  MlirOperation *table = calloc(cap, sizeof *table);
  bool changed = false;
  for (MlirOperation op = mlirBlockGetFirstOperation(block), next; !mlirOperationIsNull(op);
       op = next) {
    next = mlirOperationGetNextInBlock(op);
    if (!nb_is_nabla_op(op) || mlirOperationGetNumRegions(op) != 0)
      continue;
    size_t i = op_hash(op) & (cap - 1);
    while (table[i].ptr && !same_op(table[i], op)) i = (i + 1) & (cap - 1);
    if (!table[i].ptr) {
      table[i] = op;
      continue;
    }
    for (intptr_t j = 0; j < mlirOperationGetNumResults(op); j++)
      mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, j),
                                    mlirOperationGetResult(table[i], j));
    mlirOperationDestroy(op);
    changed = true;
  }
  free(table);
  return changed;
}

/* ---- folding on splats ---- */

/* The element of a splat nabla.constant defining v, or a null attribute. */
static MlirAttribute splat_of(MlirValue v) {
  if (!mlirValueIsAOpResult(v))
    return (MlirAttribute){NULL};
  MlirOperation def = mlirOpResultGetOwner(v);
  if (!is(def, "nabla.constant"))
    return (MlirAttribute){NULL};
  MlirAttribute a = mlirOperationGetAttributeByName(def, mlirStringRefCreateFromCString("value"));
  if (mlirAttributeIsNull(a) || !mlirAttributeIsADenseElements(a) ||
      !mlirDenseElementsAttrIsSplat(a))
    return (MlirAttribute){NULL};
  return mlirDenseElementsAttrGetSplatValue(a);
}

/* A number read from a splat element; bool and unknown kinds are refused so
 * that no identity is applied to them. */
typedef struct {
  enum { NONE, FLOAT, SIGNED, UNSIGNED } kind;
  double f;
  int64_t i;
  uint64_t u;
} number;

static number read_number(MlirAttribute e) {
  number n = {NONE, 0, 0, 0};
  if (mlirAttributeIsNull(e))
    return n;
  if (mlirAttributeIsAFloat(e)) {
    n.kind = FLOAT, n.f = mlirFloatAttrGetValueDouble(e);
  } else if (mlirAttributeIsAInteger(e)) {
    MlirType t = mlirAttributeGetType(e);
    if (mlirIntegerTypeGetWidth(t) == 1)
      return n;
    if (mlirIntegerTypeIsUnsigned(t))
      n.kind = UNSIGNED, n.u = mlirIntegerAttrGetValueUInt(e), n.f = (double)n.u;
    else
      n.kind = SIGNED, n.i = mlirIntegerAttrGetValueInt(e), n.f = (double)n.i;
    n.u = n.kind == SIGNED ? (uint64_t)n.i : n.u;
  }
  return n;
}

static bool is_splat(MlirValue v, double c) {
  number n = read_number(splat_of(v));
  return n.kind != NONE && n.f == c;
}

/* A splat nabla.constant of type t (before op) replacing op's result. */
static void replace_by_splat(MlirOperation op, MlirAttribute element) {
  MlirType t = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirContext ctx = mlirOperationGetContext(op);
  MlirNamedAttribute v = nb_named(ctx, "value", mlirDenseElementsAttrSplatGet(t, element));
  nb_builder b = nb_builder_before(op);
  MlirOperation c = nb_build_op(&b, "nabla.constant", 0, NULL, 1, &t, 1, &v);
  replace(op, mlirOperationGetResult(c, 0));
}

/* The element of type `to` holding number n; a null attribute when n does
 * not convert exactly enough to fold (out of range, NaN to an integer). */
static MlirAttribute make_element(MlirType to, number n, bool from_bool, bool bool_value) {
  MlirContext ctx = mlirTypeGetContext(to);
  if (mlirTypeIsAFloat(to)) {
    double d = from_bool ? (bool_value ? 1.0 : 0.0) : n.f;
    return mlirFloatAttrDoubleGet(ctx, to, d);
  }
  if (!mlirTypeIsAInteger(to))
    return (MlirAttribute){NULL};
  unsigned w = mlirIntegerTypeGetWidth(to);
  if (w == 1) { /* lax: x != 0 */
    bool nz = from_bool ? bool_value : (n.kind == FLOAT ? n.f != 0.0 || isnan(n.f) : n.u != 0);
    return mlirIntegerAttrGet(to, nz ? 1 : 0);
  }
  if (from_bool)
    return mlirIntegerAttrGet(to, bool_value ? 1 : 0);
  if (n.kind == FLOAT) {
    double t = trunc(n.f);
    bool is_unsigned = mlirIntegerTypeIsUnsigned(to);
    double lo = is_unsigned ? 0.0 : -ldexp(1.0, (int)w - 1);
    double hi = is_unsigned ? ldexp(1.0, (int)w) : ldexp(1.0, (int)w - 1);
    if (!(t >= lo && t < hi))
      return (MlirAttribute){NULL};
    return mlirIntegerAttrGet(to, is_unsigned ? (int64_t)(uint64_t)t : (int64_t)t);
  }
  return mlirIntegerAttrGet(to, (int64_t)n.u); /* wraps to the width, like lax */
}

static MlirAttribute convert_element(MlirAttribute e, MlirType to) {
  if (mlirAttributeIsAInteger(e) && mlirIntegerTypeGetWidth(mlirAttributeGetType(e)) == 1)
    return make_element(to, (number){NONE, 0, 0, 0}, true, mlirIntegerAttrGetValueUInt(e) != 0);
  number n = read_number(e);
  if (n.kind == NONE)
    return (MlirAttribute){NULL};
  return make_element(to, n, false, false);
}

/* add/sub/mul/neg of splats, computed in the element type. */
static MlirAttribute arith(const char *name, MlirAttribute x, MlirAttribute y, MlirType elem) {
  number a = read_number(x), b = y.ptr ? read_number(y) : (number){SIGNED, 0, 0, 0};
  if (a.kind == NONE || b.kind == NONE || a.kind != (y.ptr ? b.kind : a.kind))
    return (MlirAttribute){NULL};
  number r = a;
  if (a.kind == FLOAT) {
    /* double then one rounding: exact enough for f16/bf16/f32 (p' >= 2p+2) */
    r.f = !strcmp(name, "nabla.add") ? a.f + b.f : !strcmp(name, "nabla.sub") ? a.f - b.f
        : !strcmp(name, "nabla.mul") ? a.f * b.f : -a.f;
  } else {
    r.u = !strcmp(name, "nabla.add") ? a.u + b.u : !strcmp(name, "nabla.sub") ? a.u - b.u
        : !strcmp(name, "nabla.mul") ? a.u * b.u : 0 - a.u;
  }
  return make_element(elem, r, false, false);
}

static MlirType result_elem(MlirOperation op) {
  return mlirShapedTypeGetElementType(mlirValueGetType(mlirOperationGetResult(op, 0)));
}

/* Folds op if it can; true when op was replaced. */
static bool fold_op(MlirOperation op) {
  const char *name = nb_op_name(op);
  intptr_t n = mlirOperationGetNumOperands(op);
  if (mlirOperationGetNumResults(op) != 1 || n < 1 || n > 2)
    return false;
  MlirValue x = mlirOperationGetOperand(op, 0);
  MlirValue y = n == 2 ? mlirOperationGetOperand(op, 1) : (MlirValue){NULL};
  MlirAttribute sx = splat_of(x), sy = n == 2 ? splat_of(y) : (MlirAttribute){NULL};
  bool add = !strcmp(name, "nabla.add"), sub = !strcmp(name, "nabla.sub"),
       mul = !strcmp(name, "nabla.mul"), neg = !strcmp(name, "nabla.neg");
  if ((add || sub || mul) && sx.ptr && sy.ptr) {
    MlirAttribute r = arith(name, sx, sy, result_elem(op));
    if (r.ptr) return replace_by_splat(op, r), true;
  }
  if (neg && sx.ptr) {
    MlirAttribute r = arith(name, sx, (MlirAttribute){NULL}, result_elem(op));
    if (r.ptr) return replace_by_splat(op, r), true;
  }
  if ((add && is_splat(y, 0)) || (sub && is_splat(y, 0)) || (mul && is_splat(y, 1)) ||
      (!strcmp(name, "nabla.div") && is_splat(y, 1)))
    return replace(op, x), true;
  if ((add && is_splat(x, 0)) || (mul && is_splat(x, 1)))
    return replace(op, y), true;
  if (neg && mlirValueIsAOpResult(x) && is(mlirOpResultGetOwner(x), "nabla.neg"))
    return replace(op, mlirOperationGetOperand(mlirOpResultGetOwner(x), 0)), true;
  if ((!strcmp(name, "nabla.broadcast_in_dim") || !strcmp(name, "nabla.reshape")) && sx.ptr)
    return replace_by_splat(op, sx), true;
  if (!strcmp(name, "nabla.convert") && sx.ptr) {
    MlirAttribute r = convert_element(sx, result_elem(op));
    if (r.ptr) return replace_by_splat(op, r), true;
  }
  return false;
}

/* An op whose every result has no elements becomes empty constants, as XLA
 * treats zero-element arrays: whatever the op, such a result holds nothing,
 * and the back end need not schedule a zero-trip op (a tile count of 0, an
 * empty slice at the end of an axis) that it cannot vectorize or verify. */
static bool has_no_elements(MlirType t) {
  if (!mlirTypeIsARankedTensor(t))
    return false;
  for (intptr_t d = 0; d < mlirShapedTypeGetRank(t); d++)
    if (mlirShapedTypeGetDimSize(t, d) == 0)
      return true;
  return false;
}

static bool fold_empty(MlirOperation op) {
  intptr_t n = mlirOperationGetNumResults(op);
  if (n == 0 || is(op, "nabla.constant"))
    return false;
  /* a dot_general over an empty contraction is +0 everywhere, as XLA's
   * (its sums start from -0.0, which would stay) */
  if (is(op, "nabla.dot_general") &&
      (has_no_elements(mlirValueGetType(mlirOperationGetOperand(op, 0))) ||
       has_no_elements(mlirValueGetType(mlirOperationGetOperand(op, 1)))) &&
      !has_no_elements(mlirValueGetType(mlirOperationGetResult(op, 0)))) {
    MlirType elem = result_elem(op);
    replace_by_splat(op, mlirTypeIsAFloat(elem) ? mlirFloatAttrDoubleGet(mlirOperationGetContext(op), elem, 0.0)
                                                : mlirIntegerAttrGet(elem, 0));
    return true;
  }
  for (intptr_t i = 0; i < n; i++)
    if (!has_no_elements(mlirValueGetType(mlirOperationGetResult(op, i))))
      return false;
  MlirContext ctx = mlirOperationGetContext(op);
  nb_builder b = nb_builder_before(op);
  for (intptr_t i = 0; i < n; i++) {
    MlirValue r = mlirOperationGetResult(op, i);
    MlirType t = mlirValueGetType(r);
    MlirNamedAttribute v = nb_named(ctx, "value", mlirDenseElementsAttrGet(t, 0, NULL));
    MlirOperation c = nb_build_op(&b, "nabla.constant", 0, NULL, 1, &t, 1, &v);
    mlirValueReplaceAllUsesOfWith(r, mlirOperationGetResult(c, 0));
  }
  mlirOperationDestroy(op);
  return true;
}

/* transpose(dot_general(a, b)) that only swaps the lhs-free and rhs-free
 * dims (batch dims kept, each block in order) is dot_general(b, a): what the
 * VJP of a matmul makes for the rhs gradient (JAX's _dot_general_transpose_rhs
 * does the same; XLA folds it into the dot's output layout). Without the
 * fold a weight gradient is computed transposed and then copied. */
static bool fold_transposed_dot(MlirOperation op) {
  if (!is(op, "nabla.transpose"))
    return false;
  MlirValue x = mlirOperationGetOperand(op, 0);
  if (!mlirValueIsAOpResult(x) || !is(mlirOpResultGetOwner(x), "nabla.dot_general") ||
      !mlirOpOperandIsNull(mlirOpOperandGetNextUse(mlirValueGetFirstUse(x))))
    return false;
  MlirOperation dot = mlirOpResultGetOwner(x);
  nbb_dot_dims d;
  int64_t perm[16];
  d.n_lb = nb_ad_i64s(dot, "lhs_batch_dimensions", d.lb);
  d.n_rb = nb_ad_i64s(dot, "rhs_batch_dimensions", d.rb);
  d.n_lc = nb_ad_i64s(dot, "lhs_contracting_dimensions", d.lc);
  d.n_rc = nb_ad_i64s(dot, "rhs_contracting_dimensions", d.rc);
  int n = nb_ad_i64s(op, "permutation", perm);
  MlirValue lhs = mlirOperationGetOperand(dot, 0), rhs = mlirOperationGetOperand(dot, 1);
  int nl = (int)mlirShapedTypeGetRank(mlirValueGetType(lhs)) - d.n_lb - d.n_lc;
  int nr = n - d.n_lb - nl;
  for (int i = 0; i < n; i++) {
    int64_t want = i < d.n_lb ? i : i < d.n_lb + nr ? i + nl : i - nr;
    if (perm[i] != want)
      return false;
  }
  nbb_dot_dims swapped = {.n_lb = d.n_rb, .n_rb = d.n_lb, .n_lc = d.n_rc, .n_rc = d.n_lc};
  memcpy(swapped.lb, d.rb, sizeof d.rb);
  memcpy(swapped.rb, d.lb, sizeof d.lb);
  memcpy(swapped.lc, d.rc, sizeof d.rc);
  memcpy(swapped.rc, d.lc, sizeof d.lc);
  nb_builder b = nb_builder_before(op);
  b.loc = mlirOperationGetLocation(dot);
  replace(op, nbb_dot_general(&b, rhs, lhs, &swapped));
  mlirOperationDestroy(dot);
  return true;
}

static bool fold(MlirBlock block) {
  bool changed = false;
  for (MlirOperation op = mlirBlockGetFirstOperation(block), next; !mlirOperationIsNull(op);
       op = next) {
    next = mlirOperationGetNextInBlock(op);
    if (nb_is_nabla_op(op))
      changed |= fold_empty(op) || fold_op(op) || fold_transposed_dot(op);
  }
  return changed;
}

/* Each block to a fixed point, then the blocks of the regions of the ops
 * left in it (scf.if, loops): nabla ops there are as pure as anywhere, and
 * an op with regions is never merged or removed itself (cse and dce skip
 * every op that is not a nabla op without regions), so values flowing into
 * or out of a region stay as they are. */
static void simplify_region(MlirRegion r) {
  for (MlirBlock b = mlirRegionGetFirstBlock(r); !mlirBlockIsNull(b);
       b = mlirBlockGetNextInRegion(b)) {
    bool changed = true;
    while (changed) {
      changed = fold(b);
      changed |= cse(b);
      changed |= dce(b);
    }
    for (MlirOperation op = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(op);
         op = mlirOperationGetNextInBlock(op))
      for (intptr_t i = 0; i < mlirOperationGetNumRegions(op); i++)
        simplify_region(mlirOperationGetRegion(op, i));
  }
}

void nb_simplify_function(MlirOperation func) {
  if (mlirOperationGetNumRegions(func) != 0)
    simplify_region(mlirOperationGetRegion(func, 0));
}

/* ---- unused private functions ---- */

/* Symbol references anywhere in an attribute: func.call's callee, and the
 * callee inside a transform tag's dictionary. */
static void refs_in(MlirAttribute a, nb_name_set *s) {
  if (mlirAttributeIsAFlatSymbolRef(a)) {
    nb_name_set_add(s, mlirFlatSymbolRefAttrGetValue(a));
  } else if (mlirAttributeIsASymbolRef(a)) {
    nb_name_set_add(s, mlirSymbolRefAttrGetRootReference(a));
  } else if (mlirAttributeIsADictionary(a)) {
    for (intptr_t i = 0; i < mlirDictionaryAttrGetNumElements(a); i++)
      refs_in(mlirDictionaryAttrGetElement(a, i).attribute, s);
  } else if (mlirAttributeIsAArray(a)) {
    for (intptr_t i = 0; i < mlirArrayAttrGetNumElements(a); i++)
      refs_in(mlirArrayAttrGetElement(a, i), s);
  }
}

static MlirWalkResult collect_refs(MlirOperation op, void *user) {
  for (intptr_t i = 0; i < mlirOperationGetNumAttributes(op); i++)
    refs_in(mlirOperationGetAttribute(op, i).attribute, user);
  return MlirWalkResultAdvance;
}

static bool is_private(MlirOperation func) {
  MlirAttribute v = mlirOperationGetAttributeByName(
      func, mlirStringRefCreateFromCString("sym_visibility"));
  if (mlirAttributeIsNull(v) || !mlirAttributeIsAString(v))
    return false;
  MlirStringRef s = mlirStringAttrGetValue(v);
  return s.length == 7 && !memcmp(s.data, "private", 7);
}

/* Removes private functions no one refers to, until none is left (removing
 * one may orphan the functions only it called). */
static void remove_unused_functions(MlirOperation module) {
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (bool changed = true; changed;) {
    changed = false;
    nb_name_set used = {0};
    mlirOperationWalk(module, collect_refs, &used, MlirWalkPreOrder);
    for (MlirOperation op = mlirBlockGetFirstOperation(top), next; !mlirOperationIsNull(op);
         op = next) {
      next = mlirOperationGetNextInBlock(op);
      if (is(op, "func.func") && is_private(op) && !nb_name_set_has(&used, nb_func_name(op))) {
        mlirOperationDestroy(op);
        changed = true;
      }
    }
    nb_name_set_free(&used);
  }
}

static bool run(MlirOperation module, void *user) {
  (void)user;
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(top); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (is(op, "func.func"))
      nb_simplify_function(op);
  remove_unused_functions(module);
  return true;
}

bool nb_add_simplify_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-simplify", "DCE, CSE and splat folding of nabla ops; "
                                                "removes unused private functions",
                              run, NULL));
  return true;
}
