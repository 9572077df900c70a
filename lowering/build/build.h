/* build.h — builders for upstream ops created by name (linalg_build.c):
 * arith, math, tensor and linalg.generic, used by every room that creates
 * IR (the transforms build nabla ops on the same nb_builder: nabla_build.c). */
#ifndef NABLA_BUILD_H
#define NABLA_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include <mlir-c/IR.h>

/* Builders for upstream ops created by name. New ops go before `anchor` when
 * it is set, else at the end of `block`; all get `loc`. Element and tensor
 * types are made signless (ui32 -> i32) where the builder picks a type. */
typedef struct nb_builder {
  MlirContext ctx;
  MlirLocation loc;
  MlirBlock block;
  MlirOperation anchor;
} nb_builder;

nb_builder nb_builder_before(MlirOperation op);
nb_builder nb_builder_at_end(MlirBlock block, MlirLocation loc);

/* Inserts a created op where the builder points. */
void nb_build_insert(nb_builder *b, MlirOperation op);
/* Creates op `name` and inserts it; no regions. */
MlirOperation nb_build_op(nb_builder *b, const char *name, intptr_t n_operands,
                          const MlirValue *operands, intptr_t n_results,
                          const MlirType *results, intptr_t n_attrs,
                          const MlirNamedAttribute *attrs);
MlirNamedAttribute nb_named(MlirContext ctx, const char *name, MlirAttribute a);
/* Parses printf-formatted attribute text (null attribute on error). */
MlirAttribute nb_parse_attr(MlirContext ctx, const char *fmt, ...);

/* ui<N> -> i<N>, also inside a ranked tensor type; other types unchanged. */
MlirType nb_signless(MlirType t);
/* Signless element type of a tensor value. */
MlirType nb_element_type(MlirValue tensor);

/* One-result ops: nb_build1/2 give the result the first operand's type. */
MlirValue nb_build_n(nb_builder *b, const char *name, int n, const MlirValue *args,
                     MlirType result);
MlirValue nb_build1(nb_builder *b, const char *name, MlirValue x);
MlirValue nb_build2(nb_builder *b, const char *name, MlirValue x, MlirValue y);
MlirValue nb_build_cast(nb_builder *b, const char *name, MlirValue x, MlirType to);
/* arith.cmpf / arith.cmpi with the enum's integer predicate. */
MlirValue nb_build_cmp(nb_builder *b, const char *name, int64_t predicate,
                       MlirValue x, MlirValue y);
/* arith.constant of a typed attribute (scalar or dense). */
MlirValue nb_build_constant(nb_builder *b, MlirAttribute value);
/* Scalar arith.constant of a float or integer type. */
MlirValue nb_build_scalar(nb_builder *b, MlirType t, double value);
MlirValue nb_build_int(nb_builder *b, MlirType t, int64_t value);
MlirValue nb_build_empty(nb_builder *b, MlirType tensor);

/* affine_map<(d0..d{n_loops-1}) -> (...)>: dims[i] >= 0 is loop dim dims[i],
 * -1 is the constant 0 (a broadcast size-1 dim). */
MlirAttribute nb_map_attr(MlirContext ctx, int n_loops, int n_results, const int *dims);
MlirAttribute nb_identity_map(MlirContext ctx, int n_loops);

/* Builds the scalar body of a linalg.generic from its block arguments (one
 * per input, then the output's); returns the value to yield. */
typedef MlirValue (*nb_body_fn)(nb_builder *body, const MlirValue *args, void *user);
typedef struct nb_generic {
  int n_loops;
  int n_inputs;
  const MlirValue *inputs;
  const MlirAttribute *maps; /* n_inputs + 1: inputs, then the init */
  const bool *reduction;     /* n_loops iterator kinds; NULL: all parallel */
  MlirValue init;            /* the output tensor; the result has its type */
  nb_body_fn body;
  void *user;
} nb_generic;
MlirValue nb_build_generic(nb_builder *b, const nb_generic *g);
/* A tensor of `tensor`'s type with every element `scalar`. */
MlirValue nb_build_fill(nb_builder *b, MlirType tensor, MlirValue scalar);

/* scf.for %iv = lb to ub step 1 iter_args(%acc = init): `body` builds the
 * loop body (at its end) and returns the value it yields; the loop's result
 * has init's type. Loop-carried tensors let bufferization update in place. */
typedef MlirValue (*nb_loop_body)(nb_builder *body, MlirValue iv, MlirValue acc, void *user);
MlirValue nb_build_for(nb_builder *b, int64_t lb, int64_t ub, MlirValue init, nb_loop_body body,
                       void *user);

#endif
