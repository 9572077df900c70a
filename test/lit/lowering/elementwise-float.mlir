// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s --check-prefix=NONE
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s \
// RUN:   | %mlir_opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:   | FileCheck %s --check-prefix=BUF
// The output re-verifies in upstream mlir-opt and bufferizes to loops; no
// nabla op and no unsigned type is left.
// NONE-NOT: nabla.
// NONE-NOT: {{ui[0-9]+}}
// BUF-NOT: linalg.generic
// BUF-NOT: tensor.empty
//
// Float elementwise ops: one all-parallel linalg.generic per op, identity
// maps, a tensor.empty init, and arith/math on the scalars in the body.

// CHECK-DAG: #[[ID2:map[0-9]*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ID1:map[0-9]*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ID0:map[0-9]*]] = affine_map<() -> ()>

// CHECK-LABEL: func.func @add(
// CHECK-SAME: %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x3xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID2]], #[[ID2]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<2x3xf32>) outs(%[[E]] : tensor<2x3xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: return %[[R]] : tensor<2x3xf32>
func.func @add(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.add"(%a, %b) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @div_rem_pow(
// CHECK: %[[D:.*]] = linalg.generic {indexing_maps = [#[[ID1]], #[[ID1]], #[[ID1]]], iterator_types = ["parallel"]}
// CHECK: arith.divf %{{.*}}, %{{.*}} : f64
// CHECK: %[[M:.*]] = linalg.generic
// CHECK-SAME: ins(%[[D]], %{{.*}} : tensor<4xf64>, tensor<4xf64>)
// CHECK: arith.remf %{{.*}}, %{{.*}} : f64
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[M]], %{{.*}} : tensor<4xf64>, tensor<4xf64>)
// CHECK: math.powf %{{.*}}, %{{.*}} : f64
func.func @div_rem_pow(%a: tensor<4xf64>, %b: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "nabla.div"(%a, %b) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %1 = "nabla.rem"(%0, %b) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  %2 = "nabla.pow"(%1, %b) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  return %2 : tensor<4xf64>
}

// max/min propagate NaN like lax.max/lax.min: maximumf/minimumf, not maxnumf.
// CHECK-LABEL: func.func @max_min(
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f16
// CHECK: arith.minimumf %{{.*}}, %{{.*}} : f16
func.func @max_min(%a: tensor<4xf16>, %b: tensor<4xf16>) -> tensor<4xf16> {
  %0 = "nabla.max"(%a, %b) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %1 = "nabla.min"(%0, %b) : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %1 : tensor<4xf16>
}

// CHECK-LABEL: func.func @unary(
// CHECK: math.exp %{{.*}} : f32
// CHECK: math.log %{{.*}} : f32
// log1p and expm1 of f32 are evaluated in f64 and rounded once, in the
// cancellation-free forms (see to_linalg.c); tanh of f32 is XLA's rational
// approximation: clamp, Horner's rule in FMAs on x^2, one division, the
// small-x and large-x selects.
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK: math.log %{{.*}} : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: math.exp %{{.*}} : f64
// CHECK: math.log %{{.*}} : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: arith.maximumf %{{.*}} : f32
// CHECK: arith.minimumf %{{.*}} : f32
// CHECK-COUNT-6: math.fma %{{.*}} : f32
// CHECK-COUNT-3: math.fma %{{.*}} : f32
// CHECK: arith.divf %{{.*}} : f32
// CHECK: arith.select
// CHECK: arith.select
// CHECK: arith.select
// CHECK-NOT: math.log1p
// CHECK-NOT: math.expm1
// CHECK: math.sqrt %{{.*}} : f32
// CHECK: math.rsqrt %{{.*}} : f32
// CHECK: math.sin %{{.*}} : f32
// CHECK: math.cos %{{.*}} : f32
// CHECK: math.absf %{{.*}} : f32
// CHECK: arith.negf %{{.*}} : f32
func.func @unary(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.exp"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "nabla.log"(%0) : (tensor<4xf32>) -> tensor<4xf32>
  %2 = "nabla.log1p"(%1) : (tensor<4xf32>) -> tensor<4xf32>
  %3 = "nabla.expm1"(%2) : (tensor<4xf32>) -> tensor<4xf32>
  %4 = "nabla.tanh"(%3) : (tensor<4xf32>) -> tensor<4xf32>
  %5 = "nabla.sqrt"(%4) : (tensor<4xf32>) -> tensor<4xf32>
  %6 = "nabla.rsqrt"(%5) : (tensor<4xf32>) -> tensor<4xf32>
  %7 = "nabla.sin"(%6) : (tensor<4xf32>) -> tensor<4xf32>
  %8 = "nabla.cos"(%7) : (tensor<4xf32>) -> tensor<4xf32>
  %9 = "nabla.abs"(%8) : (tensor<4xf32>) -> tensor<4xf32>
  %10 = "nabla.neg"(%9) : (tensor<4xf32>) -> tensor<4xf32>
  return %10 : tensor<4xf32>
}

