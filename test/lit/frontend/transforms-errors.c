// Transform errors name the caller's file:line and say what is wrong; the
// transform gives NULL, which nb_call, nb_export and further transforms
// accept without a second message.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("xerr");
  nb_fn *vec = nb_function(m, "vec");
  nb_value v = nb_arg(vec, "v", NB_F32, NB_SHAPE(3));
  nb_value i = nb_arg(vec, "i", NB_I32, NB_SHAPE());
  nb_return(vec, nb_exp(v));
  nb_fn *count = nb_function(m, "count");
  nb_value c = nb_arg(count, "c", NB_I32, NB_SHAPE(3));
  nb_return(count, nb_sum_all(c));
  nb_fn *pair = nb_function(m, "pair");
  nb_value p = nb_arg(pair, "p", NB_F32, NB_SHAPE());
  nb_return(pair, p, nb_neg(p));
  nb_fn *scal = nb_function(m, "scal");
  nb_value s = nb_arg(scal, "s", NB_F32, NB_SHAPE());
  nb_value k = nb_arg(scal, "k", NB_I32, NB_SHAPE());
  nb_fn *early = nb_grad(scal); /* no nb_return yet */
  nb_return(scal, nb_mul(s, k));

  nb_fn *bad[9]; /* one statement each: an initializer list has no order */
  bad[0] = nb_grad(vec);                             /* vector output */
  bad[1] = nb_grad(count);                           /* int output */
  bad[2] = nb_grad(scal, .argnums = NB_ARGS(2));     /* out of range */
  bad[3] = nb_grad(scal, .argnums = NB_ARGS(1));     /* int argument */
  bad[4] = nb_value_and_grad(scal, .has_aux = true); /* not a pair */
  bad[5] = nb_grad(pair);                            /* two results, no has_aux */
  bad[6] = nb_grad(scal, .argnums = NB_ARGS(0, -2)); /* repeated */
  bad[7] = nb_jvp(nb_grad(vec));                     /* one message, from nb_grad */
  bad[8] = early;
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE());
  nb_value r = nb_call1(bad[2], x, nb_scalar_int(f, 3));
  nb_export(bad[0]);
  nb_return(f, nb_add(r, x));
  int null = 0;
  for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++)
    null += bad[b] == NULL;
  printf("null: %d\n", null);
  printf("errors: %d\n", nb_module_errors(m));
  for (int e = 0; e < nb_module_errors(m); e++)
    printf("%s\n", nb_module_error(m, e));
  (void)i;
  nb_module_destroy(m);
  return 0;
}
// CHECK: null: 9
// CHECK-NEXT: errors: 9
// CHECK-NEXT: transforms-errors.c:23: nb_grad: function 'scal' has no nb_return yet; a function is transformed once it is finished
// CHECK-NEXT: transforms-errors.c:27: nb_grad: 'vec' returns float32(3,); grad needs a float scalar output (a loss): use nb_vjp to differentiate other outputs
// CHECK-NEXT: transforms-errors.c:28: nb_grad: 'count' returns int32(); grad needs a float scalar output
// CHECK-NEXT: transforms-errors.c:29: nb_grad: argnum 2 is out of range: 'scal' takes 2 arguments
// CHECK-NEXT: transforms-errors.c:30: nb_grad: cannot differentiate with respect to argument 1 ('k') of 'scal': it is int32(), and grad needs float arguments (as in JAX; nb_vjp accepts integer inputs)
// CHECK-NEXT: transforms-errors.c:31: nb_value_and_grad: has_aux: 'scal' must return a pair (loss, aux..), but it returns 1 result
// CHECK-NEXT: transforms-errors.c:32: nb_grad: 'pair' returns 2 results; grad needs a single float scalar (set .has_aux = true if it returns (loss, aux..), or use nb_vjp)
// CHECK-NEXT: transforms-errors.c:33: nb_grad: argnum 0 is repeated
// CHECK-NEXT: transforms-errors.c:34: nb_grad: 'vec' returns float32(3,)
