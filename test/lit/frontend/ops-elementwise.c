// Every elementwise DSL op, and the dialect op it becomes.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
// The output passes the dialect's verifier.
// RUN: %t | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("ew");
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(2));
  nb_value y = nb_arg(f, "y", NB_F32, NB_SHAPE(2));
  nb_value n = nb_arg(f, "n", NB_I32, NB_SHAPE(2));
  nb_value r[] = {
      nb_neg(x), nb_abs(x), nb_sign(x), nb_exp(x), nb_log(x), nb_log1p(x),
      nb_expm1(x), nb_tanh(x), nb_sigmoid(x), nb_sqrt(x), nb_rsqrt(x),
      nb_sin(x), nb_cos(x), nb_square(x), nb_add(x, y), nb_sub(x, y),
      nb_mul(x, y), nb_div(x, y), nb_rem(x, y), nb_pow(x, y),
      nb_maximum(x, y), nb_minimum(x, y), nb_integer_pow(x, 3),
      nb_where(nb_eq(x, y), x, y), nb_where(nb_ne(x, y), x, y),
      nb_where(nb_lt(x, y), x, y), nb_where(nb_le(x, y), x, y),
      nb_where(nb_gt(x, y), x, y), nb_where(nb_ge(x, y), x, y),
      nb_astype(n, NB_F32), nb_exp(n)};
  nb_return(f, r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9],
            r[10], r[11], r[12], r[13], r[14], r[15], r[16], r[17], r[18],
            r[19], r[20], r[21], r[22], r[23], r[24], r[25], r[26], r[27],
            r[28], r[29], r[30]);
  puts(nb_module_print(m, false));
  nb_module_destroy(m);
  return 0;
}
// CHECK-LABEL: func.func private @f
// CHECK: "nabla.neg"(%arg0)
// CHECK: "nabla.abs"(%arg0)
// CHECK: "nabla.sign"(%arg0)
// CHECK: "nabla.exp"(%arg0)
// CHECK: "nabla.log"(%arg0)
// CHECK: "nabla.log1p"(%arg0)
// CHECK: "nabla.expm1"(%arg0)
// CHECK: "nabla.tanh"(%arg0)
// CHECK: "nabla.logistic"(%arg0)
// CHECK: "nabla.sqrt"(%arg0)
// CHECK: "nabla.rsqrt"(%arg0)
// CHECK: "nabla.sin"(%arg0)
// CHECK: "nabla.cos"(%arg0)
// CHECK: "nabla.integer_pow"(%arg0) {y = 2 : i64}
// CHECK: "nabla.add"(%arg0, %arg1)
// CHECK: "nabla.sub"(%arg0, %arg1)
// CHECK: "nabla.mul"(%arg0, %arg1)
// CHECK: "nabla.div"(%arg0, %arg1)
// CHECK: "nabla.rem"(%arg0, %arg1)
// CHECK: "nabla.pow"(%arg0, %arg1)
// CHECK: "nabla.max"(%arg0, %arg1)
// CHECK: "nabla.min"(%arg0, %arg1)
// CHECK: "nabla.integer_pow"(%arg0) {y = 3 : i64}
// CHECK: %[[P:.*]] = "nabla.compare"(%arg0, %arg1) {direction = "eq"} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
// CHECK: "nabla.select"(%[[P]], %arg0, %arg1) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
// CHECK: direction = "ne"
// CHECK: direction = "lt"
// CHECK: direction = "le"
// CHECK: direction = "gt"
// CHECK: direction = "ge"
// CHECK: "nabla.convert"(%arg2) : (tensor<2xi32>) -> tensor<2xf32>
// jnp.exp(int32) is float32
// CHECK: %[[C:.*]] = "nabla.convert"(%arg2) : (tensor<2xi32>) -> tensor<2xf32>
// CHECK: "nabla.exp"(%[[C]])
