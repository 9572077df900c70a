/* to_linalg.c — STUB: replaced by the real lowering. */
#include "lowering.h"
static bool run(MlirOperation module, void *user) { (void)module; (void)user; return true; }
bool nb_add_to_linalg_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(pm, nb_make_module_pass("nabla-to-linalg", "lower", run, NULL));
  return true;
}
