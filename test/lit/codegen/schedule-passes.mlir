// RUN: nabla-opt %s --pass-pipeline="builtin.module(nabla-cpu-to-linalg,nabla-cpu-schedule)" | FileCheck %s --check-prefix=SCHED
// RUN: nabla-opt %s --pass-pipeline="builtin.module(nabla-cpu-to-linalg,nabla-cpu-schedule,one-shot-bufferize{bufferize-function-boundaries},nabla-cpu-vector-lower)" | FileCheck %s --check-prefix=LOWER
// RUN: nabla-opt --help | FileCheck %s --check-prefix=HELP
// nabla-cpu-schedule and nabla-cpu-vector-lower are registered in nabla-opt
// (the portable x86-64-v3 tile: 4x16), so each can be run and checked alone.

// SCHED-LABEL: func.func @mm(
// SCHED: vector.contract {{.*}} vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// SCHED-NOT: transform.
// LOWER-LABEL: func.func @mm(
// LOWER-NOT: vector.contract
// LOWER: vector.fma
// HELP: nabla-cpu-schedule
// HELP: nabla-cpu-vector-lower
func.func @mm(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
