/* bench.c — times the compiled MLP training step (gen_step.c) on 1 and 2
 * threads (nbrt_set_num_threads); prints "nabla_<t>t <median ms> 1 ms" lines
 * for run.sh and the loss of the first step. Each figure is the median over
 * rounds of the mean of a few steps, after warm-up. The same inputs go to a
 * file (raw float32, argument order) so that JAX trains on the same numbers.
 * The step's outputs are fed back as its next inputs, as in training. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nabla/runtime.h"
#include "step.h"

enum { ROUNDS = 15, CALLS = 4 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static const size_t sizes[8] = {784 * 512, 512, 512 * 512, 512, 512 * 10, 10, 128 * 784, 128 * 10};
static float *in[8], *out[7];

static int step(void) {
  int rc = step_train(in[0], in[1], in[2], in[3], in[4], in[5], in[6], in[7], out[0], out[1],
                      out[2], out[3], out[4], out[5], out[6]);
  for (int i = 0; i < 6; i++) { /* next step trains the updated weights */
    float *t = in[i];
    in[i] = out[i + 1];
    out[i + 1] = t;
  }
  return rc;
}

static double median_ms(void) {
  double t[ROUNDS];
  for (int r = 0; r < ROUNDS; r++) {
    double t0 = now();
    for (int c = 0; c < CALLS; c++)
      if (step()) {
        fprintf(stderr, "bench: step failed: %s\n", nbrt_last_error());
        exit(1);
      }
    t[r] = (now() - t0) * 1e3 / CALLS;
  }
  qsort(t, ROUNDS, sizeof t[0], cmp);
  return t[ROUNDS / 2];
}

int main(int argc, char **argv) {
  const float scales[8] = {0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 2.0f, 2.0f};
  uint32_t s = 12345u;
  for (int i = 0; i < 8; i++) {
    in[i] = malloc(sizes[i] * sizeof(float));
    for (size_t j = 0; j < sizes[i]; j++) {
      s = s * 1664525u + 1013904223u;
      in[i][j] = scales[i] * ((float)(s >> 8) / 16777216.0f - 0.5f);
    }
  }
  FILE *dump = argc > 1 ? fopen(argv[1], "wb") : NULL;
  for (int i = 0; dump && i < 8; i++)
    fwrite(in[i], sizeof(float), sizes[i], dump);
  if (dump)
    fclose(dump);
  out[0] = malloc(sizeof(float));
  for (int i = 1; i < 7; i++)
    out[i] = malloc(sizes[i - 1] * sizeof(float));
  nbrt_set_num_threads(1);
  if (step())
    return 1;
  printf("nabla_loss %.6f 1 value\n", *out[0]);
  for (int i = 0; i < 3; i++)
    step();
  for (int threads = 1; threads <= 2; threads++) {
    nbrt_set_num_threads(threads);
    step();
    printf("mlp_step_nabla_%dt %.6e 1 s\n", threads, median_ms() / 1e3);
  }
  return 0;
}
