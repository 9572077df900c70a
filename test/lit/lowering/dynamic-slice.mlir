// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s \
// RUN:   | %mlir_opt --one-shot-bufferize=bufferize-function-boundaries | FileCheck %s --check-prefix=BUF
// dynamic_slice / dynamic_update_slice are tensor.extract_slice /
// tensor.insert_slice at starts clamped into [0, dim - size]: a slice reads
// only its window (a subview, no copy), and an update of a dead operand is
// written in place (only the update is copied, into a subview).

// CHECK-LABEL: func.func @batch_rows(
// CHECK: %[[I:.*]] = tensor.extract %{{.*}}[] : tensor<i32>
// CHECK: %[[II:.*]] = arith.index_cast %[[I]] : i32 to index
// CHECK: %[[HI:.*]] = arith.constant 59872 : index
// CHECK: %[[LO:.*]] = arith.minsi %[[II]], %[[HI]] : index
// CHECK: %[[C:.*]] = arith.maxsi %[[LO]], %{{.*}} : index
// CHECK: tensor.extract_slice %{{.*}}[%[[C]], %{{.*}}] [128, 784] [1, 1] : tensor<60000x784xf32> to tensor<128x784xf32>
// BUF-LABEL: func.func @batch_rows(
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: memref.subview %{{.*}} [128, 784] [1, 1]
// BUF-NOT: memref.copy
// BUF: return
func.func @batch_rows(%x: tensor<60000x784xf32>, %i: tensor<i32>, %j: tensor<i32>) -> tensor<128x784xf32> {
  %0 = "nabla.dynamic_slice"(%x, %i, %j) {slice_sizes = array<i64: 128, 784>} : (tensor<60000x784xf32>, tensor<i32>, tensor<i32>) -> tensor<128x784xf32>
  return %0 : tensor<128x784xf32>
}

// Unsigned starts compare unsigned (a huge ui64 start clamps to the top).
// CHECK-LABEL: func.func @update_dead(
// CHECK: %[[E:.*]] = linalg.generic
// CHECK: arith.index_castui %{{.*}} : i8 to index
// CHECK: arith.minui %{{.*}}, %{{.*}} : index
// CHECK: tensor.insert_slice %{{.*}} into %[[E]][%{{.*}}, %{{.*}}] [2, 3] [1, 1] : tensor<2x3xf32> into tensor<5x6xf32>
// BUF-LABEL: func.func @update_dead(
// BUF: %[[A:.*]] = memref.alloc() {{.*}} : memref<5x6xf32>
// BUF: linalg.generic {{.*}} outs(%[[A]]
// BUF: %[[W:.*]] = memref.subview %[[A]][%{{.*}}, %{{.*}}] [2, 3] [1, 1]
// BUF: memref.copy %{{.*}}, %[[W]] : memref<2x3xf32
// BUF-NOT: memref.copy
// BUF: return %[[A]]
func.func @update_dead(%x: tensor<5x6xf32>, %u: tensor<2x3xf32>, %i: tensor<ui8>, %j: tensor<ui8>) -> tensor<5x6xf32> {
  %e = "nabla.exp"(%x) : (tensor<5x6xf32>) -> tensor<5x6xf32>
  %0 = "nabla.dynamic_update_slice"(%e, %u, %i, %j) : (tensor<5x6xf32>, tensor<2x3xf32>, tensor<ui8>, tensor<ui8>) -> tensor<5x6xf32>
  return %0 : tensor<5x6xf32>
}
