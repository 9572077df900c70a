// RUN: nablac %s --emit=linalg --target=cpu | FileCheck %s --check-prefix=CPU
// RUN: not nablac %s --emit=linalg --target=tpu 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: nablac --help | FileCheck %s --check-prefix=HELP
// Every compile goes through lowering/target: --target names an entry of
// its table (cpu is the default and the only one today); an unknown name is
// an error naming the targets there are, with exit status 1.

// CPU: linalg.generic
// BAD: unknown target 'tpu' (targets: cpu)
// HELP: --target=cpu
func.func @f(%x: tensor<4xf32> {nabla.name = "x"}) -> tensor<4xf32> {
  %0 = "nabla.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
