// RUN: nabla-opt %s --pass-pipeline='builtin.module(nabla-export-abi)' | FileCheck %s
// nabla-export-abi on bufferized functions (nabla-opt uses the prefix "nabla").

// CHECK-LABEL: func.func private @f(
// CHECK-SAME:    %{{.*}}: memref<2xf32>, %{{.*}}: memref<f32>)
// CHECK-SAME:    llvm.linkage = #llvm.linkage<internal>
// CHECK-LABEL: func.func private @g(
// CHECK-SAME:    llvm.linkage = #llvm.linkage<internal>
// CHECK-LABEL: func.func @nabla_f(
// CHECK-SAME:    %[[A:.*]]: memref<2xf32>, %[[O:.*]]: memref<f32>) -> i32
// CHECK:         %[[BODY:.*]] = constant @f
// CHECK:         %[[PTR:.*]] = builtin.unrealized_conversion_cast %[[BODY]]
// CHECK:         %[[ARGS:.*]] = memref.alloca() : memref<32xindex>
// CHECK:         memref.extract_aligned_pointer_as_index %[[A]]
// CHECK:         memref.extract_aligned_pointer_as_index %[[O]]
// CHECK:         %[[S:.*]] = call @nbrt__call_guarded(%[[PTR]], %{{.*}}, %[[ARGS]])
// CHECK:         return %[[S]] : i32
// CHECK-LABEL: func.func private @nbrt__call_guarded(!llvm.ptr, i32, memref<32xindex>) -> i32
func.func @f(%a: memref<2xf32>, %o: memref<f32>) {
  %c0 = arith.constant 0 : index
  %v = memref.load %a[%c0] : memref<2xf32>
  memref.store %v, %o[] : memref<f32>
  return
}
func.func private @g(%a: memref<2xf32>) {
  return
}

