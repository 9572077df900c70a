/* compile.c — STUB. */
#include "aot.h"
#include <stdio.h>
int nb_aot_compile(MlirModule module, const nb_aot_options *opts, char *err, size_t err_size) {
  (void)module; (void)opts; snprintf(err, err_size, "not implemented"); return 1;
}
