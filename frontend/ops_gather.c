/* ops_gather.c — lax.gather and lax.scatter* (nabla/lax.h). The checks are
 * the dialect's shape rules (index_dims.c), reported at the caller's line
 * with the op and the shapes, so the emitted op always verifies. */
#include "frontend.h"
#include "index_dims.h"

#include <string.h>

#include <mlir-c/BuiltinAttributes.h>

static bool copy_list(const nb_ints *v, int64_t *out, int *n) {
  if (v->n < 0 || v->n > NB_MAX_INTS)
    return false;
  for (int i = 0; i < v->n; i++)
    out[i] = v->v[i];
  *n = v->n;
  return true;
}

/* The five lists of g (gather's or scatter's, in nb_index_dims' order). */
static bool read_dims(const nb_ints *const *g, nb_index_dims *d) {
  return copy_list(g[0], d->offset, &d->n_offset) &&
         copy_list(g[1], d->collapsed, &d->n_collapsed) &&
         copy_list(g[2], d->start_map, &d->n_start_map) &&
         copy_list(g[3], d->obatch, &d->n_obatch) && copy_list(g[4], d->ibatch, &d->n_ibatch);
}

static int dims_attrs(nb_fn *fn, const char *const *names, const nb_index_dims *d,
                      MlirNamedAttribute *a) {
  const int64_t *v[5] = {d->offset, d->collapsed, d->start_map, d->obatch, d->ibatch};
  int n[5] = {d->n_offset, d->n_collapsed, d->n_start_map, d->n_obatch, d->n_ibatch};
  for (int i = 0; i < 5; i++)
    a[i] = nb_fe_named(fn, names[i], nb_fe_i64_array(fn, v[i], n[i]));
  return 5;
}

static MlirNamedAttribute mode_attr(nb_fn *fn, const char *mode) {
  return nb_fe_named(fn, "mode", mlirStringAttrGet(fn->m->ctx, mlirStringRefCreateFromCString(mode)));
}

/* Operand and indices checked; false after an error. */
static bool check_index_operands(nb_fn *fn, const nb_val *x, const nb_val *idx, nb_index_mode mode,
                                 const char *file, int line, const char *op) {
  char a[128], b[128];
  if (!nb_dtype_is_int(idx->dt) || idx->shape.rank < 1) {
    nb_fe_error(fn->m, file, line, op, "indices must be integers with an index-vector axis last, "
                "got %s (operand %s)", nb_fe_fmt_type(a, sizeof a, idx->dt, idx->shape),
                nb_fe_fmt_type(b, sizeof b, x->dt, x->shape));
    return false;
  }
  if (mode != NB_INDEX_CLIP && mode != NB_INDEX_FILL_OR_DROP) {
    nb_fe_error(fn->m, file, line, op, "mode %d is neither NB_INDEX_CLIP nor NB_INDEX_FILL_OR_DROP",
                (int)mode);
    return false;
  }
  return true;
}

