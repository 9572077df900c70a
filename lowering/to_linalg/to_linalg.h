/* to_linalg.h — nabla-to-linalg: every nabla op to linalg/tensor/arith/math.
 *
 * Files:
 *   to_linalg.c   the pass: the driver and the one rule table (an entry per op)
 *   elementwise.c elementwise ops (unary, binary, compare, select, convert, ...)
 *   transcendental.c  scalar bodies of tanh, expm1, log1p, logistic (XLA's or
 *                 accurate formulas where LLVM's expansion is not)
 *   shape.c       broadcast_in_dim, reshape, transpose, slice, pad, iota, constant
 *   reduce.c      reductions and dot_general
 *   erf_inv.c     erf_inv's scalar body (XLA's formulas)
 *   threefry.c    threefry2x32 as one linalg.generic
 *   sort.c        sort_key_val through a private merge-sort function
 *   lower.h       what those files share (private to this room) */
#ifndef NABLA_TO_LINALG_H
#define NABLA_TO_LINALG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mlir-c/IR.h>
#include <mlir-c/Pass.h>

/* nabla-to-linalg: every nabla op -> linalg/tensor/arith/math; unsigned
 * element types become signless (their signedness lives in the op choice). */
bool nb_add_to_linalg_pass(MlirOpPassManager pm);
/* The rule table, for the completeness test: entry i's op name (NULL past
 * the end), and whether an op has a lowering. */
const char *nb_linalg_rule_name(size_t i);
bool nb_has_linalg_rule(const char *op_name);
/* The same, leaving nabla.dot_general for a later nabla-to-linalg (so that
 * elementwise fusion in between cannot fuse producers into contractions). */
bool nb_add_to_linalg_except_contractions_pass(MlirOpPassManager pm);

#endif
