// RUN: nabla-opt %s --pass-pipeline='builtin.module(nabla-distinct-results)' | FileCheck %s
// RUN: nablac %s -o %t --name dup && FileCheck %s --check-prefix=HDR < %t/dup.h
// A repeated result gets its own copy (upstream buffer-results-to-out-params
// crashes on `return %0, %0`); the header then has two outputs.

// CHECK-LABEL: func.func @twice(
// CHECK: %[[V:.*]] = "nabla.neg"
// CHECK: %[[C:.*]] = bufferization.alloc_tensor() copy(%[[V]])
// CHECK: return %[[V]], %[[C]]
// HDR: int dup_twice(const float *x, float *out0, float *out1);
func.func @twice(%x: tensor<4xf32> {nabla.name = "x"}) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = "nabla.neg"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %0 : tensor<4xf32>, tensor<4xf32>
}
