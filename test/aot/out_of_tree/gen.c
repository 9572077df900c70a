/* gen.c — f(x) = 2x + 1 on three floats, exported as affine_f. */
#include <nabla/nabla.h>

int main(void) {
  nb_module *m = nb_module_create("affine");
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(3));
  nb_return(f, nb_add(nb_mul(nb_scalar(f, 2), x), nb_scalar(f, 1)));
  nb_export(f);
  int rc = nb_compile(m, .out = "affine");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
