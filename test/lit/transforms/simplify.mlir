// RUN: nabla-opt --split-input-file --pass-pipeline='builtin.module(nabla-simplify)' %s | FileCheck %s
// nabla-simplify on its own: DCE, CSE (commutative operands too), the
// float-safe identities, folds of splats, and removal of private functions
// nobody refers to. The NaN-unsafe folds (x*0, x-x) are not done.

// CHECK-LABEL: func.func @dce
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[E:.*]] = "nabla.exp"(%[[X]])
// CHECK-NEXT:    return %[[E]]
func.func @dce(%x: tensor<4xf32>) -> tensor<4xf32> {
  %dead = "nabla.mul"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %dead2 = "nabla.neg"(%dead) : (tensor<4xf32>) -> tensor<4xf32>
  %0 = "nabla.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cse
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<4xf32>)
// CHECK-NEXT:    %[[M:.*]] = "nabla.mul"(%[[X]], %[[Y]])
// CHECK-NEXT:    %[[S:.*]] = "nabla.sub"(%[[X]], %[[Y]])
// CHECK-NEXT:    %[[S2:.*]] = "nabla.sub"(%[[Y]], %[[X]])
// CHECK-NEXT:    %[[A:.*]] = "nabla.add"(%[[M]], %[[M]])
// CHECK-NEXT:    %[[B:.*]] = "nabla.add"(%[[S]], %[[S2]])
// CHECK-NEXT:    %[[C:.*]] = "nabla.add"(%[[A]], %[[B]])
// CHECK-NEXT:    return %[[C]]
func.func @cse(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.mul"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.mul"(%y, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  // sub is not commutative: both stay
  %2 = "nabla.sub"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = "nabla.sub"(%y, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = "nabla.add"(%0, %1) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = "nabla.add"(%2, %3) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %6 = "nabla.add"(%4, %5) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %6 : tensor<4xf32>
}

// -----

// Attributes and result types are part of an op's identity.
// CHECK-LABEL: func.func @cse_attributes
// CHECK-COUNT-2: "nabla.reduce_sum"
// CHECK-NOT:     "nabla.reduce_sum"
// CHECK-COUNT-2: "nabla.convert"
// CHECK-NOT:     "nabla.convert"
func.func @cse_attributes(%x: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<3xf32>, tensor<2xf32>, tensor<2x3xf64>, tensor<2x3xf16>, tensor<2x3xf64>) {
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %1 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<3xf32>
  %2 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  %3 = "nabla.convert"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf64>
  %4 = "nabla.convert"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf16>
  %5 = "nabla.convert"(%x) : (tensor<2x3xf32>) -> tensor<2x3xf64>
  return %0, %1, %2, %3, %4, %5 : tensor<2xf32>, tensor<3xf32>, tensor<2xf32>, tensor<2x3xf64>, tensor<2x3xf16>, tensor<2x3xf64>
}

// -----

// CHECK-LABEL: func.func @identities
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT:     "nabla.
// CHECK:         return %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @identities(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %z = "nabla.constant"() {value = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %o = "nabla.constant"() {value = dense<1.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %0 = "nabla.add"(%x, %z) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.add"(%z, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = "nabla.sub"(%x, %z) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = "nabla.mul"(%x, %o) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = "nabla.mul"(%o, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = "nabla.div"(%x, %o) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %n = "nabla.neg"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %6 = "nabla.neg"(%n) : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Integers have the same identities.
// CHECK-LABEL: func.func @int_identities
// CHECK-SAME:    (%[[X:.*]]: tensor<3xi32>)
// CHECK-NOT:     "nabla.
// CHECK:         return %[[X]], %[[X]]
func.func @int_identities(%x: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>) {
  %z = "nabla.constant"() {value = dense<0> : tensor<3xi32>} : () -> tensor<3xi32>
  %o = "nabla.constant"() {value = dense<1> : tensor<3xi32>} : () -> tensor<3xi32>
  %0 = "nabla.add"(%z, %x) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %1 = "nabla.mul"(%x, %o) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %0, %1 : tensor<3xi32>, tensor<3xi32>
}

// -----

// x*0 is NaN for x = NaN or inf, and x-x is NaN for those too: kept (0*x
// is CSE'd with x*0).
// 0-x is neg(x), not x; x/0 and 0/x are not identities.
// CHECK-LABEL: func.func @not_folded
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG:     %[[Z:.*]] = "nabla.constant"() {value = dense<0.000000e+00> : tensor<4xf32>}
// CHECK-DAG:     %[[M:.*]] = "nabla.mul"(%[[X]], %[[Z]])
// CHECK-DAG:     "nabla.sub"(%[[X]], %[[X]])
// CHECK-DAG:     "nabla.sub"(%[[Z]], %[[X]])
// CHECK-DAG:     "nabla.div"(%[[Z]], %[[X]])
// CHECK:         return %[[M]], %[[M]],
func.func @not_folded(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %z = "nabla.constant"() {value = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %0 = "nabla.mul"(%x, %z) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.mul"(%z, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = "nabla.sub"(%x, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = "nabla.sub"(%z, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = "nabla.div"(%z, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Shape and dtype changes of a splat are splats; the old constants die.
// CHECK-LABEL: func.func @splat_shapes
// CHECK-DAG:   %[[B:.*]] = "nabla.constant"() {value = dense<2.500000e+00> : tensor<3x4xf32>}
// CHECK-DAG:   %[[R:.*]] = "nabla.constant"() {value = dense<2.500000e+00> : tensor<2x2xf32>}
// CHECK-DAG:   %[[C:.*]] = "nabla.constant"() {value = dense<2> : tensor<4xi32>}
// CHECK-DAG:   %[[D:.*]] = "nabla.constant"() {value = dense<2.500000e+00> : tensor<4xf64>}
// CHECK-DAG:   %[[T:.*]] = "nabla.constant"() {value = dense<true> : tensor<4xi1>}
// CHECK-DAG:   %[[F:.*]] = "nabla.constant"() {value = dense<1.000000e+00> : tensor<4xf16>}
// CHECK-NOT:   "nabla.broadcast_in_dim"
// CHECK-NOT:   "nabla.reshape"
// CHECK-NOT:   "nabla.convert"
// CHECK:       return %[[B]], %[[R]], %[[C]], %[[D]], %[[T]], %[[F]]
func.func @splat_shapes() -> (tensor<3x4xf32>, tensor<2x2xf32>, tensor<4xi32>, tensor<4xf64>, tensor<4xi1>, tensor<4xf16>) {
  %c = "nabla.constant"() {value = dense<2.5> : tensor<4xf32>} : () -> tensor<4xf32>
  %0 = "nabla.broadcast_in_dim"(%c) {broadcast_dimensions = array<i64: 1>} : (tensor<4xf32>) -> tensor<3x4xf32>
  %1 = "nabla.reshape"(%c) : (tensor<4xf32>) -> tensor<2x2xf32>
  %2 = "nabla.convert"(%c) : (tensor<4xf32>) -> tensor<4xi32>
  %3 = "nabla.convert"(%c) : (tensor<4xf32>) -> tensor<4xf64>
  %4 = "nabla.convert"(%c) : (tensor<4xf32>) -> tensor<4xi1>
  %t = "nabla.constant"() {value = dense<true> : tensor<4xi1>} : () -> tensor<4xi1>
  %5 = "nabla.convert"(%t) : (tensor<4xi1>) -> tensor<4xf16>
  return %0, %1, %2, %3, %4, %5 : tensor<3x4xf32>, tensor<2x2xf32>, tensor<4xi32>, tensor<4xf64>, tensor<4xi1>, tensor<4xf16>
}

// -----

// Elementwise arithmetic on splats is computed in the element type: wraps
// for integers, rounds for floats. A non-splat constant is left alone.
// CHECK-LABEL: func.func @splat_arith
// CHECK-DAG:   %[[A:.*]] = "nabla.constant"() {value = dense<5.500000e+00> : tensor<4xf32>}
// CHECK-DAG:   %[[S:.*]] = "nabla.constant"() {value = dense<-5.000000e-01> : tensor<4xf32>}
// CHECK-DAG:   %[[M:.*]] = "nabla.constant"() {value = dense<7.500000e+00> : tensor<4xf32>}
// CHECK-DAG:   %[[N:.*]] = "nabla.constant"() {value = dense<-2.500000e+00> : tensor<4xf32>}
// CHECK-DAG:   %[[W:.*]] = "nabla.constant"() {value = dense<-128> : tensor<4xi8>}
// CHECK-DAG:   %[[U:.*]] = "nabla.constant"() {value = dense<255> : tensor<4xui8>}
// CHECK-DAG:   %[[V:.*]] = "nabla.constant"() {value = dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>}
// CHECK-DAG:   %[[VN:.*]] = "nabla.neg"(%[[V]])
// CHECK:       return %[[A]], %[[S]], %[[M]], %[[N]], %[[W]], %[[U]], %[[VN]]
func.func @splat_arith() -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi8>, tensor<4xui8>, tensor<2xf32>) {
  %a = "nabla.constant"() {value = dense<2.5> : tensor<4xf32>} : () -> tensor<4xf32>
  %b = "nabla.constant"() {value = dense<3.0> : tensor<4xf32>} : () -> tensor<4xf32>
  %0 = "nabla.add"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.sub"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = "nabla.mul"(%a, %b) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = "nabla.neg"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  %i = "nabla.constant"() {value = dense<127> : tensor<4xi8>} : () -> tensor<4xi8>
  %j = "nabla.constant"() {value = dense<1> : tensor<4xi8>} : () -> tensor<4xi8>
  %4 = "nabla.add"(%i, %j) : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %u = "nabla.constant"() {value = dense<0> : tensor<4xui8>} : () -> tensor<4xui8>
  %v = "nabla.constant"() {value = dense<1> : tensor<4xui8>} : () -> tensor<4xui8>
  %5 = "nabla.sub"(%u, %v) : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %w = "nabla.constant"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %6 = "nabla.neg"(%w) : (tensor<2xf32>) -> tensor<2xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi8>, tensor<4xui8>, tensor<2xf32>
}

// -----

// A chain of folds reaches a fixed point: broadcast(1) * (x + broadcast(0)).
// CHECK-LABEL: func.func @fixed_point
// CHECK-SAME:    (%[[X:.*]]: tensor<3xf32>)
// CHECK-NEXT:    return %[[X]]
func.func @fixed_point(%x: tensor<3xf32>) -> tensor<3xf32> {
  %z = "nabla.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
  %o = "nabla.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
  %zb = "nabla.broadcast_in_dim"(%z) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<3xf32>
  %ob = "nabla.broadcast_in_dim"(%o) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<3xf32>
  %0 = "nabla.add"(%x, %zb) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = "nabla.mul"(%ob, %0) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %1 : tensor<3xf32>
}

// -----

// A transpose that swaps a dot_general's lhs-free and rhs-free dims is the
// dot_general with its operands swapped (batch dims stay first): the VJP's
// rhs gradient of a (batched) matmul.
// CHECK-LABEL: func.func @transposed_dot
// CHECK-SAME:    (%[[A:.*]]: tensor<5x2x3xf32>, %[[B:.*]]: tensor<5x2x4xf32>)
// CHECK-NEXT:    %[[D:.*]] = "nabla.dot_general"(%[[B]], %[[A]]) {lhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 1>, rhs_batch_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x4xf32>, tensor<5x2x3xf32>) -> tensor<5x4x3xf32>
// CHECK-NEXT:    return %[[D]]
func.func @transposed_dot(%a: tensor<5x2x3xf32>, %b: tensor<5x2x4xf32>) -> tensor<5x4x3xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x3xf32>, tensor<5x2x4xf32>) -> tensor<5x3x4xf32>
  %1 = "nabla.transpose"(%0) {permutation = array<i64: 0, 2, 1>} : (tensor<5x3x4xf32>) -> tensor<5x4x3xf32>
  return %1 : tensor<5x4x3xf32>
}

// -----

// Not folded: a permutation that moves a batch dim or reorders dims within
// the lhs-free block, and a dot_general whose result has another use.
// CHECK-LABEL: func.func @transposed_dot_kept
// CHECK-COUNT-2: "nabla.transpose"
func.func @transposed_dot_kept(%a: tensor<5x2x3x6xf32>, %b: tensor<5x2x4xf32>, %c: tensor<2x3xf32>, %d: tensor<3x4xf32>) -> (tensor<3x6x4x5xf32>, tensor<4x2xf32>, tensor<2x4xf32>) {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x3x6xf32>, tensor<5x2x4xf32>) -> tensor<5x3x6x4xf32>
  %1 = "nabla.transpose"(%0) {permutation = array<i64: 1, 2, 3, 0>} : (tensor<5x3x6x4xf32>) -> tensor<3x6x4x5xf32>
  %2 = "nabla.dot_general"(%c, %d) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %3 = "nabla.transpose"(%2) {permutation = array<i64: 1, 0>} : (tensor<2x4xf32>) -> tensor<4x2xf32>
  return %1, %3, %2 : tensor<3x6x4x5xf32>, tensor<4x2xf32>, tensor<2x4xf32>
}

