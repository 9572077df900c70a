/* gen_linreg.c — runs at build time: describes the linear-regression loss
 *
 *   loss(theta[2], x[100], y[100]) = mean((theta[0] * x + theta[1] - y)^2)
 *
 * with the nabla DSL and compiles it into liblinreg.a + linreg.h (in the
 * current directory). */
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
  int rc = nb_compile(m, .target = NB_TARGET_CPU, .out = "linreg");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
