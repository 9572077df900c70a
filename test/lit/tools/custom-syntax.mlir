// RUN: not nablac %s --emit=nabla 2>&1 | FileCheck %s
// RUN: not nabla-opt %s 2>&1 | FileCheck %s
// IRDL ops have no custom assembly and MLIR's parser fails on one without a
// diagnostic; the tools say what is wrong instead of exiting 1 silently.
// CHECK: custom-syntax.mlir: error: cannot parse the input (nabla ops have no custom syntax: write them in MLIR's generic form
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = nabla.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}
