// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s \
// RUN:   | %mlir_opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:   | FileCheck %s --check-prefix=BUF
// nabla.pad is a fill with the padding value, then tensor.insert_slice of
// the operand at offset edge_padding_low with stride interior_padding + 1.

// CHECK-LABEL: func.func @pad(
// CHECK-SAME: %[[X:.*]]: tensor<2x3xf32>, %[[V:.*]]: tensor<f32>)
// CHECK: %[[S:.*]] = tensor.extract %[[V]][] : tensor<f32>
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x5xf32>
// CHECK: %[[F:.*]] = linalg.generic {{.*}} outs(%[[E]] : tensor<4x5xf32>)
// CHECK: linalg.yield %[[S]] : f32
// CHECK: %[[R:.*]] = tensor.insert_slice %[[X]] into %[[F]][1, 0] [2, 3] [2, 1] : tensor<2x3xf32> into tensor<4x5xf32>
// CHECK: return %[[R]]
// BUF-LABEL: func.func @pad(
// BUF: memref.subview {{.*}}[1, 0] [2, 3] [2, 1]
// BUF: memref.copy
func.func @pad(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<4x5xf32> {
  %0 = "nabla.pad"(%x, %v) {edge_padding_low = array<i64: 1, 0>, edge_padding_high = array<i64: 0, 2>, interior_padding = array<i64: 1, 0>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// Unsigned operands lower on signless types.
// CHECK-LABEL: func.func @pad_unsigned(
// CHECK: tensor.extract %{{.*}}[] : tensor<i8>
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0] [3] [1] : tensor<3xi8> into tensor<5xi8>
func.func @pad_unsigned(%x: tensor<3xui8>, %v: tensor<ui8>) -> tensor<5xui8> {
  %0 = "nabla.pad"(%x, %v) {edge_padding_low = array<i64: 0>, edge_padding_high = array<i64: 2>, interior_padding = array<i64: 0>} : (tensor<3xui8>, tensor<ui8>) -> tensor<5xui8>
  return %0 : tensor<5xui8>
}
