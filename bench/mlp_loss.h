/* mlp_loss.h — the benchmarks' model, built once for every generator that
 * uses it (grad_mlp/gen_mlp.c, mlp_step/gen_step.c):
 *
 *   loss(w1, b1, w2, b2, w3, b3, x, y) = mean((mlp(x) - y)^2)
 *   mlp(x) = tanh(tanh(x w1 + b1) w2 + b2) w3 + b3      784-512-512-10
 *
 * on a batch of 128, float32. Header-only: each generator is one C file. */
#ifndef NABLA_BENCH_MLP_LOSS_H
#define NABLA_BENCH_MLP_LOSS_H

#include <nabla/nabla.h>

enum { MLP_BATCH = 128, MLP_IN = 784, MLP_HIDDEN = 512, MLP_OUT = 10 };

/* The eight arguments' names and shapes, in order. */
static const char *const mlp_arg_names[8] = {"w1", "b1", "w2", "b2", "w3", "b3", "x", "y"};
static nb_shape mlp_arg_shape(int i) {
  const nb_shape shapes[8] = {
      NB_SHAPE(MLP_IN, MLP_HIDDEN),     NB_SHAPE(MLP_HIDDEN), NB_SHAPE(MLP_HIDDEN, MLP_HIDDEN),
      NB_SHAPE(MLP_HIDDEN),             NB_SHAPE(MLP_HIDDEN, MLP_OUT), NB_SHAPE(MLP_OUT),
      NB_SHAPE(MLP_BATCH, MLP_IN),      NB_SHAPE(MLP_BATCH, MLP_OUT)};
  return shapes[i];
}

/* Adds function `name` = the loss above to m. */
static nb_fn *mlp_loss(nb_module *m, const char *name) {
  nb_fn *loss = nb_function(m, name);
  nb_value a[8];
  for (int i = 0; i < 8; i++)
    a[i] = nb_arg(loss, mlp_arg_names[i], NB_F32, mlp_arg_shape(i));
  nb_value h = nb_tanh(nb_add(nb_matmul(a[6], a[0]), a[1]));
  h = nb_tanh(nb_add(nb_matmul(h, a[2]), a[3]));
  nb_value pred = nb_add(nb_matmul(h, a[4]), a[5]);
  nb_return(loss, nb_mean_all(nb_square(nb_sub(pred, a[7]))));
  return loss;
}

#endif
