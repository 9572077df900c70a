/* main.c — trains the linear regression of Flax's "JAX for the impatient"
 * compiled at build time (flax_linreg.h, libflax_linreg.a): W[10][5] and
 * b[5] live in one struct (the parameter bundle), 101 calls of the compiled
 * update step (params - 0.3 * grad(mse), params donated: updated in place)
 * starting from zeros, the loss printed every 5 steps (before that step's
 * update, as the tutorial prints the value its value_and_grad returns),
 * then the loss for the "true" W, b.
 *
 * Data: 20 samples, x ~ N(0, 1)^10, y = x W + b + 0.1 N(0, 1)^5 with the
 * true W, b ~ N(0, 1), from a fixed-seed generator (xorshift64* and
 * Box-Muller, in double): nabla's PRNG is host-only for now, and a fixed C
 * generator gives the same numbers everywhere.
 *
 * Checks (exit status 1 if one fails), with the reasons for each bound:
 *   - the compiled loss equals the same loss in plain C (double) to 1e-5
 *     relative: 100 float terms, well above float rounding (~1e-6);
 *   - the first update equals plain C's p - 0.3 grad to 1e-5 relative;
 *   - the final loss is below 1.05 x the least-squares optimum L*
 *     (computed here in double by the normal equations). Why 1.05: gradient
 *     descent from zero converges to L* geometrically, the excess shrinking
 *     per step by (1 - 0.3 lambda_min)^2 where lambda_min is the smallest
 *     eigenvalue of [x, 1]^T [x, 1] / 20; for these 20 samples the excess
 *     falls from 3500 L* at step 0 to 0.25% of L* at step 100. A bug in any
 *     leaf's gradient (sign, factor, a leaf dropped or swapped) stops or
 *     reverses that descent and leaves the loss orders of magnitude above,
 *     while float rounding (~1e-6 relative) is far below 5%. L* is also
 *     below the true W, b's loss (the fit absorbs part of the noise), as in
 *     the tutorial's output. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "flax_linreg.h"

enum { X_DIM = 10, Y_DIM = 5, N = 20 };

/* ---- fixed data ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static double uniform(void) { /* (0, 1) */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  uint64_t r = rng_state * 0x2545F4914F6CDD1Du;
  return ((double)(r >> 11) + 0.5) / 9007199254740992.0;
}

static double normal(void) {
  return sqrt(-2 * log(uniform())) * cos(6.283185307179586 * uniform());
}

/* ---- plain C reference ---- */

/* mse and (optionally) its gradient, in double. */
static double reference_mse(const flax_linreg_params *p, float xs[N][X_DIM],
                            float ys[N][Y_DIM], flax_linreg_params *grad) {
  double loss = 0, gw[X_DIM][Y_DIM] = {{0}}, gb[Y_DIM] = {0};
  for (int i = 0; i < N; i++)
    for (int k = 0; k < Y_DIM; k++) {
      double pred = p->b[k];
      for (int j = 0; j < X_DIM; j++)
        pred += (double)xs[i][j] * p->W[j][k];
      double r = pred - ys[i][k];
      loss += r * r / 2 / N;
      gb[k] += r / N;
      for (int j = 0; j < X_DIM; j++)
        gw[j][k] += r * xs[i][j] / N;
    }
  for (int k = 0; grad && k < Y_DIM; k++) {
    grad->b[k] = (float)gb[k];
    for (int j = 0; j < X_DIM; j++)
      grad->W[j][k] = (float)gw[j][k];
  }
  return loss;
}

/* The least-squares optimum of mse: per output k, the normal equations
 * A^T A w = A^T y with A = [xs, 1] (11 unknowns), by Gaussian elimination. */
