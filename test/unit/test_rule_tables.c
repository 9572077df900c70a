/* test_rule_tables.c — every op of the dialect has a forward-mode (jvp.c),
 * a reverse-mode (vjp.c) and a batching (batch.c) rule.
 *
 * Why a test: the IRDL file is the one list of ops; the rule tables are
 * written by hand. Reading the IRDL file here (its path comes from CMake)
 * means that adding an op without its rules fails the build's tests, with
 * every missing op listed at once. Entries naming no op of the dialect are
 * reported too (a renamed op would otherwise leave a dead rule behind).
 * to_linalg.c exports no lookup function, so its table is not checked here
 * (the lowering lit tests cover every op). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "autodiff.h"

enum { MAX_OPS = 512, NAME_LEN = 64 };

typedef struct {
  char names[MAX_OPS][NAME_LEN]; /* "nabla.add" */
  int n;
} op_names;

/* Every `irdl.operation @name` of the IRDL file, as "nabla.name". */
static void read_ops(op_names *ops) {
  FILE *f = fopen(NABLA_IRDL_PATH, "r");
  assert_non_null(f);
  char line[512];
  ops->n = 0;
  static const char key[] = "irdl.operation @";
  while (fgets(line, sizeof line, f)) {
    char *p = strstr(line, key);
    char *comment = strstr(line, "//");
    if (!p || (comment && comment < p))
      continue;
    p += sizeof key - 1;
    size_t len = strcspn(p, " {\n");
    assert_true(len > 0 && len + 7 < NAME_LEN && ops->n < MAX_OPS);
    snprintf(ops->names[ops->n++], NAME_LEN, "nabla.%.*s", (int)len, p);
  }
  fclose(f);
  assert_true(ops->n > 30); /* the file was read, not silently empty */
}

static bool in_dialect(const op_names *ops, const char *name) {
  for (int i = 0; i < ops->n; i++)
    if (strcmp(ops->names[i], name) == 0)
      return true;
  return false;
}

static void every_op_has_a_jvp_rule(void **state) {
  (void)state;
  op_names ops;
  read_ops(&ops);
  int missing = 0;
  for (int i = 0; i < ops.n; i++) {
    const nb_jvp_entry *e = nb_find_jvp(ops.names[i]);
    if (!e || !e->rule) {
      fprintf(stderr, "no JVP rule (lowering/jvp.c) for %s\n", ops.names[i]);
      missing++;
    }
  }
  for (const nb_jvp_entry *e = nb_jvp_table; e->name; e++)
    if (!in_dialect(&ops, e->name)) {
      fprintf(stderr, "JVP table entry %s names no op of the dialect\n", e->name);
      missing++;
    }
  assert_int_equal(missing, 0);
}

static void every_op_has_a_vjp_rule(void **state) {
  (void)state;
  op_names ops;
  read_ops(&ops);
  int missing = 0;
  for (int i = 0; i < ops.n; i++) {
    const nb_vjp_entry *e = nb_find_vjp(ops.names[i]);
    if (!e || !e->rule) {
      fprintf(stderr, "no VJP rule (lowering/vjp.c) for %s\n", ops.names[i]);
      missing++;
    }
  }
  for (const nb_vjp_entry *e = nb_vjp_table; e->name; e++)
    if (!in_dialect(&ops, e->name)) {
      fprintf(stderr, "VJP table entry %s names no op of the dialect\n", e->name);
      missing++;
    }
  assert_int_equal(missing, 0);
}

static void every_op_has_a_batch_rule(void **state) {
  (void)state;
  op_names ops;
  read_ops(&ops);
  int missing = 0;
  for (int i = 0; i < ops.n; i++) {
    const nb_batch_entry *e = nb_find_batch(ops.names[i]);
    if (!e || !e->rule) {
      fprintf(stderr, "no batching rule (lowering/batch.c) for %s\n", ops.names[i]);
      missing++;
    }
  }
  for (const nb_batch_entry *e = nb_batch_table; e->name; e++)
    if (!in_dialect(&ops, e->name)) {
      fprintf(stderr, "batching table entry %s names no op of the dialect\n", e->name);
      missing++;
    }
  assert_int_equal(missing, 0);
}

/* The lookups must not invent rules for ops that do not exist. */
static void unknown_ops_have_no_rule(void **state) {
  (void)state;
  assert_null(nb_find_jvp("nabla.no_such_op"));
  assert_null(nb_find_vjp("nabla.no_such_op"));
  assert_null(nb_find_batch("nabla.no_such_op"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_op_has_a_jvp_rule),
      cmocka_unit_test(every_op_has_a_vjp_rule),
      cmocka_unit_test(every_op_has_a_batch_rule),
      cmocka_unit_test(unknown_ops_have_no_rule),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
