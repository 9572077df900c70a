// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg,one-shot-bufferize{bufferize-function-boundaries},convert-linalg-to-loops,convert-math-to-funcs,expand-strided-metadata,lower-affine,convert-scf-to-cf,convert-to-llvm,reconcile-unrealized-casts)' %nabla_src/test/lit/dialect/roundtrip-all-ops.mlir | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg,one-shot-bufferize{bufferize-function-boundaries},convert-linalg-to-loops,convert-math-to-funcs,expand-strided-metadata,lower-affine,convert-scf-to-cf,convert-to-llvm,reconcile-unrealized-casts)' %nabla_src/test/lit/dialect/roundtrip-all-ops.mlir | FileCheck %s --check-prefix=NONE
// The lowering of every op (one function each in the round-trip test) goes
// all the way down to the LLVM dialect with upstream passes only.
// NONE-NOT: nabla.
// NONE-NOT: linalg.
// NONE-NOT: {{ui[0-9]+}}
// CHECK-LABEL: llvm.func @neg(
// CHECK-LABEL: llvm.func @logistic(
// CHECK-LABEL: llvm.func @integer_pow(
// CHECK-LABEL: llvm.func @constant(
// CHECK-LABEL: llvm.func @iota(
// CHECK-LABEL: llvm.func @convert(
// CHECK-LABEL: llvm.func @broadcast_in_dim(
// CHECK-LABEL: llvm.func @reshape(
// CHECK-LABEL: llvm.func @slice(
// CHECK-LABEL: llvm.func @reduce_min(
// CHECK-LABEL: llvm.func @dot_general(
// CHECK-LABEL: llvm.func @is_finite(
// CHECK-LABEL: llvm.func @atan2(
// CHECK-LABEL: llvm.func @dynamic_slice(
// CHECK-LABEL: llvm.func @dynamic_update_slice(
// CHECK-LABEL: llvm.func @rev(
// CHECK-LABEL: llvm.func @concatenate(
// CHECK-LABEL: llvm.func @argmax(
// CHECK-LABEL: llvm.func @argmin(
// CHECK-LABEL: llvm.func @gather(
// CHECK-LABEL: llvm.func @scatter(
// CHECK-LABEL: llvm.func @scatter_add(
// CHECK-LABEL: llvm.func @scatter_mul(
// CHECK-LABEL: llvm.func @scatter_min(
// CHECK-LABEL: llvm.func @scatter_max(
// CHECK-LABEL: llvm.func @round(
// CHECK-LABEL: llvm.func @clamp(
// CHECK-LABEL: llvm.func @nextafter(
// CHECK-LABEL: llvm.func @reduce_prod(
// CHECK-LABEL: llvm.func @cumsum(
// CHECK-LABEL: llvm.func @cumprod(
// CHECK-LABEL: llvm.func @cummax(
// CHECK-LABEL: llvm.func @cummin(
// CHECK-LABEL: llvm.func @sort(
