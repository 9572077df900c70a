// nb_dynamic_slice / nb_dynamic_update_slice: starts converted to one
// integer dtype, negative ones wrapped by the axis size (lax's
// allow_negative_indices), then the op clamps; errors name the caller's
// line, the op and the shapes.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
// The output passes the dialect's verifier.
// RUN: %t | sed -n '/^module/,$p' | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("index");
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5, 6));
  nb_value i = nb_arg(f, "i", NB_I64, NB_SHAPE());
  nb_value u = nb_arg(f, "u", NB_F32, NB_SHAPE(2, 3));
  nb_value s[2] = {i, nb_scalar_int(f, -1)};
  nb_value t[2] = {nb_scalar_int(f, 1), nb_scalar_int(f, 2)};
  nb_return(f, nb_dynamic_slice(x, s, 2, NB_INTS(2, 3)), nb_dynamic_update_slice(x, u, t, 2));

  nb_fn *g = nb_function(m, "g");
  nb_value y = nb_arg(g, "y", NB_F32, NB_SHAPE(5, 6));
  nb_value fi = nb_arg(g, "fi", NB_F32, NB_SHAPE());
  nb_value one[1] = {nb_scalar_int(g, 0)};
  nb_value two[2] = {nb_scalar_int(g, 0), nb_scalar_int(g, 0)};
  nb_value bad[2] = {fi, fi};
  nb_dynamic_slice(y, one, 1, NB_INTS(2, 3));
  nb_dynamic_slice(y, two, 2, NB_INTS(2, 7));
  nb_dynamic_slice(y, bad, 2, NB_INTS(2, 3));
  nb_dynamic_update_slice(y, nb_arg(g, "w", NB_F32, NB_SHAPE(6, 1)), two, 2);
  nb_return(g, y);
  printf("errors: %d\n", nb_module_errors(m));
  for (int k = 0; k < nb_module_errors(m); k++)
    printf("%s\n", nb_module_error(m, k));
  nb_module *m2 = nb_module_create("index_ok");
  nb_fn *h = nb_function(m2, "h");
  nb_value z = nb_arg(h, "z", NB_F32, NB_SHAPE(5, 6));
  nb_value j = nb_arg(h, "j", NB_I64, NB_SHAPE());
  nb_value zs[2] = {j, nb_scalar_int(h, -1)};
  nb_return(h, nb_dynamic_slice(z, zs, 2, NB_INTS(2, 3)),
            nb_dynamic_update_slice(z, nb_arg(h, "v", NB_F32, NB_SHAPE(2, 3)), zs, 2));
  puts(nb_module_print(m2, false));
  nb_module_destroy(m2);
  nb_module_destroy(m);
  return 0;
}
// CHECK: errors: 4
// CHECK-NEXT: ops-index.c:27: nb_dynamic_slice: needs 2 start indices for operand float32(5,6), got 1
// CHECK-NEXT: ops-index.c:28: nb_dynamic_slice: slice sizes (2,7) do not fit operand float32(5,6)
// CHECK-NEXT: ops-index.c:29: nb_dynamic_slice: start index 0 must be an integer scalar, got float32() (operand (5,6))
// CHECK-NEXT: ops-index.c:30: nb_dynamic_update_slice: update float32(6,1) must have the rank of operand float32(5,6) and fit in it
// A traced negative start is wrapped: select(i < 0, i + 5, i); the weak -1
// is wrapped here (to 5).
// CHECK-LABEL: func.func private @h
// CHECK: %[[AD:.*]] = "nabla.add"(%arg1, %{{.*}})
// CHECK: %[[LT:.*]] = "nabla.compare"(%arg1, %{{.*}}) {direction = "lt"}
// CHECK: %[[W:.*]] = "nabla.select"(%[[LT]], %[[AD]], %arg1)
// CHECK: %[[C:.*]] = "nabla.constant"() {value = dense<5> : tensor<i64>}
// CHECK: "nabla.dynamic_slice"(%arg0, %[[W]], %[[C]]) {slice_sizes = array<i64: 2, 3>} : (tensor<5x6xf32>, tensor<i64>, tensor<i64>) -> tensor<2x3xf32>
// CHECK: "nabla.dynamic_update_slice"(%arg0, %arg2, %{{.*}}, %{{.*}}) : (tensor<5x6xf32>, tensor<2x3xf32>, tensor<i64>, tensor<i64>) -> tensor<5x6xf32>
