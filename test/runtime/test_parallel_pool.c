/* test_parallel_pool.c — the thread pool (runtime/parallel.c) through the
 * entry points generated code calls, without a compiler: a worksharing loop
 * covers every iteration exactly once on 1-4 threads; a thread held up
 * inside a member does not hold up the others' (the caller runs the rest);
 * an allocation failure in any member becomes the call's
 * NBRT_ERR_OUT_OF_MEMORY (no abort, no deadlock), after which the pool still
 * works; a barrier (which the lowering never emits) fails the call. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <pthread.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

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

enum { ITERS = 1000, MAX_MEMBERS = 64 };

typedef struct {
  int hits[ITERS];
  int fail_member; /* member whose allocation fails; -1: none */
  bool barrier;    /* members call __kmpc_barrier */
  bool slow_worker; /* a worker sleeps in the first member it runs */
  pthread_t caller;
  int ran[MAX_MEMBERS];          /* member m ran (once) */
  int ran_by_caller[MAX_MEMBERS];
} region;

static _Thread_local bool slept;

static void microtask(int32_t *gtid, int32_t *btid, region *r) {
  (void)btid;
  bool on_caller = pthread_equal(pthread_self(), r->caller);
  if (r->slow_worker && !on_caller && !slept) {
    slept = true;
    nanosleep(&(struct timespec){0, 300 * 1000 * 1000}, NULL);
  }
  uint64_t lo = 0, hi = ITERS - 1;
  int64_t stride = 1;
  int32_t last = 0;
  __kmpc_for_static_init_8u(NULL, *gtid, 34, &last, &lo, &hi, &stride, 1, 0);
  for (uint64_t i = lo; i <= hi && i < ITERS; i++)
    __atomic_fetch_add(&r->hits[i], 1, __ATOMIC_RELAXED);
  __kmpc_for_static_fini(NULL, *gtid);
  void *keep = _mlir_memref_to_llvm_aligned_alloc(64, 1024); /* freed by the guard on failure */
  if (*gtid == r->fail_member)
    _mlir_memref_to_llvm_aligned_alloc(64, SIZE_MAX / 2);
  if (r->barrier)
    __kmpc_barrier(NULL, __kmpc_global_thread_num(NULL));
  _mlir_memref_to_llvm_free(keep);
  if (*gtid >= 0 && *gtid < MAX_MEMBERS) {
    __atomic_fetch_add(&r->ran[*gtid], 1, __ATOMIC_RELAXED);
    r->ran_by_caller[*gtid] = on_caller;
  }
}

static region R;

static void body(void) {
  __kmpc_fork_call(NULL, 1, (void (*)(int32_t *, int32_t *, ...))microtask, &R);
}

static int call_with(int threads, region setup) {
  R = setup;
  R.caller = pthread_self();
  nbrt_set_num_threads(threads);
  return nbrt__call_guarded((void *)body, 0, NULL);
}

static int call(int threads, int fail_member) {
  return call_with(threads, (region){.fail_member = fail_member});
}

/* members of the last region: those that ran are numbered from 0 */
static int members(void) {
  int n = 0;
  while (n < MAX_MEMBERS && R.ran[n])
    n++;
  return n;
}

static void every_iteration_once(void **state) {
  (void)state;
  for (int t = 1; t <= 4; t++) {
    assert_int_equal(call(t, -1), NBRT_OK);
    for (int i = 0; i < ITERS; i++)
      assert_int_equal(R.hits[i], 1);
    int n = members();
    assert_true(n >= t);
    for (int m = 0; m < MAX_MEMBERS; m++)
      assert_int_equal(R.ran[m], m < n ? 1 : 0);
  }
}

/* A worker the machine stops running (here: asleep in its first member)
 * holds up nothing but that member: the caller claims and runs the rest,
 * where a static member-per-thread assignment would leave half of them
 * waiting on the sleeper. */
static void a_held_up_thread_does_not_hold_up_the_region(void **state) {
  (void)state;
  assert_int_equal(call_with(2, (region){.fail_member = -1, .slow_worker = true}), NBRT_OK);
  for (int i = 0; i < ITERS; i++)
    assert_int_equal(R.hits[i], 1);
  int n = members(), by_caller = 0;
  assert_true(n >= 2);
  for (int m = 0; m < n; m++)
    by_caller += R.ran_by_caller[m];
  assert_true(by_caller >= n - 1);
}

static void out_of_memory_in_a_member(void **state) {
  (void)state;
  assert_int_equal(call(2, 1), NBRT_ERR_OUT_OF_MEMORY);
  assert_int_equal(nbrt_last_status(), NBRT_ERR_OUT_OF_MEMORY);
  assert_non_null(strstr(nbrt_last_error(), "out of memory"));
  assert_int_equal(R.ran[0], 1); /* the others completed */
  assert_int_equal(R.ran[1], 0);
  assert_int_equal(call(3, 2), NBRT_ERR_OUT_OF_MEMORY);
  assert_int_equal(call(2, 0), NBRT_ERR_OUT_OF_MEMORY);
  assert_int_equal(call(2, 7), NBRT_ERR_OUT_OF_MEMORY);
  assert_int_equal(call(2, -1), NBRT_OK); /* the pool still works */
  assert_int_equal(nbrt_last_status(), NBRT_OK);
}

static void out_of_memory_alone(void **state) {
  (void)state;
  assert_int_equal(call(1, 0), NBRT_ERR_OUT_OF_MEMORY); /* alone, no pool */
  assert_int_equal(call(2, -1), NBRT_OK);
}

static void a_barrier_fails_the_call(void **state) {
  (void)state;
  assert_int_equal(call_with(2, (region){.fail_member = -1, .barrier = true}),
                   NBRT_ERR_INVALID);
  assert_non_null(strstr(nbrt_last_error(), "barrier"));
  assert_int_equal(call_with(1, (region){.fail_member = -1, .barrier = true}), NBRT_OK);
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
      cmocka_unit_test(a_held_up_thread_does_not_hold_up_the_region),
      cmocka_unit_test(out_of_memory_in_a_member),
      cmocka_unit_test(out_of_memory_alone),
      cmocka_unit_test(a_barrier_fails_the_call),
      cmocka_unit_test(thread_count),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
