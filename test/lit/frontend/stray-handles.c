// A handle the library did not make (here a NULL function from nb_vmap(NULL))
// is reported where it is used, once, and nb_compile fails on it rather than
// drop the function; a module that exports nothing fails too.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t 2>&1 | FileCheck %s
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("stray");
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2));
  nb_value y = nb_call1(nb_vmap(NULL), x);
  nb_return(f, nb_add(x, y));
  nb_export(f);
  printf("rc=%d\n", nb_compile(m));
  fflush(stdout);
  nb_module_destroy(m);

  m = nb_module_create("empty");
  f = nb_function(m, "f");
  nb_return(f, nb_arg(f, "x", NB_F32, NB_SHAPE(2)));
  printf("rc=%d\n", nb_compile(m));
  nb_module_destroy(m);
  return 0;
}
// CHECK: stray-handles.c:12: nb_call: the function to call is not a function (NULL or forged nb_fn *)
// CHECK-NEXT: nb_compile: 1 error in module 'stray'; nothing compiled
// CHECK-NEXT: rc=1
// CHECK-NEXT: stray-handles.c:22: nb_compile: module 'empty' exports no function; nothing to compile (nb_export the functions the library offers)
// CHECK-NEXT: nb_compile: 1 error in module 'empty'; nothing compiled
// CHECK-NEXT: rc=1
