/* cpu.c — the heap of generated code, and the guard that turns a failed
 * allocation into a status instead of a crash.
 *
 * Generated code allocates temporaries through _mlir_memref_to_llvm_*alloc
 * and never checks the result (MLIR's lowering has no failure path). So a
 * NULL return would be written through. Instead, every exported function runs
 * its body inside nbrt__call_guarded, which setjmp()s first; when malloc fails
 * the allocator records "out of memory", frees every temporary the body still
 * holds, and longjmp()s back to the guard, which returns
 * NBRT_ERR_OUT_OF_MEMORY. Output buffers may then hold partial results.
 * Generated frames hold no resources besides these temporaries, so
 * unwinding them with longjmp is safe.
 *
 * Each block carries a small header linking it into the guard's list of live
 * temporaries, which is what lets the failure path free them.
 *
 * Parallel regions (parallel.c) run each member's share under a guard of its
 * own (nbrt__run_task), on the calling thread nested inside the call's
 * guard: a failure there must not unwind past the region's join, so it
 * lands in the member's guard and the region reports it afterwards. */
#include "runtime_internal.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct block {
  struct block *prev, *next;
  void *raw;   /* what malloc returned */
  size_t size; /* what was asked of malloc */
} block;

/* Header room in front of each returned pointer: a multiple of 16 so the
 * returned pointer keeps malloc's alignment. */
#define HEADER 32
_Static_assert(sizeof(block) <= HEADER, "block header too large");

/* Guards per thread, innermost last: a call's, then a parallel member's.
 * Generated code never calls back into user code, so guarded calls cannot
 * nest, and regions inside regions run without a guard of their own
 * (parallel.c), so two levels suffice. Thread-local (static storage) rather
 * than locals of nbrt__call_guarded, so their contents are well defined
 * after longjmp. */
typedef struct guard {
  jmp_buf env;
  block live; /* sentinel of a circular list of live temporaries */
} guard;
static _Thread_local guard guards[2];
static _Thread_local int depth; /* guards in use */
#define TOP (&guards[depth - 1])

static void link_block(block *b) {
  if (depth == 0) {
    b->prev = b->next = b;
    return;
  }
  guard *g = TOP;
  b->next = g->live.next;
  b->prev = &g->live;
  g->live.next->prev = b;
  g->live.next = b;
}

static void unlink_block(block *b) {
  b->prev->next = b->next;
  b->next->prev = b->prev;
  b->prev = b->next = b;
}

static _Noreturn void fail_out_of_memory(size_t size) {
  char msg[96];
  snprintf(msg, sizeof msg, "out of memory: a temporary of %zu bytes could not be allocated",
           size);
  nbrt__set_error(NBRT_ERR_OUT_OF_MEMORY, msg);
  longjmp(TOP->env, 1);
}

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  /* MLIR only asks for powers of two; anything smaller than malloc's own
   * alignment is rounded up so the header stays aligned. */
  if (alignment < 16 || (alignment & (alignment - 1)) != 0)
    alignment = 16;
  void *raw = NULL;
  size_t total = size + alignment + HEADER;
  if (size <= SIZE_MAX - alignment - HEADER) {
    raw = nbrt__cache_take(total);
    if (!raw)
      raw = malloc(total);
  }
  if (!raw) {
    if (depth > 0)
      fail_out_of_memory(size);
    nbrt__set_error(NBRT_ERR_OUT_OF_MEMORY, "out of memory outside a nabla call");
    return NULL;
  }
  uintptr_t p = ((uintptr_t)raw + HEADER + alignment - 1) & ~(uintptr_t)(alignment - 1);
  block *b = (block *)(p - HEADER);
  b->raw = raw;
  b->size = total;
  link_block(b);
  return (void *)p;
}

void *_mlir_memref_to_llvm_alloc(size_t size) {
  return _mlir_memref_to_llvm_aligned_alloc(16, size);
}

void _mlir_memref_to_llvm_free(void *ptr) {
  if (!ptr)
    return;
  block *b = (block *)((uintptr_t)ptr - HEADER);
  unlink_block(b);
  if (!nbrt__cache_put(b->raw, b->size))
    free(b->raw);
}

static void free_live_blocks(guard *g) {
  while (g->live.next != &g->live) {
    block *b = g->live.next;
    unlink_block(b);
    free(b->raw);
  }
}

static guard *push_guard(void) {
  guard *g = &guards[depth++];
  g->live.prev = g->live.next = &g->live;
  return g;
}

int nbrt__call_guarded(void *body, int32_t nargs, const uintptr_t *args) {
  if (depth > 0) {
    nbrt__set_error(NBRT_ERR_INVALID, "nabla: nested call of a compiled function");
    return NBRT_ERR_INVALID;
  }
  nbrt_clear_error();
  /* The header promises a status for every misuse it can see: a null
   * buffer would otherwise be the first load or store of the body. Every
   * buffer is a pointer, empty arrays included. */
  for (int32_t i = 0; args && i < nargs; i++)
    if (!args[i]) {
      char msg[96];
      snprintf(msg, sizeof msg, "nabla: buffer %d of a compiled function's call is NULL",
               (int)i);
      nbrt__set_error(NBRT_ERR_INVALID, msg);
      return NBRT_ERR_INVALID;
    }
  guard *g = push_guard();
  if (setjmp(g->env) != 0) {
    free_live_blocks(g);
    depth = 0;
    return nbrt_last_status();
  }
  bool called = nbrt__call_body(body, nargs, args);
  /* Blocks still live here were freed by nobody: generated code frees its
   * temporaries, so this only guards against leaks across calls. */
  free_live_blocks(g);
  depth = 0;
  if (!called) {
    nbrt__set_error(NBRT_ERR_INVALID, "nabla: compiled function has too many arguments");
    return NBRT_ERR_INVALID;
  }
  return NBRT_OK;
}

int nbrt__run_task(void (*fn)(void *), void *arg) {
  if (depth == 2) { /* cannot happen (see above); stay correct anyway */
    fn(arg);
    return NBRT_OK;
  }
  int outer = depth;
  guard *g = push_guard();
  if (setjmp(g->env) != 0) {
    free_live_blocks(g);
    depth = outer;
    return nbrt_last_status();
  }
  fn(arg);
  free_live_blocks(g);
  depth = outer;
  return NBRT_OK;
}

void nbrt__fail(void) {
  if (depth > 0)
    longjmp(TOP->env, 1);
}
