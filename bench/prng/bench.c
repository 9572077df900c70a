/* bench.c — times prb_bits and prb_normal (2^24 elements each), best of
 * REPS calls, and prints elements/s for each plus a checksum of the first
 * draws (bench_jax.py prints the same from jax.jit to compare). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "prb.h"

enum { N = 1 << 24, REPS = 10 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
  const uint32_t key[2] = {0, 0};
  uint32_t *bits = malloc(sizeof *bits * N);
  float *z = malloc(sizeof *z * N);
  double tb = 1e30, tn = 1e30;
  for (int r = 0; r < REPS; r++) {
    double t0 = now();
    if (prb_bits(key, bits)) return 1;
    double t1 = now();
    if (prb_normal(key, z)) return 1;
    double t2 = now();
    tb = t1 - t0 < tb ? t1 - t0 : tb;
    tn = t2 - t1 < tn ? t2 - t1 : tn;
  }
  printf("%.4g %.4g %u %.8g\n", N / tb, N / tn, bits[N - 1], z[N - 1]);
  return 0;
}
