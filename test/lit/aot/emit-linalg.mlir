// RUN: nablac %s --emit=linalg | FileCheck %s
// nabla -> linalg: the three elementwise ops fuse into one linalg.generic.
// Inputs are read-only (the C header declares them const): bufferization
// never writes into them.

// CHECK-LABEL: func.func @axpy(
// CHECK-SAME:    %[[A:.*]]: tensor<4xf32> {bufferization.writable = false, nabla.name = "a"}, %[[X:.*]]: tensor<4xf32> {bufferization.writable = false, nabla.name = "x"}
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[A]], %[[X]] : tensor<4xf32>, tensor<4xf32>)
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK:           math.fma
// CHECK:           arith.divf
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]
func.func @axpy(%a: tensor<4xf32> {nabla.name = "a"}, %x: tensor<4xf32> {nabla.name = "x"}) -> tensor<4xf32> {
  %0 = "nabla.mul"(%a, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.add"(%0, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = "nabla.tanh"(%1) : (tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}
