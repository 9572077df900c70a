/* dialect.c — builds the compiler's MLIR context.
 *
 * The nabla dialect is IRDL text embedded in the binary (generated from
 * nabla.irdl.mlir by CMake) and loaded with mlirLoadIRDLDialects, so the
 * compiler carries no data files. Every upstream dialect is loaded eagerly:
 * our C passes create linalg/tensor/arith/math ops by name, and ops can only
 * be created by name in a context that already holds their dialect. */
#include "dialect.h"

#include <string.h>

#include <mlir-c/Dialect/IRDL.h>
#include <mlir-c/RegisterEverything.h>

bool nb_dialect_load(MlirContext ctx) {
  MlirModule defs = mlirModuleCreateParse(
      ctx, mlirStringRefCreateFromCString(nb_dialect_irdl_source));
  if (mlirModuleIsNull(defs))
    return false;
  bool ok = mlirLogicalResultIsSuccess(mlirLoadIRDLDialects(defs));
  /* The loaded dialect keeps its own copy of the definitions. */
  mlirModuleDestroy(defs);
  return ok;
}

static void register_passes_once(void) {
  static bool done = false; /* mlirRegisterAllPasses is not idempotent-safe to race,
                               but the compiler is single-threaded. */
  if (!done) {
    mlirRegisterAllPasses();
    done = true;
  }
}

MlirContext nb_context_create(void) {
  register_passes_once();
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  mlirContextLoadAllAvailableDialects(ctx);
  mlirRegisterAllLLVMTranslations(ctx);
  if (!nb_dialect_load(ctx)) {
    mlirContextDestroy(ctx);
    return (MlirContext){NULL};
  }
  return ctx;
}

const char *nb_op_name(MlirOperation op) {
  /* Identifier strings are uniqued and NUL-terminated by MLIR. */
  return mlirIdentifierStr(mlirOperationGetName(op)).data;
}

bool nb_is_nabla_op(MlirOperation op) {
  return strncmp(nb_op_name(op), "nabla.", 6) == 0;
}
