// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=TILE
// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-vector-lower 2>&1 >/dev/null | FileCheck %s --check-prefix=VEC
// RUN: nablac %s --emit=llvm --name lib | FileCheck %s --check-prefix=LLVM
// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=SMALLN
// A 2-D f32 dot_general gets the packed BLIS-style schedule for the x86-64-v3
// baseline: KC = 256, MC = 128, a 4x16 register tile. A and B micro-panels
// are packed (hoisted pads -> tensors of panels), the k loop is a vector
// contraction on the 4x16 accumulator, which after bufferization is four
// vector.fma per k step. No linalg op (hence no scalar loop) is left.
// 2*256*128*512 FLOP is enough for threads: N is split into an scf.forall
// of 2 chunks of 64 columns (at least 4 register panels each: every chunk
// packs A again), which ends up an OpenMP worksharing loop (the runtime's
// pool runs it), so NC = 64 and the B panel is 4 x 256 x 16.

// TILE-LABEL: func.func @mm(
// TILE: scf.forall ({{.*}}) in (2)
// TILE: scf.for {{.*}} step %c256
// TILE: tensor.empty() : tensor<4x256x16xf32>
// TILE: scf.for {{.*}} step %c128
// TILE: tensor.empty() : tensor<32x4x256xf32>
// TILE: vector.contract {{.*}} vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// TILE-NOT: linalg.

// VEC-LABEL: func.func private @mm(
// VEC: scf.for {{.*}} step %c1
// VEC-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// VEC-NOT: vector.contract
// VEC-NOT: linalg.

// LLVM-LABEL: llvm.func internal @mm(
// LLVM: omp.parallel
// LLVM: omp.wsloop
// LLVM-COUNT-4: llvm.intr.fmuladd({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// LLVM-NOT: llvm.fmul
// LLVM-LABEL: llvm.func @lib_mm(
func.func @mm(%a: tensor<256x512xf32> {nabla.name = "a"}, %b: tensor<512x128xf32> {nabla.name = "b"}) -> tensor<256x128xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<256x512xf32>, tensor<512x128xf32>) -> tensor<256x128xf32>
  return %0 : tensor<256x128xf32>
}

// A dim smaller than the register tile is taken whole (here N = 10 < 16
// lanes x 2): 4x10 tiles of exactly the output's width, no padded copies.
// SMALLN-LABEL: func.func @narrow(
// SMALLN: vector.contract {{.*}} into vector<4x10xf32>
// SMALLN-NOT: tensor.pad
// SMALLN: return
func.func @narrow(%h: tensor<128x512xf32> {nabla.name = "h"}, %w: tensor<512x10xf32> {nabla.name = "w"}) -> tensor<128x10xf32> {
  %0 = "nabla.dot_general"(%h, %w) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<128x512xf32>, tensor<512x10xf32>) -> tensor<128x10xf32>
  return %0 : tensor<128x10xf32>
}
