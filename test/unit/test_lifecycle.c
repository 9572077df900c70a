/* test_lifecycle.c — modules in every state are printed and destroyed
 * without crashing or leaking (ctest also runs this under valgrind): empty,
 * clean, with errors, with unfinished and failed functions, after a failed
 * nb_compile. (A real compile is in test_compile.c: it runs the back end,
 * whose leaks are not the frontend's.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "nabla/nabla.h"

static nb_fn *clean_fn(nb_module *m, const char *name) {
  nb_fn *f = nb_function(m, name);
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(4));
  nb_value y = nb_arg(f, "y", NB_F32, NB_SHAPE(2, 4));
  nb_return(f, nb_sum(nb_mul(nb_add(x, y), nb_scalar(f, 0.5)), NB_AXES(1)));
  return f;
}

static void test_empty_and_null(void **state) {
  (void)state;
  nb_module_destroy(NULL);
  nb_module *m = nb_module_create("empty");
  assert_non_null(strstr(nb_module_print(m, false), "module"));
  assert_int_equal(nb_module_errors(m), 0);
  assert_null(nb_function(NULL, "f"));
  assert_false(nb_value_valid(nb_arg(NULL, "x", NB_F32, NB_SHAPE())));
  nb_return(NULL, (nb_value){0});
  nb_module_destroy(m);
}

static void test_clean_module(void **state) {
  (void)state;
  nb_module *m = nb_module_create("clean");
  nb_fn *f = clean_fn(m, "f");
  nb_fn *g = nb_function(m, "g");
  nb_value a = nb_arg(g, "a", NB_F32, NB_SHAPE(4));
  nb_value b = nb_arg(g, "b", NB_F32, NB_SHAPE(2, 4));
  nb_value outs[1];
  assert_int_equal(nb_call(f, outs, 1, a, b), 1);
  nb_return(g, outs[0], nb_call1(f, a, b));
  nb_export(g, .c_name = "gee");
  const char *text = nb_module_print(m, true);
  assert_non_null(strstr(text, "func.func private @f"));
  assert_non_null(strstr(text, "nabla.c_name = \"gee\""));
  assert_non_null(strstr(nb_module_print(m, false), "call @f"));
  assert_int_equal(nb_module_errors(m), 0);
  nb_module_destroy(m);
}

static void test_module_with_errors(void **state) {
  (void)state;
  nb_module *m = nb_module_create("errors");
  nb_fn *f = nb_function(m, "f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(3));
  nb_value bad = nb_add(x, nb_arg(f, "y", NB_F32, NB_SHAPE(4)));
  nb_value ok = nb_exp(x);
  nb_return(f, ok, bad); /* failed: the body stays detached */
  nb_fn *g = nb_function(m, "g"); /* unfinished, with ops */
  nb_value z = nb_arg(g, "z", NB_I8, NB_SHAPE(2, 2));
  nb_matmul(z, nb_scalar_int(g, 3));
  nb_call1(f, z); /* failed callee: silent */
  nb_function(m, "f"); /* duplicate name */
  nb_function(m, "not an identifier");
  assert_int_equal(nb_module_errors(m), 4);
  assert_non_null(nb_module_print(m, true));
  assert_int_not_equal(nb_compile(m), 0);
  nb_module_destroy(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_empty_and_null),
      cmocka_unit_test(test_clean_module),
      cmocka_unit_test(test_module_with_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
