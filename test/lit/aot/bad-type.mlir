// RUN: not nablac %s -o %t 2>&1 | FileCheck %s
// An ill-typed op: IRDL's verifier rejects it at parse time; nothing is written.
// CHECK: bad-type.mlir:[[@LINE+2]]:{{[0-9]+}}: error: expected 'tensor<4xf32>' but got 'tensor<3xf32>'
func.func @f(%a: tensor<4xf32>, %b: tensor<3xf32>) -> tensor<4xf32> {
  %0 = "nabla.add"(%a, %b) : (tensor<4xf32>, tensor<3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
