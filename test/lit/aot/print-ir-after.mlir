// RUN: nablac %s --emit=llvm --print-ir-after=nabla-export-abi 2>&1 >/dev/null | FileCheck %s
// RUN: nablac %s --emit=linalg --print-ir-after=all 2>&1 >/dev/null | FileCheck %s --check-prefix=ALL
// Only the named pass's dump is kept; "all" prints after every pass.
// CHECK:     IR Dump After nabla-export-abi
// CHECK:     func.func @print_ir_after_f(
// CHECK-NOT: IR Dump After
// ALL:       IR Dump After nabla-verify
// ALL:       IR Dump After nabla-to-linalg
// ALL:       IR Dump After
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nabla.neg"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
