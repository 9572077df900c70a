// RUN: rm -rf %t && mkdir -p %t
// RUN: env NABLA_TIME_PASSES=1 nablac %s -o %t --name lib 2>&1 | FileCheck %s
// RUN: nablac %s -o %t --name lib 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty
// NABLA_TIME_PASSES=1 reports MLIR's per-pass times, then the phases after
// the pass pipeline; without it a compile prints nothing.
// CHECK: Execution time report
// CHECK: nabla-cpu-schedule
// CHECK: nabla: MLIR passes {{[0-9.]+}} s
// CHECK: nabla: translation to LLVM IR {{[0-9.]+}} s
// CHECK: nabla: LLVM optimizer {{[0-9.]+}} s
// CHECK: nabla: LLVM code generation {{[0-9.]+}} s
// QUIET-NOT: {{.}}
func.func @add(%a: tensor<4xf32> {nabla.name = "a"}, %b: tensor<4xf32> {nabla.name = "b"}) -> tensor<4xf32> {
  %0 = "nabla.add"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
