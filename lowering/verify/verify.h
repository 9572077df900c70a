/* verify.h — nabla-verify (verify.c): the checks IRDL cannot express. One
 * file: a rule per op (element class + an optional check), checked against
 * the dialect's op list by test_rule_tables.c. Walks nested regions. */
#ifndef NABLA_VERIFY_H
#define NABLA_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mlir-c/IR.h>
#include <mlir-c/Pass.h>

/* nabla-verify: the checks IRDL cannot express (element-type classes, shape
 * relations, attribute ranges). Emits an error at the op's location. */
bool nb_verify_module(MlirOperation module, void *user);
bool nb_add_verify_pass(MlirOpPassManager pm);

/* One nabla op's checks; false after an error at its location. Passes that
 * may meet unverified IR (nabla-to-linalg run alone) check each op first. */
bool nb_verify_op(MlirOperation op);
/* The rule table, for the completeness test: entry i's op name (NULL past
 * the end), and whether an op has a rule. */
const char *nb_verify_rule_name(size_t i);
bool nb_has_verify_rule(const char *op_name);

#endif
