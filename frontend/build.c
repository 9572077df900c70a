/* build.c — the value table and op emission shared by every op. Ops never
 * touch MLIR values directly: nb_fe_use hands them an operand already in the
 * dtype and shape they need (materializing weak literals as constants of
 * that dtype, inserting nabla.convert and nabla.broadcast_in_dim), and
 * nb_emit appends the op and registers its result. */
#include "frontend.h"

#include <stdlib.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

nb_val *nb_fe_get(nb_value v) {
  if (!nb_fe_fn_live(v.fn) || v.id == 0 || v.id > v.fn->nvals)
    return NULL;
  return &v.fn->vals[v.id - 1];
}

nb_fn *nb_fe_operands_fn(const nb_value *vs, int n, const char *file, int line,
                      const char *op) {
  nb_module *m = nb_fe_module_of(vs, n); /* for messages, if any operand has one */
  if (!vs || n < 1)
    return NULL;
  for (int i = 0; i < n; i++) {
    uint32_t tree = vs[i].id & ~NB_FE_TREE_BIT; /* a tree record, when the bit is set */
    if (nb_fe_fn_live(vs[i].fn) && (vs[i].id & NB_FE_TREE_BIT) && tree &&
        tree <= vs[i].fn->ntrees) {
      nb_fe_error(m, file, line, op,
                  "operand %d is a tree (NB_TREE_V), not an array: use nb_tree_get "
                  "or nb_tree_map", i);
      return NULL;
    }
    if (!nb_fe_get(vs[i])) {
      nb_fe_stray(m, file, line, op, "operand %d is not a value (zero or forged nb_value)", i);
      return NULL;
    }
  }
  nb_fn *fn = vs[0].fn;
  for (int i = 1; i < n; i++)
    if (vs[i].fn != fn) {
      nb_fe_error(fn->m, file, line, op,
               "operands come from different functions ('%s' and '%s')",
               fn->name, vs[i].fn->name);
      return NULL;
    }
  if (fn->finished) {
    nb_fe_error(fn->m, file, line, op,
             "function '%s' is already finished (nb_return was called)",
             fn->name);
    return NULL;
  }
  return fn;
}

nb_value nb_fe_add_val(nb_fn *fn, nb_val val) {
  if (fn->nvals == fn->cap) {
    uint32_t cap = fn->cap ? 2 * fn->cap : 16;
    nb_val *vals = realloc(fn->vals, sizeof *vals * cap);
    if (!vals)
      return (nb_value){0};
    fn->vals = vals;
    fn->cap = cap;
  }
  fn->vals[fn->nvals++] = val;
  return (nb_value){fn, fn->nvals};
}

MlirLocation nb_fe_loc(nb_fn *fn, const char *file, int line) {
  return mlirLocationFileLineColGet(
      fn->m->ctx, mlirStringRefCreateFromCString(file ? file : "<unknown>"),
      (unsigned)line, 0);
}

MlirType nb_fe_type(nb_fn *fn, nb_dtype dt, nb_shape s) {
  return nb_tensor_type(fn->m->ctx, dt, s.rank, s.dims);
}

MlirNamedAttribute nb_fe_named(nb_fn *fn, const char *name, MlirAttribute a) {
  return mlirNamedAttributeGet(
      mlirIdentifierGet(fn->m->ctx, mlirStringRefCreateFromCString(name)), a);
}

MlirAttribute nb_fe_i64_array(nb_fn *fn, const int64_t *v, int n) {
  return mlirDenseI64ArrayGet(fn->m->ctx, n, v);
}

static MlirOperation create(nb_fn *fn, const char *name,
                            const MlirValue *operands, int n, MlirType result,
                            const MlirNamedAttribute *attrs, int nattrs,
                            MlirLocation loc) {
  MlirOperationState st =
      mlirOperationStateGet(mlirStringRefCreateFromCString(name), loc);
  mlirOperationStateAddOperands(&st, n, operands);
  mlirOperationStateAddResults(&st, 1, &result);
  mlirOperationStateAddAttributes(&st, nattrs, attrs);
  MlirOperation op = mlirOperationCreate(&st);
  mlirBlockAppendOwnedOperation(fn->body, op);
  return op;
}

nb_value nb_fe_emit_op(nb_fn *fn, const char *name, const MlirValue *operands,
                 int n, nb_dtype dt, nb_shape s, bool weak,
                 const MlirNamedAttribute *attrs, int nattrs,
                 MlirLocation loc) {
  MlirOperation op =
      create(fn, name, operands, n, nb_fe_type(fn, dt, s), attrs, nattrs, loc);
  return nb_fe_add_val(fn, (nb_val){.v = mlirOperationGetResult(op, 0), .dt = dt,
                                 .shape = s, .weak = weak, .loc = loc});
}

