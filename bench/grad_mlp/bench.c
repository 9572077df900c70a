/* bench.c — times the compiled MLP forward pass and its value_and_grad
 * (gen_mlp.c) on the runtime's threads (NBRT_NUM_THREADS, default all
 * cores); prints "nabla <forward ms> <value_and_grad ms> <median ratio>
 * <loss>" for run.sh. Each time is the median over rounds of the mean over
 * a few calls, after warm-up calls, so one slow round (the machine's
 * other tenants) does not move it. With a path argument, also writes the
 * inputs there (raw float32, in argument order) so that JAX runs on the same
 * numbers and the two losses can be compared. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "mlp.h"
#include "nabla/runtime.h"

enum { ROUNDS = 21, CALLS = 4 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static float *filled(size_t n, float scale) {
  float *p = malloc(n * sizeof *p);
  uint32_t s = 12345u + (uint32_t)n;
  for (size_t i = 0; p && i < n; i++) {
    s = s * 1664525u + 1013904223u;
    p[i] = scale * ((float)(s >> 8) / 16777216.0f - 0.5f);
  }
  return p;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Buffers: the eight inputs, then the loss and six gradients. */
static float *in[8], *out[7];

static int forward(void) {
  return mlp_forward(in[0], in[1], in[2], in[3], in[4], in[5], in[6], in[7], out[0]);
}

static int value_and_grad(void) {
  return mlp_value_and_grad(in[0], in[1], in[2], in[3], in[4], in[5], in[6], in[7], out[0],
                            out[1], out[2], out[3], out[4], out[5], out[6]);
}

static double mean_ms(int (*fn)(void)) {
  double t0 = now();
  for (int c = 0; c < CALLS; c++)
    fn();
  return (now() - t0) * 1e3 / CALLS;
}

static double median(double *t) {
  qsort(t, ROUNDS, sizeof t[0], cmp);
  return t[ROUNDS / 2];
}

/* Each round times the forward calls, then the value_and_grad calls, so
 * both see the same moment of a shared machine; medians over the rounds of
 * each time and of the per-round ratio. */
static void interleaved(double *fwd_ms, double *vg_ms, double *ratio) {
  double f[ROUNDS], g[ROUNDS], r[ROUNDS];
  for (int i = 0; i < 3; i++)
    if (forward() || value_and_grad()) {
      fprintf(stderr, "bench: call failed: %s\n", nbrt_last_error());
      exit(1);
    }
  for (int i = 0; i < ROUNDS; i++) {
    f[i] = mean_ms(forward);
    g[i] = mean_ms(value_and_grad);
    r[i] = g[i] / f[i];
  }
  *fwd_ms = median(f), *vg_ms = median(g), *ratio = median(r);
}

int main(int argc, char **argv) {
  const size_t in_sizes[8] = {MLP_FORWARD_W1_SIZE, MLP_FORWARD_B1_SIZE, MLP_FORWARD_W2_SIZE,
                              MLP_FORWARD_B2_SIZE, MLP_FORWARD_W3_SIZE, MLP_FORWARD_B3_SIZE,
                              MLP_FORWARD_X_SIZE,  MLP_FORWARD_Y_SIZE};
  const float scales[8] = {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 2.0f, 2.0f};
  for (int i = 0; i < 8; i++)
    in[i] = filled(in_sizes[i], scales[i]);
  FILE *dump = argc > 1 ? fopen(argv[1], "wb") : NULL;
  for (int i = 0; dump && i < 8; i++)
    fwrite(in[i], sizeof(float), in_sizes[i], dump);
  if (dump)
    fclose(dump);
  out[0] = malloc(sizeof(float));
  for (int i = 1; i < 7; i++)
    out[i] = malloc(in_sizes[i - 1] * sizeof(float));
  double f, g, ratio;
  interleaved(&f, &g, &ratio);
  printf("nabla %.4f %.4f %.4f %.6f\n", f, g, ratio, *out[0]);
  return 0;
}
