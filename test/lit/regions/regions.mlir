// RUN: nabla-opt %s --pass-pipeline="builtin.module(nabla-simplify)" 2>&1 | FileCheck %s --check-prefix=SIMPLIFY
// RUN: nabla-opt %s --pass-pipeline="builtin.module(nabla-to-linalg)" 2>&1 | FileCheck %s --check-prefix=LINALG
// RUN: not nabla-opt %s --pass-pipeline="builtin.module(nabla-inline)" 2>&1 | FileCheck %s --check-prefix=INLINE
// RUN: not nabla-opt %s --pass-pipeline="builtin.module(nabla-expand-transforms)" 2>&1 | FileCheck %s --check-prefix=GRAD
//
// Ops with regions (scf.if here; nabla's loops later) as each walker meets
// them, as each file's opening comment says (nabla-verify: verify.mlir):
// - nabla-simplify simplifies nested blocks (the two exps become one) and
//   keeps the scf.if itself;
// - nabla-to-linalg lowers nabla ops wherever they are;
// - nabla-inline and the transforms (through the inliner) reject an op with
//   regions with an error naming it and the function.

// SIMPLIFY-LABEL: func.func @f(
// SIMPLIFY: scf.if
// SIMPLIFY-COUNT-1: "nabla.exp"
// SIMPLIFY-NOT: "nabla.exp"
// SIMPLIFY: scf.yield
// LINALG-LABEL: func.func @f(
// LINALG: scf.if
// LINALG: math.exp
// LINALG-NOT: "nabla.exp"
// LINALG: scf.yield
// INLINE: regions.mlir:[[@LINE+4]]:{{[0-9]+}}: error: nabla-inline: cannot handle 'scf.if' (an op with regions) in @f
// GRAD: regions.mlir:[[@LINE+3]]:{{[0-9]+}}: error: nabla.grad of @f: cannot handle 'scf.if' (an op with regions) in @f
func.func @f(%x: tensor<4xf32>, %c: i1) -> tensor<f32> {
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0>} : (tensor<4xf32>) -> tensor<f32>
  %1 = scf.if %c -> tensor<f32> {
    %e = "nabla.exp"(%0) : (tensor<f32>) -> tensor<f32>
    %e2 = "nabla.exp"(%0) : (tensor<f32>) -> tensor<f32>
    %s = "nabla.add"(%e, %e2) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    scf.yield %s : tensor<f32>
  } else {
    scf.yield %0 : tensor<f32>
  }
  return %1 : tensor<f32>
}
func.func @g(%x: tensor<4xf32>, %c: i1) -> tensor<f32> {
  %0 = func.call @f(%x, %c) : (tensor<4xf32>, i1) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @df(tensor<4xf32>, i1) -> tensor<4xf32> attributes {nabla.grad = {callee = @f, argnums = array<i64: 0>, has_aux = false}}
