// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s --check-prefix=NONE
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s \
// RUN:   | %mlir_opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:   | FileCheck %s --check-prefix=BUF
// The whole pipeline cannot compile @calls (a call of a declaration nabla
// has no body for): an error at the call, not the crash it once was.
// RUN: not nablac %s --emit=llvm -o %t 2>&1 | FileCheck %s --check-prefix=EXT
// EXT: unsigned.mlir:{{[0-9]+}}:8: error: nabla-inline: cannot inline a call of @ext: it is a declaration without a body
// The output re-verifies in upstream mlir-opt and bufferizes to loops; no
// nabla op and no unsigned type is left.
// NONE-NOT: nabla.
// NONE-NOT: {{ui[0-9]+}}
// BUF-NOT: linalg.generic
// BUF-NOT: tensor.empty
//
// Unsigned dtypes: arith and linalg take signless integers only, so after
// lowering every ui<N> (signatures, block arguments, call results, constants)
// is i<N>, and unsignedness lives only in the op chosen (divui, maxui, ...).

// CHECK-LABEL: func.func @arith(
// CHECK-SAME: %[[A:.*]]: tensor<4xi32>, %[[B:.*]]: tensor<4xi32>) -> tensor<4xi32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4xi32>, tensor<4xi32>)
// CHECK: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// A zero divisor is replaced by 1 before the division (XLA: x / 0 = -1).
// CHECK: %[[Z:.*]] = arith.cmpi eq, %[[Y]], %{{.*}} : i32
// CHECK: %[[SAFE:.*]] = arith.select %[[Z]], %{{.*}}, %[[Y]] : i32
// CHECK: arith.divui %[[X]], %[[SAFE]] : i32
// CHECK: arith.remui %{{.*}}, %{{.*}} : i32
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i32
// CHECK: arith.minui %{{.*}}, %{{.*}} : i32
// CHECK: arith.addi %{{.*}}, %{{.*}} : i32
func.func @arith(%a: tensor<4xui32>, %b: tensor<4xui32>) -> tensor<4xui32> {
  %0 = "nabla.div"(%a, %b) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %1 = "nabla.rem"(%0, %b) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %2 = "nabla.max"(%1, %b) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %3 = "nabla.min"(%2, %b) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %4 = "nabla.add"(%3, %b) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  return %4 : tensor<4xui32>
}

// abs of an unsigned value is the value; sign is 0 or 1.
// CHECK-LABEL: func.func @abs_sign(
// CHECK: ^bb0(%[[X:.*]]: i8, %{{.*}}: i8):
// CHECK-NEXT: linalg.yield %[[X]] : i8
// CHECK: ^bb0(%[[V:.*]]: i8, %{{.*}}: i8):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i8
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[V]], %[[ZERO]] : i8
// CHECK: %[[S:.*]] = arith.select %[[NZ]], %[[ONE]], %[[ZERO]] : i8
// CHECK: linalg.yield %[[S]] : i8
func.func @abs_sign(%a: tensor<4xui8>) -> tensor<4xui8> {
  %0 = "nabla.abs"(%a) : (tensor<4xui8>) -> tensor<4xui8>
  %1 = "nabla.sign"(%0) : (tensor<4xui8>) -> tensor<4xui8>
  return %1 : tensor<4xui8>
}

// Constants keep their bits: 65535 : ui16 is -1 : i16.
// CHECK-LABEL: func.func @constant() -> tensor<3xi16>
// CHECK: %[[C:.*]] = arith.constant dense<[1, 2, -1]> : tensor<3xi16>
// CHECK: return %[[C]] : tensor<3xi16>
func.func @constant() -> tensor<3xui16> {
  %0 = "nabla.constant"() {value = dense<[1, 2, 65535]> : tensor<3xui16>} : () -> tensor<3xui16>
  return %0 : tensor<3xui16>
}

// CHECK-LABEL: func.func @splat() -> tensor<2x2xi64>
// CHECK: arith.constant dense<-1> : tensor<2x2xi64>
func.func @splat() -> tensor<2x2xui64> {
  %0 = "nabla.constant"() {value = dense<18446744073709551615> : tensor<2x2xui64>} : () -> tensor<2x2xui64>
  return %0 : tensor<2x2xui64>
}

// Declarations and call results are rewritten too.
// CHECK-LABEL: func.func private @ext(tensor<4xi32>) -> tensor<4xi32>
// CHECK-LABEL: func.func @calls(
// CHECK-SAME: %[[A:.*]]: tensor<4xi32>) -> tensor<4xi32>
// CHECK: %[[C:.*]] = call @ext(%[[A]]) : (tensor<4xi32>) -> tensor<4xi32>
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[C]], %[[A]] : tensor<4xi32>, tensor<4xi32>)
// CHECK: arith.muli %{{.*}}, %{{.*}} : i32
func.func private @ext(tensor<4xui32>) -> tensor<4xui32>
func.func @calls(%a: tensor<4xui32>) -> tensor<4xui32> {
  %0 = call @ext(%a) : (tensor<4xui32>) -> tensor<4xui32>
  %1 = "nabla.mul"(%0, %a) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  return %1 : tensor<4xui32>
}

// An unsigned min starts from all ones (the largest value), compares with minui.
// CHECK-LABEL: func.func @reduce(
// CHECK: %[[MAX:.*]] = arith.constant -1 : i32
// CHECK: linalg.yield %[[MAX]] : i32
// CHECK: arith.minui %{{.*}}, %{{.*}} : i32
func.func @reduce(%a: tensor<2x3xui32>) -> tensor<3xui32> {
  %0 = "nabla.reduce_min"(%a) {dimensions = array<i64: 0>} : (tensor<2x3xui32>) -> tensor<3xui32>
  return %0 : tensor<3xui32>
}
