/* heap_cache.c — keeps the big temporaries of generated code for the next
 * call instead of returning them to malloc.
 *
 * Why: a compiled function allocates the same temporaries on every call.
 * Given back to glibc, blocks above its mmap threshold are unmapped (and a
 * large free at the top of the heap is trimmed), so the next call faulted
 * in fresh zeroed pages: a fifth of the MLP training step's time was the
 * kernel's page-fault path. Here freed blocks of at least CACHE_MIN_BYTES
 * are kept, up to CACHE_MAX_BYTES and CACHE_SLOTS blocks in all, and an
 * allocation of the same malloc size takes one back. One cache for the
 * process, under a mutex: pool workers allocate too (packing buffers), and
 * nbrt_release_memory() must reach every block. A few dozen big
 * allocations per call make the lock cheap. */
#include "runtime_internal.h"

#include <pthread.h>
#include <stdlib.h>

#define CACHE_SLOTS 64
#define CACHE_MIN_BYTES ((size_t)64 << 10)
#define CACHE_MAX_BYTES ((size_t)256 << 20)

static struct {
  pthread_mutex_t lock;
  void *raw[CACHE_SLOTS];
  size_t size[CACHE_SLOTS];
  int n;
  size_t bytes;
  bool at_exit; /* nbrt_release_memory registered with atexit */
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

void *nbrt__cache_take(size_t size) {
  if (size < CACHE_MIN_BYTES)
    return NULL;
  void *raw = NULL;
  pthread_mutex_lock(&cache.lock);
  for (int i = cache.n - 1; i >= 0; i--)
    if (cache.size[i] == size) {
      raw = cache.raw[i];
      cache.bytes -= size;
      cache.n--;
      cache.raw[i] = cache.raw[cache.n];
      cache.size[i] = cache.size[cache.n];
      break;
    }
  pthread_mutex_unlock(&cache.lock);
  return raw;
}

bool nbrt__cache_put(void *raw, size_t size) {
  if (size < CACHE_MIN_BYTES)
    return false;
  bool kept = false;
  pthread_mutex_lock(&cache.lock);
  if (cache.n < CACHE_SLOTS && cache.bytes + size <= CACHE_MAX_BYTES) {
    cache.raw[cache.n] = raw;
    cache.size[cache.n++] = size;
    cache.bytes += size;
    kept = true;
    /* the process's exit frees them, so leak checkers see no leak */
    if (!cache.at_exit)
      cache.at_exit = atexit(nbrt_release_memory) == 0;
  }
  pthread_mutex_unlock(&cache.lock);
  return kept;
}

void nbrt_release_memory(void) {
  pthread_mutex_lock(&cache.lock);
  for (int i = 0; i < cache.n; i++)
    free(cache.raw[i]);
  cache.n = 0;
  cache.bytes = 0;
  pthread_mutex_unlock(&cache.lock);
}
