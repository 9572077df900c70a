/* inline.c — a function's body, with every call inlined, cloned into a block.
 *
 * Differentiation works on one straight-line block of nabla ops, so before a
 * function is transformed every func.call in it is replaced by the callee's
 * body, recursively (calls to already expanded transformed functions too:
 * that is what makes grad(grad(f)) and jvp(grad(f)) work).
 *
 * Why by hand: the upstream inliner wants a DialectInlinerInterface, which
 * IRDL dialects cannot provide, and the C API has no IRMapping. So ops are
 * cloned one by one (mlirOperationClone) and their operands re-pointed
 * through a value map; nabla ops have no regions, so a shallow remap is a
 * full one.
 *
 * Regions: an op with regions (scf.if, a future nabla loop) or any op other
 * than a nabla op, func.call and func.return in a body to inline is
 * rejected with an error at that op naming it and the function; nothing is
 * inlined then. The AD and vmap sweeps (transforms_ad.c, transforms_vmap.c)
 * only ever see what this file produced, so they meet no region either.
 * Control flow will need the sweeps to recurse into region bodies; until
 * then this is the one place that says no. */
#include "transforms.h"

#include <string.h>

#include <mlir-c/BuiltinAttributes.h>

#include "dialect.h"

enum { MAX_DEPTH = 256 };

typedef struct {
  MlirSymbolTable symtab;
  MlirBlock into;
  nb_pending_fn is_pending;
  MlirOperation *waiting_on;
  const char *why;
  MlirOperation stack[MAX_DEPTH]; /* functions being inlined: finds recursion */
  int depth;
} inliner;

static bool is_named(MlirOperation op, const char *name) {
  return strcmp(nb_op_name(op), name) == 0;
}

/* A declaration carrying some nabla.* attribute: its name, or NULL. */
static const char *nabla_tag(MlirOperation func) {
  for (intptr_t i = 0; i < mlirOperationGetNumAttributes(func); i++) {
    MlirIdentifier id = mlirOperationGetAttribute(func, i).name;
    const char *s = mlirIdentifierStr(id).data;
    if (strncmp(s, "nabla.", 6) == 0)
      return s;
  }
  return NULL;
}

static nb_inline_status inline_fn(inliner *in, MlirOperation callee, const MlirValue *args,
                                  MlirValue *results, MlirLocation call_loc);

static nb_inline_status inline_call(inliner *in, MlirOperation call, nb_vmap *map) {
  MlirLocation loc = mlirOperationGetLocation(call);
  MlirAttribute sym =
      mlirOperationGetAttributeByName(call, mlirStringRefCreateFromCString("callee"));
  MlirStringRef name = mlirFlatSymbolRefAttrGetValue(sym);
  MlirOperation callee = mlirSymbolTableLookup(in->symtab, name);
  if (mlirOperationIsNull(callee)) {
    nb_errorf(loc, "%s: call to unknown function @%.*s", in->why, (int)name.length, name.data);
    return NB_INLINE_ERROR;
  }
  intptr_t n = mlirOperationGetNumOperands(call), m = mlirOperationGetNumResults(call);
  MlirValue args[n > 0 ? n : 1], res[m > 0 ? m : 1];
  for (intptr_t i = 0; i < n; i++)
    args[i] = nb_vmap_get(map, mlirOperationGetOperand(call, i));
  nb_inline_status st = inline_fn(in, callee, args, res, loc);
  if (st == NB_INLINE_OK)
    for (intptr_t j = 0; j < m; j++)
      nb_vmap_set(map, mlirOperationGetResult(call, j), res[j]);
  return st;
}

static void clone_into(inliner *in, MlirOperation op, nb_vmap *map) {
  MlirOperation c = mlirOperationClone(op);
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); i++)
    mlirOperationSetOperand(c, i, nb_vmap_get(map, mlirOperationGetOperand(op, i)));
  mlirBlockAppendOwnedOperation(in->into, c);
  for (intptr_t j = 0; j < mlirOperationGetNumResults(op); j++)
    nb_vmap_set(map, mlirOperationGetResult(op, j), mlirOperationGetResult(c, j));
}

