/* inline_all.c — nabla-inline: every func.call in a function with a body is
 * replaced by the callee's body (recursively), so each public function ends
 * up one straight-line block of nabla ops.
 *
 * Why: a call boundary costs a heap buffer and a copy per result once
 * bufferized (buffer-results-to-out-params), and it stops elementwise fusion
 * and every later schedule at the boundary; XLA inlines everything too. The
 * exported wrapper of a transformed function (@f_grad_export calling
 * @f_grad_a0) is the common case. Callees left unused are removed by
 * nabla-simplify. Runs after nabla-expand-transforms, when every tagged
 * declaration has a body. The cloning is inline.c's, which exists because the
 * upstream inliner refuses IRDL ops (they have no inliner interface). */
#include "transforms.h"

#include <stdlib.h>
#include <string.h>

#include "dialect.h"

static bool has_call(MlirBlock body) {
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (strcmp(nb_op_name(op), "func.call") == 0)
      return true;
  return false;
}

/* Rebuilds func's body as one block with every call inlined. */
static bool inline_into(MlirSymbolTable symtab, MlirOperation func) {
  MlirBlock old = nb_func_body(func);
  if (mlirBlockIsNull(old) || !has_call(old))
    return true;
  intptr_t nargs = mlirBlockGetNumArguments(old);
  MlirType types[nargs > 0 ? nargs : 1];
  MlirLocation locs[nargs > 0 ? nargs : 1];
  for (intptr_t i = 0; i < nargs; i++) {
    types[i] = mlirValueGetType(mlirBlockGetArgument(old, i));
    locs[i] = mlirOperationGetLocation(func);
  }
  MlirBlock fresh = mlirBlockCreate(nargs, types, locs);
  MlirValue args[nargs > 0 ? nargs : 1];
  for (intptr_t i = 0; i < nargs; i++)
    args[i] = mlirBlockGetArgument(fresh, i);
  MlirOperation ret = mlirBlockGetTerminator(old);
  intptr_t nres = mlirOperationGetNumOperands(ret);
  MlirValue results[nres > 0 ? nres : 1];
  MlirOperation waiting = {NULL};
  nb_inline_status st = nb_inline(symtab, func, fresh, args, results, NULL, &waiting,
                                  mlirOperationGetLocation(func), "nabla-inline");
  if (st != NB_INLINE_OK) {
    mlirBlockDestroy(fresh);
    return false;
  }
  MlirOperationState rs = mlirOperationStateGet(mlirStringRefCreateFromCString("func.return"),
                                                mlirOperationGetLocation(ret));
  mlirOperationStateAddOperands(&rs, nres, results);
  mlirBlockAppendOwnedOperation(fresh, mlirOperationCreate(&rs));
  MlirRegion region = mlirOperationGetRegion(func, 0);
  mlirRegionInsertOwnedBlockBefore(region, old, fresh);
  mlirBlockDetach(old);
  mlirBlockDestroy(old);
  return true;
}

static bool run(MlirOperation module, void *user) {
  (void)user;
  MlirSymbolTable symtab = mlirSymbolTableCreate(module);
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  bool ok = true;
  for (MlirOperation op = mlirBlockGetFirstOperation(top); ok && !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (strcmp(nb_op_name(op), "func.func") == 0)
      ok = inline_into(symtab, op);
  mlirSymbolTableDestroy(symtab);
  return ok;
}

bool nb_add_inline_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-inline", "inline every call (nabla-level functions)", run,
                              NULL));
  return true;
}
