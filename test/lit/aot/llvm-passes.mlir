// RUN: rm -rf %t && mkdir -p %t && nablac %s -o %t --name lt
// RUN: nm %t/lt.o | FileCheck %s --check-prefix=SYMS
// RUN: objdump -d --no-show-raw-insn %t/lt.o | FileCheck %s --check-prefix=ASM
// RUN: not env NABLA_LLVM_PASSES=nonsense nablac %s -o %t --name lt 2>&1 | FileCheck %s --check-prefix=BAD
// nabla's LLVM pipeline is short (aot/compile.c) but must still do what
// the schedules leave to LLVM: inline the helpers math-to-funcs outlines
// (an integer power was a call per element) and vectorize the loops no
// schedule covers (the threefry rounds of the PRNG: 10x slower scalar).
// SYMS-NOT: ipowi
// SYMS: T lt_ipow
// SYMS: T lt_threefry
// ASM-LABEL: <threefry>:
// ASM: vpaddd {{.*}}%ymm
// ASM: vpxor {{.*}}%ymm
// A pipeline LLVM cannot parse is an error, not a crash.
// BAD: nablac: error: LLVM optimization failed: unknown pass name 'nonsense'
func.func @ipow(%a: tensor<1024xi32> {nabla.name = "a"}, %b: tensor<1024xi32> {nabla.name = "b"}) -> tensor<1024xi32> {
  %0 = "nabla.pow"(%a, %b) : (tensor<1024xi32>, tensor<1024xi32>) -> tensor<1024xi32>
  return %0 : tensor<1024xi32>
}
func.func @threefry(%k0: tensor<1024xui32> {nabla.name = "k0"}, %k1: tensor<1024xui32> {nabla.name = "k1"}, %x0: tensor<1024xui32> {nabla.name = "x0"}, %x1: tensor<1024xui32> {nabla.name = "x1"}) -> (tensor<1024xui32>, tensor<1024xui32>) {
  %0:2 = "nabla.threefry2x32"(%k0, %k1, %x0, %x1) : (tensor<1024xui32>, tensor<1024xui32>, tensor<1024xui32>, tensor<1024xui32>) -> (tensor<1024xui32>, tensor<1024xui32>)
  return %0#0, %0#1 : tensor<1024xui32>, tensor<1024xui32>
}
