/* parallel.c — the thread pool behind generated parallel loops: the five
 * OpenMP entry points that MLIR's OpenMP lowering calls, implemented on
 * pthreads so a program needs no libomp.
 *
 * How the code gets here: a schedule tiles a big op with scf.forall
 * (lowering/cpu/cpu_schedule_text.c); convert-scf-to-openmp makes it an
 * omp.parallel + omp.wsloop, and LLVM's OpenMPIRBuilder outlines the body and
 * emits calls to __kmpc_fork_call (run the outlined body on a team),
 * __kmpc_global_thread_num, __kmpc_for_static_init_{4,8}{,u} (this member's
 * share of the iterations), __kmpc_for_static_fini and __kmpc_barrier (the
 * worksharing loop's closing barrier). Nothing else of libomp is used, so
 * these few functions replace it; a program then links only libc, libm and
 * libpthread (test/aot/check_run_time_deps.sh).
 *
 * Spin briefly, then sleep: on a machine whose cores are shared, a runtime
 * that spins for long halves whatever runs beside it
 * (docs/cpu-codegen.md, "The measurement machine": 16 ms, not 3, for an MLP
 * step under OpenMP, which spins 200 ms by default). But waking a sleeping
 * thread costs tens of microseconds on a virtual machine, and a training
 * step forks some twenty regions back to back: asleep between them, the
 * workers spent a fifth of a 2-thread MLP step waking up. So a waiting
 * thread (an idle worker, the caller joining)
 * first watches the word it waits on for up to NBRT_SPIN_US microseconds
 * (default SPIN_US_DEFAULT; 0: never spin), then sleeps on a condition
 * variable. After a call's last region that is at most SPIN_US_DEFAULT of
 * CPU time per worker. Words read while spinning are accessed atomically
 * everywhere; everything else stays under the mutex.
 *
 * Members are claimed, not assigned: a region has VIRTUAL_MEMBERS (or as
 * many as there are threads, if more) members, each the outlined body with
 * its own member number and so its own static block of the iterations, and
 * every thread, the caller too, runs the next unclaimed member until none
 * is left. Which thread runs a member changes nothing in the results (a
 * member's block and its order of operations are fixed), but a thread that
 * the machine does not run for a while (a busy or oversubscribed host: a
 * 2-thread MLP step took 8 ms instead of 3 when the second vCPU was starved,
 * more than the 5.5 ms of one thread) no longer holds the region up: the
 * others take its members. The caller waits only for members that were
 * claimed; a thread that wakes after the region ended finds nothing to claim
 * and never touches it. This needs members that never wait for each other:
 * the lowering makes every worksharing loop `nowait` (pipeline.c), so the
 * generated code has no __kmpc_barrier; one called anyway fails the call
 * (NBRT_ERR_INVALID) rather than deadlock or race.
 *
 * Out of memory on a member: every member runs under its own allocation
 * guard (nbrt__run_task, cpu.c). A member whose allocation fails frees its
 * temporaries and records the error; once all members are done, the caller
 * turns it into the call's status (nbrt__fail). Nothing aborts.
 *
 * One team at a time: a fork from a second user thread while the pool is
 * busy, or from inside a parallel region, runs on its caller alone (the
 * result is the same: iterations never depend on the thread count). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "runtime_internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 256
#define SPIN_US_DEFAULT 100
/* Members per region when there are fewer threads: schedules cut a parallel
 * loop into about 8 chunks (lowering/cpu/cpu_schedule_text.c), so that a thread
 * left behind leaves at most one chunk's worth to wait for. */
#define VIRTUAL_MEMBERS 8
#define MEMBER_BITS 16
#define MEMBER_MASK ((UINT64_C(1) << MEMBER_BITS) - 1)
/* LLVM's OpenMPIRBuilder passes the outlined body's captures as one struct
 * pointer; a few more are accepted for safety. */
#define MAX_FORK_ARGS 4

typedef void (*microtask)(int32_t *gtid, int32_t *btid, ...);

