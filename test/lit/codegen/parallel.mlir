// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=TILE
// RUN: nablac %s --emit=llvm --name lib | FileCheck %s --check-prefix=LLVM
// RUN: rm -rf %t && mkdir -p %t && nablac %s -o %t --name lib && nm %t/lib.o | FileCheck %s --check-prefix=SYMS
// An elementwise chain with enough elements (2^17 >= 2^16) is split across
// threads: an scf.forall over 8 chunks of rows (the thread count is the
// runtime's), each chunk the usual rows x 64-wide vector loop; the forall
// becomes an OpenMP worksharing loop that runtime/parallel.c runs. A small
// one (below) stays a plain loop nest.

// TILE-LABEL: func.func @big(
// TILE: scf.forall ({{.*}}) in (8)
// TILE: scf.for
// TILE: scf.for {{.*}} step %c64
// TILE: arith.mulf {{.*}} : vector<64xf32>
// TILE-LABEL: func.func @small(
// TILE-NOT: scf.forall
// TILE: arith.mulf {{.*}} : vector<64xf32>

// LLVM-LABEL: llvm.func internal @big(
// LLVM: omp.parallel
// LLVM: omp.wsloop nowait
// LLVM: llvm.fmul {{.*}} : vector<64xf32>
// LLVM-LABEL: llvm.func internal @small(
// LLVM-NOT: omp.parallel
// LLVM: llvm.return
// The worksharing loop is nowait (nabla-nowait-loops): the runtime runs a
// region's members on whichever threads claim them, several on one thread,
// so the object calls no barrier.
// (nm sorts by name: a barrier would come first.)
// SYMS-NOT: __kmpc_barrier
// SYMS: U __kmpc_for_static_init_8u
// SYMS: U __kmpc_fork_call
func.func @big(%x: tensor<512x256xf32> {nabla.name = "x"}, %w: tensor<512x256xf32> {nabla.name = "w"}) -> tensor<512x256xf32> {
  %m = "nabla.mul"(%x, %w) : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
  %r = "nabla.add"(%m, %x) : (tensor<512x256xf32>, tensor<512x256xf32>) -> tensor<512x256xf32>
  return %r : tensor<512x256xf32>
}
func.func @small(%x: tensor<64x256xf32> {nabla.name = "x"}, %w: tensor<64x256xf32> {nabla.name = "w"}) -> tensor<64x256xf32> {
  %m = "nabla.mul"(%x, %w) : (tensor<64x256xf32>, tensor<64x256xf32>) -> tensor<64x256xf32>
  %r = "nabla.add"(%m, %x) : (tensor<64x256xf32>, tensor<64x256xf32>) -> tensor<64x256xf32>
  return %r : tensor<64x256xf32>
}
