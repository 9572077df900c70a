/* runtime_internal.h — the runtime's map header: what its files share and
 * users never see. libnabla_rt.a is C11 + libc + pthreads, no MLIR or LLVM.
 *
 * Files:
 *   include/nabla/runtime.h  the public API (statuses, threads, PRNG keys)
 *   status.c      statuses and the last error message
 *   bf16.c        __truncsfbf2/__truncdfbf2, which LLVM calls (GCC 12's libgcc lacks them)
 *   call.c        the guarded call every exported function goes through
 *   cpu.c         allocation for generated code; failures become statuses
 *   heap_cache.c  big temporaries kept for the next call
 *   memref.c      memrefCopy for strided copies
 *   parallel.c    the thread pool behind the OpenMP entry points
 *   prng.c        Threefry keys on the host (nbrt_prng_*)
 */
#ifndef NABLA_RUNTIME_INTERNAL_H
#define NABLA_RUNTIME_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nabla/runtime.h"

/* Most buffers (inputs + outputs) one compiled function may take; the
 * compiler checks the same limit (lowering/abi/export_abi.c). */
#define NBRT__MAX_ARGS 32

/* call.c: calls body(args[0], ..., args[nargs-1]); false if nargs is out of
 * range (nothing is called then). */
bool nbrt__call_body(void *body, int32_t nargs, const uintptr_t *args);

/* cpu.c: runs fn(arg) under an allocation guard of its own (nested in the
 * call's, if any); returns NBRT_OK, or the status of an allocation that
 * failed inside it, whose temporaries are then freed. */
int nbrt__run_task(void (*fn)(void *), void *arg);
/* cpu.c: unwinds to the innermost guard with this thread's last error
 * (set it first); returns only when no guard is active. */
void nbrt__fail(void);

/* heap_cache.c: a freed temporary's malloc block of `size` bytes kept for
 * reuse (NULL if none), and keeping one (false: the caller frees it). */
void *nbrt__cache_take(size_t size);
bool nbrt__cache_put(void *raw, size_t size);

#endif