typedef struct pool {
  pthread_mutex_t busy; /* held by the thread whose region runs on the pool */
  pthread_mutex_t mu;   /* guards fn, argc, args, size, members, status */
  pthread_cond_t work, done;
  int workers;          /* threads started (they never exit) */
  uint64_t region;      /* bumped per fork: workers wake on a change */
  int size;             /* threads in the current region, caller included */
  int members;          /* members of the current region */
  /* (region << MEMBER_BITS) | next unclaimed member: one word, so that a
   * claim can never take a member of another region */
  uint64_t claim;
  uint64_t finished; /* members of the current region done */
  microtask fn;
  int argc;
  void *args[MAX_FORK_ARGS];
  int status; /* first failure of the region */
  char message[128];
} pool;

static pool P = {
    .busy = PTHREAD_MUTEX_INITIALIZER,
    .mu = PTHREAD_MUTEX_INITIALIZER,
    .work = PTHREAD_COND_INITIALIZER,
    .done = PTHREAD_COND_INITIALIZER,
};

/* The member this thread runs in the current region: its index, whether
 * the region runs on the pool, and the region's member count. */
static _Thread_local int my_tid;
static _Thread_local bool in_team;
static _Thread_local int team_size = 1;

static int requested; /* 0: default */

static int default_threads(void) {
  const char *env = getenv("NBRT_NUM_THREADS");
  long n = env ? strtol(env, NULL, 10) : 0;
  if (n < 1)
    n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

void nbrt_set_num_threads(int n) {
  __atomic_store_n(&requested, n < 1 ? 0 : n > MAX_THREADS ? MAX_THREADS : n,
                   __ATOMIC_RELAXED);
}

int nbrt_get_num_threads(void) {
  int n = __atomic_load_n(&requested, __ATOMIC_RELAXED);
  return n ? n : default_threads();
}

/* ---- waiting: spin, then sleep ---- */

static long spin_ns = -1; /* from NBRT_SPIN_US on first use */

static long spin_budget(void) {
  long ns = __atomic_load_n(&spin_ns, __ATOMIC_RELAXED);
  if (ns < 0) {
    const char *env = getenv("NBRT_SPIN_US");
    long us = env ? strtol(env, NULL, 10) : SPIN_US_DEFAULT;
    ns = (us < 0 ? 0 : us > 1000000 ? 1000000 : us) * 1000;
    __atomic_store_n(&spin_ns, ns, __ATOMIC_RELAXED);
  }
  return ns;
}

static long elapsed_ns(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (t.tv_sec - t0->tv_sec) * 1000000000L + (t.tv_nsec - t0->tv_nsec);
}

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/* Watches *word (unlocked, atomically) for up to the spin budget; true once
 * it differs from `old`. The caller then rechecks under the mutex, and
 * sleeps if it has not changed, so a change is never missed. */
static bool spin_while_equal(const uint64_t *word, uint64_t old) {
  long budget = spin_budget();
  if (budget == 0)
    return false;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (unsigned i = 1;; i++) {
    if (__atomic_load_n(word, __ATOMIC_ACQUIRE) != old)
      return true;
    cpu_relax();
    if (i % 64 == 0 && elapsed_ns(&t0) > budget)
      return false;
  }
}

/* ---- one member's share ---- */

typedef struct {
  microtask fn;
  int argc;
  void **args;
} call;

/* Calls the outlined body with exactly its own type, like call.c. */
static void call_microtask(void *user) {
  call *c = user;
  int32_t tid = my_tid, btid = my_tid;
  void **a = c->args;
  switch (c->argc) {
  case 0: ((void (*)(int32_t *, int32_t *))c->fn)(&tid, &btid); break;
  case 1: ((void (*)(int32_t *, int32_t *, void *))c->fn)(&tid, &btid, a[0]); break;
  case 2: ((void (*)(int32_t *, int32_t *, void *, void *))c->fn)(&tid, &btid, a[0], a[1]); break;
  default: ((void (*)(int32_t *, int32_t *, void *, void *, void *, void *))c->fn)(&tid, &btid, a[0], a[1], a[2], a[3]); break;
  }
}

/* Runs one member under its own guard; on failure, records the error. */
static void run_member(call *c) {
  int status = nbrt__run_task(call_microtask, c);
  if (status == NBRT_OK)
    return;
  pthread_mutex_lock(&P.mu);
  if (P.status == NBRT_OK) {
    P.status = status;
    strncpy(P.message, nbrt_last_error(), sizeof P.message - 1);
  }
  pthread_mutex_unlock(&P.mu);
}

/* The next unclaimed member of region `region` (of `members`), or -1. */
static int claim(uint64_t region, int members) {
  uint64_t w = __atomic_load_n(&P.claim, __ATOMIC_ACQUIRE);
  for (;;) {
    if ((w & ~MEMBER_MASK) != region << MEMBER_BITS || (int)(w & MEMBER_MASK) >= members)
      return -1;
    if (__atomic_compare_exchange_n(&P.claim, &w, w + 1, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_ACQUIRE))
      return (int)(w & MEMBER_MASK);
  }
}

/* Runs members of the region until none is left to claim. The last one to
 * finish wakes the caller. */
static void run_members(uint64_t region, int members, call *c) {
  in_team = true;
  team_size = members;
  for (int m; (m = claim(region, members)) >= 0;) {
    my_tid = m;
    run_member(c);
    if (__atomic_add_fetch(&P.finished, 1, __ATOMIC_ACQ_REL) == (uint64_t)members) {
      pthread_mutex_lock(&P.mu);
      pthread_cond_signal(&P.done);
      pthread_mutex_unlock(&P.mu);
    }
  }
  in_team = false;
  team_size = 1;
}

static void *worker(void *arg) {
  int tid = (int)(intptr_t)arg;
  uint64_t seen = 0;
  pthread_mutex_lock(&P.mu);
  for (;;) {
    if (__atomic_load_n(&P.region, __ATOMIC_RELAXED) == seen) {
      pthread_mutex_unlock(&P.mu);
      spin_while_equal(&P.region, seen);
      pthread_mutex_lock(&P.mu);
    }
    while (__atomic_load_n(&P.region, __ATOMIC_RELAXED) == seen)
      pthread_cond_wait(&P.work, &P.mu);
    seen = P.region;
    if (tid >= P.size)
      continue;
    call c = {P.fn, P.argc, P.args};
    int members = P.members;
    pthread_mutex_unlock(&P.mu);
    run_members(seen, members, &c);
    pthread_mutex_lock(&P.mu);
  }
  return NULL;
}

/* Starts workers up to `want` threads; returns the thread count it got. */
static int grow(int want) {
  while (P.workers + 1 < want) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &attr, worker, (void *)(intptr_t)(P.workers + 1));
    pthread_attr_destroy(&attr);
    if (rc != 0)
      break;
    P.workers++;
  }
  return P.workers + 1 < want ? P.workers + 1 : want;
}

