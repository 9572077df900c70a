// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-cpu-to-llvm)' %s | FileCheck %s --check-prefix=LLVM

// sort_key_val becomes a call to a private merge sort over flat memrefs:
// ui32 keys compare unsigned, the left run wins ties (stable), and the
// line along dimension 1 of 3x5 has stride 1 and 5 elements.
// CHECK-LABEL: func.func @sort_u32(
// CHECK: %[[R:.*]]:2 = call @[[F1:__nabla_sort_key_val_[0-9]+]](%{{.*}}, %{{.*}}) : (tensor<3x5xi32>, tensor<3x5xf32>) -> (tensor<3x5xi32>, tensor<3x5xf32>)
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @sort_u32(%k: tensor<3x5xui32>, %v: tensor<3x5xf32>) -> (tensor<3x5xui32>, tensor<3x5xf32>) {
  %0:2 = "nabla.sort_key_val"(%k, %v) {dimension = 1 : i64} : (tensor<3x5xui32>, tensor<3x5xf32>) -> (tensor<3x5xui32>, tensor<3x5xf32>)
  return %0#0, %0#1 : tensor<3x5xui32>, tensor<3x5xf32>
}

// Signed keys compare signed; a second sort gets a function of its own
// (ops are lowered last to first, so this one is added first).
// CHECK-LABEL: func.func @sort_i32(
// CHECK: call @[[F2:__nabla_sort_key_val_[0-9]+]](%{{.*}}, %{{.*}}) : (tensor<7xi32>, tensor<7xi1>)
func.func @sort_i32(%k: tensor<7xi32>, %v: tensor<7xi1>) -> (tensor<7xi32>, tensor<7xi1>) {
  %0:2 = "nabla.sort_key_val"(%k, %v) {dimension = 0 : i64} : (tensor<7xi32>, tensor<7xi1>) -> (tensor<7xi32>, tensor<7xi1>)
  return %0#0, %0#1 : tensor<7xi32>, tensor<7xi1>
}

// CHECK: func.func private @[[F2]](
// CHECK-NOT: memref.collapse_shape
// CHECK: scf.while
// CHECK: arith.cmpi sge, %{{.*}}, %{{.*}} : i32
// CHECK: func.func private @[[F1]](
// CHECK: memref.collapse_shape {{.*}} {{\[\[}}0, 1]] : memref<3x5xi32> into memref<15xi32>
// CHECK: scf.while
// CHECK: arith.cmpi uge, %{{.*}}, %{{.*}} : i32

// LLVM-NOT: nabla.
// LLVM: llvm.func
