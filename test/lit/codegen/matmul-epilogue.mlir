// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-vector-lower 2>&1 >/dev/null | FileCheck %s
// A matmul's elementwise consumer (bias + activation) runs as its epilogue.

// K in one cache block: in the register tile. The 4x16 accumulators go
// from the k loop through the max to the output, never stored before; one
// parallel loop, no separate elementwise pass.
// CHECK-LABEL: func.func private @regs(
// CHECK: scf.forall
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<4x16xf32>)
// CHECK: vector.fma
// CHECK-NOT: vector.transfer_write
// CHECK: arith.maximumf {{.*}} : vector<4x16xf32>
// CHECK-NEXT: vector.transfer_write {{.*}} : vector<4x16xf32>, memref<128x256xf32, strided<[512, 1], offset: ?>>
// CHECK-NOT: scf.forall
// CHECK: return
func.func @regs(%x: tensor<128x192xf32> {nabla.name = "x"}, %w: tensor<192x512xf32> {nabla.name = "w"}, %b: tensor<512xf32> {nabla.name = "b"}) -> tensor<128x512xf32> {
  %0 = "nabla.dot_general"(%x, %w) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<128x192xf32>, tensor<192x512xf32>) -> tensor<128x512xf32>
  %bb = "nabla.broadcast_in_dim"(%b) {broadcast_dimensions = array<i64: 1>} : (tensor<512xf32>) -> tensor<128x512xf32>
  %a = "nabla.add"(%0, %bb) : (tensor<128x512xf32>, tensor<128x512xf32>) -> tensor<128x512xf32>
  %z = "nabla.constant"() {value = dense<0.0> : tensor<128x512xf32>} : () -> tensor<128x512xf32>
  %r = "nabla.max"(%a, %z) : (tensor<128x512xf32>, tensor<128x512xf32>) -> tensor<128x512xf32>
  return %r : tensor<128x512xf32>

// K in 4 cache blocks: in the parallel chunk, on its 128x256 block of the
// result (in cache), vectorized; still one parallel loop.
// CHECK-LABEL: func.func private @chunks(
// CHECK: scf.forall
// CHECK: scf.for {{.*}} -> (vector<4x16xf32>)
// CHECK: vector.fma
// CHECK-NOT: scf.forall
// CHECK: arith.divf {{.*}} : vector<64xf32>
// CHECK-NOT: scf.forall
// CHECK: return
}
func.func @chunks(%x: tensor<128x784xf32> {nabla.name = "x"}, %w: tensor<784x512xf32> {nabla.name = "w"}, %b: tensor<512xf32> {nabla.name = "b"}) -> tensor<128x512xf32> {
  %0 = "nabla.dot_general"(%x, %w) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<128x784xf32>, tensor<784x512xf32>) -> tensor<128x512xf32>
  %bb = "nabla.broadcast_in_dim"(%b) {broadcast_dimensions = array<i64: 1>} : (tensor<512xf32>) -> tensor<128x512xf32>
  %a = "nabla.add"(%0, %bb) : (tensor<128x512xf32>, tensor<128x512xf32>) -> tensor<128x512xf32>
  %r = "nabla.tanh"(%a) : (tensor<128x512xf32>) -> tensor<128x512xf32>
  return %r : tensor<128x512xf32>
}