/* ---- the OpenMP entry points ---- */

void __kmpc_fork_call(void *loc, int32_t argc, microtask fn, ...) {
  (void)loc;
  call c = {fn, argc > MAX_FORK_ARGS ? MAX_FORK_ARGS : argc, NULL};
  void *args[MAX_FORK_ARGS] = {0};
  va_list ap;
  va_start(ap, fn);
  for (int i = 0; i < c.argc; i++)
    args[i] = va_arg(ap, void *);
  va_end(ap);
  c.args = args;

  int want = nbrt_get_num_threads();
  if (in_team || want == 1 || pthread_mutex_trylock(&P.busy) != 0) {
    /* alone: a failure longjmps straight to the enclosing guard */
    int saved_tid = my_tid, saved_size = team_size;
    bool saved_in = in_team;
    my_tid = 0;
    team_size = 1;
    in_team = false;
    call_microtask(&c);
    my_tid = saved_tid;
    team_size = saved_size;
    in_team = saved_in;
    return;
  }
  pthread_mutex_lock(&P.mu);
  int size = grow(want);
  int members = size > VIRTUAL_MEMBERS ? size : VIRTUAL_MEMBERS;
  uint64_t region = (P.region + 1) & (UINT64_MAX >> MEMBER_BITS); /* fits the claim word */
  P.size = size;
  P.members = members;
  P.status = NBRT_OK;
  P.fn = fn;
  P.argc = c.argc;
  memcpy(P.args, args, sizeof args);
  __atomic_store_n(&P.finished, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&P.claim, region << MEMBER_BITS, __ATOMIC_RELAXED);
  __atomic_store_n(&P.region, region, __ATOMIC_RELEASE);
  pthread_cond_broadcast(&P.work);
  pthread_mutex_unlock(&P.mu);

  run_members(region, members, &c);

  /* every member is claimed now; wait for the ones still running */
  for (uint64_t n; (n = __atomic_load_n(&P.finished, __ATOMIC_ACQUIRE)) < (uint64_t)members;)
    if (!spin_while_equal(&P.finished, n))
      break;
  pthread_mutex_lock(&P.mu);
  while (__atomic_load_n(&P.finished, __ATOMIC_ACQUIRE) < (uint64_t)members)
    pthread_cond_wait(&P.done, &P.mu);
  int status = P.status;
  char message[sizeof P.message];
  memcpy(message, P.message, sizeof message);
  pthread_mutex_unlock(&P.mu);
  pthread_mutex_unlock(&P.busy);
  if (status != NBRT_OK) {
    message[sizeof message - 1] = 0;
    nbrt__set_error(status, message);
    nbrt__fail();
  }
}

