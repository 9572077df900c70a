/* abi.h — the calling convention of exported functions:
 *   export_abi.c       nabla-export-abi: <prefix>_<name> wrappers returning an
 *                      int status (the target's guard around each call)
 *   distinct_results.c nabla-distinct-results: one buffer per result
 *   empty_boundary.c   nabla-empty-boundary: zero-element arrays of rank >= 2
 *                      at the boundary as tensor<0xT> */
#ifndef NABLA_ABI_H
#define NABLA_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mlir-c/IR.h>
#include <mlir-c/Pass.h>

/* nabla-export-abi{prefix}: for every public func (after bufferization and
 * buffer-results-to-out-params) makes a wrapper `<prefix>_<name>` returning
 * i32 status, and makes everything else private. */
/* guard: the target runtime's entry every exported call goes through
 * (int guard(void *body, int32_t nargs, const uintptr_t *args)); the CPU's
 * is NB_CPU_CALL_GUARD. */
bool nb_add_export_abi_pass(MlirOpPassManager pm, const char *prefix, const char *guard);

/* nabla-distinct-results: `return %0, %0` gets a copy per repeat (upstream
 * buffer-results-to-out-params crashes on repeated results). */
bool nb_add_distinct_results_pass(MlirOpPassManager pm);

/* nabla-empty-boundary: an exported function's zero-element tensor
 * arguments and results of rank >= 2 become tensor<0xT> (the bare-pointer
 * convention refuses their strides); before bufferization. */
bool nb_add_empty_boundary_pass(MlirOpPassManager pm);

#endif
