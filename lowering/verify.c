/* verify.c — STUB: replaced by the real nabla-verify. */
#include "lowering.h"
bool nb_verify_module(MlirOperation module, void *user) { (void)module; (void)user; return true; }
bool nb_add_verify_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(pm, nb_make_module_pass("nabla-verify", "verify", nb_verify_module, NULL));
  return true;
}
