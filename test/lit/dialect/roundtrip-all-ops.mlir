// RUN: nabla-opt %s | nabla-opt | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify)' %s | FileCheck %s
// Every nabla op survives print + re-parse (one function per op).

// CHECK-LABEL: func.func @neg(
// CHECK: "nabla.neg"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @neg(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.neg"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @abs(
// CHECK: "nabla.abs"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @abs(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.abs"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @sign(
// CHECK: "nabla.sign"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @sign(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.sign"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @exp(
// CHECK: "nabla.exp"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @exp(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @log(
// CHECK: "nabla.log"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @log(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.log"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @log1p(
// CHECK: "nabla.log1p"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @log1p(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.log1p"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @expm1(
// CHECK: "nabla.expm1"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @expm1(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.expm1"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @tanh(
// CHECK: "nabla.tanh"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @tanh(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.tanh"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @logistic(
// CHECK: "nabla.logistic"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @logistic(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.logistic"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @sqrt(
// CHECK: "nabla.sqrt"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @sqrt(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.sqrt"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @rsqrt(
// CHECK: "nabla.rsqrt"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @rsqrt(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.rsqrt"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @sin(
// CHECK: "nabla.sin"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @sin(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.sin"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @cos(
// CHECK: "nabla.cos"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @cos(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.cos"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @add(
// CHECK: "nabla.add"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @add(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.add"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @sub(
// CHECK: "nabla.sub"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @sub(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.sub"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @mul(
// CHECK: "nabla.mul"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @mul(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.mul"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @div(
// CHECK: "nabla.div"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @div(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.div"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @rem(
// CHECK: "nabla.rem"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @rem(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.rem"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @pow(
// CHECK: "nabla.pow"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @pow(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.pow"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @max(
// CHECK: "nabla.max"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @max(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.max"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @min(
// CHECK: "nabla.min"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @min(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.min"(%x, %y) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @integer_pow(
// CHECK: "nabla.integer_pow"(%{{.*}}) {y = 3 : i64} : (tensor<3xi32>) -> tensor<3xi32>
func.func @integer_pow(%x: tensor<3xi32>) -> tensor<3xi32> {
  %0 = "nabla.integer_pow"(%x) {y = 3 : i64} : (tensor<3xi32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}

// CHECK-LABEL: func.func @constant(
// CHECK: "nabla.constant"() {value = dense<[1, 4294967295]> : tensor<2xui32>} : () -> tensor<2xui32>
func.func @constant() -> tensor<2xui32> {
  %0 = "nabla.constant"() {value = dense<[1, 4294967295]> : tensor<2xui32>} : () -> tensor<2xui32>
  return %0 : tensor<2xui32>
}

// CHECK-LABEL: func.func @iota(
// CHECK: "nabla.iota"() {dimension = 1 : i64} : () -> tensor<2x3xbf16>
func.func @iota() -> tensor<2x3xbf16> {
  %0 = "nabla.iota"() {dimension = 1 : i64} : () -> tensor<2x3xbf16>
  return %0 : tensor<2x3xbf16>
}

// CHECK-LABEL: func.func @compare(
// CHECK: "nabla.compare"(%{{.*}}, %{{.*}}) {direction = "ne"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
func.func @compare(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi1> {
  %0 = "nabla.compare"(%x, %y) {direction = "ne"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @select(
// CHECK: "nabla.select"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @select(%p: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.select"(%p, %x, %y) : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @convert(
// CHECK: "nabla.convert"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xui8>
func.func @convert(%x: tensor<4xf32>) -> tensor<4xui8> {
  %0 = "nabla.convert"(%x) : (tensor<4xf32>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// CHECK-LABEL: func.func @broadcast_in_dim(
// CHECK: "nabla.broadcast_in_dim"(%{{.*}}) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf16>) -> tensor<2x3xf16>
func.func @broadcast_in_dim(%x: tensor<3xf16>) -> tensor<2x3xf16> {
  %0 = "nabla.broadcast_in_dim"(%x) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf16>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// CHECK-LABEL: func.func @reshape(
// CHECK: "nabla.reshape"(%{{.*}}) : (tensor<2x3xi64>) -> tensor<6xi64>
func.func @reshape(%x: tensor<2x3xi64>) -> tensor<6xi64> {
  %0 = "nabla.reshape"(%x) : (tensor<2x3xi64>) -> tensor<6xi64>
  return %0 : tensor<6xi64>
}

// CHECK-LABEL: func.func @transpose(
// CHECK: "nabla.transpose"(%{{.*}}) {permutation = array<i64: 1, 0>} : (tensor<2x3xf64>) -> tensor<3x2xf64>
func.func @transpose(%x: tensor<2x3xf64>) -> tensor<3x2xf64> {
  %0 = "nabla.transpose"(%x) {permutation = array<i64: 1, 0>} : (tensor<2x3xf64>) -> tensor<3x2xf64>
  return %0 : tensor<3x2xf64>
}

// CHECK-LABEL: func.func @slice(
// CHECK: "nabla.slice"(%{{.*}}) {limit_indices = array<i64: 8>, start_indices = array<i64: 1>, strides = array<i64: 3>} : (tensor<10xi8>) -> tensor<3xi8>
func.func @slice(%x: tensor<10xi8>) -> tensor<3xi8> {
  %0 = "nabla.slice"(%x) {start_indices = array<i64: 1>, limit_indices = array<i64: 8>, strides = array<i64: 3>} : (tensor<10xi8>) -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// CHECK-LABEL: func.func @reduce_sum(
// CHECK: "nabla.reduce_sum"(%{{.*}}) {dimensions = array<i64: 0>} : (tensor<2x3xi16>) -> tensor<3xi16>
func.func @reduce_sum(%x: tensor<2x3xi16>) -> tensor<3xi16> {
  %0 = "nabla.reduce_sum"(%x) {dimensions = array<i64: 0>} : (tensor<2x3xi16>) -> tensor<3xi16>
  return %0 : tensor<3xi16>
}

// CHECK-LABEL: func.func @reduce_max(
// CHECK: "nabla.reduce_max"(%{{.*}}) {dimensions = array<i64: 0>} : (tensor<2x3xi16>) -> tensor<3xi16>
func.func @reduce_max(%x: tensor<2x3xi16>) -> tensor<3xi16> {
  %0 = "nabla.reduce_max"(%x) {dimensions = array<i64: 0>} : (tensor<2x3xi16>) -> tensor<3xi16>
  return %0 : tensor<3xi16>
}

// CHECK-LABEL: func.func @reduce_min(
// CHECK: "nabla.reduce_min"(%{{.*}}) {dimensions = array<i64: 0>} : (tensor<2x3xi16>) -> tensor<3xi16>
func.func @reduce_min(%x: tensor<2x3xi16>) -> tensor<3xi16> {
  %0 = "nabla.reduce_min"(%x) {dimensions = array<i64: 0>} : (tensor<2x3xi16>) -> tensor<3xi16>
  return %0 : tensor<3xi16>
}

// CHECK-LABEL: func.func @dot_general(
// CHECK: "nabla.dot_general"(%{{.*}}, %{{.*}}) {lhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_batch_dimensions = array<i64: 0>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
func.func @dot_general(%x: tensor<5x2x3xf32>, %y: tensor<5x3x4xf32>) -> tensor<5x2x4xf32> {
  %0 = "nabla.dot_general"(%x, %y) {lhs_batch_dimensions = array<i64: 0>, rhs_batch_dimensions = array<i64: 0>, lhs_contracting_dimensions = array<i64: 2>, rhs_contracting_dimensions = array<i64: 1>} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// CHECK-LABEL: func.func @stop_gradient(
// CHECK: "nabla.stop_gradient"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @stop_gradient(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.stop_gradient"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @pad(
// CHECK: "nabla.pad"(%{{.*}}, %{{.*}}) {edge_padding_high = array<i64: 0, 2>, edge_padding_low = array<i64: 1, 0>, interior_padding = array<i64: 1, 0>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<4x5xf32>
func.func @pad(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<4x5xf32> {
  %0 = "nabla.pad"(%x, %v) {edge_padding_low = array<i64: 1, 0>, edge_padding_high = array<i64: 0, 2>, interior_padding = array<i64: 1, 0>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// CHECK-LABEL: func.func @and(
// CHECK: "nabla.and"(%{{.*}}, %{{.*}}) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
func.func @and(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "nabla.and"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @or(
// CHECK: "nabla.or"(%{{.*}}, %{{.*}}) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
func.func @or(%x: tensor<4xui32>, %y: tensor<4xui32>) -> tensor<4xui32> {
  %0 = "nabla.or"(%x, %y) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  return %0 : tensor<4xui32>
}

// CHECK-LABEL: func.func @xor(
// CHECK: "nabla.xor"(%{{.*}}, %{{.*}}) : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
func.func @xor(%x: tensor<4xi8>, %y: tensor<4xi8>) -> tensor<4xi8> {
  %0 = "nabla.xor"(%x, %y) : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// CHECK-LABEL: func.func @not(
// CHECK: "nabla.not"(%{{.*}}) : (tensor<4xi1>) -> tensor<4xi1>
func.func @not(%x: tensor<4xi1>) -> tensor<4xi1> {
  %0 = "nabla.not"(%x) : (tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @shift_left(
// CHECK: "nabla.shift_left"(%{{.*}}, %{{.*}}) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
func.func @shift_left(%x: tensor<4xi32>, %y: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "nabla.shift_left"(%x, %y) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// CHECK-LABEL: func.func @shift_right_logical(
// CHECK: "nabla.shift_right_logical"(%{{.*}}, %{{.*}}) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
func.func @shift_right_logical(%x: tensor<4xui32>, %y: tensor<4xui32>) -> tensor<4xui32> {
  %0 = "nabla.shift_right_logical"(%x, %y) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  return %0 : tensor<4xui32>
}

// CHECK-LABEL: func.func @shift_right_arithmetic(
// CHECK: "nabla.shift_right_arithmetic"(%{{.*}}, %{{.*}}) : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
func.func @shift_right_arithmetic(%x: tensor<4xi64>, %y: tensor<4xi64>) -> tensor<4xi64> {
  %0 = "nabla.shift_right_arithmetic"(%x, %y) : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// CHECK-LABEL: func.func @bitcast_convert(
// CHECK: "nabla.bitcast_convert"(%{{.*}}) : (tensor<4xui32>) -> tensor<4xf32>
func.func @bitcast_convert(%x: tensor<4xui32>) -> tensor<4xf32> {
  %0 = "nabla.bitcast_convert"(%x) : (tensor<4xui32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @erf_inv(
// CHECK: "nabla.erf_inv"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @erf_inv(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.erf_inv"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @fma(
// CHECK: "nabla.fma"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
func.func @fma(%a: tensor<4xf64>, %b: tensor<4xf64>, %c: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "nabla.fma"(%a, %b, %c) : (tensor<4xf64>, tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// CHECK-LABEL: func.func @sort_key_val(
// CHECK: "nabla.sort_key_val"(%{{.*}}, %{{.*}}) {dimension = 1 : i64} : (tensor<2x4xui32>, tensor<2x4xf32>) -> (tensor<2x4xui32>, tensor<2x4xf32>)
func.func @sort_key_val(%k: tensor<2x4xui32>, %v: tensor<2x4xf32>) -> (tensor<2x4xui32>, tensor<2x4xf32>) {
  %0:2 = "nabla.sort_key_val"(%k, %v) {dimension = 1 : i64} : (tensor<2x4xui32>, tensor<2x4xf32>) -> (tensor<2x4xui32>, tensor<2x4xf32>)
  return %0#0, %0#1 : tensor<2x4xui32>, tensor<2x4xf32>
}

// CHECK-LABEL: func.func @threefry2x32(
// CHECK: "nabla.threefry2x32"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (tensor<4xui32>, tensor<4xui32>, tensor<4xui32>, tensor<4xui32>) -> (tensor<4xui32>, tensor<4xui32>)
func.func @threefry2x32(%k0: tensor<4xui32>, %k1: tensor<4xui32>, %x0: tensor<4xui32>, %x1: tensor<4xui32>) -> (tensor<4xui32>, tensor<4xui32>) {
  %0:2 = "nabla.threefry2x32"(%k0, %k1, %x0, %x1) : (tensor<4xui32>, tensor<4xui32>, tensor<4xui32>, tensor<4xui32>) -> (tensor<4xui32>, tensor<4xui32>)
  return %0#0, %0#1 : tensor<4xui32>, tensor<4xui32>
}

// CHECK-LABEL: func.func @tan(
// CHECK: "nabla.tan"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @tan(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.tan"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @exp2(
// CHECK: "nabla.exp2"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @exp2(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.exp2"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @erf(
// CHECK: "nabla.erf"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @erf(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.erf"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @floor(
// CHECK: "nabla.floor"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @floor(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.floor"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @ceil(
// CHECK: "nabla.ceil"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @ceil(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.ceil"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @is_finite(
// CHECK: "nabla.is_finite"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xi1>
func.func @is_finite(%x: tensor<4xf32>) -> tensor<4xi1> {
  %0 = "nabla.is_finite"(%x) : (tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @atan2(
// CHECK: "nabla.atan2"(%{{.*}}, %{{.*}}) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
func.func @atan2(%y: tensor<4xf32>, %x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.atan2"(%y, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @dynamic_slice(
// CHECK: "nabla.dynamic_slice"(%{{.*}}, %{{.*}}, %{{.*}}) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
func.func @dynamic_slice(%x: tensor<4x5xf32>, %i: tensor<i32>, %j: tensor<i32>) -> tensor<2x3xf32> {
  %0 = "nabla.dynamic_slice"(%x, %i, %j) {slice_sizes = array<i64: 2, 3>} : (tensor<4x5xf32>, tensor<i32>, tensor<i32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @dynamic_update_slice(
// CHECK: "nabla.dynamic_update_slice"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (tensor<4x5xf32>, tensor<2x3xf32>, tensor<ui8>, tensor<ui8>) -> tensor<4x5xf32>
func.func @dynamic_update_slice(%x: tensor<4x5xf32>, %u: tensor<2x3xf32>, %i: tensor<ui8>, %j: tensor<ui8>) -> tensor<4x5xf32> {
  %0 = "nabla.dynamic_update_slice"(%x, %u, %i, %j) : (tensor<4x5xf32>, tensor<2x3xf32>, tensor<ui8>, tensor<ui8>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// CHECK-LABEL: func.func @rev(
// CHECK: "nabla.rev"(%{{.*}}) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xui8>) -> tensor<2x3x4xui8>
func.func @rev(%x: tensor<2x3x4xui8>) -> tensor<2x3x4xui8> {
  %0 = "nabla.rev"(%x) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xui8>) -> tensor<2x3x4xui8>
  return %0 : tensor<2x3x4xui8>
}

// CHECK-LABEL: func.func @concatenate(
// CHECK: "nabla.concatenate"(%{{.*}}, %{{.*}}) {dimension = 1 : i64} : (tensor<2x3xui32>, tensor<2x5xui32>) -> tensor<2x8xui32>
func.func @concatenate(%x: tensor<2x3xui32>, %y: tensor<2x5xui32>) -> tensor<2x8xui32> {
  %0 = "nabla.concatenate"(%x, %y) {dimension = 1 : i64} : (tensor<2x3xui32>, tensor<2x5xui32>) -> tensor<2x8xui32>
  return %0 : tensor<2x8xui32>
}

// CHECK-LABEL: func.func @argmax(
// CHECK: "nabla.argmax"(%{{.*}}) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
func.func @argmax(%x: tensor<2x3xf32>) -> tensor<2xi32> {
  %0 = "nabla.argmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// CHECK-LABEL: func.func @argmin(
// CHECK: "nabla.argmin"(%{{.*}}) {axis = 0 : i64} : (tensor<2x3xui8>) -> tensor<3xi64>
func.func @argmin(%x: tensor<2x3xui8>) -> tensor<3xi64> {
  %0 = "nabla.argmin"(%x) {axis = 0 : i64} : (tensor<2x3xui8>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// CHECK-LABEL: func.func @gather(
// CHECK: "nabla.gather"(%{{.*}}, %{{.*}}) {collapsed_slice_dims = array<i64: 0>, mode = "fill", offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 4>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<10x4xf32>, tensor<3x1xi32>) -> tensor<3x4xf32>
func.func @gather(%x: tensor<10x4xf32>, %i: tensor<3x1xi32>) -> tensor<3x4xf32> {
  %0 = "nabla.gather"(%x, %i) {offset_dims = array<i64: 1>, collapsed_slice_dims = array<i64: 0>, start_index_map = array<i64: 0>, operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, slice_sizes = array<i64: 1, 4>, mode = "fill"} : (tensor<10x4xf32>, tensor<3x1xi32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// CHECK-LABEL: func.func @scatter(
// CHECK: "nabla.scatter"(%{{.*}}, %{{.*}}, %{{.*}}) {inserted_window_dims = array<i64: 0>, mode = "drop", operand_batching_dims = array<i64>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<10x4xf32>, tensor<3x1xui16>, tensor<3x4xf32>) -> tensor<10x4xf32>
func.func @scatter(%x: tensor<10x4xf32>, %i: tensor<3x1xui16>, %u: tensor<3x4xf32>) -> tensor<10x4xf32> {
  %0 = "nabla.scatter"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<10x4xf32>, tensor<3x1xui16>, tensor<3x4xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// CHECK-LABEL: func.func @scatter_add(
// CHECK: "nabla.scatter_add"(%{{.*}}, %{{.*}}, %{{.*}}) {inserted_window_dims = array<i64: 0>, mode = "clip", operand_batching_dims = array<i64>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<10x4xf32>, tensor<3x1xui16>, tensor<3x4xf32>) -> tensor<10x4xf32>
func.func @scatter_add(%x: tensor<10x4xf32>, %i: tensor<3x1xui16>, %u: tensor<3x4xf32>) -> tensor<10x4xf32> {
  %0 = "nabla.scatter_add"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "clip"} : (tensor<10x4xf32>, tensor<3x1xui16>, tensor<3x4xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// CHECK-LABEL: func.func @scatter_mul(
// CHECK: "nabla.scatter_mul"(%{{.*}}, %{{.*}}, %{{.*}}) {inserted_window_dims = array<i64: 0>, mode = "drop", operand_batching_dims = array<i64>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<10x4xf32>, tensor<3x1xui16>, tensor<3x4xf32>) -> tensor<10x4xf32>
func.func @scatter_mul(%x: tensor<10x4xf32>, %i: tensor<3x1xui16>, %u: tensor<3x4xf32>) -> tensor<10x4xf32> {
  %0 = "nabla.scatter_mul"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<10x4xf32>, tensor<3x1xui16>, tensor<3x4xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// CHECK-LABEL: func.func @scatter_min(
// CHECK: "nabla.scatter_min"(%{{.*}}, %{{.*}}, %{{.*}}) {inserted_window_dims = array<i64: 0>, mode = "clip", operand_batching_dims = array<i64>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<10x4xf32>, tensor<3x1xui16>, tensor<3x4xf32>) -> tensor<10x4xf32>
func.func @scatter_min(%x: tensor<10x4xf32>, %i: tensor<3x1xui16>, %u: tensor<3x4xf32>) -> tensor<10x4xf32> {
  %0 = "nabla.scatter_min"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "clip"} : (tensor<10x4xf32>, tensor<3x1xui16>, tensor<3x4xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// CHECK-LABEL: func.func @scatter_max(
// CHECK: "nabla.scatter_max"(%{{.*}}, %{{.*}}, %{{.*}}) {inserted_window_dims = array<i64: 0>, mode = "drop", operand_batching_dims = array<i64>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<10x4xf32>, tensor<3x1xui16>, tensor<3x4xf32>) -> tensor<10x4xf32>
func.func @scatter_max(%x: tensor<10x4xf32>, %i: tensor<3x1xui16>, %u: tensor<3x4xf32>) -> tensor<10x4xf32> {
  %0 = "nabla.scatter_max"(%x, %i, %u) {update_window_dims = array<i64: 1>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, operand_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>, mode = "drop"} : (tensor<10x4xf32>, tensor<3x1xui16>, tensor<3x4xf32>) -> tensor<10x4xf32>
  return %0 : tensor<10x4xf32>
}

// CHECK-LABEL: func.func @erfc(
// CHECK: "nabla.erfc"(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
func.func @erfc(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.erfc"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @round(
// CHECK: "nabla.round"(%{{.*}}) {rounding_method = 1 : i64} : (tensor<4xbf16>) -> tensor<4xbf16>
func.func @round(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  %0 = "nabla.round"(%x) {rounding_method = 1 : i64} : (tensor<4xbf16>) -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// CHECK-LABEL: func.func @clamp(
// CHECK: "nabla.clamp"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<ui8>, tensor<2x3xui8>, tensor<2x3xui8>) -> tensor<2x3xui8>
func.func @clamp(%lo: tensor<ui8>, %x: tensor<2x3xui8>, %hi: tensor<2x3xui8>) -> tensor<2x3xui8> {
  %0 = "nabla.clamp"(%lo, %x, %hi) : (tensor<ui8>, tensor<2x3xui8>, tensor<2x3xui8>) -> tensor<2x3xui8>
  return %0 : tensor<2x3xui8>
}

// CHECK-LABEL: func.func @nextafter(
// CHECK: "nabla.nextafter"(%{{.*}}, %{{.*}}) : (tensor<3xf16>, tensor<3xf16>) -> tensor<3xf16>
func.func @nextafter(%x: tensor<3xf16>, %y: tensor<3xf16>) -> tensor<3xf16> {
  %0 = "nabla.nextafter"(%x, %y) : (tensor<3xf16>, tensor<3xf16>) -> tensor<3xf16>
  return %0 : tensor<3xf16>
}

// CHECK-LABEL: func.func @reduce_prod(
// CHECK: "nabla.reduce_prod"(%{{.*}}) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xi16>) -> tensor<3xi16>
func.func @reduce_prod(%x: tensor<2x3x4xi16>) -> tensor<3xi16> {
  %0 = "nabla.reduce_prod"(%x) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xi16>) -> tensor<3xi16>
  return %0 : tensor<3xi16>
}

// CHECK-LABEL: func.func @cumsum(
// CHECK: "nabla.cumsum"(%{{.*}}) {axis = 1 : i64, reverse = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @cumsum(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.cumsum"(%x) {axis = 1 : i64, reverse = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @cumprod(
// CHECK: "nabla.cumprod"(%{{.*}}) {axis = 0 : i64, reverse = true} : (tensor<2x3xi32>) -> tensor<2x3xi32>
func.func @cumprod(%x: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %0 = "nabla.cumprod"(%x) {axis = 0 : i64, reverse = true} : (tensor<2x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// CHECK-LABEL: func.func @cummax(
// CHECK: "nabla.cummax"(%{{.*}}) {axis = 0 : i64, reverse = false} : (tensor<4xui8>) -> tensor<4xui8>
func.func @cummax(%x: tensor<4xui8>) -> tensor<4xui8> {
  %0 = "nabla.cummax"(%x) {axis = 0 : i64, reverse = false} : (tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// CHECK-LABEL: func.func @cummin(
// CHECK: "nabla.cummin"(%{{.*}}) {axis = 1 : i64, reverse = true} : (tensor<2x3xbf16>) -> tensor<2x3xbf16>
func.func @cummin(%x: tensor<2x3xbf16>) -> tensor<2x3xbf16> {
  %0 = "nabla.cummin"(%x) {axis = 1 : i64, reverse = true} : (tensor<2x3xbf16>) -> tensor<2x3xbf16>
  return %0 : tensor<2x3xbf16>
}

// CHECK-LABEL: func.func @sort(
// CHECK: "nabla.sort"(%{{.*}}) {dimension = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @sort(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.sort"(%x) {dimension = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
