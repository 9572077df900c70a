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
// convert (lax.convert_element_type): one generic whose body casts. Float
// widths pick extf/truncf; int widths extsi/extui (by the SOURCE signedness)
// or trunci; int <-> float sitofp/uitofp and fptosi/fptoui; anything -> bool
// is x != 0; bool -> number treats true as 1.

// CHECK-LABEL: func.func @float_float(
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f64):
// CHECK: %[[E:.*]] = arith.extf %[[X]] : f32 to f64
// CHECK: linalg.yield %[[E]] : f64
// CHECK: arith.truncf %{{.*}} : f32 to f16
// f16 -> bf16 has no direct cast: through f32, which holds both exactly.
// CHECK: ^bb0(%[[H:.*]]: f16, %{{.*}}: bf16):
// CHECK: %[[W:.*]] = arith.extf %[[H]] : f16 to f32
// CHECK: %[[B:.*]] = arith.truncf %[[W]] : f32 to bf16
// CHECK: linalg.yield %[[B]] : bf16
func.func @float_float(%a: tensor<4xf32>, %h: tensor<4xf16>, %b: tensor<4xbf16>) -> (tensor<4xf64>, tensor<4xf16>, tensor<4xbf16>) {
  %0 = "nabla.convert"(%a) : (tensor<4xf32>) -> tensor<4xf64>
  %1 = "nabla.convert"(%a) : (tensor<4xf32>) -> tensor<4xf16>
  %2 = "nabla.convert"(%h) : (tensor<4xf16>) -> tensor<4xbf16>
  return %0, %1, %2 : tensor<4xf64>, tensor<4xf16>, tensor<4xbf16>
}

// CHECK-LABEL: func.func @int_int(
// CHECK-SAME: %{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi8>, %{{.*}}: tensor<4xi64>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi16>, tensor<4xi32>)
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.trunci %{{.*}} : i64 to i16
// int8 -> uint32 sign-extends, as JAX does (-1 becomes 4294967295).
// CHECK: arith.extsi %{{.*}} : i8 to i32
func.func @int_int(%a: tensor<4xi8>, %u: tensor<4xui8>, %w: tensor<4xi64>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xui16>, tensor<4xui32>) {
  %0 = "nabla.convert"(%a) : (tensor<4xi8>) -> tensor<4xi32>
  %1 = "nabla.convert"(%u) : (tensor<4xui8>) -> tensor<4xi32>
  %2 = "nabla.convert"(%w) : (tensor<4xi64>) -> tensor<4xui16>
  %3 = "nabla.convert"(%a) : (tensor<4xi8>) -> tensor<4xui32>
  return %0, %1, %2, %3 : tensor<4xi32>, tensor<4xi32>, tensor<4xui16>, tensor<4xui32>
}

// Same bits: the operand itself.
// CHECK-LABEL: func.func @same_width(
// CHECK-SAME: %[[A:.*]]: tensor<4xi32>) -> tensor<4xi32>
// CHECK-NEXT: return %[[A]] : tensor<4xi32>
func.func @same_width(%a: tensor<4xi32>) -> tensor<4xui32> {
  %0 = "nabla.convert"(%a) : (tensor<4xi32>) -> tensor<4xui32>
  return %0 : tensor<4xui32>
}

// CHECK-LABEL: func.func @int_float(
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.uitofp %{{.*}} : i32 to f32
func.func @int_float(%a: tensor<4xi32>, %u: tensor<4xui32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = "nabla.convert"(%a) : (tensor<4xi32>) -> tensor<4xf32>
  %1 = "nabla.convert"(%u) : (tensor<4xui32>) -> tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// Truncation toward zero.
// CHECK-LABEL: func.func @float_int(
// CHECK: arith.fptosi %{{.*}} : f32 to i32
// CHECK: arith.fptoui %{{.*}} : f32 to i8
func.func @float_int(%a: tensor<4xf32>) -> (tensor<4xi32>, tensor<4xui8>) {
  %0 = "nabla.convert"(%a) : (tensor<4xf32>) -> tensor<4xi32>
  %1 = "nabla.convert"(%a) : (tensor<4xf32>) -> tensor<4xui8>
  return %0, %1 : tensor<4xi32>, tensor<4xui8>
}

// NaN converts to true: une.
// CHECK-LABEL: func.func @to_bool(
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: i1):
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[C:.*]] = arith.cmpf une, %[[X]], %[[Z]] : f32
// CHECK: linalg.yield %[[C]] : i1
// CHECK: ^bb0(%[[Y:.*]]: i16, %{{.*}}: i1):
// CHECK: %[[Z16:.*]] = arith.constant 0 : i16
// CHECK: arith.cmpi ne, %[[Y]], %[[Z16]] : i16
func.func @to_bool(%a: tensor<4xf32>, %b: tensor<4xi16>) -> (tensor<4xi1>, tensor<4xi1>) {
  %0 = "nabla.convert"(%a) : (tensor<4xf32>) -> tensor<4xi1>
  %1 = "nabla.convert"(%b) : (tensor<4xi16>) -> tensor<4xi1>
  return %0, %1 : tensor<4xi1>, tensor<4xi1>
}

// CHECK-LABEL: func.func @from_bool(
// CHECK: arith.extui %{{.*}} : i1 to i32
// CHECK: arith.uitofp %{{.*}} : i1 to f32
func.func @from_bool(%p: tensor<4xi1>) -> (tensor<4xi32>, tensor<4xf32>) {
  %0 = "nabla.convert"(%p) : (tensor<4xi1>) -> tensor<4xi32>
  %1 = "nabla.convert"(%p) : (tensor<4xi1>) -> tensor<4xf32>
  return %0, %1 : tensor<4xi32>, tensor<4xf32>
}
