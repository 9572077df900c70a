/* scalar_transfers.c — nabla-scalar-transfers: 0-d vector.transfer_read on
 * a memref becomes memref.load + vector.broadcast.
 *
 * Why: the elementwise schedule vectorizes a broadcast along the inner
 * dimension into a 0-d vector.transfer_read per row. On a contiguous memref
 * convert-vector-to-llvm lowers it; on a strided one (a strided slice, a
 * subview of interior padding) no upstream pass of the pipeline does
 * (convert-vector-to-scf leaves rank 0 alone and MLIR 22 has no public pass
 * for vector's scalar transfer patterns), and translation to LLVM IR then
 * fails on a leftover cast. A 0-d transfer has one element and is always in
 * bounds, so a scalar load is exactly what it means. (The schedules write
 * whole rows, so no 0-d transfer_write has been seen; add it here when one
 * is.) */
#include "cpu.h"
#include "pass.h"

#include <string.h>

#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"
#include "ir.h"

static MlirWalkResult collect(MlirOperation op, void *user) {
  if (strcmp(nb_op_name(op), "vector.transfer_read") == 0)
    nb_op_list_push(user, op);
  return MlirWalkResultAdvance;
}

static MlirOperation create(MlirLocation loc, const char *name, intptr_t nop,
                            const MlirValue *ops, intptr_t nres, const MlirType *res) {
  MlirOperationState st = mlirOperationStateGet(mlirStringRefCreateFromCString(name), loc);
  mlirOperationStateAddOperands(&st, nop, ops);
  mlirOperationStateAddResults(&st, nres, res);
  return mlirOperationCreate(&st);
}

/* The read's memref and indices, when it is a 0-d read of a memref without
 * a mask (operands: memref, indices, padding). */
static bool scalar_read(MlirOperation op, MlirValue *mem, MlirValue *idx, intptr_t *nidx) {
  if (mlirOperationGetNumOperands(op) < 1 || mlirOperationGetNumResults(op) != 1) return false;
  *mem = mlirOperationGetOperand(op, 0);
  MlirType mt = mlirValueGetType(*mem);
  MlirType vt = mlirValueGetType(mlirOperationGetResult(op, 0));
  if (!mlirTypeIsAMemRef(mt) || !mlirTypeIsAVector(vt) || mlirShapedTypeGetRank(vt) != 0)
    return false;
  *nidx = mlirShapedTypeGetRank(mt);
  if (*nidx > NB_IR_MAX_RANK || mlirOperationGetNumOperands(op) != 1 + *nidx + 1) return false;
  for (intptr_t i = 0; i < *nidx; i++) idx[i] = mlirOperationGetOperand(op, 1 + i);
  return true;
}

static void rewrite(MlirOperation op) {
  MlirValue mem, ld[NB_IR_MAX_RANK + 1];
  intptr_t nidx;
  if (!scalar_read(op, &mem, ld + 1, &nidx)) return;
  ld[0] = mem;
  MlirLocation loc = mlirOperationGetLocation(op);
  MlirBlock block = mlirOperationGetBlock(op);
  MlirType elt = mlirShapedTypeGetElementType(mlirValueGetType(mem));
  MlirOperation load = create(loc, "memref.load", 1 + nidx, ld, 1, &elt);
  mlirBlockInsertOwnedOperationBefore(block, op, load);
  MlirValue s = mlirOperationGetResult(load, 0);
  MlirType vt = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirOperation bc = create(loc, "vector.broadcast", 1, &s, 1, &vt);
  mlirBlockInsertOwnedOperationBefore(block, op, bc);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), mlirOperationGetResult(bc, 0));
  mlirOperationDestroy(op);
}

static bool run(MlirOperation module, void *user) {
  (void)user;
  nb_op_list l = {0};
  mlirOperationWalk(module, collect, &l, MlirWalkPostOrder);
  for (size_t i = 0; i < l.n; i++)
    rewrite(l.ops[i]);
  nb_op_list_free(&l);
  return true;
}

bool nb_add_scalar_transfers_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-scalar-transfers",
                              "0-d vector.transfer_read on a memref becomes memref.load "
                              "(a strided one has no other lowering)",
                              run, NULL));
  return true;
}
