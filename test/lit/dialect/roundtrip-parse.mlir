// RUN: nabla-opt %s | FileCheck %s
// RUN: nabla-opt %s | nabla-opt | FileCheck %s
// Also loads into upstream mlir-opt from the IRDL file.
// RUN: %mlir_opt --irdl-file=%nabla_irdl %s | FileCheck %s

// CHECK-LABEL: func.func @add
// CHECK: "nabla.add"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @add(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.add"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
