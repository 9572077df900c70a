// RUN: rm -rf %t && nablac %s -o %t --name hdr
// RUN: FileCheck %s < %t/hdr.h
// RUN: %cc -fsyntax-only -Wall -Wextra -Werror -include %t/hdr.h -x c /dev/null
// The header: guard, includes, ABI comment, per-buffer macros and the
// destination-passing prototype; names from nabla.name / nabla.c_name.

// CHECK:      #ifndef NABLA_GENERATED_HDR_H
// CHECK:      #include <stdbool.h>
// CHECK-NEXT: #include <stdint.h>
// CHECK:      extern "C" {

// CHECK:      /* hdr_predict(w: float32(2,3), x: int32(3,), arg2: uint8(), flag: bool(4,)) -> out: float64(2,) */
// CHECK-NEXT: #define HDR_PREDICT_W_RANK 2
// CHECK-NEXT: #define HDR_PREDICT_W_SHAPE {2, 3}
// CHECK-NEXT: #define HDR_PREDICT_W_SIZE 6
// CHECK-NEXT: #define HDR_PREDICT_X_RANK 1
// CHECK-NEXT: #define HDR_PREDICT_X_SHAPE {3}
// CHECK-NEXT: #define HDR_PREDICT_X_SIZE 3
// CHECK-NEXT: #define HDR_PREDICT_ARG2_RANK 0
// CHECK-NEXT: #define HDR_PREDICT_ARG2_SIZE 1
// CHECK-NEXT: #define HDR_PREDICT_FLAG_RANK 1
// CHECK:      #define HDR_PREDICT_OUT_SIZE 2
// CHECK-NEXT: int hdr_predict(const float *w, const int32_t *x, const uint8_t *arg2, const bool *flag, double *out);
func.func @predict(%w: tensor<2x3xf32> {nabla.name = "w"}, %x: tensor<3xi32> {nabla.name = "x"},
                   %u: tensor<ui8>, %b: tensor<4xi1> {nabla.name = "flag"}) -> tensor<2xf64> {
  %c = "nabla.constant"() {value = dense<1.0> : tensor<2xf64>} : () -> tensor<2xf64>
  return %c : tensor<2xf64>
}

// Several results are out0, out1, ...; a name clash gets a suffix; c_name
// renames the symbol; half floats are uint16_t.
// CHECK:      int hdr_pair(const uint16_t *out0, uint16_t *out0_, uint16_t *out1);
func.func @two_results(%h: tensor<2xbf16> {nabla.name = "out0"}) -> (tensor<2xbf16>, tensor<2xf16>) attributes {nabla.c_name = "pair"} {
  %c = "nabla.constant"() {value = dense<1.0> : tensor<2xf16>} : () -> tensor<2xf16>
  return %h, %c : tensor<2xbf16>, tensor<2xf16>
}

// Private functions are not in the header.
// CHECK-NOT:  helper
func.func private @helper(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
