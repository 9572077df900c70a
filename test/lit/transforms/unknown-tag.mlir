// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-expand-transforms)' %s | FileCheck %s
// A tag the pass has no entry for (pmap: nabla has none) is left as
// it is, and does not stop the others.

// CHECK-LABEL: func.func private @v(tensor<3xf32>) -> tensor<3xf32>
// CHECK-SAME:    attributes {nabla.pmap = {callee = @f}}
// CHECK-LABEL: func.func private @f_jvp
// CHECK-NOT:     nabla.jvp
// CHECK:         "nabla.exp"
func.func private @f(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "nabla.exp"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
func.func private @v(tensor<3xf32>) -> tensor<3xf32> attributes {nabla.pmap = {callee = @f}}
func.func private @f_jvp(tensor<3xf32>, tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {nabla.jvp = {callee = @f}}
