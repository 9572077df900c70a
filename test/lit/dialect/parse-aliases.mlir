// RUN: nabla-opt %s | FileCheck %s
// RUN: nabla-opt %s --mlir-print-debuginfo | nabla-opt | FileCheck %s
// Alias definitions may precede the ops (MLIR prints them first), with or
// without an explicit module, and printed locations (#loc aliases) re-parse.
#id = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func.func @f(
// CHECK: "nabla.exp"
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
// CHECK-LABEL: func.func @g(
func.func @g() {
  return
}
