/* test_parallel.c — a compiled program gives bitwise the same results on 1,
 * 2 and 3 threads (issue 6), and the thread count is what was set. The
 * schedules split work into chunks that each compute the same values in the
 * same order whatever thread runs them; this checks that nothing else (the
 * pool's iteration split, packing buffers shared by mistake) changes them.
 * Checked against a plain C reference too, loosely (sums differ in order). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nabla/runtime.h"
#include "par.h"

enum { M = 200, K = 384, N = 512, R = 256, KE = 128 };

static float a[M * K], b[K * N], c[R * N], bias[N], e[R * KE], f[KE * N];
static float y1[M * N], z1[R * N], y[M * N], z[R * N], s1, s, u1[R * N], u[R * N];

static void fill(float *p, size_t n, unsigned seed) {
  for (size_t i = 0; i < n; i++) {
    seed = seed * 1664525u + 1013904223u;
    p[i] = (float)(seed >> 8) / 16777216.0f - 0.5f;
  }
}

static int run(int threads, float *out_y, float *out_z, float *out_s, float *out_u) {
  nbrt_set_num_threads(threads);
  if (nbrt_get_num_threads() != threads) {
    printf("FAIL: nbrt_get_num_threads() = %d after setting %d\n", nbrt_get_num_threads(),
           threads);
    return 1;
  }
  int rc = par_step(a, b, c, bias, e, f, out_y, out_z, out_s, out_u);
  if (rc) {
    printf("FAIL: %d threads: status %d: %s\n", threads, rc, nbrt_last_error());
    return 1;
  }
  return 0;
}

int main(void) {
  fill(a, M * K, 1), fill(b, K * N, 2), fill(c, R * N, 3), fill(bias, N, 4);
  fill(e, R * KE, 5), fill(f, KE * N, 6);
  if (run(1, y1, z1, &s1, u1))
    return 1;
  for (int i = 0; i < R; i++)
    for (int j = 0; j < N; j++) {
      double t = 0;
      for (int k = 0; k < KE; k++)
        t += (double)e[i * KE + k] * f[k * N + j];
      t = c[i * N + j] - t / 64;
      if (fabs(t - u1[i * N + j]) > 1e-5) {
        printf("FAIL: u[%d,%d] = %g, reference %g\n", i, j, u1[i * N + j], t);
        return 1;
      }
    }
  double ss = 0;
  for (int i = 0; i < R * N; i++)
    ss += (double)c[i] * c[i];
  if (fabs(ss - s1) > 1e-5 * ss) {
    printf("FAIL: sum(c * c) = %g, reference %g\n", s1, ss);
    return 1;
  }
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      double s = bias[j];
      for (int k = 0; k < K; k++)
        s += (double)a[i * K + k] * b[k * N + j];
      s = s > 0 ? s : 0;
      if (fabs(s - y1[i * N + j]) > 1e-3) {
        printf("FAIL: y[%d,%d] = %g, reference %g\n", i, j, y1[i * N + j], s);
        return 1;
      }
    }
  for (int threads = 2; threads <= 3; threads++) {
    for (int rep = 0; rep < 3; rep++) {
      memset(y, 0xff, sizeof y), memset(z, 0xff, sizeof z), memset(&s, 0xff, sizeof s);
      memset(u, 0xff, sizeof u);
      if (run(threads, y, z, &s, u))
        return 1;
      if (memcmp(y, y1, sizeof y) || memcmp(z, z1, sizeof z) || memcmp(&s, &s1, sizeof s) ||
          memcmp(u, u1, sizeof u)) {
        printf("FAIL: %d threads differ from 1 thread\n", threads);
        return 1;
      }
    }
  }
  nbrt_set_num_threads(0);
  printf("ok: 1, 2 and 3 threads give identical results (default %d threads)\n",
         nbrt_get_num_threads());
  return 0;
}
