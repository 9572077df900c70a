/* test_parallel_pool.c — the thread pool (runtime/parallel.c) through the
 * entry points generated code calls, without a compiler: a worksharing loop
 * covers every iteration exactly once on 1-4 threads, barriers hold, and an
 * allocation failure on a worker or on the caller becomes the call's
 * NBRT_ERR_OUT_OF_MEMORY (no abort, no deadlock), after which the pool still
 * works. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "nabla/runtime.h"

/* The ABI that LLVM's OpenMPIRBuilder emits calls to (not in any header). */
void __kmpc_fork_call(void *loc, int32_t argc, void (*fn)(int32_t *, int32_t *, ...), ...);
int32_t __kmpc_global_thread_num(void *loc);
void __kmpc_for_static_init_8u(void *loc, int32_t gtid, int32_t sched, int32_t *last,
                               uint64_t *lower, uint64_t *upper, int64_t *stride, int64_t incr,
                               int64_t chunk);
void __kmpc_for_static_fini(void *loc, int32_t gtid);
void __kmpc_barrier(void *loc, int32_t gtid);

enum { ITERS = 1000 };

typedef struct {
  int hits[ITERS];
  int fail_tid; /* member whose allocation fails; -1: none */
  int after_barrier[8];
} region;

static void microtask(int32_t *gtid, int32_t *btid, region *r) {
  (void)btid;
  uint64_t lo = 0, hi = ITERS - 1;
  int64_t stride = 1;
  int32_t last = 0;
  __kmpc_for_static_init_8u(NULL, *gtid, 34, &last, &lo, &hi, &stride, 1, 0);
  for (uint64_t i = lo; i <= hi && i < ITERS; i++)
    __atomic_fetch_add(&r->hits[i], 1, __ATOMIC_RELAXED);
  __kmpc_for_static_fini(NULL, *gtid);
  void *keep = _mlir_memref_to_llvm_aligned_alloc(64, 1024); /* freed by the guard on failure */
  if (*gtid == r->fail_tid)
    _mlir_memref_to_llvm_aligned_alloc(64, SIZE_MAX / 2);
  __kmpc_barrier(NULL, __kmpc_global_thread_num(NULL));
  _mlir_memref_to_llvm_free(keep);
  r->after_barrier[*gtid] = 1;
}

static region R;

static void body(void) {
  __kmpc_fork_call(NULL, 1, (void (*)(int32_t *, int32_t *, ...))microtask, &R);
}

static int call(int threads, int fail_tid) {
  memset(&R, 0, sizeof R);
  R.fail_tid = fail_tid;
  nbrt_set_num_threads(threads);
  return nbrt__call_guarded((void *)body, 0, NULL);
}

static void every_iteration_once(void **state) {
  (void)state;
  for (int t = 1; t <= 4; t++) {
    assert_int_equal(call(t, -1), NBRT_OK);
    for (int i = 0; i < ITERS; i++)
      assert_int_equal(R.hits[i], 1);
    for (int i = 0; i < t; i++)
      assert_int_equal(R.after_barrier[i], 1);
  }
}

static void out_of_memory_on_a_worker(void **state) {
  (void)state;
  assert_int_equal(call(2, 1), NBRT_ERR_OUT_OF_MEMORY);
  assert_int_equal(nbrt_last_status(), NBRT_ERR_OUT_OF_MEMORY);
  assert_non_null(strstr(nbrt_last_error(), "out of memory"));
  assert_int_equal(R.after_barrier[0], 1); /* the caller did not wait for it */
  assert_int_equal(call(3, 2), NBRT_ERR_OUT_OF_MEMORY);
  assert_int_equal(call(2, -1), NBRT_OK); /* the pool still works */
  assert_int_equal(nbrt_last_status(), NBRT_OK);
}

static void out_of_memory_on_the_caller(void **state) {
  (void)state;
  assert_int_equal(call(2, 0), NBRT_ERR_OUT_OF_MEMORY);
  assert_int_equal(R.after_barrier[1], 1);
  assert_int_equal(call(1, 0), NBRT_ERR_OUT_OF_MEMORY); /* alone, no pool */
  assert_int_equal(call(2, -1), NBRT_OK);
}

static void thread_count(void **state) {
  (void)state;
  nbrt_set_num_threads(3);
  assert_int_equal(nbrt_get_num_threads(), 3);
  nbrt_set_num_threads(0);
  assert_true(nbrt_get_num_threads() >= 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_iteration_once),
      cmocka_unit_test(out_of_memory_on_a_worker),
      cmocka_unit_test(out_of_memory_on_the_caller),
      cmocka_unit_test(thread_count),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
