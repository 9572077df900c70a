// RUN: nabla-opt %s --pass-pipeline="builtin.module(nabla-nowait-loops)" | FileCheck %s
// nabla-nowait-loops makes every worksharing loop nowait: the runtime
// (runtime/parallel.c) may run several members of a region one after
// another on one thread, so members must never wait for each other, and the
// loop's closing barrier is redundant with the region's end.
// CHECK-LABEL: func.func @f(
// CHECK: omp.parallel
// CHECK-NEXT: omp.wsloop nowait
// CHECK: omp.wsloop nowait
func.func @f(%n: index, %m: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cst = arith.constant 0.000000e+00 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%n) step (%c1) {
        memref.store %cst, %m[%i] : memref<?xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  omp.parallel {
    omp.wsloop nowait {
      omp.loop_nest (%i) : index = (%c0) to (%n) step (%c1) {
        memref.store %cst, %m[%i] : memref<?xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}
