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
 * usage: gen_step OUT_DIR   (writes step.o, libstep.a, step.h) */
#include "mlp_loss.h"

#include <stdio.h>

int main(int argc, char **argv) {
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
  int rc = nb_compile(m, .out = "step", .out_dir = argc > 1 ? argv[1] : NULL, .dump_mlir = true,
                      .cpu = "native");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
