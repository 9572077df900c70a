// Shape ops, constants and indexing.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
// The output passes the dialect's verifier.
// RUN: %t | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("shape");
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2, 3));
  static const int32_t data[] = {1, 2, 3};
  nb_return(f, nb_reshape(x, NB_SHAPE(3, -1)), nb_transpose(x, NB_INTS()),
            nb_transpose(nb_reshape(x, NB_SHAPE(1, 2, 3)), NB_INTS(2, 0, 1)),
            nb_broadcast_to(x, NB_SHAPE(4, 2, 3)),
            nb_broadcast_in_dim(nb_index(x, -1), NB_SHAPE(3, 5), NB_INTS(0)),
            nb_slice(x, NB_INTS(0, 1), NB_INTS(2, 3), NB_INTS(1, 2)),
            nb_const(f, NB_I32, NB_SHAPE(3), data), nb_full(f, NB_F64, NB_SHAPE(2), 2.5),
            nb_zeros(f, NB_BOOL, NB_SHAPE()), nb_ones(f, NB_BF16, NB_SHAPE(2)),
            nb_iota(f, NB_I32, NB_SHAPE(2, 3), 1), nb_arange(f, NB_F32, 4));
  puts(nb_module_print(m, false));
  nb_module_destroy(m);
  return 0;
}
// CHECK-LABEL: func.func private @f
// CHECK: "nabla.reshape"(%arg0) : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK: "nabla.transpose"(%arg0) {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
// CHECK: %[[R:.*]] = "nabla.reshape"(%arg0) : (tensor<2x3xf32>) -> tensor<1x2x3xf32>
// CHECK: "nabla.transpose"(%[[R]]) {permutation = array<i64: 2, 0, 1>} : (tensor<1x2x3xf32>) -> tensor<3x1x2xf32>
// CHECK: "nabla.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<4x2x3xf32>
// x[-1]: a slice of row 1, then a reshape dropping the axis
// CHECK: %[[S:.*]] = "nabla.slice"(%arg0) {limit_indices = array<i64: 2, 3>, start_indices = array<i64: 1, 0>, strides = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<1x3xf32>
// CHECK: %[[I:.*]] = "nabla.reshape"(%[[S]]) : (tensor<1x3xf32>) -> tensor<3xf32>
// CHECK: "nabla.broadcast_in_dim"(%[[I]]) {broadcast_dimensions = array<i64: 0>} : (tensor<3xf32>) -> tensor<3x5xf32>
// CHECK: "nabla.slice"(%arg0) {limit_indices = array<i64: 2, 3>, start_indices = array<i64: 0, 1>, strides = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
// CHECK: "nabla.constant"() {value = dense<[1, 2, 3]> : tensor<3xi32>}
// CHECK: "nabla.constant"() {value = dense<2.500000e+00> : tensor<2xf64>}
// CHECK: "nabla.constant"() {value = dense<false> : tensor<i1>}
// CHECK: "nabla.constant"() {value = dense<1.000000e+00> : tensor<2xbf16>}
// CHECK: "nabla.iota"() {dimension = 1 : i64} : () -> tensor<2x3xi32>
// CHECK: "nabla.iota"() {dimension = 0 : i64} : () -> tensor<4xf32>
