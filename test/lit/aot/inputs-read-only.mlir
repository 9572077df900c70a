// RUN: nablac %s --emit=llvm --print-ir-after=one-shot-bufferize -o %t 2>&1 >/dev/null | FileCheck %s
// An exported function's inputs are const in its C header: a scatter (or a
// dynamic_update_slice) into an argument copies it first, and writes the
// copy in place; an intermediate that dies is updated in place.

// CHECK-LABEL: func.func @into_arg(
// CHECK: %[[A:.*]] = memref.alloc() {{.*}} : memref<1000xf32>
// CHECK: memref.copy %arg0, %[[A]]
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[A]])
func.func @into_arg(%x: tensor<1000xf32>, %i: tensor<3x1xi32>, %u: tensor<3xf32>) -> tensor<1000xf32> {
  %0 = "nabla.scatter_add"(%x, %i, %u) {update_window_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<1000xf32>, tensor<3x1xi32>, tensor<3xf32>) -> tensor<1000xf32>
  return %0 : tensor<1000xf32>
}

// CHECK-LABEL: func.func @into_intermediate(
// CHECK-NOT: memref.copy
// CHECK: scf.for
// CHECK-NOT: memref.copy
// CHECK: return
func.func @into_intermediate(%x: tensor<1000xf32>, %i: tensor<3x1xi32>, %u: tensor<3xf32>) -> tensor<1000xf32> {
  %e = "nabla.exp"(%x) : (tensor<1000xf32>) -> tensor<1000xf32>
  %0 = "nabla.scatter_add"(%e, %i, %u) {update_window_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<1000xf32>, tensor<3x1xi32>, tensor<3xf32>) -> tensor<1000xf32>
  return %0 : tensor<1000xf32>
}
