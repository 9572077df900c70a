/* distinct_results.c — nabla-distinct-results: a function that returns the
 * same tensor twice (`return %0, %0`, which CSE readily produces after
 * autodiff, e.g. an aux output equal to a gradient) gets an explicit copy
 * for every repeat.
 *
 * Why: upstream buffer-results-to-out-params (LLVM 22) crashes on a repeated
 * result, and the destination-passing ABI needs one distinct buffer per
 * result anyway. The copy is a bufferization.alloc_tensor with a `copy`
 * operand: unlike an identity linalg.generic, canonicalize does not fold it
 * away, and it bufferizes to a plain memref.copy into the caller's buffer.
 *
 * It also marks every tensor argument of a public function
 * `bufferization.writable = false`: the C header declares inputs const, and
 * one-shot bufferization would otherwise write an update of a dead argument
 * (a scatter, a dynamic_update_slice) into the caller's input buffer. */
#include "abi.h"
#include "build.h"
#include "pass.h"

#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"

static MlirValue copy_before(MlirOperation ret, MlirValue v) {
  MlirContext ctx = mlirOperationGetContext(ret);
  nb_builder b = nb_builder_before(ret);
  MlirType t = mlirValueGetType(v);
  int32_t segments[3] = {0, 1, 0}; /* dynamic_sizes, copy, size_hint */
  MlirNamedAttribute seg = nb_named(ctx, "operandSegmentSizes",
                                    mlirDenseI32ArrayGet(ctx, 3, segments));
  return mlirOperationGetResult(
      nb_build_op(&b, "bufferization.alloc_tensor", 1, &v, 1, &t, 1, &seg), 0);
}

static void distinct_in(MlirOperation func) {
  MlirRegion body = mlirOperationGetRegion(func, 0);
  for (MlirBlock blk = mlirRegionGetFirstBlock(body); !mlirBlockIsNull(blk);
       blk = mlirBlockGetNextInRegion(blk)) {
    MlirOperation ret = mlirBlockGetTerminator(blk);
    if (mlirOperationIsNull(ret) || strcmp(nb_op_name(ret), "func.return") != 0)
      continue;
    intptr_t n = mlirOperationGetNumOperands(ret);
    for (intptr_t i = 1; i < n; i++)
      for (intptr_t j = 0; j < i; j++)
        if (mlirValueEqual(mlirOperationGetOperand(ret, i), mlirOperationGetOperand(ret, j))) {
          mlirOperationSetOperand(ret, i, copy_before(ret, mlirOperationGetOperand(ret, i)));
          break;
        }
  }
}

static MlirAttribute attr_of(MlirOperation op, const char *name) {
  return mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString(name));
}

/* arg_attrs with bufferization.writable = false added for tensor args. */
static void inputs_read_only(MlirOperation func) {
  MlirAttribute vis = attr_of(func, "sym_visibility");
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  if (mlirBlockIsNull(entry) ||
      (!mlirAttributeIsNull(vis) && mlirStringRefEqual(mlirStringAttrGetValue(vis),
                                                       mlirStringRefCreateFromCString("private"))))
    return;
  MlirContext ctx = mlirOperationGetContext(func);
  intptr_t n = mlirBlockGetNumArguments(entry);
  if (n == 0)
    return;
  MlirAttribute old = attr_of(func, "arg_attrs");
  MlirAttribute dicts[n];
  MlirNamedAttribute ro = nb_named(ctx, "bufferization.writable", mlirBoolAttrGet(ctx, 0));
  for (intptr_t i = 0; i < n; i++) {
    MlirAttribute d = mlirAttributeIsNull(old) ? mlirDictionaryAttrGet(ctx, 0, NULL)
                                               : mlirArrayAttrGetElement(old, i);
    intptr_t k = mlirDictionaryAttrGetNumElements(d);
    MlirNamedAttribute el[k + 1];
    for (intptr_t j = 0; j < k; j++)
      el[j] = mlirDictionaryAttrGetElement(d, j);
    bool tensor = mlirTypeIsATensor(mlirValueGetType(mlirBlockGetArgument(entry, i)));
    if (tensor && mlirAttributeIsNull(mlirDictionaryAttrGetElementByName(
                      d, mlirStringRefCreateFromCString("bufferization.writable"))))
      el[k++] = ro;
    dicts[i] = mlirDictionaryAttrGet(ctx, k, el);
  }
  mlirOperationSetAttributeByName(func, mlirStringRefCreateFromCString("arg_attrs"),
                                  mlirArrayAttrGet(ctx, n, dicts));
}

static bool run(MlirOperation module, void *user) {
  (void)user;
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(top); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (strcmp(nb_op_name(op), "func.func") == 0) {
      distinct_in(op);
      inputs_read_only(op);
    }
  return true;
}

bool nb_add_distinct_results_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-distinct-results",
                              "copy repeated results so each has its own buffer", run, NULL));
  return true;
}
