// RUN: nablac %s --emit=llvm --name lib | FileCheck %s
// The LLVM stage: the body is internal and takes bare pointers (inputs then
// the out-param); the exported wrapper lib_<name> returns the status of the
// runtime's guarded call; temporaries use the runtime's allocator.

// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_aligned_alloc(i64, i64) -> !llvm.ptr
// CHECK-DAG: llvm.func @_mlir_memref_to_llvm_free(!llvm.ptr)

// CHECK-LABEL: llvm.func internal @sum_sq(
// CHECK-SAME:    %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-NOT:     nabla.name
// CHECK:         llvm.call @_mlir_memref_to_llvm_aligned_alloc
// CHECK:         llvm.call @_mlir_memref_to_llvm_free
// CHECK:         llvm.return

// CHECK-LABEL: llvm.func @lib_sum_sq(
// CHECK-SAME:    %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr) -> i32
// CHECK-DAG:     %[[BODY:.*]] = llvm.mlir.addressof @sum_sq : !llvm.ptr
// CHECK-DAG:     %[[N:.*]] = llvm.mlir.constant(3 : i32) : i32
// CHECK:         %[[S:.*]] = llvm.call @nbrt__call_guarded(%[[BODY]], %[[N]], %{{.*}})
// CHECK:         llvm.return %[[S]] : i32
// CHECK:       llvm.func @nbrt__call_guarded(!llvm.ptr, i32, !llvm.ptr) -> i32

// The private helper is inlined (nabla-inline) and gets no wrapper.
// CHECK-NOT: @lib_helper
func.func private @helper(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = "nabla.mul"(%x, %x) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
func.func @sum_sq(%x: tensor<8xf32> {nabla.name = "x"}, %y: tensor<8xf32>) -> tensor<f32> {
  %sq = call @helper(%x) : (tensor<8xf32>) -> tensor<8xf32>
  // sum(x*x) is needed whole before the product with y: a temporary.
  %m = "nabla.reduce_sum"(%sq) {dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<f32>
  %mb = "nabla.broadcast_in_dim"(%m) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<8xf32>
  %s = "nabla.mul"(%mb, %y) : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %r = "nabla.reduce_sum"(%s) {dimensions = array<i64: 0>} : (tensor<8xf32>) -> tensor<f32>
  return %r : tensor<f32>
}
