/* empty_boundary.c — nabla-empty-boundary: a zero-element tensor argument or
 * result of an exported function of rank 2 or more becomes tensor<0xT>.
 *
 * Why: the bare-pointer calling convention (convert-func-to-llvm) takes
 * only memrefs with an identity layout, and MLIR's strides for a shape such
 * as 2x0 ([0, 1]) are not that, so the function failed to convert. Such an
 * array holds nothing: inside, the argument's uses get an empty tensor of
 * its old type and the result is an empty 1-D tensor. The C header keeps
 * the declared shape (it is written before lowering), and the caller's
 * pointer is never read or written either way. A function something calls
 * keeps its signature (its callers would no longer match). */
#include "abi.h"
#include "build.h"
#include "pass.h"

#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"
#include "ir.h"

/* A ranked tensor of rank >= 2 with a zero dimension. */
static bool empty_nd(MlirType t) {
  if (!mlirTypeIsARankedTensor(t) || mlirShapedTypeGetRank(t) < 2)
    return false;
  for (intptr_t d = 0; d < mlirShapedTypeGetRank(t); d++)
    if (mlirShapedTypeGetDimSize(t, d) == 0)
      return true;
  return false;
}

static MlirType flat_empty(MlirType t) {
  int64_t zero = 0;
  return mlirRankedTensorTypeGet(1, &zero, mlirShapedTypeGetElementType(t),
                                 mlirAttributeGetNull());
}

static MlirValue empty_before(MlirOperation op, MlirType t) {
  nb_builder b = nb_builder_before(op);
  return mlirOperationGetResult(nb_build_op(&b, "tensor.empty", 0, NULL, 1, &t, 0, NULL), 0);
}

static void flatten(MlirOperation func) {
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  if (mlirBlockIsNull(entry))
    return;
  MlirOperation first = mlirBlockGetFirstOperation(entry);
  intptr_t nin = mlirBlockGetNumArguments(entry);
  MlirType ins[nin > 0 ? nin : 1];
  bool changed = false;
  for (intptr_t i = 0; i < nin; i++) {
    MlirValue a = mlirBlockGetArgument(entry, i);
    ins[i] = mlirValueGetType(a);
    if (!empty_nd(ins[i]))
      continue;
    mlirValueReplaceAllUsesOfWith(a, empty_before(first, ins[i]));
    ins[i] = flat_empty(ins[i]);
    mlirValueSetType(a, ins[i]);
    changed = true;
  }
  MlirAttribute ft = mlirOperationGetAttributeByName(func, mlirStringRefCreateFromCString("function_type"));
  MlirType fty = mlirTypeAttrGetValue(ft);
  intptr_t nout = mlirFunctionTypeGetNumResults(fty);
  MlirType outs[nout > 0 ? nout : 1];
  for (intptr_t i = 0; i < nout; i++) {
    outs[i] = mlirFunctionTypeGetResult(fty, i);
    if (empty_nd(outs[i]))
      outs[i] = flat_empty(outs[i]), changed = true;
  }
  if (!changed)
    return;
  MlirRegion body = mlirOperationGetRegion(func, 0);
  for (MlirBlock blk = mlirRegionGetFirstBlock(body); !mlirBlockIsNull(blk);
       blk = mlirBlockGetNextInRegion(blk)) {
    MlirOperation ret = mlirBlockGetTerminator(blk);
    if (mlirOperationIsNull(ret) || strcmp(nb_op_name(ret), "func.return") != 0)
      continue;
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(ret) && i < nout; i++)
      if (empty_nd(mlirValueGetType(mlirOperationGetOperand(ret, i))))
        mlirOperationSetOperand(ret, i, empty_before(ret, outs[i]));
  }
  MlirContext ctx = mlirOperationGetContext(func);
  mlirOperationSetAttributeByName(
      func, mlirStringRefCreateFromCString("function_type"),
      mlirTypeAttrGet(mlirFunctionTypeGet(ctx, nin, ins, nout, outs)));
}

static MlirWalkResult find_calls(MlirOperation op, void *user) {
  nb_name_set *called = user;
  if (strcmp(nb_op_name(op), "func.call") == 0)
    nb_name_set_add(called, mlirFlatSymbolRefAttrGetValue(mlirOperationGetAttributeByName(
                                op, mlirStringRefCreateFromCString("callee"))));
  return MlirWalkResultAdvance;
}

static bool run(MlirOperation module, void *user) {
  (void)user;
  nb_name_set called = {0};
  mlirOperationWalk(module, find_calls, &called, MlirWalkPreOrder);
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(top); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (strcmp(nb_op_name(op), "func.func") != 0)
      continue;
    MlirAttribute name = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("sym_name"));
    if (!nb_name_set_has(&called, mlirStringAttrGetValue(name)))
      flatten(op);
  }
  nb_name_set_free(&called);
  return true;
}

bool nb_add_empty_boundary_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-empty-boundary",
                              "zero-element tensors of rank >= 2 at exported functions' "
                              "boundaries become tensor<0xT> (the bare-pointer convention "
                              "refuses their layout)",
                              run, NULL));
  return true;
}
