/* export_abi.c — STUB. */
#include "lowering.h"
bool nb_add_export_abi_pass(MlirOpPassManager pm, const char *prefix) { (void)pm; (void)prefix; return true; }