MlirValue nb_fe_splat(nb_fn *fn, nb_dtype dt, nb_shape s, double fx, int64_t ix,
                   bool is_int, MlirLocation loc) {
  MlirContext ctx = fn->m->ctx;
  MlirType et = nb_dtype_to_mlir(ctx, dt), tt = nb_fe_type(fn, dt, s);
  MlirAttribute elt;
  if (nb_dtype_is_float(dt))
    elt = mlirFloatAttrDoubleGet(ctx, et, is_int ? (double)ix : fx);
  else if (dt == NB_BOOL)
    elt = mlirIntegerAttrGet(et, (is_int ? ix : fx) != 0);
  else
    elt = mlirIntegerAttrGet(et, is_int ? ix : (int64_t)fx);
  MlirNamedAttribute a =
      nb_fe_named(fn, "value", mlirDenseElementsAttrSplatGet(tt, elt));
  MlirOperation op = create(fn, "nabla.constant", NULL, 0, tt, &a, 1, loc);
  return mlirOperationGetResult(op, 0);
}

/* JAX refuses a Python int that does not fit the dtype it converts to. */
static bool literal_fits(int64_t x, nb_dtype dt) {
  if (!nb_dtype_is_int(dt))
    return true;
  int bits = nb_dtype_bits(dt);
  if (nb_dtype_is_unsigned(dt))
    return x >= 0 && (bits == 64 || x < (int64_t)1 << bits);
  return bits == 64 || (x >= -((int64_t)1 << (bits - 1)) &&
                        x < (int64_t)1 << (bits - 1));
}

MlirValue nb_fe_use(nb_value h, nb_dtype dt, nb_shape s, const char *file,
                 int line, const char *op) {
  nb_val *v = nb_fe_get(h);
  nb_fn *fn = h.fn;
  char b1[128], b2[128];
  if (v->literal) {
    bool is_int = !nb_dtype_is_float(v->dt);
    if (is_int && !literal_fits(v->ival, dt)) {
      nb_fe_error(fn->m, file, line, op, "weak int %lld does not fit in %s",
               (long long)v->ival, nb_dtype_name(dt));
      return (MlirValue){NULL};
    }
    return nb_fe_splat(fn, dt, s, v->fval, v->ival, is_int, nb_fe_loc(fn, file, line));
  }
  MlirValue x = v->v;
  MlirLocation loc = nb_fe_loc(fn, file, line);
  if (v->dt != dt) {
    MlirType t = nb_fe_type(fn, dt, v->shape);
    x = mlirOperationGetResult(
        create(fn, "nabla.convert", &x, 1, t, NULL, 0, loc), 0);
  }
  if (!nb_fe_shape_eq(v->shape, s)) {
    nb_shape r;
    if (!nb_fe_broadcast_shapes(v->shape, s, &r) || !nb_fe_shape_eq(r, s)) {
      nb_fe_error(fn->m, file, line, op, "cannot broadcast %s to %s",
               nb_fe_fmt_shape(b1, sizeof b1, v->shape),
               nb_fe_fmt_shape(b2, sizeof b2, s));
      return (MlirValue){NULL};
    }
    int64_t dims[NB_MAX_RANK];
    for (int i = 0; i < v->shape.rank; i++)
      dims[i] = s.rank - v->shape.rank + i;
    MlirNamedAttribute a = nb_fe_named(fn, "broadcast_dimensions",
                                    nb_fe_i64_array(fn, dims, v->shape.rank));
    x = mlirOperationGetResult(create(fn, "nabla.broadcast_in_dim", &x, 1,
                                      nb_fe_type(fn, dt, s), &a, 1, loc),
                               0);
  }
  return x;
}

bool nb_fe_norm_axes(nb_fn *fn, nb_ints *axes, int rank, const char *file,
                  int line, const char *op, nb_shape s) {
  char b[128];
  if (axes->n < 0 || axes->n > NB_MAX_INTS) {
    nb_fe_error(fn->m, file, line, op, "invalid number of axes %d", axes->n);
    return false;
  }
  uint32_t seen = 0;
  for (int i = 0; i < axes->n; i++) {
    int64_t a = axes->v[i];
    if (a < -rank || a >= rank) {
      nb_fe_error(fn->m, file, line, op,
               "axis %lld is out of bounds for shape %s (rank %d)",
               (long long)a, nb_fe_fmt_shape(b, sizeof b, s), rank);
      return false;
    }
    if (a < 0)
      a += rank;
    if (seen >> a & 1) {
      nb_fe_error(fn->m, file, line, op, "repeated axis %lld for shape %s",
               (long long)a, nb_fe_fmt_shape(b, sizeof b, s));
      return false;
    }
    seen |= 1u << a;
    axes->v[i] = a;
  }
  return true;
}
