/* lower.h — what nabla-to-linalg's files share (private to to_linalg/). */
#ifndef NABLA_LOWER_H
#define NABLA_LOWER_H

#include "build.h"
#include "to_linalg.h"

#include <stdio.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <mlir-c/Diagnostics.h>

#include "dialect.h"

/* ---- the rule every lowering function gets (to_linalg.c fills it) ---- */

enum { MAX_RANK = NB_IR_MAX_RANK };

typedef struct rule rule;

/* What a lowering function knows about the op it replaces. */
typedef struct lowering {
  MlirOperation op;
  nb_builder b;       /* inserts before op */
  const rule *r;
  nb_dtype dt;        /* dtype of operand 0 (of the result if no operand) */
  nb_dtype out_dt;    /* dtype of the result */
  MlirType out_type;  /* signless result tensor type */
  MlirType out_elem;  /* signless result element type */
  int rank;           /* rank of the result */
  MlirValue more[2];  /* results 1.. of a multi-result op (threefry2x32) */
} lowering;

/* Returns the replacement of the op's result, or a null value after an error. */
typedef MlirValue (*lower_fn)(lowering *l);

struct rule {
  const char *name;
  lower_fn lower;
  nb_body_fn body; /* scalar body of a linalg.generic, if the op has one */
  /* arith/math op by element class, for bodies that apply one op */
  const char *f, *s, *u, *b;
};

static inline MlirValue error(lowering *l, const char *what) {
  char msg[256];
  snprintf(msg, sizeof msg, "%s: %s", nb_op_name(l->op), what);
  mlirEmitError(mlirOperationGetLocation(l->op), msg);
  return (MlirValue){NULL};
}

static inline MlirAttribute attr(lowering *l, const char *name) {
  return mlirOperationGetAttributeByName(l->op, mlirStringRefCreateFromCString(name));
}

static inline MlirValue operand(lowering *l, int i) { return mlirOperationGetOperand(l->op, i); }

static inline int64_t dim(MlirValue v, int i) { return mlirShapedTypeGetDimSize(mlirValueGetType(v), i); }
static inline int rank_of(MlirValue v) { return (int)mlirShapedTypeGetRank(mlirValueGetType(v)); }

static inline int64_t num_elements(MlirType shaped) {
  int64_t n = 1;
  for (int64_t i = 0; i < mlirShapedTypeGetRank(shaped); i++)
    n *= mlirShapedTypeGetDimSize(shaped, i);
  return n;
}

static inline void read_i64s(MlirAttribute a, int64_t *out, int *n) {
  *n = (int)mlirDenseArrayGetNumElements(a);
  for (int i = 0; i < *n && i < MAX_RANK; i++)
    out[i] = mlirDenseI64ArrayGetElement(a, i);
}

/* The op that `names` gives for dtype dt (NULL if none). */
static inline const char *op_for(const rule *r, nb_dtype dt) {
  if (nb_dtype_is_float(dt)) return r->f;
  if (dt == NB_BOOL) return r->b;
  return nb_dtype_is_unsigned(dt) ? r->u : r->s;
}


/* arith.cmpf / arith.cmpi predicates (their enums' integer values). */
enum { F_OEQ = 1, F_OGT, F_OGE, F_OLT, F_OLE, F_ONE, F_ULE = 12, F_UNE = 13, F_UNO = 14 };
enum { I_EQ = 0, I_NE, I_SLT, I_SLE, I_SGT, I_SGE, I_ULT, I_ULE, I_UGT, I_UGE };

static inline MlirValue select3(nb_builder *b, MlirValue c, MlirValue t, MlirValue f) {
  MlirValue args[3] = {c, t, f};
  return nb_build_n(b, "arith.select", 3, args, mlirValueGetType(t));
}

/* ---- the lowering functions and scalar bodies of the table (to_linalg.c),
 * by family. nbl_: nabla-to-linalg. ---- */

