/* bf16.c — the two helpers LLVM calls to round to bfloat16, __truncsfbf2
 * (float) and __truncdfbf2 (double).
 *
 * Why here: LLVM calls them where it legalizes a bf16 value it cannot keep
 * as an integer (a select or a reduction on bf16 in a scalar loop, an f64 ->
 * bf16 conversion), and expects them from the compiler's support library;
 * libgcc has them from GCC 13 on, Debian 12's GCC is 12, so programs linking
 * nabla's objects failed with "undefined symbol __truncsfbf2". A library
 * that does have them is not disturbed: ours come first in the link and are
 * correctly rounded as libgcc's are.
 *
 * The result is a bf16 in the low 16 bits of the first floating-point
 * return register (xmm0 on x86-64, the same register LLVM's bf16 calling
 * convention reads); C11 has no bf16 type, so the bits travel inside a
 * float. Round to nearest even; NaN stays NaN (quiet). */
#include <stdint.h>
#include <string.h>

float __truncsfbf2(float x);
float __truncdfbf2(double x);

static float bits_as_float(uint16_t h) {
  uint32_t u = h;
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

static uint16_t bf16_of_f32(float x) {
  uint32_t u;
  memcpy(&u, &x, sizeof u);
  if ((u & 0x7FFFFFFFu) > 0x7F800000u) /* NaN: keep sign and top payload, quiet */
    return (uint16_t)((u >> 16) | 0x0040u);
  return (uint16_t)((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

float __truncsfbf2(float x) { return bits_as_float(bf16_of_f32(x)); }

/* double -> float rounded to odd (toward zero, then the last bit set if
 * anything was dropped), then float -> bf16 to nearest even: float's 24
 * bits hold bf16's 8 plus two, so this is the correctly rounded double ->
 * bf16 (no double rounding). */
float __truncdfbf2(double x) {
  float f = (float)x;
  if (x == x && (double)f != x) {
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    double af = f < 0 ? -(double)f : (double)f, ax = x < 0 ? -x : x;
    if (af > ax) /* rounded away from zero: one step back */
      u -= 1;
    u |= 1;
    memcpy(&f, &u, sizeof f);
  }
  return bits_as_float(bf16_of_f32(f));
}
