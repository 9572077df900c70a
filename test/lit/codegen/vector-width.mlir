// RUN: nablac %s --emit=llvm --name lib --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=AVX2
// RUN: nablac %s --emit=llvm --name lib --mcpu=znver4 --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=AVX512
// RUN: nablac %s --emit=llvm --name lib --mcpu=x86-64-v4 --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=AVX512
// RUN: nablac %s --emit=llvm --name lib --mcpu=x86-64-v3 --mattr=+avx512f --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=AVX512
// RUN: nablac %s --emit=llvm --name lib --mcpu=znver4 --mattr=-avx512f --print-ir-after=nabla-cpu-schedule 2>&1 >/dev/null | FileCheck %s --check-prefix=AVX2
// The register tile follows the target's vector registers: 4x16 (8 ymm
// accumulators) for AVX2, the portable default; 8x32 (16 zmm) when the CPU
// has AVX-512 (a named CPU, x86-64-v4, or +avx512f); -avx512f wins over
// the CPU. Transposes tile by one register's lanes: 8x8 or 16x16.

// AVX2-LABEL: func.func @mm(
// AVX2: vector.contract {{.*}} vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// AVX512-LABEL: func.func @mm(
// AVX512: vector.contract {{.*}} vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
func.func @mm(%a: tensor<128x256xf32> {nabla.name = "a"}, %b: tensor<256x512xf32> {nabla.name = "b"}) -> tensor<128x512xf32> {
  %0 = "nabla.dot_general"(%a, %b) {lhs_batch_dimensions = array<i64>, rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 1>, rhs_contracting_dimensions = array<i64: 0>} : (tensor<128x256xf32>, tensor<256x512xf32>) -> tensor<128x512xf32>
  return %0 : tensor<128x512xf32>
}

// AVX2-LABEL: func.func @tr(
// AVX2: vector.transpose {{.*}} : vector<8x8xf32> to vector<8x8xf32>
// AVX512-LABEL: func.func @tr(
// AVX512: vector.transpose {{.*}} : vector<16x16xf32> to vector<16x16xf32>
func.func @tr(%a: tensor<64x128xf32> {nabla.name = "a"}) -> tensor<128x64xf32> {
  %0 = "nabla.transpose"(%a) {permutation = array<i64: 1, 0>} : (tensor<64x128xf32>) -> tensor<128x64xf32>
  return %0 : tensor<128x64xf32>
}
