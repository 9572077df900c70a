// Broadcasting inserts nabla.broadcast_in_dim; promotion inserts
// nabla.convert, and weak scalars become constants of the operand's dtype.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
// The output passes the dialect's verifier.
// RUN: %t | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("bp");
  nb_fn *f = nb_function(m, "f");
  nb_value a = nb_arg(f, "a", NB_F32, NB_SHAPE(3, 4));
  nb_value b = nb_arg(f, "b", NB_F32, NB_SHAPE(4));
  nb_value c = nb_arg(f, "c", NB_F32, NB_SHAPE(3, 1));
  nb_value i8 = nb_arg(f, "i8", NB_I8, NB_SHAPE(4));
  nb_value i32 = nb_arg(f, "i32", NB_I32, NB_SHAPE(4));
  nb_value u32 = nb_arg(f, "u32", NB_U32, NB_SHAPE(4));
  nb_return(f, nb_add(a, b), nb_mul(c, b), nb_add(i8, nb_scalar_int(f, 3)),
            nb_add(i32, nb_scalar(f, 0.5)), nb_add(i32, u32), nb_div(i32, i32));
  puts(nb_module_print(m, false));
  nb_module_destroy(m);
  return 0;
}
// CHECK-LABEL: func.func private @f
// (3,4) + (4,): b gets a leading axis
// CHECK: %[[B:.*]] = "nabla.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 1>} : (tensor<4xf32>) -> tensor<3x4xf32>
// CHECK: "nabla.add"(%arg0, %[[B]]) : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
// (3,1) * (4,) -> (3,4): both sides broadcast
// CHECK: %[[C:.*]] = "nabla.broadcast_in_dim"(%arg2) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<3x1xf32>) -> tensor<3x4xf32>
// CHECK: %[[B2:.*]] = "nabla.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 1>} : (tensor<4xf32>) -> tensor<3x4xf32>
// CHECK: "nabla.mul"(%[[C]], %[[B2]])
// int8 + weak int stays int8: an i8 constant, no convert
// CHECK-NOT: nabla.convert
// CHECK: %[[K:.*]] = "nabla.constant"() {value = dense<3> : tensor<4xi8>}
// CHECK: "nabla.add"(%arg3, %[[K]]) : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
// int32 + weak float is float32
// CHECK: %[[X:.*]] = "nabla.convert"(%arg4) : (tensor<4xi32>) -> tensor<4xf32>
// CHECK: %[[H:.*]] = "nabla.constant"() {value = dense<5.000000e-01> : tensor<4xf32>}
// CHECK: "nabla.add"(%[[X]], %[[H]]) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// uint32 + int32 is int64 (explicit 64-bit dtypes are kept)
// CHECK: %[[L:.*]] = "nabla.convert"(%arg4) : (tensor<4xi32>) -> tensor<4xi64>
// CHECK: %[[R:.*]] = "nabla.convert"(%arg5) : (tensor<4xui32>) -> tensor<4xi64>
// CHECK: "nabla.add"(%[[L]], %[[R]]) : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
// int32 / int32 is true division in float32
// CHECK: "nabla.div"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK: return {{.*}} : tensor<3x4xf32>, tensor<3x4xf32>, tensor<4xi8>, tensor<4xf32>, tensor<4xi64>, tensor<4xf32>
