// RUN: not nabla-opt %s --pass-pipeline="builtin.module(nabla-verify)" 2>&1 | FileCheck %s
// nabla-verify walks nested regions: a bad nabla op inside scf.if is
// reported at its own location.

// CHECK: verify.mlir:[[@LINE+3]]:{{[0-9]+}}: error: nabla.add: expected an integer or float element type, got tensor<4xi1>
func.func @bad(%x: tensor<4xi1>, %c: i1) -> tensor<4xi1> {
  %0 = scf.if %c -> tensor<4xi1> {
    %s = "nabla.add"(%x, %x) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
    scf.yield %s : tensor<4xi1>
  } else {
    scf.yield %x : tensor<4xi1>
  }
  return %0 : tensor<4xi1>
}
