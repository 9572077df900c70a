/* gen_step.c — P2 of issue 6: one SGD training step of the MLP
 * 784-512-512-10 (tanh, batch 128, f32, mean squared error), compiled ahead
 * of time:
 *
 *   step(w1, b1, w2, b2, w3, b3, x, y)
 *     = (loss, w1 - lr g1, b1 - lr gb1, ..., b3 - lr gb3)
 *   with (loss, g..) = value_and_grad(loss, argnums 0..5)(w1, .., y)
 *
 * The model of bench/mlp_loss.h (also bench/grad_mlp's). Its matmuls, per step:
 * forward x W1, h1 W2, h2 W3; backward g3 W3^T, h2^T g3, g2 W2^T, h1^T g2,
 * x^T g1 (g1 W1^T is not needed: x is not differentiated).
 *
 * usage: gen_step OUT_DIR [REPEAT]   (writes step.o, libstep.a, step.h)
 * With REPEAT > 1 the step is built (DSL trace, autodiff) and compiled
 * REPEAT times in this process, each time in a new module (so a new MLIR
 * context), and two times are printed, as JAX's are taken in a running
 * Python (bench_jax.py): "first", the first build + compile (nabla's
 * libraries loaded, nothing made yet; JAX: the first
 * jit(...).lower().compile() after import), and "warm", the median of the
 * later ones. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "mlp_loss.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Builds the training step in a new module and compiles it; 0 on success. */
static int build_and_compile(const char *out_dir) {
  nb_module *m = nb_module_create("step");
  nb_fn *loss = mlp_loss(m, "loss");

  nb_fn *step = nb_function(m, "train");
  nb_value p[8];
  for (int i = 0; i < 8; i++)
    p[i] = nb_arg(step, mlp_arg_names[i], NB_F32, mlp_arg_shape(i));
  nb_value r[7];
  nb_call(nb_value_and_grad(loss, .argnums = NB_ARGS(0, 1, 2, 3, 4, 5)), r, 7, p[0], p[1],
          p[2], p[3], p[4], p[5], p[6], p[7]);
  nb_value lr = nb_scalar(step, 0.01);
  nb_return(step, r[0], nb_sub(p[0], nb_mul(lr, r[1])), nb_sub(p[1], nb_mul(lr, r[2])),
            nb_sub(p[2], nb_mul(lr, r[3])), nb_sub(p[3], nb_mul(lr, r[4])),
            nb_sub(p[4], nb_mul(lr, r[5])), nb_sub(p[5], nb_mul(lr, r[6])));
  nb_export(step);
  /* for this host, as jax.jit compiles for it */
  int rc = nb_compile(m, .out = "step", .out_dir = out_dir, .dump_mlir = true, .cpu = "native");
  nb_module_destroy(m);
  return rc;
}

int main(int argc, char **argv) {
  int repeat = argc > 2 ? atoi(argv[2]) : 1;
  if (repeat < 1 || repeat > 64)
    repeat = 1;
  double t[64];
  int rc = 0;
  for (int i = 0; i < repeat && !rc; i++) {
    double s = now();
    rc = build_and_compile(argc > 1 ? argv[1] : NULL);
    t[i] = now() - s;
  }
  if (!rc && repeat > 1) {
    printf("compile_mlp_step_first %.6e 1 s\n", t[0]);
    qsort(t + 1, (size_t)repeat - 1, sizeof t[0], cmp);
    printf("compile_mlp_step_warm %.6e 1 s\n", t[1 + (repeat - 1) / 2]);
  }
  return rc ? 1 : 0;
}
