/* test_rule_tables.c — every op of the dialect has a verifier rule
 * (verify/verify.c), a lowering to linalg (to_linalg/to_linalg.c), a
 * forward-mode (transforms/jvp.c), a reverse-mode (transforms/vjp.c) and a
 * batching (transforms/batch.c) rule.
 *
 * Why a test: the IRDL file is the one list of ops, and the build generates
 * the compiler's op list from it (nabla_ops.def, dialect/ops.c); the rule
 * tables are written by hand. Checking each table against that list means
 * that adding an op without its rules fails the build's tests, with every
 * missing op and table named at once. Entries naming no op of the dialect
 * are reported too (a renamed op would otherwise leave a dead rule behind).
 * The generated list is itself checked against the IRDL file read here (its
 * path comes from CMake). There are no exceptions, and the tests below
 * admit none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "autodiff.h"
#include "dialect.h"
#include "to_linalg.h"
#include "verify.h"

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
  for (int i = 0; i < ops->n; i++)
    for (int j = 0; j < i; j++)
      assert_string_not_equal(ops->names[i], ops->names[j]);
}

static bool in_dialect(const op_names *ops, const char *name) {
  for (int i = 0; i < ops->n; i++)
    if (strcmp(ops->names[i], name) == 0)
      return true;
  return false;
}

/* One table: has(op) says whether op has a rule in it, entry(i) names its
 * i-th entry (NULL at the end). Every op needs a rule; every entry an op. */
typedef struct {
  const char *what; /* "JVP rule (lowering/transforms/jvp.c)" */
  bool (*has)(const char *op);
  const char *(*entry)(size_t i);
} table;

static void check_table(const table *t) {
  int missing = 0;
  for (size_t i = 0; i < nb_dialect_op_count(); i++)
    if (!t->has(nb_dialect_op_name(i))) {
      fprintf(stderr, "no %s for %s\n", t->what, nb_dialect_op_name(i));
      missing++;
    }
  for (size_t i = 0; t->entry(i); i++)
    if (!nb_dialect_has_op(t->entry(i))) {
      fprintf(stderr, "%s table entry %s names no op of the dialect\n", t->what, t->entry(i));
      missing++;
    }
  assert_int_equal(missing, 0);
}

static bool has_jvp(const char *op) {
  const nb_jvp_entry *e = nb_find_jvp(op);
  return e && e->rule;
}
static const char *jvp_entry(size_t i) { return nb_jvp_table[i].name; }
static bool has_vjp(const char *op) {
  const nb_vjp_entry *e = nb_find_vjp(op);
  return e && e->rule;
}
static const char *vjp_entry(size_t i) { return nb_vjp_table[i].name; }
static bool has_batch(const char *op) {
  const nb_batch_entry *e = nb_find_batch(op);
  return e && e->rule;
}
static const char *batch_entry(size_t i) { return nb_batch_table[i].name; }

/* The generated list is the IRDL file's ops, each once, in order. */
static void op_list_is_the_irdl_files(void **state) {
  (void)state;
  op_names ops;
  read_ops(&ops);
  assert_int_equal(nb_dialect_op_count(), ops.n);
  for (int i = 0; i < ops.n; i++) {
    assert_string_equal(nb_dialect_op_name((size_t)i), ops.names[i]);
    assert_true(in_dialect(&ops, nb_dialect_op_name((size_t)i)));
  }
  assert_null(nb_dialect_op_name((size_t)ops.n));
  assert_false(nb_dialect_has_op("nabla.no_such_op"));
}

static void every_op_has_a_verifier_rule(void **state) {
  (void)state;
  check_table(&(table){"verifier rule (lowering/verify/verify.c)", nb_has_verify_rule,
                       nb_verify_rule_name});
}

static void every_op_has_a_lowering(void **state) {
  (void)state;
  check_table(&(table){"lowering to linalg (lowering/to_linalg/to_linalg.c)", nb_has_linalg_rule,
                       nb_linalg_rule_name});
}

static void every_op_has_a_jvp_rule(void **state) {
  (void)state;
  check_table(&(table){"JVP rule (lowering/transforms/jvp.c)", has_jvp, jvp_entry});
}

static void every_op_has_a_vjp_rule(void **state) {
  (void)state;
  check_table(&(table){"VJP rule (lowering/transforms/vjp.c)", has_vjp, vjp_entry});
}

static void every_op_has_a_batch_rule(void **state) {
  (void)state;
  check_table(&(table){"batching rule (lowering/transforms/batch.c)", has_batch, batch_entry});
}

/* The lookups must not invent rules for ops that do not exist. */
static void unknown_ops_have_no_rule(void **state) {
  (void)state;
  assert_null(nb_find_jvp("nabla.no_such_op"));
  assert_null(nb_find_vjp("nabla.no_such_op"));
  assert_null(nb_find_batch("nabla.no_such_op"));
  assert_false(nb_has_linalg_rule("nabla.no_such_op"));
  assert_false(nb_has_verify_rule("nabla.no_such_op"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(op_list_is_the_irdl_files),
      cmocka_unit_test(every_op_has_a_verifier_rule),
      cmocka_unit_test(every_op_has_a_lowering),
      cmocka_unit_test(every_op_has_a_jvp_rule),
      cmocka_unit_test(every_op_has_a_vjp_rule),
      cmocka_unit_test(every_op_has_a_batch_rule),
      cmocka_unit_test(unknown_ops_have_no_rule),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