/* Checks the callee can be inlined at all; NB_INLINE_OK if so. */
static nb_inline_status check_callee(inliner *in, MlirOperation callee, MlirLocation loc) {
  MlirStringRef name = nb_func_name(callee);
  int nl = (int)name.length;
  if (!is_named(callee, "func.func")) {
    nb_errorf(loc, "%s: @%.*s is not a func.func", in->why, nl, name.data);
    return NB_INLINE_ERROR;
  }
  MlirBlock body = nb_func_body(callee);
  /* nabla-expand-transforms inlines to differentiate and knows which
   * declarations are still to come (is_pending); nabla-inline does not. */
  const char *verb = in->is_pending ? "differentiate through" : "inline a call of";
  if (mlirBlockIsNull(body)) {
    if (in->is_pending && in->is_pending(callee)) {
      *in->waiting_on = callee;
      return NB_INLINE_WAIT;
    }
    const char *tag = nabla_tag(callee);
    if (tag)
      nb_errorf(loc, "%s: cannot %s @%.*s: its transform '%s' is not expanded by "
                     "nabla-expand-transforms", in->why, verb, nl, name.data, tag);
    else
      nb_errorf(loc, "%s: cannot %s @%.*s: it is a declaration without a body", in->why,
                verb, nl, name.data);
    return NB_INLINE_ERROR;
  }
  if (!mlirBlockIsNull(mlirBlockGetNextInRegion(body))) {
    nb_errorf(loc, "%s: @%.*s has more than one block", in->why, nl, name.data);
    return NB_INLINE_ERROR;
  }
  for (int i = 0; i < in->depth; i++)
    if (mlirOperationEqual(in->stack[i], callee)) {
      nb_errorf(loc, "%s: @%.*s is recursive; recursive functions cannot be inlined for "
                     "differentiation", in->why, nl, name.data);
      return NB_INLINE_ERROR;
    }
  if (in->depth == MAX_DEPTH) {
    nb_errorf(loc, "%s: calls nested too deeply", in->why);
    return NB_INLINE_ERROR;
  }
  return NB_INLINE_OK;
}

static nb_inline_status inline_fn(inliner *in, MlirOperation callee, const MlirValue *args,
                                  MlirValue *results, MlirLocation call_loc) {
  nb_inline_status st = check_callee(in, callee, call_loc);
  if (st != NB_INLINE_OK)
    return st;
  MlirBlock body = nb_func_body(callee);
  in->stack[in->depth++] = callee;
  nb_vmap map = {0};
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(body); i++)
    nb_vmap_set(&map, mlirBlockGetArgument(body, i), args[i]);
  for (MlirOperation op = mlirBlockGetFirstOperation(body);
       st == NB_INLINE_OK && !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op)) {
    if (is_named(op, "func.return")) {
      for (intptr_t j = 0; j < mlirOperationGetNumOperands(op); j++)
        results[j] = nb_vmap_get(&map, mlirOperationGetOperand(op, j));
    } else if (is_named(op, "func.call")) {
      st = inline_call(in, op, &map);
    } else if (nb_is_nabla_op(op) && mlirOperationGetNumRegions(op) == 0) {
      clone_into(in, op, &map);
    } else {
      MlirStringRef name = nb_func_name(callee);
      nb_errorf(mlirOperationGetLocation(op),
                "%s: cannot handle '%s'%s in @%.*s: a function that is transformed or "
                "inlined may hold only nabla ops without regions, func.call and func.return",
                in->why, nb_op_name(op),
                mlirOperationGetNumRegions(op) ? " (an op with regions)" : "",
                (int)name.length, name.data);
      st = NB_INLINE_ERROR;
    }
  }
  nb_vmap_free(&map);
  in->depth--;
  return st;
}

nb_inline_status nb_inline(MlirSymbolTable symtab, MlirOperation callee, MlirBlock into,
                           const MlirValue *args, MlirValue *results, nb_pending_fn is_pending,
                           MlirOperation *waiting_on, MlirLocation call_loc, const char *why) {
  inliner in = {.symtab = symtab,
                .into = into,
                .is_pending = is_pending,
                .waiting_on = waiting_on,
                .why = why};
  return inline_fn(&in, callee, args, results, call_loc);
}
