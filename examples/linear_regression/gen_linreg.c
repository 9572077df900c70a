/* gen_linreg.c — runs at build time: describes linear regression with the
 * nabla DSL and compiles it into liblinreg.a + linreg.h (in the current
 * directory):
 *
 *   loss(theta[2], x[100], y[100]) = mean((theta[0] * x + theta[1] - y)^2)
 *   update(theta, x, y)            = theta - 0.1 * grad(loss)(theta, x, y)
 *
 * nb_grad(loss) is a function like any other, as jax.grad(loss) is: update
 * calls it. The derivative itself is worked out by the compiler
 * (nabla-expand-transforms), so the library holds plain compiled code for
 * the whole training step, and nothing is differentiated at run time. */
#include <nabla/nabla.h>

int main(void) {
  nb_module *m = nb_module_create("linreg");

  nb_fn *loss = nb_function(m, "loss");
  nb_value theta = nb_arg(loss, "theta", NB_F32, NB_SHAPE(2));
  nb_value x = nb_arg(loss, "x", NB_F32, NB_SHAPE(100));
  nb_value y = nb_arg(loss, "y", NB_F32, NB_SHAPE(100));
  nb_value pred = nb_add(nb_mul(nb_index(theta, 0), x), nb_index(theta, 1));
  nb_return(loss, nb_mean_all(nb_square(nb_sub(pred, y))));
  nb_export(loss);

  /* One step of gradient descent, learning rate 0.1. */
  nb_fn *update = nb_function(m, "update");
  nb_value t = nb_arg(update, "theta", NB_F32, NB_SHAPE(2));
  nb_value xs = nb_arg(update, "x", NB_F32, NB_SHAPE(100));
  nb_value ys = nb_arg(update, "y", NB_F32, NB_SHAPE(100));
  nb_value g = nb_call1(nb_grad(loss), t, xs, ys); /* d loss / d theta */
  nb_return(update, nb_sub(t, nb_mul(nb_scalar(update, 0.1), g)));
  nb_export(update);

  int rc = nb_compile(m, .target = NB_TARGET_CPU, .out = "linreg");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
