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
// compare -> arith.cmpf / arith.cmpi (signed or unsigned by the operands'
// dtype) in a generic producing i1; select -> arith.select.

// CHECK-DAG: #[[ID:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>

// Ordered predicates, except ne: une, so NaN != NaN is true (as in JAX).
// CHECK-LABEL: func.func @cmp_float(
// CHECK-SAME: %[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4xi1>
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4xf32>, tensor<4xf32>) outs(%[[E]] : tensor<4xi1>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: i1):
// CHECK: %[[C:.*]] = arith.cmpf oeq, %[[X]], %[[Y]] : f32
// CHECK: linalg.yield %[[C]] : i1
// CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf olt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf ole, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.cmpf oge, %{{.*}}, %{{.*}} : f32
func.func @cmp_float(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = "nabla.compare"(%a, %b) {direction = "eq"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %1 = "nabla.compare"(%a, %b) {direction = "ne"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %2 = "nabla.compare"(%a, %b) {direction = "lt"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %3 = "nabla.compare"(%a, %b) {direction = "le"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %4 = "nabla.compare"(%a, %b) {direction = "gt"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %5 = "nabla.compare"(%a, %b) {direction = "ge"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// CHECK-LABEL: func.func @cmp_signed(
// CHECK: arith.cmpi eq, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi ne, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi sle, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi sgt, %{{.*}}, %{{.*}} : i32
// CHECK: arith.cmpi sge, %{{.*}}, %{{.*}} : i32
func.func @cmp_signed(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = "nabla.compare"(%a, %b) {direction = "eq"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %1 = "nabla.compare"(%a, %b) {direction = "ne"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %2 = "nabla.compare"(%a, %b) {direction = "lt"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %3 = "nabla.compare"(%a, %b) {direction = "le"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %4 = "nabla.compare"(%a, %b) {direction = "gt"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  %5 = "nabla.compare"(%a, %b) {direction = "ge"} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// CHECK-LABEL: func.func @cmp_unsigned(
// CHECK-SAME: tensor<4xi64>, %{{.*}}: tensor<4xi64>)
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i64
// CHECK: arith.cmpi ule, %{{.*}}, %{{.*}} : i64
// CHECK: arith.cmpi ugt, %{{.*}}, %{{.*}} : i64
// CHECK: arith.cmpi uge, %{{.*}}, %{{.*}} : i64
func.func @cmp_unsigned(%a: tensor<4xui64>, %b: tensor<4xui64>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = "nabla.compare"(%a, %b) {direction = "lt"} : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xi1>
  %1 = "nabla.compare"(%a, %b) {direction = "le"} : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xi1>
  %2 = "nabla.compare"(%a, %b) {direction = "gt"} : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xi1>
  %3 = "nabla.compare"(%a, %b) {direction = "ge"} : (tensor<4xui64>, tensor<4xui64>) -> tensor<4xi1>
  return %0, %1, %2, %3 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// Bool orders false < true: unsigned predicates.
// CHECK-LABEL: func.func @cmp_bool(
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i1
func.func @cmp_bool(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "nabla.compare"(%a, %b) {direction = "lt"} : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @select(
// CHECK-SAME: %[[P:.*]]: tensor<2x2xi1>, %[[A:.*]]: tensor<2x2xf32>, %[[B:.*]]: tensor<2x2xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[ID2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[P]], %[[A]], %[[B]] : tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>)
// CHECK: ^bb0(%[[C:.*]]: i1, %[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.select %[[C]], %[[X]], %[[Y]] : f32
// CHECK: linalg.yield %[[S]] : f32
func.func @select(%p: tensor<2x2xi1>, %a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = "nabla.select"(%p, %a, %b) : (tensor<2x2xi1>, tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// CHECK-LABEL: func.func @select_unsigned(
// CHECK-SAME: %{{.*}}: tensor<3xi1>, %{{.*}}: tensor<3xi16>, %{{.*}}: tensor<3xi16>) -> tensor<3xi16>
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : i16
func.func @select_unsigned(%p: tensor<3xi1>, %a: tensor<3xui16>, %b: tensor<3xui16>) -> tensor<3xui16> {
  %0 = "nabla.select"(%p, %a, %b) : (tensor<3xi1>, tensor<3xui16>, tensor<3xui16>) -> tensor<3xui16>
  return %0 : tensor<3xui16>
}
