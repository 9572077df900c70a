// Calls between functions; exported functions are public with nabla.export
// (and nabla.c_name), others private; arguments carry nabla.name.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
// The output passes the dialect's verifier.
// RUN: %t | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("calls");
  nb_fn *sq = nb_function(m, "sqnorm");
  nb_value v = nb_arg(sq, "v", NB_F32, NB_SHAPE(3));
  nb_return(sq, nb_sum_all(nb_square(v)), nb_max(v, NB_AXES()));

  nb_fn *f = nb_function(m, "f");
  nb_value a = nb_arg(f, "a", NB_F32, NB_SHAPE(3));
  nb_value outs[2];
  nb_call(sq, outs, 2, a);
  nb_value b = nb_call1(sq, nb_neg(a));
  nb_return(f, nb_add(outs[0], b), outs[1]);
  nb_export(f, .c_name = "energy");

  nb_fn *g = nb_function(m, "g");
  nb_value w = nb_arg(g, "weights", NB_F32, NB_SHAPE(3));
  nb_return(g, nb_call1(f, w));
  nb_export(g);
  puts(nb_module_print(m, false));
  nb_module_destroy(m);
  return 0;
}
// CHECK-LABEL: func.func private @sqnorm(%arg0: tensor<3xf32> {nabla.name = "v"}) -> (tensor<f32>, tensor<f32>) {
// CHECK-LABEL: func.func @f(%arg0: tensor<3xf32> {nabla.name = "a"}) -> (tensor<f32>, tensor<f32>)
// CHECK-SAME: attributes {nabla.c_name = "energy", nabla.export}
// CHECK: %[[R:.*]]:2 = call @sqnorm(%arg0) : (tensor<3xf32>) -> (tensor<f32>, tensor<f32>)
// CHECK: %[[N:.*]] = "nabla.neg"(%arg0)
// CHECK: %[[S:.*]]:2 = call @sqnorm(%[[N]])
// CHECK: "nabla.add"(%[[R]]#0, %[[S]]#0)
// CHECK-LABEL: func.func @g(%arg0: tensor<3xf32> {nabla.name = "weights"}) -> tensor<f32>
// CHECK-SAME: attributes {nabla.export}
// CHECK: call @f(%arg0)
