/* nabla/runtime.h — the runtime that code compiled by nabla links against
 * (libnabla_rt.a: C11 + libc, no MLIR, no LLVM).
 *
 * Ownership, once for the whole runtime:
 *   - The caller owns every buffer it passes to a generated function (inputs,
 *     outputs). Generated code never keeps a pointer after it returns.
 *   - Temporaries that generated code allocates are the runtime's: they are
 *     freed before the call returns, on success and on failure alike.
 *   - Strings returned here are borrowed: valid on the calling thread until
 *     its next call into a generated function or nbrt_clear_error().
 *
 * Errors never abort. Every generated function returns an int status:
 * NBRT_OK (0) on success; otherwise nbrt_last_error() says what went wrong
 * on this thread. State is thread-local, so independent threads may call
 * generated functions concurrently.
 */
#ifndef NABLA_RUNTIME_H
#define NABLA_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes returned by generated functions. */
enum {
  NBRT_OK = 0,
  NBRT_ERR_OUT_OF_MEMORY = 1, /* a temporary could not be allocated */
  NBRT_ERR_INVALID = 2,       /* the runtime was called incorrectly */
};

/* Message of this thread's last error ("" if none). Borrowed. */
const char *nbrt_last_error(void);

/* Status of this thread's last error (NBRT_OK if none). */
int nbrt_last_status(void);

/* Forgets this thread's last error. */
void nbrt_clear_error(void);

/* Human-readable name of a status code ("ok", "out of memory", ...). */
const char *nbrt_status_name(int status);

/* ---- entry points for generated code (not for users) --------------------
 * Every exported function `NAME_fn` is a small wrapper that packs its
 * arguments' addresses and calls nbrt__call_guarded with the compiled body.
 * The guard is what makes allocation failures safe: see runtime/cpu.c. */
int nbrt__call_guarded(void *body, int32_t nargs, const uintptr_t *args);
void nbrt__set_error(int status, const char *message);

/* Heap entry points named by MLIR's finalize-memref-to-llvm
 * {use-generic-functions}. */
void *_mlir_memref_to_llvm_alloc(size_t size);
void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size);
void _mlir_memref_to_llvm_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
