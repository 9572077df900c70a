// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s
// KC, the depth of a packed B panel, is 256 below K = 1024 and 512 from
// there: at 1024^3 and 2048^3 (one thread) KC = 512 ran at 0.94-0.98x
// OpenBLAS against 0.86-0.91x with 256, since C is loaded and stored
// K / KC times; at K = 512 and 784 (the MLP step) 512 made the step slower.

// CHECK-LABEL: func.func @deep(
// CHECK-DAG: tensor.empty() : tensor<2x512x16xf32>
// CHECK-DAG: scf.for {{.*}} to %c2048 step %c512
// CHECK-LABEL: func.func @shallow(
// CHECK-DAG: tensor.empty() : tensor<2x256x16xf32>
// CHECK-DAG: scf.for {{.*}} to %c768 step %c256
func.func @deep(%a: tensor<64x2048xf32> {nabla.name = "a"}, %b: tensor<2048x64xf32> {nabla.name = "b"}) -> tensor<64x64xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<64x2048xf32>, tensor<2048x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
func.func @shallow(%a: tensor<64x768xf32> {nabla.name = "a"}, %b: tensor<768x64xf32> {nabla.name = "b"}) -> tensor<64x64xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<64x768xf32>, tensor<768x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
