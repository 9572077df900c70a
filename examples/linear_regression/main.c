/* main.c — uses the loss compiled at build time (linreg.h, liblinreg.a).
 *
 * 100 points x in [-1, 1] from a fixed-seed xorshift generator, y = 3x - 1
 * plus small noise; prints the loss at a few values of theta. The true line
 * (3, -1) gives about the noise variance; the others are larger. No MLIR,
 * LLVM or nabla compiler is involved at run time. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "linreg.h"
#include "nabla/runtime.h"

/* The same loss in plain C, to check the compiled one. */
static double reference_loss(const float *theta, const float *x, const float *y, int n) {
  double sum = 0;
  for (int i = 0; i < n; i++) {
    double r = (double)theta[0] * x[i] + theta[1] - y[i];
    sum += r * r;
  }
  return sum / n;
}

/* xorshift32: deterministic on every platform, so the output is too. */
static uint32_t rng_state = 2463534242u;
static float uniform(void) { /* in [0, 1) */
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return (float)(rng_state >> 8) / 16777216.0f;
}

int main(void) {
  float x[LINREG_LOSS_X_SIZE], y[LINREG_LOSS_Y_SIZE];
  for (int i = 0; i < LINREG_LOSS_X_SIZE; i++) {
    x[i] = 2.0f * uniform() - 1.0f;
    float noise = 0.2f * (uniform() - 0.5f);
    y[i] = 3.0f * x[i] - 1.0f + noise;
  }
  const float thetas[][LINREG_LOSS_THETA_SIZE] = {{3, -1}, {0, 0}, {1, 1}, {3, 0}, {2.5f, -1}};
  for (size_t k = 0; k < sizeof thetas / sizeof thetas[0]; k++) {
    float loss;
    int status = linreg_loss(thetas[k], x, y, &loss);
    if (status != 0) {
      fprintf(stderr, "linreg_loss failed (status %d): %s\n", status, nbrt_last_error());
      return 1;
    }
    double ref = reference_loss(thetas[k], x, y, LINREG_LOSS_X_SIZE);
    printf("loss(theta = [%5.2f, %5.2f]) = %.6f\n", thetas[k][0], thetas[k][1], loss);
    if (fabs(loss - ref) > 1e-4 * (1 + fabs(ref))) {
      fprintf(stderr, "mismatch: plain C gives %.6f\n", ref);
      return 1;
    }
  }
  return 0;
}
