/* test_compile.c — nb_compile hands the back end a copy: the module is
 * intact, printable and destroyable afterwards, whatever the back end says. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
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

static void test_compile_keeps_module(void **state) {
  (void)state;
  char dir[] = "/tmp/nabla_lifecycle_XXXXXX";
  assert_non_null(mkdtemp(dir));
  nb_module *m = nb_module_create("keep");
  nb_export(clean_fn(m, "f"));
  char *before = strdup(nb_module_print(m, false));
  /* whatever the back end answers, the module is still ours and intact */
  (void)nb_compile(m, .out = "keep", .out_dir = dir, .dump_mlir = true);
  assert_string_equal(before, nb_module_print(m, false));
  free(before);
  nb_module_destroy(m);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_compile_keeps_module),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
