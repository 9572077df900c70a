/* pipelines.c — STUB. */
#include "lowering.h"
bool nb_add_cpu_to_linalg(MlirOpPassManager pm) { return nb_add_verify_pass(pm) && nb_add_to_linalg_pass(pm); }
bool nb_add_cpu_linalg_to_llvm(MlirOpPassManager pm, const char *prefix) { (void)pm; (void)prefix; return true; }