nb_value nb__gather(nb_value operand, nb_value indices, nb_gather_dims dims, nb_ints slice_sizes,
                    nb_index_mode mode, const char *file, int line) {
  const char *op = "nb_gather";
  nb_value xi[2] = {operand, indices};
  nb_fn *fn = nb_fe_operands_fn(xi, 2, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val x = *nb_fe_get(operand), idx = *nb_fe_get(indices); /* copies: the table grows */
  if (!check_index_operands(fn, &x, &idx, mode, file, line, op))
    return (nb_value){0};
  const nb_ints *g[5] = {&dims.offset_dims, &dims.collapsed_slice_dims, &dims.start_index_map,
                         &dims.operand_batching_dims, &dims.start_indices_batching_dims};
  nb_index_dims d;
  int64_t sizes[NB_MAX_INTS];
  int ns = 0;
  nb_shape r = {0};
  char err[256] = "a dimension list has more than NB_MAX_INTS entries", a[128], b[128];
  if (!read_dims(g, &d) || !copy_list(&slice_sizes, sizes, &ns) ||
      !nb_gather_result_shape(&d, x.shape.rank, x.shape.dims, idx.shape.rank, idx.shape.dims, ns,
                              sizes, &r.rank, r.dims, err, sizeof err)) {
    nb_fe_error(fn->m, file, line, op, "%s (operand %s, indices %s)", err,
                nb_fe_fmt_type(a, sizeof a, x.dt, x.shape),
                nb_fe_fmt_type(b, sizeof b, idx.dt, idx.shape));
    return (nb_value){0};
  }
  MlirValue ops[2] = {nb_fe_use(operand, x.dt, x.shape, file, line, op),
                      nb_fe_use(indices, idx.dt, idx.shape, file, line, op)};
  if (!ops[0].ptr || !ops[1].ptr)
    return (nb_value){0};
  MlirNamedAttribute at[7];
  dims_attrs(fn, nb_gather_dim_names, &d, at);
  at[5] = nb_fe_named(fn, "slice_sizes", nb_fe_i64_array(fn, sizes, ns));
  at[6] = mode_attr(fn, mode == NB_INDEX_CLIP ? "clip" : "fill");
  return nb_fe_emit_op(fn, "nabla.gather", ops, 2, x.dt, r, x.weak, at, 7,
                       nb_fe_loc(fn, file, line));
}

static const char *scatter_op_name(nb_scatter_kind k) {
  switch (k) {
  case NB_SCATTER_SET: return "nabla.scatter";
  case NB_SCATTER_ADD: return "nabla.scatter_add";
  case NB_SCATTER_MUL: return "nabla.scatter_mul";
  case NB_SCATTER_MIN: return "nabla.scatter_min";
  case NB_SCATTER_MAX: return "nabla.scatter_max";
  }
  return NULL;
}

nb_value nb__scatter(nb_scatter_kind kind, nb_value operand, nb_value indices, nb_value updates,
                     nb_scatter_dims dims, nb_index_mode mode, const char *file, int line) {
  const char *op = "nb_scatter";
  nb_value xiu[3] = {operand, indices, updates};
  nb_fn *fn = nb_fe_operands_fn(xiu, 3, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_val x = *nb_fe_get(operand), idx = *nb_fe_get(indices), u = *nb_fe_get(updates);
  const char *name = scatter_op_name(kind);
  if (!name) {
    nb_fe_error(fn->m, file, line, op, "kind %d is not an nb_scatter_kind", (int)kind);
    return (nb_value){0};
  }
  if (!check_index_operands(fn, &x, &idx, mode, file, line, op))
    return (nb_value){0};
  const nb_ints *g[5] = {&dims.update_window_dims, &dims.inserted_window_dims,
                         &dims.scatter_dims_to_operand_dims, &dims.operand_batching_dims,
                         &dims.scatter_indices_batching_dims};
  nb_index_dims d;
  char err[256] = "a dimension list has more than NB_MAX_INTS entries", a[128], b[128], c[128];
  if (!read_dims(g, &d) ||
      !nb_scatter_check_shapes(&d, x.shape.rank, x.shape.dims, idx.shape.rank, idx.shape.dims,
                               u.shape.rank, u.shape.dims, err, sizeof err)) {
    nb_fe_error(fn->m, file, line, op, "%s: %s (operand %s, indices %s, updates %s)",
                name + strlen("nabla."),
                err, nb_fe_fmt_type(a, sizeof a, x.dt, x.shape),
                nb_fe_fmt_type(b, sizeof b, idx.dt, idx.shape),
                nb_fe_fmt_type(c, sizeof c, u.dt, u.shape));
    return (nb_value){0};
  }
  /* the updates take the operand's dtype, as jnp's .at[] does */
  MlirValue ops[3] = {nb_fe_use(operand, x.dt, x.shape, file, line, op),
                      nb_fe_use(indices, idx.dt, idx.shape, file, line, op),
                      nb_fe_use(updates, x.dt, u.shape, file, line, op)};
  if (!ops[0].ptr || !ops[1].ptr || !ops[2].ptr)
    return (nb_value){0};
  MlirNamedAttribute at[6];
  dims_attrs(fn, nb_scatter_dim_names, &d, at);
  at[5] = mode_attr(fn, mode == NB_INDEX_CLIP ? "clip" : "drop");
  return nb_fe_emit_op(fn, name, ops, 3, x.dt, x.shape, x.weak, at, 6, nb_fe_loc(fn, file, line));
}
