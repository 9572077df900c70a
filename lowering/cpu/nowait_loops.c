/* nowait_loops.c — nabla-nowait-loops: every omp.wsloop becomes `nowait`.
 *
 * Why: the runtime (runtime/parallel.c) lets any thread run any member of a
 * parallel region, several of them one after another on one thread, so that
 * a thread the machine is not running cannot hold a region up. Members must
 * then never wait for each other. The worksharing loop's closing barrier is
 * the only such wait in what convert-scf-to-openmp makes (an omp.parallel
 * holding one omp.wsloop and nothing after it), and it is redundant: the
 * region's end already waits for every member. */
#include "cpu.h"
#include "pass.h"

#include <string.h>

#include <mlir-c/BuiltinAttributes.h>

#include "dialect.h"

static MlirWalkResult mark(MlirOperation op, void *user) {
  (void)user;
  if (strcmp(nb_op_name(op), "omp.wsloop") == 0)
    mlirOperationSetAttributeByName(op, mlirStringRefCreateFromCString("nowait"),
                                    mlirUnitAttrGet(mlirOperationGetContext(op)));
  return MlirWalkResultAdvance;
}

static bool run(MlirOperation module, void *user) {
  (void)user;
  mlirOperationWalk(module, mark, NULL, MlirWalkPreOrder);
  return true;
}

bool nb_add_nowait_loops_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-nowait-loops",
                              "make every omp.wsloop nowait (the runtime's members never wait "
                              "for each other)",
                              run, NULL));
  return true;
}
