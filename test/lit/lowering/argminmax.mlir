// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: not nabla-opt --pass-pipeline='builtin.module(nabla-verify)' --split-input-file %S/Inputs/argminmax-bad.mlir 2>&1 | FileCheck %s --check-prefix=BAD
// argmax: a max reduction (maximumf: NaN wins), then the smallest index
// whose element equals the max or is NaN (lax's first occurrence).

// CHECK-LABEL: func.func @argmax(
// CHECK: %[[M:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK: linalg.generic {{.*}}ins(%{{.*}}, %[[M]] : tensor<2x3xf32>, tensor<2xf32>)
// CHECK-DAG: arith.cmpf oeq
// CHECK-DAG: arith.cmpf uno
// CHECK: linalg.index 1
// CHECK: arith.minsi
// CHECK: arith.select
func.func @argmax(%x: tensor<2x3xf32>) -> tensor<2xi32> {
  %0 = "nabla.argmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// CHECK-LABEL: func.func @argmin(
// CHECK: arith.minui
// CHECK: arith.cmpi eq
// CHECK: linalg.index 0
func.func @argmin(%x: tensor<2x3xui8>) -> tensor<3xi64> {
  %0 = "nabla.argmin"(%x) {axis = 0 : i64} : (tensor<2x3xui8>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// BAD: nabla.argmax: axis 2 is out of range for operand (2,3)
// BAD: nabla.argmin: needs a non-empty axis 1, operand (2,0)
// BAD: nabla.argmax: the result (index_dtype) must be an integer type, got tensor<2xf32>
// BAD: nabla.argmax: result shape (3,) should be (2,) (the operand without axis 1)