int32_t __kmpc_global_thread_num(void *loc) {
  (void)loc;
  return my_tid;
}

/* Members run one after another on a thread that has claimed several, so
 * they cannot wait for each other: the lowering emits no barrier (every
 * worksharing loop is nowait). One reached anyway fails the call. */
void __kmpc_barrier(void *loc, int32_t gtid) {
  (void)loc, (void)gtid;
  if (!in_team || team_size == 1)
    return;
  nbrt__set_error(NBRT_ERR_INVALID, "nabla: a barrier in a parallel region (not supported)");
  nbrt__fail();
}

/* This member's block of n iterations under the static schedule, as libomp
 * deals them: contiguous and balanced (the first n % size members get one
 * more). The OpenMPIRBuilder normalizes loops to lower 0, step 1, schedule
 * kmp_sch_static, and calls the unsigned variants only; a chunked schedule
 * is never asked for, and would still get every iteration exactly once
 * (stride n ends its chunk loop after one block). Bounds are inclusive:
 * an empty block has upper = lower - 1. */
static void share(uint64_t n, uint64_t *first, uint64_t *count) {
  uint64_t size = (uint64_t)team_size, tid = (uint64_t)my_tid;
  uint64_t small = n / size, extra = n % size;
  *first = tid * small + (tid < extra ? tid : extra);
  *count = small + (tid < extra);
}

void __kmpc_for_static_init_8u(void *loc, int32_t gtid, int32_t sched, int32_t *last,
                               uint64_t *lower, uint64_t *upper, int64_t *stride, int64_t incr,
                               int64_t chunk) {
  (void)loc, (void)gtid, (void)sched, (void)chunk;
  uint64_t n = (*upper - *lower) / (uint64_t)incr + 1, first, count;
  share(n, &first, &count);
  *lower += first * (uint64_t)incr;
  *upper = *lower + count * (uint64_t)incr - (uint64_t)incr;
  *stride = (int64_t)n;
  *last = count > 0 && first + count == n;
}

void __kmpc_for_static_init_4u(void *loc, int32_t gtid, int32_t sched, int32_t *last,
                               uint32_t *lower, uint32_t *upper, int32_t *stride, int32_t incr,
                               int32_t chunk) {
  uint64_t lo = *lower, hi = *upper;
  int64_t st;
  __kmpc_for_static_init_8u(loc, gtid, sched, last, &lo, &hi, &st, incr, chunk);
  *lower = (uint32_t)lo, *upper = (uint32_t)hi, *stride = (int32_t)st;
}

void __kmpc_for_static_fini(void *loc, int32_t gtid) {
  (void)loc, (void)gtid;
}
