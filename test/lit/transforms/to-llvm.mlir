// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-cpu-to-llvm)' %s | FileCheck %s --check-prefix=LLVM
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-cpu-to-linalg)' %s | FileCheck %s --check-prefix=LINALG
// The CPU pipeline starts with nabla-expand-transforms, nabla-inline and
// nabla-simplify, so a module with transformed declarations lowers all the
// way down, and the transformed functions, inlined into @step, are gone.

// LINALG-NOT: nabla.
// LINALG-NOT: func.func private
// LINALG-LABEL: func.func @step
// LINALG:         linalg.generic
// LINALG-NOT: func.call

// LLVM-NOT: @dist_vg
// LLVM-LABEL: llvm.func @nabla_step
// LLVM:         llvm.return

func.func private @dist(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<f32> {
  %0 = "nabla.sub"(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "nabla.integer_pow"(%0) {y = 2 : i64} : (tensor<3xf32>) -> tensor<3xf32>
  %2 = "nabla.reduce_sum"(%1) {dimensions = array<i64: 0>} : (tensor<3xf32>) -> tensor<f32>
  return %2 : tensor<f32>
}
func.func private @dist_vg(tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>) attributes {nabla.value_and_grad = {callee = @dist, argnums = array<i64: 0>, has_aux = false}}
func.func private @dist_hvp(tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<f32>, tensor<3xf32>) attributes {nabla.jvp = {callee = @dist_vg}}
func.func @step(%x: tensor<3xf32>, %y: tensor<3xf32>, %v: tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<3xf32>) {
  %0:2 = func.call @dist_vg(%x, %y) : (tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>)
  %1:4 = func.call @dist_hvp(%x, %y, %v, %v) : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<f32>, tensor<3xf32>, tensor<f32>, tensor<3xf32>)
  return %0#0, %0#1, %1#3 : tensor<f32>, tensor<3xf32>, tensor<3xf32>
}
