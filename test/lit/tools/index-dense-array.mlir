// RUN: not nabla-opt %s 2>&1 | FileCheck %s
// RUN: not nablac %s --emit=nabla 2>&1 | FileCheck %s
// MLIR 22's own parser crashes on a dense array of index elements
// (llvm/llvm-project#179045; mlir-opt too). The tools refuse one before
// parsing, with its position, instead of dying with SIGSEGV.
// CHECK: index-dense-array.mlir:[[@LINE+2]]:45: error: dense arrays of index elements are not supported
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nabla.transpose"(%x) {permutation = array<index: 0>} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
