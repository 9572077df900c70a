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
 * generated functions concurrently. Every buffer pointer must be non-NULL
 * (empty arrays included): a NULL one gives NBRT_ERR_INVALID and a message
 * naming the buffer, and nothing runs.
 *
 * Threads: big ops run on a pool of worker threads (runtime/parallel.c),
 * nbrt_get_num_threads() of them counting the caller: by default the
 * NBRT_NUM_THREADS environment variable, else the number of online CPUs.
 * nbrt_set_num_threads(n) changes it for later calls (n < 1: back to the
 * default). A waiting thread spins for at most NBRT_SPIN_US microseconds
 * (environment; default 100, 0: never) before it sleeps, so back-to-back
 * parallel loops do not pay a wake-up each while an idle pool costs nothing.
 * Results are bitwise the same for every thread count. One call runs on the
 * pool at a time; a call made while another thread's call holds it runs on
 * its own thread.
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

/* Threads that compiled code may use, the caller included (see above). */
void nbrt_set_num_threads(int n);
int nbrt_get_num_threads(void);

/* Memory: big temporaries (64 KB and up) that a call frees are kept for
 * the next call (up to 256 MB in all), since compiled code allocates the same
 * ones every time; this gives them back to the C library. Call it from any
 * thread while no compiled function runs; it also runs at exit. */
void nbrt_release_memory(void);

/* ---- PRNG keys on the host (runtime/prng.c) -------------------------------
 * JAX's Threefry-2x32 keys: a key is uint32_t[2], exactly jax.random.PRNGKey's
 * data, so keys made here can be passed to compiled code and give the same
 * numbers as jax.random does for the same seed. */

/* The two layouts of split (and of random bits in compiled code), as JAX's
 * jax_threefry_partitionable flag: PARTITIONABLE is JAX's default since 0.5. */
enum { NBRT_PRNG_PARTITIONABLE = 0, NBRT_PRNG_LEGACY = 1 };

/* jax.random.PRNGKey(seed) in JAX's default (32-bit) mode: [0, low 32 bits].
 * These return NBRT_OK, or NBRT_ERR_INVALID (with nbrt_last_error) for a
 * null pointer. */
int nbrt_prng_key(int64_t seed, uint32_t out_key[2]);
/* The same with jax_enable_x64: [high 32 bits, low 32 bits]. */
int nbrt_prng_key_x64(int64_t seed, uint32_t out_key[2]);
/* jax.random.split(key, n): writes n keys (2n words) to out_keys. Returns
 * NBRT_OK, or NBRT_ERR_INVALID for a null pointer or unknown mode. */
int nbrt_prng_split(const uint32_t key[2], size_t n, int mode, uint32_t *out_keys);
/* jax.random.fold_in(key, data) (the same in both modes). */
int nbrt_prng_fold_in(const uint32_t key[2], uint32_t data, uint32_t out_key[2]);
/* The Threefry-2x32 block function (20 rounds) on one counter pair. */
void nbrt_threefry2x32(const uint32_t key[2], const uint32_t count[2], uint32_t out[2]);

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
