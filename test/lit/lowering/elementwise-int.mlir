// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s --check-prefix=NONE
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s \
// RUN:   | %mlir_opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:   | FileCheck %s --check-prefix=BUF
// The output re-verifies in upstream mlir-opt and bufferizes to loops; no
// nabla op and no unsigned type is left.
// NONE-NOT: nabla.
// NONE-NOT: {{ui[0-9]+}}
// BUF-NOT: linalg.generic
// BUF-NOT: tensor.empty
//
// Signed integer and bool elementwise ops. lax.div rounds toward zero and
// lax.rem takes the dividend's sign: divsi / remsi do exactly that.

// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @arith(
// CHECK-SAME: %[[A:.*]]: tensor<4xi32>, %[[B:.*]]: tensor<4xi32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4xi32>
// CHECK: %[[R0:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4xi32>, tensor<4xi32>) outs(%[[E]] : tensor<4xi32>)
// CHECK: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[S:.*]] = arith.addi %[[X]], %[[Y]] : i32
// CHECK: linalg.yield %[[S]] : i32
// CHECK: %[[R1:.*]] = linalg.generic
// CHECK-SAME: ins(%[[R0]], %[[B]] : tensor<4xi32>, tensor<4xi32>)
// CHECK: arith.subi %{{.*}}, %{{.*}} : i32
// CHECK: arith.muli %{{.*}}, %{{.*}} : i32
// CHECK: arith.divsi %{{.*}}, %{{.*}} : i32
// CHECK: arith.remsi %{{.*}}, %{{.*}} : i32
// CHECK: arith.maxsi %{{.*}}, %{{.*}} : i32
// CHECK: arith.minsi %{{.*}}, %{{.*}} : i32
// CHECK: math.ipowi %{{.*}}, %{{.*}} : i32
func.func @arith(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "nabla.add"(%a, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = "nabla.sub"(%0, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = "nabla.mul"(%1, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %3 = "nabla.div"(%2, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %4 = "nabla.rem"(%3, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %5 = "nabla.max"(%4, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %6 = "nabla.min"(%5, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %7 = "nabla.pow"(%6, %b) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %7 : tensor<4xi32>
}

// Integer neg is 0 - x (arith has no negi).
// CHECK-LABEL: func.func @neg_abs(
// CHECK: ^bb0(%[[X:.*]]: i64, %{{.*}}: i64):
// CHECK: %[[Z:.*]] = arith.constant 0 : i64
// CHECK: %[[N:.*]] = arith.subi %[[Z]], %[[X]] : i64
// CHECK: linalg.yield %[[N]] : i64
// CHECK: math.absi %{{.*}} : i64
func.func @neg_abs(%a: tensor<4xi64>) -> tensor<4xi64> {
  %0 = "nabla.neg"(%a) : (tensor<4xi64>) -> tensor<4xi64>
  %1 = "nabla.abs"(%0) : (tensor<4xi64>) -> tensor<4xi64>
  return %1 : tensor<4xi64>
}

// CHECK-LABEL: func.func @sign(
// CHECK: ^bb0(%[[X:.*]]: i8, %{{.*}}: i8):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1 : i8
// CHECK-DAG: %[[MONE:.*]] = arith.constant -1 : i8
// CHECK: %[[LT:.*]] = arith.cmpi slt, %[[X]], %[[ZERO]] : i8
// CHECK: %[[NEG:.*]] = arith.select %[[LT]], %[[MONE]], %[[ZERO]] : i8
// CHECK: %[[GT:.*]] = arith.cmpi sgt, %[[X]], %[[ZERO]] : i8
// CHECK: %[[S:.*]] = arith.select %[[GT]], %[[ONE]], %[[NEG]] : i8
// CHECK: linalg.yield %[[S]] : i8
func.func @sign(%a: tensor<4xi8>) -> tensor<4xi8> {
  %0 = "nabla.sign"(%a) : (tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// x^6 = x^2 * (x^2)^2
// CHECK-LABEL: func.func @integer_pow(
// CHECK: ^bb0(%[[X:.*]]: i16, %{{.*}}: i16):
// CHECK: %[[X2:.*]] = arith.muli %[[X]], %[[X]] : i16
// CHECK: %[[X4:.*]] = arith.muli %[[X2]], %[[X2]] : i16
// CHECK: %[[X6:.*]] = arith.muli %[[X2]], %[[X4]] : i16
// CHECK: linalg.yield %[[X6]] : i16
func.func @integer_pow(%a: tensor<4xi16>) -> tensor<4xi16> {
  %0 = "nabla.integer_pow"(%a) {y = 6 : i64} : (tensor<4xi16>) -> tensor<4xi16>
  return %0 : tensor<4xi16>
}

// On bool, max is or and min is and.
// CHECK-LABEL: func.func @bool_max_min(
// CHECK: arith.ori %{{.*}}, %{{.*}} : i1
// CHECK: arith.andi %{{.*}}, %{{.*}} : i1
func.func @bool_max_min(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "nabla.max"(%a, %b) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %1 = "nabla.min"(%0, %b) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %1 : tensor<4xi1>
}
