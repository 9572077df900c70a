/* bench.c — times the kernels of gen_index_bench.c (median of REPS calls
 * after a warm-up) and this machine's memory bandwidth (memcpy of 64 MB,
 * best of REPS), and prints one "name seconds" line each; bench_jax.py
 * prints the same names for jax.jit, run.sh puts them side by side. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ixb.h"

enum { REPS = 15 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Runs CALL once to warm up, then REPS times; prints the median. */
#define TIME(name, CALL)                                                       \
  do {                                                                         \
    double t[REPS];                                                            \
    if (CALL) return fprintf(stderr, "%s failed\n", name), 1;                  \
    for (int r = 0; r < REPS; r++) {                                           \
      double t0 = now();                                                       \
      if (CALL) return 1;                                                      \
      t[r] = now() - t0;                                                       \
    }                                                                          \
    qsort(t, REPS, sizeof t[0], cmp);                                          \
    printf("%s %.6g\n", name, t[REPS / 2]);                                    \
  } while (0)

static float *floats(size_t n, unsigned seed) {
  float *p = malloc(n * sizeof *p);
  if (!p) exit(1);
  srand(seed);
  for (size_t i = 0; i < n; i++) p[i] = (float)rand() / RAND_MAX - 0.5f;
  return p;
}

int main(void) {
  size_t ntab = (size_t)50000 * 256, nidx = 4096, nw = nidx * 256;
  float *table = floats(ntab, 1), *w = floats(nw, 2), *out = malloc(nw * sizeof *out);
  float *dtable = malloc(ntab * sizeof *dtable);
  int32_t *idx = malloc(nidx * sizeof *idx);
  srand(3);
  for (size_t i = 0; i < nidx; i++) idx[i] = rand() % 50000;
  TIME("lookup", ixb_lookup(table, idx, out));
  TIME("lookup_grad", ixb_lookup_grad(table, idx, w, dtable));

  size_t big = (size_t)1 << 24;
  float *x = floats(big, 4), *y = malloc(big * sizeof *y), v = 7.0f;
  int32_t at = 12345;
  TIME("scale_4m", ixb_scale_4m(x, y));
  TIME("set_4m", ixb_set_4m(x, &at, &v, y));
  TIME("scale_16m", ixb_scale_16m(x, y));
  TIME("set_16m", ixb_set_16m(x, &at, &v, y));

  size_t nd = (size_t)60000 * 784;
  float *data = floats(nd, 5), mean[784];
  int32_t step = 77;
  TIME("batch_mean", ixb_batch_mean(data, &step, mean));

  /* bandwidth: read + write of 64 MB per memcpy */
  TIME("memcpy_64mb", (memcpy(y, x, big * sizeof *x), y[1] == 12345.0f));
  printf("checksum %.6g %.6g %.6g %.6g\n", out[nw - 1], dtable[idx[0] * 256], y[at], mean[783]);
  return 0;
}
