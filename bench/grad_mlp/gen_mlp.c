/* gen_mlp.c — the MLP of the gradient benchmark (bench/mlp_loss.h: tanh,
 * 784-512-512-10, batch 128, f32, mean squared error), compiled ahead of
 * time. Exports the forward pass (mlp_forward) and nb_value_and_grad of the
 * loss with respect to every weight and bias (mlp_value_and_grad), whose
 * times run.sh compares.
 *
 * usage: gen_mlp OUT_DIR   (writes mlp.o, libmlp.a, mlp.h) */
#include "mlp_loss.h"

#include <stdio.h>

int main(int argc, char **argv) {
  nb_module *m = nb_module_create("mlp");
  nb_fn *loss = mlp_loss(m, "loss");
  nb_export(loss, .c_name = "forward");
  nb_export(nb_value_and_grad(loss, .argnums = NB_ARGS(0, 1, 2, 3, 4, 5)),
            .c_name = "value_and_grad");
  /* for this host, as jax.jit compiles for it */
  int rc = nb_compile(m, .out = "mlp", .out_dir = argc > 1 ? argv[1] : NULL, .cpu = "native");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
