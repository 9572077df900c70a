/* main.c — calls the function compiled at build time. */
#include <stdio.h>

#include "affine.h"

int main(void) {
  const float x[AFFINE_F_X_SIZE] = {0, 1, 2};
  float y[AFFINE_F_OUT_SIZE];
  int status = affine_f(x, y);
  printf("status %d: %g %g %g\n", status, y[0], y[1], y[2]);
  return status;
}
