/* parallel.c — the thread pool behind generated parallel loops: the five
 * OpenMP entry points that MLIR's OpenMP lowering calls, implemented on
 * pthreads so a program needs no libomp.
 *
 * How the code gets here: a schedule tiles a big op with scf.forall
 * (lowering/cpu_schedule_text.c); convert-scf-to-openmp makes it an
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
 * (../shared/perf/CPU_CODEGEN.md measured 16 ms instead of 3 ms for an MLP
 * step under OpenMP, which spins 200 ms by default). But waking a sleeping
 * thread costs tens of microseconds on a virtual machine, and a training
 * step forks some twenty regions back to back: asleep between them, the
 * workers spent a fifth of a 2-thread MLP step waking up. So a waiting
 * thread (an idle worker, a member at the barrier, the caller joining)
 * first watches the word it waits on for up to NBRT_SPIN_US microseconds
 * (default SPIN_US_DEFAULT; 0: never spin), then sleeps on a condition
 * variable. After a call's last region that is at most SPIN_US_DEFAULT of
 * CPU time per worker. Words read while spinning are accessed atomically
 * everywhere; everything else stays under the mutex.
 *
 * Out of memory on a member: every member (the caller too) runs its share
 * under its own allocation guard (nbrt__run_task, cpu.c). A member whose
 * allocation fails frees its temporaries, leaves the team (barriers stop
 * counting it, so nobody waits for it), and records the error; once all
 * members are done, the caller turns it into the call's status
 * (nbrt__fail). Nothing aborts.
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
/* LLVM's OpenMPIRBuilder passes the outlined body's captures as one struct
 * pointer; a few more are accepted for safety. */
#define MAX_FORK_ARGS 4

typedef void (*microtask)(int32_t *gtid, int32_t *btid, ...);

typedef struct pool {
  pthread_mutex_t busy; /* held by the thread whose region runs on the pool */
  pthread_mutex_t mu;   /* guards everything below */
  pthread_cond_t work, done, bar;
  int workers;          /* threads started (they never exit) */
  unsigned long region; /* bumped per fork: workers wake on a change */
  int size;             /* members of the current region, caller included */
  unsigned long running; /* workers still inside the current region */
  microtask fn;
  int argc;
  void *args[MAX_FORK_ARGS];
  int active;           /* members not failed: the barrier's quorum */
  int arrived;
  unsigned long bar_round;
  int status; /* first failure of the region */
  char message[128];
} pool;

static pool P = {
    .busy = PTHREAD_MUTEX_INITIALIZER,
    .mu = PTHREAD_MUTEX_INITIALIZER,
    .work = PTHREAD_COND_INITIALIZER,
    .done = PTHREAD_COND_INITIALIZER,
    .bar = PTHREAD_COND_INITIALIZER,
};

/* The member this thread is in the current region: its index and whether
 * the region runs on the pool (false: alone, barriers are no-ops). */
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
static bool spin_while_equal(const unsigned long *word, unsigned long old) {
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

/* Runs this member's share under its own guard; on failure, records the
 * error and leaves the barrier quorum. */
static void run_member(call *c) {
  int status = nbrt__run_task(call_microtask, c);
  if (status == NBRT_OK)
    return;
  pthread_mutex_lock(&P.mu);
  if (P.status == NBRT_OK) {
    P.status = status;
    strncpy(P.message, nbrt_last_error(), sizeof P.message - 1);
  }
  P.active--;
  if (P.arrived > 0 && P.arrived >= P.active) {
    P.arrived = 0;
    __atomic_add_fetch(&P.bar_round, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&P.bar);
  }
  pthread_mutex_unlock(&P.mu);
}

static void *worker(void *arg) {
  int tid = (int)(intptr_t)arg;
  unsigned long seen = 0;
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
    team_size = P.size;
    pthread_mutex_unlock(&P.mu);
    my_tid = tid;
    in_team = true;
    run_member(&c);
    in_team = false;
    pthread_mutex_lock(&P.mu);
    if (__atomic_sub_fetch(&P.running, 1, __ATOMIC_RELEASE) == 0)
      pthread_cond_signal(&P.done);
  }
  return NULL;
}

/* Starts workers up to `want` members; returns the team size it got. */
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
    my_tid = 0;
    team_size = 1;
    call_microtask(&c);
    my_tid = saved_tid;
    team_size = saved_size;
    return;
  }
  pthread_mutex_lock(&P.mu);
  int size = grow(want);
  P.size = size;
  __atomic_store_n(&P.running, (unsigned long)(size - 1), __ATOMIC_RELAXED);
  P.active = size;
  P.arrived = 0;
  P.status = NBRT_OK;
  P.fn = fn;
  P.argc = c.argc;
  memcpy(P.args, args, sizeof args);
  __atomic_add_fetch(&P.region, 1, __ATOMIC_RELEASE);
  pthread_cond_broadcast(&P.work);
  pthread_mutex_unlock(&P.mu);

  my_tid = 0;
  in_team = true;
  team_size = size;
  run_member(&c);
  in_team = false;
  team_size = 1;

  /* spin_while_equal(running, n) returns once running != n; watch for 0 */
  for (unsigned long n; (n = __atomic_load_n(&P.running, __ATOMIC_ACQUIRE)) > 0;)
    if (!spin_while_equal(&P.running, n))
      break;
  pthread_mutex_lock(&P.mu);
  while (__atomic_load_n(&P.running, __ATOMIC_RELAXED) > 0)
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

void __kmpc_barrier(void *loc, int32_t gtid) {
  (void)loc, (void)gtid;
  if (!in_team || team_size == 1)
    return;
  pthread_mutex_lock(&P.mu);
  unsigned long round = P.bar_round;
  if (++P.arrived >= P.active) {
    P.arrived = 0;
    __atomic_add_fetch(&P.bar_round, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&P.bar);
  } else {
    pthread_mutex_unlock(&P.mu);
    spin_while_equal(&P.bar_round, round);
    pthread_mutex_lock(&P.mu);
    while (__atomic_load_n(&P.bar_round, __ATOMIC_RELAXED) == round)
      pthread_cond_wait(&P.bar, &P.mu);
  }
  pthread_mutex_unlock(&P.mu);
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