/* ---- elementwise.c ---- */
MlirValue nbl_elementwise(lowering *l);
MlirValue nbl_div_rem_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_neg_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_abs_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_sign_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_integer_pow_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_select_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_compare_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_convert_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_convert(lowering *l);
MlirValue nbl_identity(lowering *l);
MlirValue nbl_is_finite_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_not_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_shift_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_bitcast_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_bitcast(lowering *l);
MlirValue nbl_threefry(lowering *l);
MlirValue nbl_sort_key_val(lowering *l);

/* ---- transcendental.c ---- */
MlirValue nbl_tanh_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_expm1_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_log1p_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_logistic_body(nb_builder *b, const MlirValue *args, void *user);

/* ---- shape.c ---- */
MlirValue nbl_constant(lowering *l);
MlirValue nbl_iota(lowering *l);
MlirValue nbl_broadcast_in_dim(lowering *l);
MlirValue nbl_transpose(lowering *l);
MlirValue nbl_reshape(lowering *l);
MlirValue nbl_slice(lowering *l);
MlirValue nbl_pad(lowering *l);
MlirValue nbl_rev(lowering *l);
MlirValue nbl_concatenate(lowering *l);

/* ---- reduce.c ---- */
MlirValue nbl_reduce_sum(lowering *l);
MlirValue nbl_reduce_max(lowering *l);
MlirValue nbl_reduce_min(lowering *l);
MlirValue nbl_reduce_prod(lowering *l);
MlirValue nbl_dot_general(lowering *l);

/* ---- index.c ---- */
/* Integer scalar s as an index clamped into [0, hi] (unsigned compares for
 * an unsigned s); *in_bounds, when asked, gets whether s lay in [0, hi]. */
MlirValue nbl_index_in(nb_builder *b, MlirValue s, bool is_unsigned, int64_t hi,
                       MlirValue *in_bounds);
/* The scalar of rank-0 integer tensor t as an index clamped into [0, hi]. */
MlirValue nbl_clamped_index(nb_builder *b, MlirValue t, bool is_unsigned, int64_t hi);
MlirValue nbl_dynamic_slice(lowering *l);
MlirValue nbl_dynamic_update_slice(lowering *l);
/* ---- argminmax.c ---- */
MlirValue nbl_argminmax(lowering *l);
/* ---- gather.c, scatter.c ---- */
MlirValue nbl_gather(lowering *l);
MlirValue nbl_scatter(lowering *l);
/* ---- round_clamp.c ---- */
MlirValue nbl_round_body(nb_builder *b, const MlirValue *args, void *user);
MlirValue nbl_clamp(lowering *l);
MlirValue nbl_nextafter_body(nb_builder *b, const MlirValue *args, void *user);
/* ---- cumulative.c ---- */
MlirValue nbl_cumulative(lowering *l);
/* ---- sort_one.c ---- */
MlirValue nbl_sort(lowering *l);


/* Scalar body of nabla.erf_inv (f16/bf16/f32/f64), as XLA:CPU computes it. */
MlirValue nb_erf_inv_body(nb_builder *body, const MlirValue *args, void *user);
/* nabla.threefry2x32 -> one two-output linalg.generic before op; writes its
 * results (y0, y1). */
bool nb_lower_threefry2x32(nb_builder *b, MlirOperation op, MlirValue *results);
/* nabla.sort_key_val -> a func.call before op to a private merge-sort
 * function it adds to the module (sort.c); writes the two results. */
bool nb_lower_sort_key_val(nb_builder *b, MlirOperation op, MlirValue *results);
/* Adds the private function text(name, user) returns (malloc'd MLIR) to op's
 * module under a fresh name prefix_N, written to name (sort.c). */
bool nbl_add_function(MlirContext ctx, MlirOperation op, const char *prefix,
                      char *(*text)(const char *name, void *user), void *user, char *name,
                      size_t size);

#endif
