/* kernels.c — times the nabla-compiled kernels of bench/run.sh and a
 * STREAM-like bandwidth reference, printing one line per figure:
 *   <name> <median seconds per call> <work> <unit>
 * Built by run.sh with -DN=<matmul size> against libmm.a, libew.a, libred.a,
 * liblinreg.a. nabla runs on one thread (nbrt_set_num_threads), the matmul
 * and the full reduction on two too.
 * The reference loop is plain C at -O3 -march=native: the bandwidth a chain of
 * elementwise ops can at best reach on this machine. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ew.h"
#include "linreg.h"
#include "mm.h"
#include "red.h"
#include "nabla/runtime.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}
static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
/* Median over `reps` timings, each of `inner` calls. */
#define TIME(reps, inner, stmt)                                                              \
  ({                                                                                         \
    double ts_[64];                                                                          \
    for (int r_ = 0; r_ < (reps); r_++) {                                                    \
      double t0_ = now();                                                                    \
      for (int i_ = 0; i_ < (inner); i_++) stmt;                                             \
      ts_[r_] = (now() - t0_) / (inner);                                                     \
    }                                                                                        \
    qsort(ts_, (reps), sizeof(double), cmp);                                                 \
    ts_[(reps) / 2];                                                                         \
  })

static float *rnd(size_t n) {
  float *p = aligned_alloc(64, ((n * 4 + 63) / 64) * 64);
  for (size_t i = 0; i < n; i++) p[i] = (float)rand() / RAND_MAX - 0.5f;
  return p;
}

int main(void) {
  size_t n = N;
  float *a = rnd(n * n), *b = rnd(n * n), *c = rnd(n * n);
  mm_mm(a, b, c);
  int inner = n <= 512 ? 20 : 1;
  nbrt_set_num_threads(1); /* the single-thread table; 2 threads below */
  double t = TIME(15, inner, mm_mm(a, b, c));
  printf("matmul_%zu %.6e %.6e GFLOP\n", n, t, 2.0 * n * n * n / 1e9);
  nbrt_set_num_threads(2);
  mm_mm(a, b, c);
  t = TIME(15, inner, mm_mm(a, b, c));
  printf("matmul2t_%zu %.6e %.6e GFLOP\n", n, t, 2.0 * n * n * n / 1e9);
  nbrt_set_num_threads(1);

  size_t r = EW_ROWS, cols = EW_COLS, e = r * cols;
  float *x = rnd(e), *w = rnd(e), *bias = rnd(cols), *y = rnd(e);
  ew_chain(x, w, bias, y);
  t = TIME(15, 3, ew_chain(x, w, bias, y));
  printf("ew_chain %.6e %.6e GB\n", t, (3.0 * e + cols) * 4 / 1e9);
  /* the same bytes moved by the best plain C loop: y = max(x * w + b, 0) */
  t = TIME(15, 3, ({
             for (size_t i = 0; i < r; i++)
               for (size_t j = 0; j < cols; j++) {
                 float v = x[i * cols + j] * w[i * cols + j] + bias[j];
                 y[i * cols + j] = v > 0 ? v : 0;
               }
             __asm__ volatile("" ::: "memory");
           }));
  printf("ew_c_O3_native %.6e %.6e GB\n", t, (3.0 * e + cols) * 4 / 1e9);
  /* the memory-bandwidth reference: glibc's memcpy of one such array (its
   * large copies use non-temporal stores), bytes read + written */
  t = TIME(15, 3, ({
             memcpy(y, x, e * sizeof *x);
             __asm__ volatile("" ::: "memory");
           }));
  printf("bw_memcpy %.6e %.6e GB\n", t, 2.0 * e * 4 / 1e9);

  /* the full reduction sum(x) over the same array: bytes read */
  float sum;
  red_sum(x, &sum);
  t = TIME(15, 3, red_sum(x, &sum));
  printf("full_sum %.6e %.6e GB\n", t, 1.0 * e * 4 / 1e9);
  nbrt_set_num_threads(2);
  red_sum(x, &sum);
  t = TIME(15, 3, red_sum(x, &sum));
  printf("full_sum2t %.6e %.6e GB\n", t, 1.0 * e * 4 / 1e9);
  nbrt_set_num_threads(1);

  float theta[2] = {0.5f, -0.2f}, lx[100], ly[100], out;
  for (int i = 0; i < 100; i++) lx[i] = i / 100.0f, ly[i] = 2 * lx[i] + 1;
  t = TIME(15, 20000, linreg_loss(theta, lx, ly, &out));
  printf("linreg_loss %.6e 1 call\n", t);
  t = TIME(15, 20000, linreg_update(theta, lx, ly, theta));
  printf("linreg_update %.6e 1 call\n", t);
  return 0;
}
