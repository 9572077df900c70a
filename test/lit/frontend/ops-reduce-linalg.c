// Reductions and products.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
// The output passes the dialect's verifier.
// RUN: %t | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("rl");
  nb_fn *f = nb_function(m, "red");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2, 3));
  nb_value n = nb_arg(f, "n", NB_I8, NB_SHAPE(4));
  nb_return(f, nb_sum(x, NB_AXES(-1)), nb_max(x, NB_AXES(0)), nb_min(x, NB_AXES()),
            nb_mean(x, NB_AXES(1, 0)), nb_mean_all(n), nb_sum_all(n));

  nb_fn *g = nb_function(m, "lin");
  nb_value a = nb_arg(g, "a", NB_F32, NB_SHAPE(2, 3));
  nb_value b = nb_arg(g, "b", NB_F32, NB_SHAPE(3, 4));
  nb_value v = nb_arg(g, "v", NB_F32, NB_SHAPE(3));
  nb_value t = nb_arg(g, "t", NB_F32, NB_SHAPE(5, 3, 4));
  nb_return(g, nb_matmul(a, b), nb_matmul(a, v), nb_dot(v, v), nb_dot(v, b),
            nb_matmul(a, t), nb_dot(a, nb_scalar(g, 2.0)),
            nb_dot_general(a, b, .lhs_contracting = NB_INTS(1), .rhs_contracting = NB_INTS(0)));
  puts(nb_module_print(m, false));
  nb_module_destroy(m);
  return 0;
}
// CHECK-LABEL: func.func private @red
// CHECK: "nabla.reduce_sum"(%arg0) {dimensions = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
// CHECK: "nabla.reduce_max"(%arg0) {dimensions = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
// CHECK: "nabla.reduce_min"(%arg0) {dimensions = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<f32>
// mean: sum, then divide by the count
// CHECK: %[[S:.*]] = "nabla.reduce_sum"(%arg0) {dimensions = array<i64: 0, 1>}
// CHECK: %[[C:.*]] = "nabla.constant"() {value = dense<6.000000e+00> : tensor<f32>}
// CHECK: "nabla.div"(%[[S]], %[[C]])
// mean of int8 is float32: convert first
// CHECK: %[[F:.*]] = "nabla.convert"(%arg1) : (tensor<4xi8>) -> tensor<4xf32>
// CHECK: "nabla.reduce_sum"(%[[F]])
// CHECK: dense<4.000000e+00>
// sum of int8 accumulates in int32
// CHECK: %[[W:.*]] = "nabla.convert"(%arg1) : (tensor<4xi8>) -> tensor<4xi32>
// CHECK: "nabla.reduce_sum"(%[[W]]) {dimensions = array<i64: 0>} : (tensor<4xi32>) -> tensor<i32>
// CHECK-LABEL: func.func private @lin
// CHECK: "nabla.dot_general"(%arg0, %arg1) {lhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
// CHECK: "nabla.dot_general"(%arg0, %arg2) {{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2xf32>
// CHECK: "nabla.dot_general"(%arg2, %arg2) {{.*}} : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
// CHECK: "nabla.dot_general"(%arg2, %arg1) {{.*}} : (tensor<3xf32>, tensor<3x4xf32>) -> tensor<4xf32>
// batched matmul: (2,3) broadcasts to the batch (5,)
// CHECK: %[[B:.*]] = "nabla.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<5x2x3xf32>
// CHECK: "nabla.dot_general"(%[[B]], %arg3) {lhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_batch_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
// dot with a scalar multiplies
// CHECK: "nabla.mul"
// CHECK: "nabla.dot_general"(%arg0, %arg1)
