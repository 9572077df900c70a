// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s \
// RUN:   | %mlir_opt --one-shot-bufferize=bufferize-function-boundaries | FileCheck %s --check-prefix=BUF
// gather is one linalg.generic over the result that reads its start from the
// indices (tensor.extract at the linalg.index batch position), clamps it and
// reads one operand element: no copy of the operand. A scatter is an scf.for
// nest over the updates carrying the result (initialised with the operand)
// through tensor.extract / tensor.insert, so the update of a dead operand is
// written in place: its cost is the updates', not the operand's.

// CHECK-LABEL: func.func @embedding(
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.*}} : tensor<128x64xf32>)
// CHECK: %[[B:.*]] = linalg.index 0 : index
// CHECK: %[[W:.*]] = linalg.index 1 : index
// CHECK: %[[I:.*]] = tensor.extract %arg1[%[[B]], %{{.*}}] : tensor<128x1xi32>
// CHECK: %[[II:.*]] = arith.index_cast %[[I]] : i32 to index
// CHECK: %[[HI:.*]] = arith.constant 49999 : index
// CHECK: %[[LO:.*]] = arith.minsi %[[II]], %[[HI]] : index
// CHECK: %[[S:.*]] = arith.maxsi %[[LO]], %{{.*}} : index
// CHECK: %[[C:.*]] = arith.addi %{{.*}}, %[[W]] : index
// CHECK: tensor.extract %arg0[%[[S]], %[[C]]] : tensor<50000x64xf32>
// BUF-LABEL: func.func @embedding(
// BUF-NOT: memref.copy
// BUF: memref.alloc() {{.*}} : memref<128x64xf32>
// BUF-NOT: memref.copy
// BUF: return
func.func @embedding(%t: tensor<50000x64xf32>, %i: tensor<128x1xi32>) -> tensor<128x64xf32> {
  %0 = "nabla.gather"(%t, %i) {offset_dims = array<i64: 1>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 1, 64>, mode = "clip"} : (tensor<50000x64xf32>, tensor<128x1xi32>) -> tensor<128x64xf32>
  return %0 : tensor<128x64xf32>
}

// fill: a window out of bounds reads NaN (an and of the bounds tests selects).
// CHECK-LABEL: func.func @fill(
// CHECK: arith.cmpi sle
// CHECK: arith.cmpi sge
// CHECK: %[[V:.*]] = tensor.extract %arg0
// CHECK: %[[NAN:.*]] = arith.constant 0x7FC00000 : f32
// CHECK: arith.select %{{.*}}, %[[V]], %[[NAN]] : f32
func.func @fill(%t: tensor<10x4xf32>, %i: tensor<3x1xi32>) -> tensor<3x4xf32> {
  %0 = "nabla.gather"(%t, %i) {offset_dims = array<i64: 1>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 1, 4>, mode = "fill"} : (tensor<10x4xf32>, tensor<3x1xi32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// CHECK-LABEL: func.func @scatter_add_dead(
// CHECK: %[[E:.*]] = linalg.generic
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[A:.*]] = %[[E]]) -> (tensor<50000x64xf32>)
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[B:.*]] = %[[A]]) -> (tensor<50000x64xf32>)
// CHECK: tensor.extract %arg1[%[[K]], %{{.*}}] : tensor<128x1xi32>
// CHECK: %[[U:.*]] = tensor.extract %arg2[%[[K]], %[[J]]] : tensor<128x64xf32>
// CHECK: %[[OLD:.*]] = tensor.extract %[[B]]
// CHECK: %[[SUM:.*]] = arith.addf %[[OLD]], %[[U]] : f32
// CHECK: %[[NEW:.*]] = arith.select %{{.*}}, %[[SUM]], %[[OLD]] : f32
// CHECK: %[[INS:.*]] = tensor.insert %[[NEW]] into %[[B]]
// CHECK: scf.yield %[[INS]]
// BUF-LABEL: func.func @scatter_add_dead(
// BUF: %[[M:.*]] = memref.alloc() {{.*}} : memref<50000x64xf32>
// BUF-NOT: memref.alloc
// BUF-NOT: memref.copy
// BUF: memref.store %{{.*}}, %{{.*}} : memref<50000x64xf32>
// BUF-NOT: memref.copy
// BUF: return
func.func @scatter_add_dead(%x: tensor<50000x64xf32>, %i: tensor<128x1xi32>, %u: tensor<128x64xf32>) -> tensor<50000x64xf32> {
  %e = "nabla.exp"(%x) : (tensor<50000x64xf32>) -> tensor<50000x64xf32>
  %0 = "nabla.scatter_add"(%e, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<50000x64xf32>, tensor<128x1xi32>, tensor<128x64xf32>) -> tensor<50000x64xf32>
  return %0 : tensor<50000x64xf32>
}

// set writes the update (no combining op); clip clamps unsigned indices
// unsigned; a scalar update needs no loop.
// CHECK-LABEL: func.func @set_scalar(
// CHECK-NOT: scf.for
// CHECK: arith.index_castui %{{.*}} : i8 to index
// CHECK: arith.minui
// CHECK: %[[U:.*]] = tensor.extract %arg2[] : tensor<f32>
// CHECK: tensor.insert %[[U]] into %arg0
func.func @set_scalar(%x: tensor<5xf32>, %i: tensor<1xui8>, %u: tensor<f32>) -> tensor<5xf32> {
  %0 = "nabla.scatter"(%x, %i, %u) {update_window_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "clip"} : (tensor<5xf32>, tensor<1xui8>, tensor<f32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}
