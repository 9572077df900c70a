// RUN: not nablac %s -o %t 2>&1 | FileCheck %s
// A syntax error: MLIR's diagnostic with file:line, exit status 1.
// CHECK: bad-parse.mlir:[[@LINE+2]]:{{[0-9]+}}: error:
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nabla.neg"(%x) : (tensor<2xf32>) -> tensor<2xf32
  return %0 : tensor<2xf32>
}
