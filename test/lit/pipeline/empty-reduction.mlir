// RUN: nablac %s --emit=linalg -o - | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-to-linalg,nabla-cpu-schedule)' %s | FileCheck %s --check-prefix=SCHED
// A reduction over an empty dim is the identity (1 for a product, 0 for a
// sum). The CPU schedule leaves ops with a zero-sized dim to the plain loops:
// upstream tiling crashed on them. (Known: the exported wrapper does not
// take a zero-size argument as a bare pointer, so --emit=llvm and the
// verifier fail, and without --verify-each the object misreads the header's
// pointers; hence no object here and no conformance case.)

// CHECK-LABEL: func.func @prod(
// CHECK: arith.constant 1.000000e+00
// CHECK: arith.mulf
// SCHED-LABEL: func.func @prod(
// SCHED: dense<1.000000e+00> : vector<2xf32>
// SCHED: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "reduction"]} ins(%{{.*}} : tensor<2x0xf32>)
// SCHED-LABEL: func.func @sum(
// SCHED: linalg.generic {{.*}} ins(%{{.*}} : tensor<0x3xf64>)
func.func @prod(%x: tensor<2x0xf32>) -> tensor<2xf32> {
  %0 = "nabla.reduce_prod"(%x) {dimensions = array<i64: 1>} : (tensor<2x0xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func @sum(%x: tensor<0x3xf64>) -> tensor<3xf64> {
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0>} : (tensor<0x3xf64>) -> tensor<3xf64>
  return %0 : tensor<3xf64>
}
