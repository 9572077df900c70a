// RUN: rm -rf %t && mkdir -p %t
// RUN: nablac %s -o %t --name dr
// RUN: FileCheck %s < %t/dr.h
// Found by test/conformance/test_random_programs.py: both results fold to
// one constant (x - x) in nabla-cpu-schedule's canonicalization, after
// nabla-distinct-results had copied them apart; the second
// nabla-distinct-results before bufferization keeps one buffer per result
// (nablac used to die with SIGSEGV).
// CHECK: int dr_g(const uint32_t *x, uint32_t *out0, uint32_t *out1);
func.func @g(%x: tensor<3xui32> {nabla.name = "x"}) -> (tensor<3xui32>, tensor<3xui32>) {
  %z = "nabla.sub"(%x, %x) : (tensor<3xui32>, tensor<3xui32>) -> tensor<3xui32>
  %c = "nabla.constant"() {value = dense<1> : tensor<3xui32>} : () -> tensor<3xui32>
  %o = "nabla.or"(%z, %c) : (tensor<3xui32>, tensor<3xui32>) -> tensor<3xui32>
  %r = "nabla.rem"(%z, %o) : (tensor<3xui32>, tensor<3xui32>) -> tensor<3xui32>
  return %r, %z : tensor<3xui32>, tensor<3xui32>
}
