/* bench.c — times vmb_vmapped, vmb_by_hand_call and vmb_by_hand
 * (gen_vmap.c) on the same inputs, interleaved so all see the same machine
 * load (2 shared cores here: single rounds vary by 30%); prints the best of
 * REPS rounds of CALLS calls each (ms), and checks the outputs agree. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "vmb.h"

enum { BATCH = 128, IN = 784, OUT = 512, CALLS = 20, REPS = 40 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static float w[IN * OUT], b[OUT], x[BATCH * IN], y1[BATCH * OUT], y2[BATCH * OUT], y3[BATCH * OUT];

int main(void) {
  srand(1);
  for (int i = 0; i < IN * OUT; i++) w[i] = (float)rand() / RAND_MAX * 0.1f - 0.05f;
  for (int i = 0; i < OUT; i++) b[i] = (float)rand() / RAND_MAX - 0.5f;
  for (int i = 0; i < BATCH * IN; i++) x[i] = (float)rand() / RAND_MAX - 0.5f;
  double best_v = 1e30, best_h = 1e30, best_c = 1e30;
  for (int r = 0; r < REPS; r++) {
    double t0 = now();
    for (int c = 0; c < CALLS; c++)
      if (vmb_vmapped(w, b, x, y1)) return 1;
    double t1 = now();
    for (int c = 0; c < CALLS; c++)
      if (vmb_by_hand(w, b, x, y2)) return 1;
    double t2 = now();
    for (int c = 0; c < CALLS; c++)
      if (vmb_by_hand_call(w, b, x, y3)) return 1;
    double t3 = now();
    best_v = fmin(best_v, (t1 - t0) * 1e3 / CALLS);
    best_h = fmin(best_h, (t2 - t1) * 1e3 / CALLS);
    best_c = fmin(best_c, (t3 - t2) * 1e3 / CALLS);
  }
  double diff = 0;
  for (int i = 0; i < BATCH * OUT; i++)
    diff = fmax(diff, fmax(fabs(y1[i] - y2[i]), fabs(y1[i] - y3[i])));
  printf("%.4f %.4f %.4f %g\n", best_v, best_c, best_h, diff);
  return diff > 1e-5;
}