// sign: x > 0 ? 1 : x < 0 ? -1 : x, so NaN and +-0 map to themselves
// (ordered compares are false for them).
// tanh of f64 stays libm's (more accurate than XLA's f64 approximation).
// CHECK-LABEL: func.func @tanh_f64(
// CHECK: math.tanh %{{.*}} : f64
// CHECK-NOT: math.fma
// CHECK: linalg.yield
func.func @tanh_f64(%a: tensor<4xf64>) -> tensor<4xf64> {
  %0 = "nabla.tanh"(%a) : (tensor<4xf64>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// CHECK-LABEL: func.func @sign(
// CHECK: ^bb0(%[[X:.*]]: bf16, %{{.*}}: bf16):
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : bf16
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : bf16
// CHECK-DAG: %[[M1:.*]] = arith.constant -1.000000e+00 : bf16
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[X]], %[[ZERO]] : bf16
// CHECK: %[[NEG:.*]] = arith.select %[[LT]], %[[M1]], %[[X]] : bf16
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[ZERO]] : bf16
// CHECK: %[[S:.*]] = arith.select %[[GT]], %[[ONE]], %[[NEG]] : bf16
// CHECK: linalg.yield %[[S]] : bf16
func.func @sign(%a: tensor<4xbf16>) -> tensor<4xbf16> {
  %0 = "nabla.sign"(%a) : (tensor<4xbf16>) -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// CHECK-LABEL: func.func @logistic(
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[N:.*]] = arith.negf %[[X]] : f32
// CHECK: %[[E:.*]] = math.exp %[[N]] : f32
// CHECK: %[[D:.*]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK: %[[R:.*]] = arith.divf %[[ONE]], %[[D]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @logistic(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.logistic"(%a) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// x^-5 = 1 / (x * (x^2)^2): squaring, then one reciprocal.
// CHECK-LABEL: func.func @integer_pow(
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[X2:.*]] = arith.mulf %[[X]], %[[X]] : f32
// CHECK: %[[X4:.*]] = arith.mulf %[[X2]], %[[X2]] : f32
// CHECK: %[[X5:.*]] = arith.mulf %[[X]], %[[X4]] : f32
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[R:.*]] = arith.divf %[[ONE]], %[[X5]] : f32
// CHECK: linalg.yield %[[R]] : f32
func.func @integer_pow(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.integer_pow"(%a) {y = -5 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @integer_pow_zero(
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: linalg.yield %[[ONE]] : f32
func.func @integer_pow_zero(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.integer_pow"(%a) {y = 0 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// Rank 0: a generic with no loops.
// CHECK-LABEL: func.func @scalar(
// CHECK: linalg.generic {indexing_maps = [#[[ID0]], #[[ID0]], #[[ID0]]], iterator_types = []}
// CHECK: arith.mulf %{{.*}}, %{{.*}} : f32
func.func @scalar(%a: tensor<f32>) -> tensor<f32> {
  %0 = "nabla.mul"(%a, %a) : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// fma rounds once: math.fma, not mulf then addf.
// CHECK-LABEL: func.func @fma(
// CHECK: linalg.generic
// CHECK: ^bb0(%[[X:.*]]: f64, %[[Y:.*]]: f64, %[[Z:.*]]: f64, %{{.*}}: f64):
// CHECK-NOT: arith.mulf
// CHECK: %[[F:.*]] = math.fma %[[X]], %[[Y]], %[[Z]] : f64
// CHECK: linalg.yield %[[F]] : f64
func.func @fma(%a: tensor<5xf64>, %b: tensor<5xf64>, %c: tensor<5xf64>) -> tensor<5xf64> {
  %0 = "nabla.fma"(%a, %b, %c) : (tensor<5xf64>, tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
  return %0 : tensor<5xf64>
}
