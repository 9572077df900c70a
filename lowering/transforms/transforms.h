/* transforms.h — the pieces the transforms room's files share (the contract
 * the rest of the compiler sees is autodiff.h):
 *   inline.c           cloning a function's body with calls inlined
 *   transforms_ad.c    the forward (JVP) and reverse (VJP) sweeps
 *   transforms_kinds.c the table of transform kinds (jvp, vjp, grad, ...)
 *   transforms_vmap.c  vmap's checks and batched body (rule table in batch.c)
 *   expand_transforms.c the driver: ordering, options, signatures, errors
 *   simplify.c         DCE, CSE and folding, also run on generated bodies
 */
#ifndef NABLA_TRANSFORMS_H
#define NABLA_TRANSFORMS_H

#include <stddef.h>

#include "autodiff.h"
#include "ir.h"

/* ---- inline.c ---- */

typedef enum { NB_INLINE_OK, NB_INLINE_WAIT, NB_INLINE_ERROR } nb_inline_status;

/* Inlines a call of `callee` with `args` into `into` (appending): clones its
 * ops with a value map, inlining every func.call recursively, and writes the
 * values it returns to results. Only nabla ops, func.call and func.return may
 * appear. A call that reaches a declaration still tagged with a transform of
 * `is_pending` (NULL: none is) gives NB_INLINE_WAIT and *waiting_on that declaration; any
 * other problem emits an error (at the offending op, or at call_loc for the
 * callee itself, naming `why`, e.g. "nabla.grad of @f") and gives
 * NB_INLINE_ERROR. */
typedef bool (*nb_pending_fn)(MlirOperation func);
nb_inline_status nb_inline(MlirSymbolTable symtab, MlirOperation callee, MlirBlock into,
                           const MlirValue *args, MlirValue *results, nb_pending_fn is_pending,
                           MlirOperation *waiting_on, MlirLocation call_loc, const char *why);

/* ---- transforms_kinds.c ---- */

enum { NB_MAX_ARGS = 256 };

typedef struct nb_transform_kind nb_transform_kind;

/* One declaration being expanded (filled by the driver, expand_transforms.c). */
typedef struct nb_expansion {
  MlirOperation decl, callee;
  const nb_transform_kind *kind;
  MlirLocation loc;
  MlirType ftype; /* the callee's function type */
  intptr_t n_in, n_out;
  int64_t argnums[NB_MAX_ARGS];
  int n_argnums;
  bool has_aux;
  int64_t in_axes[NB_MAX_ARGS], out_axes[NB_MAX_ARGS], axis_size; /* vmap */
  char why[256]; /* "nabla.grad of @f": the prefix of every message */
  /* while building */
  MlirBlock block;      /* the new body: the declaration's arguments */
  const MlirValue *fwd; /* the callee's results, inlined into block */
  MlirValue *ret;       /* the values the body returns */
  int n_ret;
} nb_expansion;

/* A transform: the tag it answers to, what it checks, the signature it
 * gives, how it builds the body. */
struct nb_transform_kind {
  const char *attr; /* "nabla.grad" */
  /* Options and callee restrictions; false after an error at e->loc. */
  bool (*check)(nb_expansion *e);
  /* The types the declaration must have, appended to ins and outs. */
  void (*signature)(nb_expansion *e, MlirType *ins, int *n_ins, MlirType *outs, int *n_outs);
  /* Appends the derivative work to e->block and fills e->ret. */
  bool (*build)(nb_expansion *e, const nb_op_list *fwd_ops);
};
/* NULL-attr terminated; one entry per transform kind. */
extern const nb_transform_kind nb_transform_kinds[];

/* ---- transforms_vmap.c ---- */

/* nabla.vmap's entry in nb_transform_kinds (contract in autodiff.h). */
bool nb_vmap_check(nb_expansion *e);
void nb_vmap_signature(nb_expansion *e, MlirType *ins, int *n_ins, MlirType *outs, int *n_outs);
bool nb_vmap_build(nb_expansion *e, const nb_op_list *fwd_ops);

/* ---- simplify.c ---- */

/* DCE, CSE and splat folding in one function, to a fixed point. */
void nb_simplify_function(MlirOperation func);

#endif
