/* promote.c — JAX's type promotion and NumPy broadcasting as pure functions.
 *
 * The lattice is JAX's (jax/_src/dtypes.py; docs/jax-semantics.md, "§9 Type
 * promotion") with x64 enabled, so explicit 64-bit dtypes are kept
 * (u32 + i32 -> i64). Joins are
 * least upper bounds: the node whose upward closure equals the intersection
 * of the inputs' closures. Where the join is the weak int or weak float node
 * the result is int32/float32, weak: nabla's defaults are JAX's default-mode
 * ones (see nabla.h), where JAX with x64 would say int64/float64. */
#include "frontend.h"

enum { WEAK_INT = NB_DTYPE_COUNT, WEAK_FLOAT, NODES };

/* Immediate successors of each node (0-terminated). */
static const int succ[NODES][3] = {
    [NB_BOOL] = {WEAK_INT},      [WEAK_INT] = {NB_U8, NB_I8},
    [NB_U8] = {NB_I16, NB_U16},  [NB_U16] = {NB_I32, NB_U32},
    [NB_U32] = {NB_I64, NB_U64}, [NB_U64] = {WEAK_FLOAT},
    [NB_I8] = {NB_I16},          [NB_I16] = {NB_I32},
    [NB_I32] = {NB_I64},         [NB_I64] = {WEAK_FLOAT},
    [WEAK_FLOAT] = {NB_BF16, NB_F16}, [NB_BF16] = {NB_F32},
    [NB_F16] = {NB_F32},         [NB_F32] = {NB_F64},
};

static uint32_t up(int n) {
  uint32_t set = 1u << n;
  for (int i = 0; i < 3 && succ[n][i]; i++)
    set |= up(succ[n][i]);
  return set;
}

bool nb_fe_dtype_valid(nb_dtype dt) { return dt > NB_INVALID_DTYPE && dt < NB_DTYPE_COUNT; }

static int node(nb_dtype dt, bool weak) {
  if (!weak || dt == NB_BOOL) /* a Python bool is strong in JAX */
    return dt;
  return nb_dtype_is_float(dt) ? WEAK_FLOAT : WEAK_INT;
}

static int join(int a, int b) {
  uint32_t both = up(a) & up(b);
  for (int n = 1; n < NODES; n++)
    if ((both >> n & 1) && up(n) == both)
      return n;
  return 0;
}

nb_ptype nb_fe_promote(nb_dtype a, bool aw, nb_dtype b, bool bw) {
  if (!nb_fe_dtype_valid(a) || !nb_fe_dtype_valid(b))
    return (nb_ptype){NB_INVALID_DTYPE, false};
  aw = aw && a != NB_BOOL;
  bw = bw && b != NB_BOOL;
  int j;
  if (aw && bw) /* like JAX: join the strong counterparts, then mark weak */
    j = join(a, b);
  else
    j = join(node(a, aw), node(b, bw));
  if (j == WEAK_INT)
    return (nb_ptype){NB_I32, true};
  if (j == WEAK_FLOAT)
    return (nb_ptype){NB_F32, true};
  return (nb_ptype){(nb_dtype)j, aw && bw};
}

nb_dtype nb_fe_inexact(nb_dtype dt) {
  if (nb_dtype_is_float(dt) || !nb_fe_dtype_valid(dt))
    return dt;
  return nb_dtype_bits(dt) == 64 ? NB_F64 : NB_F32;
}

nb_dtype nb_fe_sum_dtype(nb_dtype dt) {
  if (dt == NB_BOOL || dt == NB_I8 || dt == NB_I16)
    return NB_I32;
  if (dt == NB_U8 || dt == NB_U16)
    return NB_U32;
  return dt;
}

bool nb_fe_broadcast_shapes(nb_shape a, nb_shape b, nb_shape *out) {
  if (a.rank < 0 || b.rank < 0 || a.rank > NB_MAX_RANK || b.rank > NB_MAX_RANK)
    return false;
  nb_shape r = {.rank = a.rank > b.rank ? a.rank : b.rank};
  for (int i = 0; i < r.rank; i++) {
    int ia = a.rank - r.rank + i, ib = b.rank - r.rank + i;
    int64_t da = ia >= 0 ? a.dims[ia] : 1, db = ib >= 0 ? b.dims[ib] : 1;
    if (da != db && da != 1 && db != 1)
      return false;
    r.dims[i] = da == 1 ? db : da;
  }
  if (out)
    *out = r;
  return true;
}

bool nb_fe_shape_eq(nb_shape a, nb_shape b) {
  if (a.rank != b.rank)
    return false;
  for (int i = 0; i < a.rank; i++)
    if (a.dims[i] != b.dims[i])
      return false;
  return true;
}

int64_t nb_fe_shape_size(nb_shape s) {
  int64_t n = 1;
  for (int i = 0; i < s.rank; i++)
    n *= s.dims[i];
  return n;
}
