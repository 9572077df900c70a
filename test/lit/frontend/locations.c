// Every op carries the caller's file:line as its MLIR location.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("loc");
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(3));
  nb_value y = nb_exp(x);
  nb_value z = nb_add(y, nb_scalar(f, 1.0));
  nb_return(f, z);
  puts(nb_module_print(m, true));
  nb_module_destroy(m);
  return 0;
}
// CHECK: "nabla.exp"(%{{.*}}) : (tensor<3xf32>) -> tensor<3xf32> loc(#[[EXP:loc[0-9]*]])
// CHECK: "nabla.constant"() {{.*}} loc(#[[ADD:loc[0-9]*]])
// CHECK: "nabla.add"{{.*}} loc(#[[ADD]])
// CHECK: return {{.*}} loc(#[[RET:loc[0-9]*]])
// CHECK: } loc(#[[FN:loc[0-9]*]])
// CHECK-DAG: #[[FN]] = loc("{{.*}}locations.c":8:0)
// CHECK-DAG: #[[EXP]] = loc("{{.*}}locations.c":10:0)
// CHECK-DAG: #[[ADD]] = loc("{{.*}}locations.c":11:0)
// CHECK-DAG: #[[RET]] = loc("{{.*}}locations.c":12:0)
