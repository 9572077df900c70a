// RUN: nabla-opt %s --pass-pipeline='builtin.module(nabla-cpu-to-linalg)' | FileCheck %s
// RUN: nabla-opt %s --pass-pipeline='builtin.module(nabla-to-linalg-except-contractions)' | FileCheck %s --check-prefix=KEEP
// Elementwise producers are fused with each other but never into a
// contraction, where they would be recomputed per output column: the MLP
// layer tanh(x W1 + b1) feeding the next matmul stays its own loop nest.
// The pass that makes this so, run alone, lowers everything but the
// contractions, which stay nabla.dot_general for a later nabla-to-linalg.
// KEEP-LABEL: func.func @two_layers(
// KEEP: "nabla.dot_general"
// KEEP: linalg.generic
// KEEP: "nabla.dot_general"

// CHECK-LABEL: func.func @two_layers(
// The first contraction: only the multiply-accumulate in its body.
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NEXT: ^bb0(
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: linalg.yield
// Bias + tanh, fused together, all parallel.
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: arith.addf
// CHECK: math.fma
// CHECK: arith.divf
// The second contraction: again nothing but mulf/addf.
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
// CHECK-NEXT: ^bb0(
// CHECK-NEXT: arith.mulf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: linalg.yield
func.func @two_layers(%x: tensor<8x16xf32>, %w1: tensor<16x32xf32>, %b1: tensor<32xf32>,
                      %w2: tensor<32x4xf32>) -> tensor<8x4xf32> {
  %0 = "nabla.dot_general"(%x, %w1) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<8x16xf32>, tensor<16x32xf32>) -> tensor<8x32xf32>
  %1 = "nabla.broadcast_in_dim"(%b1) {broadcast_dimensions = array<i64: 1>} : (tensor<32xf32>) -> tensor<8x32xf32>
  %2 = "nabla.add"(%0, %1) : (tensor<8x32xf32>, tensor<8x32xf32>) -> tensor<8x32xf32>
  %3 = "nabla.tanh"(%2) : (tensor<8x32xf32>) -> tensor<8x32xf32>
  %4 = "nabla.dot_general"(%3, %w2) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<8x32xf32>, tensor<32x4xf32>) -> tensor<8x4xf32>
  return %4 : tensor<8x4xf32>
}