// -----

// stop_gradient is kept: a later transform of this function needs it.
// CHECK-LABEL: func.func @keeps_stop_gradient
// CHECK:         "nabla.stop_gradient"
func.func @keeps_stop_gradient(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "nabla.stop_gradient"(%x) : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// Private functions nobody calls go (transitively); public ones and those
// still referred to, by a call or by a transform tag, stay.
// CHECK-NOT:   @unused
// CHECK-NOT:   @only_from_unused
// CHECK-LABEL: func.func private @called
// CHECK-LABEL: func.func private @tagged
// CHECK-LABEL: func.func private @decl
// CHECK-LABEL: func.func @public
func.func private @only_from_unused(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}
func.func private @unused(%x: tensor<f32>) -> tensor<f32> {
  %0 = func.call @only_from_unused(%x) : (tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}
func.func private @called(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}
func.func private @tagged(%x: tensor<f32>) -> tensor<f32> {
  return %x : tensor<f32>
}
func.func private @decl(tensor<f32>) -> tensor<f32> attributes {nabla.grad = {callee = @tagged, argnums = array<i64: 0>, has_aux = false}}
func.func @public(%x: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %0 = func.call @called(%x) : (tensor<f32>) -> tensor<f32>
  %1 = func.call @decl(%x) : (tensor<f32>) -> tensor<f32>
  return %0, %1 : tensor<f32>, tensor<f32>
}
