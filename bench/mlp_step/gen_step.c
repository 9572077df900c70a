/* gen_step.c — P2 of issue 6: one SGD training step of the MLP
 * 784-512-512-10 (tanh, batch 128, f32, mean squared error), compiled ahead
 * of time:
 *
 *   step(w1, b1, w2, b2, w3, b3, x, y)
 *     = (loss, w1 - lr g1, b1 - lr gb1, ..., b3 - lr gb3)
 *   with (loss, g..) = value_and_grad(loss, argnums 0..5)(w1, .., y)
 *
 * The same model as bench/grad_mlp/gen_mlp.c. Its matmuls, per step:
 * forward x W1, h1 W2, h2 W3; backward g3 W3^T, h2^T g3, g2 W2^T, h1^T g2,
 * x^T g1 (g1 W1^T is not needed: x is not differentiated).
 *
 * usage: gen_step OUT_DIR   (writes step.o, libstep.a, step.h) */
#include <nabla/nabla.h>

#include <stdio.h>

enum { BATCH = 128, IN = 784, HIDDEN = 512, OUT = 10 };

int main(int argc, char **argv) {
  nb_module *m = nb_module_create("step");
  nb_fn *loss = nb_function(m, "loss");
  nb_value w1 = nb_arg(loss, "w1", NB_F32, NB_SHAPE(IN, HIDDEN));
  nb_value b1 = nb_arg(loss, "b1", NB_F32, NB_SHAPE(HIDDEN));
  nb_value w2 = nb_arg(loss, "w2", NB_F32, NB_SHAPE(HIDDEN, HIDDEN));
  nb_value b2 = nb_arg(loss, "b2", NB_F32, NB_SHAPE(HIDDEN));
  nb_value w3 = nb_arg(loss, "w3", NB_F32, NB_SHAPE(HIDDEN, OUT));
  nb_value b3 = nb_arg(loss, "b3", NB_F32, NB_SHAPE(OUT));
  nb_value x = nb_arg(loss, "x", NB_F32, NB_SHAPE(BATCH, IN));
  nb_value y = nb_arg(loss, "y", NB_F32, NB_SHAPE(BATCH, OUT));
  nb_value h = nb_tanh(nb_add(nb_matmul(x, w1), b1));
  h = nb_tanh(nb_add(nb_matmul(h, w2), b2));
  nb_value pred = nb_add(nb_matmul(h, w3), b3);
  nb_return(loss, nb_mean_all(nb_square(nb_sub(pred, y))));

  nb_fn *step = nb_function(m, "train");
  nb_value p[8];
  const char *names[8] = {"w1", "b1", "w2", "b2", "w3", "b3", "x", "y"};
  const nb_shape shapes[8] = {NB_SHAPE(IN, HIDDEN),  NB_SHAPE(HIDDEN), NB_SHAPE(HIDDEN, HIDDEN),
                              NB_SHAPE(HIDDEN),      NB_SHAPE(HIDDEN, OUT), NB_SHAPE(OUT),
                              NB_SHAPE(BATCH, IN),   NB_SHAPE(BATCH, OUT)};
  for (int i = 0; i < 8; i++)
    p[i] = nb_arg(step, names[i], NB_F32, shapes[i]);
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
