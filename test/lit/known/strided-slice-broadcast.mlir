// XFAIL: *
// RUN: nablac %s -o %t --name ssb
// Known bug (found by test/conformance/test_random_programs.py): a strided
// slice feeding broadcast_in_dim fails in translation to LLVM IR
// ("unrealized_conversion_cast i64 -> index"): the elementwise schedule
// vectorizes the broadcast into a 0-d vector.transfer_read of the strided
// slice, which no pass of the pipeline lowers. Stride 1 works. JAX:
// lax.broadcast_in_dim(lax.slice(a, (12,), (17,), (3,)), (2, 3), (0,)).
// When this passes, lit reports XPASS: drop the XFAIL line and add the case
// to test_ops.py.
func.func @g(%a: tensor<20xf32> {nabla.name = "a"}) -> tensor<2x3xf32> {
  %1 = "nabla.slice"(%a) {limit_indices = array<i64: 17>, start_indices = array<i64: 12>, strides = array<i64: 3>} : (tensor<20xf32>) -> tensor<2xf32>
  %b = "nabla.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64: 0>} : (tensor<2xf32>) -> tensor<2x3xf32>
  return %b : tensor<2x3xf32>
}
