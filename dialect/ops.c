/* ops.c — the dialect's op list, generated from nabla.irdl.mlir at build time
 * (cmake/op_list.cmake writes nabla_ops.def). Every per-op table of the
 * compiler (verifier, lowering, JVP, VJP, batching) is checked against this
 * list by test_rule_tables.c, so it is the one place an op is enumerated. */
#include "dialect.h"

#include <string.h>

static const char *const names[] = {
#define NB_OP(name) "nabla." #name,
#include "nabla_ops.def"
#undef NB_OP
};

size_t nb_dialect_op_count(void) { return sizeof names / sizeof names[0]; }

const char *nb_dialect_op_name(size_t i) {
  return i < nb_dialect_op_count() ? names[i] : NULL;
}

bool nb_dialect_has_op(const char *name) {
  for (size_t i = 0; i < nb_dialect_op_count(); i++)
    if (strcmp(names[i], name) == 0)
      return true;
  return false;
}
