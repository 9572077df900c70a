/* gen_mlp.c — the MLP of the gradient benchmark, compiled ahead of time:
 *
 *   loss(w1, b1, w2, b2, w3, b3, x, y) = mean((mlp(x) - y)^2)
 *   mlp(x) = tanh(tanh(x w1 + b1) w2 + b2) w3 + b3      784-512-512-10
 *
 * on a batch of 128, float32. Exports the forward pass (mlp_forward) and
 * nb_value_and_grad of the loss with respect to every weight and bias
 * (mlp_value_and_grad), whose times run.sh compares.
 *
 * usage: gen_mlp OUT_DIR   (writes mlp.o, libmlp.a, mlp.h) */
#include <nabla/nabla.h>

#include <stdio.h>

enum { BATCH = 128, IN = 784, HIDDEN = 512, OUT = 10 };

int main(int argc, char **argv) {
  nb_module *m = nb_module_create("mlp");
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
  nb_export(loss, .c_name = "forward");
  nb_export(nb_value_and_grad(loss, .argnums = NB_ARGS(0, 1, 2, 3, 4, 5)),
            .c_name = "value_and_grad");
  /* for this host, as jax.jit compiles for it */
  int rc = nb_compile(m, .out = "mlp", .out_dir = argc > 1 ? argv[1] : NULL, .cpu = "native");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
