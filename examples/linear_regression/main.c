/* main.c — trains the linear regression compiled at build time (linreg.h,
 * liblinreg.a): theta = [w, b] starts at [1, 1], and 1000 calls of the
 * compiled update step (theta - 0.1 * grad(loss)) fit y = 3x - 1 + noise.
 *
 * 100 points x in [-1, 1] from a fixed-seed xorshift generator, noise
 * uniform in [-0.1, 0.1], so the output is the same everywhere (the noise
 * puts the best line at w = 3.002, b = -0.993). The compiled loss, the
 * first step and the final line are checked against plain C. No MLIR, LLVM
 * or nabla compiler is involved at run time. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "linreg.h"
#include "nabla/runtime.h"

enum { N = LINREG_LOSS_X_SIZE };

/* The loss and its gradient in plain C, to check the compiled ones:
 * loss = mean(r^2) with r = w x + b - y, so d/dw = mean(2 r x), d/db = mean(2 r). */
static double reference_loss(const float *theta, const float *x, const float *y,
                             double *grad /* [2] or NULL */) {
  double sum = 0, gw = 0, gb = 0;
  for (int i = 0; i < N; i++) {
    double r = (double)theta[0] * x[i] + theta[1] - y[i];
    sum += r * r;
    gw += 2 * r * x[i];
    gb += 2 * r;
  }
  if (grad) {
    grad[0] = gw / N;
    grad[1] = gb / N;
  }
  return sum / N;
}

static bool close_to(double got, double want, double tol) {
  return fabs(got - want) <= tol * (1 + fabs(want));
}

/* The exact least-squares line (closed form), which gradient descent should
 * reach: w = cov(x, y) / var(x), b = mean(y) - w mean(x). */
static void least_squares(const float *x, const float *y, double *w, double *b) {
  double mx = 0, my = 0, sxy = 0, sxx = 0;
  for (int i = 0; i < N; i++) {
    mx += x[i] / (double)N;
    my += y[i] / (double)N;
  }
  for (int i = 0; i < N; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  *w = sxy / sxx;
  *b = my - *w * mx;
}

/* xorshift32: deterministic on every platform, so the output is too. */
static uint32_t rng_state = 2463534242u;
static float uniform(void) { /* in [0, 1) */
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return (float)(rng_state >> 8) / 16777216.0f;
}

/* The compiled loss, checked against plain C. */
static int loss_at(const float *theta, const float *x, const float *y, float *out) {
  int status = linreg_loss(theta, x, y, out);
  if (status != 0) {
    fprintf(stderr, "linreg_loss failed (status %d): %s\n", status, nbrt_last_error());
    return 1;
  }
  double ref = reference_loss(theta, x, y, NULL);
  if (!close_to(*out, ref, 1e-4)) {
    fprintf(stderr, "loss mismatch: compiled %.6f, plain C %.6f\n", *out, ref);
    return 1;
  }
  return 0;
}

int main(void) {
  float x[N], y[N];
  for (int i = 0; i < N; i++) {
    x[i] = 2.0f * uniform() - 1.0f;
    float noise = 0.2f * (uniform() - 0.5f);
    y[i] = 3.0f * x[i] - 1.0f + noise;
  }

  float theta[2] = {1, 1}, next[2], loss;
  if (loss_at(theta, x, y, &loss))
    return 1;
  printf("step    0: loss %.6f\n", loss);
  for (int step = 1; step <= 1000; step++) {
    /* Outputs may not alias inputs (no donation yet): step into `next`. */
    int status = linreg_update(theta, x, y, next);
    if (status != 0) {
      fprintf(stderr, "linreg_update failed (status %d): %s\n", status, nbrt_last_error());
      return 1;
    }
    if (step == 1) { /* the first step, against theta - 0.1 * the plain-C gradient */
      double g[2];
      reference_loss(theta, x, y, g);
      for (int k = 0; k < 2; k++)
        if (!close_to(next[k], theta[k] - 0.1 * g[k], 1e-5)) {
          fprintf(stderr, "update mismatch: theta[%d] = %.6f, plain C %.6f\n", k, next[k],
                  theta[k] - 0.1 * g[k]);
          return 1;
        }
    }
    memcpy(theta, next, sizeof theta);
    if (step % 250 == 0) {
      if (loss_at(theta, x, y, &loss))
        return 1;
      printf("step %4d: loss %.6f\n", step, loss);
    }
  }
  /* The noise moves the best line a little off (3, -1): compare with it. */
  double w, b;
  least_squares(x, y, &w, &b);
  if (!close_to(theta[0], w, 1e-4) || !close_to(theta[1], b, 1e-4)) {
    fprintf(stderr, "not converged: least squares gives w = %.5f, b = %.5f\n", w, b);
    return 1;
  }
  printf("w: %.2f, b: %.2f\n", theta[0], theta[1]);
  printf("final loss: %.6f\n", loss);
  return 0;
}
