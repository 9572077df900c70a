/* test_heap_cache.c — temporaries of generated code (runtime/cpu.c through
 * the _mlir_memref_to_llvm_* entry points) and their reuse across calls
 * (runtime/heap_cache.c): a freed big block comes back for the same request,
 * keeps the requested alignment, is not handed out twice, small blocks are
 * not kept, and nbrt_release_memory() empties the cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "nabla/runtime.h"

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size);
void _mlir_memref_to_llvm_free(void *ptr);

enum { BIG = 1 << 20, SMALL = 1 << 10 };

static void big_block_reused(void **state) {
  (void)state;
  nbrt_release_memory();
  char *a = _mlir_memref_to_llvm_aligned_alloc(64, BIG);
  assert_non_null(a);
  assert_int_equal((uintptr_t)a % 64, 0);
  memset(a, 1, BIG); /* all of it is writable */
  _mlir_memref_to_llvm_free(a);
  char *b = _mlir_memref_to_llvm_aligned_alloc(64, BIG);
  assert_ptr_equal(a, b);
  /* a second block of the same size while the first is in use is new */
  char *c = _mlir_memref_to_llvm_aligned_alloc(64, BIG);
  assert_non_null(c);
  assert_ptr_not_equal(b, c);
  memset(c, 2, BIG);
  assert_int_equal(b[BIG - 1], 1);
  _mlir_memref_to_llvm_free(b);
  _mlir_memref_to_llvm_free(c);
  nbrt_release_memory();
}

static void alignment_kept_on_reuse(void **state) {
  (void)state;
  nbrt_release_memory();
  /* same malloc size (size + alignment), different alignment */
  char *a = _mlir_memref_to_llvm_aligned_alloc(16, BIG + 48);
  _mlir_memref_to_llvm_free(a);
  char *b = _mlir_memref_to_llvm_aligned_alloc(64, BIG);
  assert_int_equal((uintptr_t)b % 64, 0);
  memset(b, 3, BIG);
  _mlir_memref_to_llvm_free(b);
  nbrt_release_memory();
}

static void small_and_other_sizes_not_reused(void **state) {
  (void)state;
  nbrt_release_memory();
  char *big = _mlir_memref_to_llvm_aligned_alloc(64, BIG);
  char *small = _mlir_memref_to_llvm_aligned_alloc(64, SMALL);
  _mlir_memref_to_llvm_free(big);
  _mlir_memref_to_llvm_free(small);
  /* a different size never gets the cached block */
  char *other = _mlir_memref_to_llvm_aligned_alloc(64, 2 * BIG);
  assert_ptr_not_equal(other, big);
  memset(other, 4, 2 * BIG);
  _mlir_memref_to_llvm_free(other);
  nbrt_release_memory();
  /* after the release the cache is empty: the same request is served by
   * malloc (which may or may not return the same address), and freeing
   * and releasing again leaves nothing behind for valgrind/LSan */
  char *again = _mlir_memref_to_llvm_aligned_alloc(64, BIG);
  assert_non_null(again);
  _mlir_memref_to_llvm_free(again);
  nbrt_release_memory();
}

static void many_blocks(void **state) {
  (void)state;
  enum { N = 100 }; /* more than the cache has slots */
  static char *p[N];
  for (int i = 0; i < N; i++) {
    p[i] = _mlir_memref_to_llvm_aligned_alloc(64, BIG + 64 * i);
    assert_non_null(p[i]);
    p[i][0] = (char)i;
  }
  for (int i = 0; i < N; i++)
    _mlir_memref_to_llvm_free(p[i]);
  for (int i = 0; i < N; i++) {
    p[i] = _mlir_memref_to_llvm_aligned_alloc(64, BIG + 64 * i);
    assert_non_null(p[i]);
    memset(p[i], 5, BIG + 64 * i);
  }
  for (int i = 0; i < N; i++)
    _mlir_memref_to_llvm_free(p[i]);
  /* no nbrt_release_memory: the atexit hook frees what is left */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(big_block_reused),
      cmocka_unit_test(alignment_kept_on_reuse),
      cmocka_unit_test(small_and_other_sizes_not_reused),
      cmocka_unit_test(many_blocks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
