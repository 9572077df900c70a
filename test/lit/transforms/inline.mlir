// RUN: nabla-opt %s --pass-pipeline='builtin.module(nabla-inline)' | FileCheck %s
// RUN: nabla-opt %s --pass-pipeline='builtin.module(nabla-inline,nabla-simplify)' | FileCheck %s --check-prefix=SIMP
// Every call is replaced by the callee's body, recursively; callees nothing
// calls any more are then removed by nabla-simplify.

// CHECK-LABEL: func.func @main(
// CHECK-SAME: %[[X:.*]]: tensor<4xf32>
// CHECK-NOT: call
// CHECK: %[[A:.*]] = "nabla.mul"(%[[X]], %[[X]])
// CHECK: %[[B:.*]] = "nabla.exp"(%[[A]])
// CHECK: %[[C:.*]] = "nabla.add"(%[[B]], %[[X]])
// CHECK: return %[[C]], %[[A]]
// SIMP-NOT: @square
// SIMP-NOT: @expsq
// SIMP: func.func @main
func.func private @square(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.mul"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
func.func private @expsq(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = call @square(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.exp"(%0) : (tensor<4xf32>) -> tensor<4xf32>
  return %1, %0 : tensor<4xf32>, tensor<4xf32>
}
func.func @main(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0:2 = call @expsq(%x) : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  %1 = "nabla.add"(%0#0, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %1, %0#1 : tensor<4xf32>, tensor<4xf32>
}
