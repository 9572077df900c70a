// RUN: env NABLA_VERIFY_EACH=0 nablac %s --emit=llvm --name lib | FileCheck %s
// RUN: env NABLA_VERIFY_EACH=0 nablac %s --emit=llvm --name lib --verify-each | FileCheck %s
// RUN: nablac %s --emit=llvm --name lib | FileCheck %s
// Verification after every pass (--verify-each, or NABLA_VERIFY_EACH=1 as
// the tests set it) or once at the end (a plain compile) gives the same
// module.
// CHECK: llvm.func @lib_add
func.func @add(%a: tensor<4xf32> {nabla.name = "a"}, %b: tensor<4xf32> {nabla.name = "b"}) -> tensor<4xf32> {
  %0 = "nabla.add"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
