// RUN: %cc_dsl %s -o %t.gen %nabla_lib
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cd %t.dir
// RUN: env NABLA_TARGET=cpu %t.gen && test -f libt.a && test -f t.h
// RUN: not env NABLA_TARGET=tpu %t.gen 2>&1 | FileCheck %s
// nabla_add_library(... TARGET t) runs the generator with NABLA_TARGET=t;
// nb_compile looks it up among the targets and fails for an unknown one.
// CHECK: nb_compile: unknown target 'tpu' (targets: cpu)
#include <nabla/nabla.h>
int main(void) {
  nb_module *m = nb_module_create("t");
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(4));
  nb_return(f, nb_exp(x));
  nb_export(f);
  int rc = nb_compile(m, .target = NB_TARGET_CPU, .out = "t");
  nb_module_destroy(m);
  return rc;
}
