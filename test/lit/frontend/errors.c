// Errors name the caller's file:line, the op and the shapes; an invalid
// value propagates without a second message.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("err");
  nb_fn *f = nb_function(m, "f");
  nb_value a = nb_arg(f, "a", NB_F32, NB_SHAPE(3, 4));
  nb_value b = nb_arg(f, "b", NB_F32, NB_SHAPE(5));
  nb_value c = nb_add(a, b);
  nb_value d = nb_exp(nb_mul(c, a));
  nb_value e = nb_where(a, a, a);
  nb_return(f, d, e, nb_astype(a, (nb_dtype)42));
  printf("errors: %d\n", nb_module_errors(m));
  for (int i = 0; i < nb_module_errors(m); i++)
    printf("%s\n", nb_module_error(m, i));
  nb_module_destroy(m);
  return 0;
}
// CHECK: errors: 3
// CHECK-NEXT: errors.c:12: nb_add: shapes (3,4) and (5,) are not broadcast-compatible
// CHECK-NEXT: errors.c:14: nb_where: pred must be bool, got float32(3,4)
// CHECK-NEXT: errors.c:15: nb_astype: invalid dtype 42 (from float32(3,4))
