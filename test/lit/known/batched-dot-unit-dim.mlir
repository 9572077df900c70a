// XFAIL: *
// RUN: nablac %s -o %t --name bdu
// Known bug (found by test/conformance/test_random_programs.py): a batched
// dot_general whose M or N is 1 (per-example row vector times matrix under
// vmap) fails: "transform.structured.specialize failed to apply" in
// nabla-cpu-schedule, which takes it for a batch matmul. Unbatched 2-D dots
// with unit dims work. JAX: lax.dot_general(a, b, (((2,), (1,)), ((0,), (0,)))).
// When this passes, lit reports XPASS: drop the XFAIL line and add the case
// to test_ops.py.
func.func @g(%a: tensor<5x1x2xf32> {nabla.name = "a"}, %b: tensor<5x2x3xf32> {nabla.name = "b"}) -> tensor<5x1x3xf32> {
  %r = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x1x2xf32>, tensor<5x2x3xf32>) -> tensor<5x1x3xf32>
  return %r : tensor<5x1x3xf32>
}