static double least_squares_loss(float xs[N][X_DIM], float ys[N][Y_DIM]) {
  enum { M = X_DIM + 1 };
  flax_linreg_params best;
  for (int k = 0; k < Y_DIM; k++) {
    double a[M][M + 1] = {{0}};
    for (int i = 0; i < N; i++)
      for (int r = 0; r < M; r++) {
        double xr = r < X_DIM ? xs[i][r] : 1;
        for (int c = 0; c < M; c++)
          a[r][c] += xr * (c < X_DIM ? xs[i][c] : 1);
        a[r][M] += xr * ys[i][k];
      }
    for (int c = 0; c < M; c++) {
      int piv = c;
      for (int r = c + 1; r < M; r++)
        if (fabs(a[r][c]) > fabs(a[piv][c]))
          piv = r;
      for (int q = 0; q <= M; q++) {
        double t = a[c][q];
        a[c][q] = a[piv][q];
        a[piv][q] = t;
      }
      for (int r = 0; r < M; r++)
        if (r != c) {
          double f = a[r][c] / a[c][c];
          for (int q = c; q <= M; q++)
            a[r][q] -= f * a[c][q];
        }
    }
    for (int j = 0; j < X_DIM; j++)
      best.W[j][k] = (float)(a[j][M] / a[j][j]);
    best.b[k] = (float)(a[X_DIM][M] / a[X_DIM][X_DIM]);
  }
  return reference_mse(&best, xs, ys, NULL);
}

static int failures;

static void check_close(const char *what, double got, double want, double rel) {
  if (!(fabs(got - want) <= rel * fmax(fabs(want), 1e-30))) {
    printf("FAIL %s: %.9g, expected %.9g\n", what, got, want);
    failures++;
  }
}

int main(void) {
  static float xs[N][X_DIM], ys[N][Y_DIM];
  flax_linreg_params truth, p;
  memset(&p, 0, sizeof p);
  for (int j = 0; j < X_DIM; j++)
    for (int k = 0; k < Y_DIM; k++)
      truth.W[j][k] = (float)normal();
  for (int k = 0; k < Y_DIM; k++)
    truth.b[k] = (float)normal();
  for (int i = 0; i < N; i++)
    for (int j = 0; j < X_DIM; j++)
      xs[i][j] = (float)normal();
  for (int i = 0; i < N; i++)
    for (int k = 0; k < Y_DIM; k++) {
      double y = truth.b[k] + 0.1 * normal();
      for (int j = 0; j < X_DIM; j++)
        y += (double)xs[i][j] * truth.W[j][k];
      ys[i][k] = (float)y;
    }

  /* The first step against plain C. */
  flax_linreg_params grad, want = p, got = p;
  reference_mse(&p, xs, ys, &grad);
  for (int j = 0; j < X_DIM; j++)
    for (int k = 0; k < Y_DIM; k++)
      want.W[j][k] -= 0.3f * grad.W[j][k];
  for (int k = 0; k < Y_DIM; k++)
    want.b[k] -= 0.3f * grad.b[k];
  if (flax_linreg_update(&got, &xs[0][0], &ys[0][0]) != 0)
    return printf("FAIL: update returned an error\n"), 1;
  for (int k = 0; k < Y_DIM; k++)
    check_close("first step, b", got.b[k], want.b[k], 1e-5);
  for (int j = 0; j < X_DIM; j++)
    for (int k = 0; k < Y_DIM; k++)
      check_close("first step, W", got.W[j][k], want.W[j][k], 1e-5);

  float loss = 0;
  for (int i = 0; i <= 100; i++) {
    if (i % 5 == 0) {
      if (flax_linreg_mse(&p, &xs[0][0], &ys[0][0], &loss) != 0)
        return printf("FAIL: mse returned an error\n"), 1;
      check_close("loss", loss, reference_mse(&p, xs, ys, NULL), 1e-5);
      printf("Loss step %d: %.8g\n", i, loss);
    }
    if (flax_linreg_update(&p, &xs[0][0], &ys[0][0]) != 0)
      return printf("FAIL: update returned an error\n"), 1;
  }
  float true_loss;
  flax_linreg_mse(&truth, &xs[0][0], &ys[0][0], &true_loss);
  printf("Loss for \"true\" W,b: %.8g\n", true_loss);

  double final = reference_mse(&p, xs, ys, NULL), best = least_squares_loss(xs, ys);
  printf("final loss %g, least-squares optimum %g\n", final, best);
  if (!(final < 1.05 * best)) {
    printf("FAIL: the final loss %g is not below 1.05 x the optimum %g\n", final, best);
    failures++;
  }
  return failures ? 1 : 0;
}
