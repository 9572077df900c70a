/* random.h — what random_bits.c and random.c share (private to the DSL's
 * PRNG). random_bits.c knows Threefry's two layouts (keys, split, fold_in,
 * random bits); random.c builds the samplers on top of random bits, as
 * jax.random does. */
#ifndef NABLA_FRONTEND_RANDOM_H
#define NABLA_FRONTEND_RANDOM_H

#include "frontend.h"

/* Where a public PRNG call came from: errors and locations use it. */
typedef struct nb_rnd {
  nb_fn *fn;
  const char *file;
  int line;
  const char *op;
  MlirLocation loc;
} nb_rnd;

/* True when fn's module draws in JAX's legacy layout
 * (jax_threefry_partitionable=False). */
bool nb_rnd_legacy(nb_fn *fn);
/* Checks that key is uint32[2] of a live function; fills r. */
bool nb_rnd_begin(nb_rnd *r, nb_value key, const char *file, int line, const char *op);
/* The same for a draw of `shape` (checked too: a valid shape of fewer
 * than 2^31 elements). */
bool nb_rnd_begin_draw(nb_rnd *r, nb_value key, nb_shape shape, const char *file, int line,
                       const char *op);
/* Checks x, the operand of r's op after key, as any op's operands (a
 * value of key's function); its value, or NULL after an error. */
nb_val *nb_rnd_operand(nb_rnd *r, nb_value key, nb_value x);

/* Ops on values whose types already agree (no promotion, no broadcast). */
nb_value nb_rnd_op1(nb_rnd *r, const char *name, nb_value x);
nb_value nb_rnd_op2(nb_rnd *r, const char *name, nb_value a, nb_value b);
nb_value nb_rnd_op3(nb_rnd *r, const char *name, nb_value a, nb_value b, nb_value c);
/* A strongly typed splat; ints give their low bits, floats use `f`. */
nb_value nb_rnd_int(nb_rnd *r, nb_dtype dt, nb_shape s, uint64_t v);
nb_value nb_rnd_float(nb_rnd *r, nb_dtype dt, nb_shape s, double f);
nb_value nb_rnd_convert(nb_rnd *r, nb_value x, nb_dtype dt);
nb_value nb_rnd_bitcast(nb_rnd *r, nb_value x, nb_dtype dt);
int64_t nb_rnd_size(nb_shape s);

/* `bits` (8, 16, 32, 64) random bits per element of `shape`, as
 * jax.random's _random_bits in the module's layout; dtype u<bits>. */
nb_value nb_rnd_bits(nb_rnd *r, nb_value key, int bits, nb_shape shape);
/* split(key, n) as a (n, 2) uint32 value. */
nb_value nb_rnd_split(nb_rnd *r, nb_value key, int64_t n);

#endif
