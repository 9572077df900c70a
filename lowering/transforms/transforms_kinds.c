/* transforms_kinds.c — the transforms nabla-expand-transforms knows, one
 * table entry each: jvp, vjp, grad, value_and_grad, vmap (signatures in
 * autodiff.h; vmap's functions are in transforms_vmap.c). An entry is a
 * transform's checks, the signature it gives the declaration, and how it
 * builds the body from the inlined forward ops.
 *
 * grad and value_and_grad are a VJP seeded with 1 for the first result and
 * nothing for the aux results, which pass through; only argnums' cotangents
 * are returned. Where a (co)tangent is symbolically zero the body returns
 * explicit zeros, which nabla-simplify folds into whatever uses them. */
#include "transforms.h"

#include <mlir-c/BuiltinTypes.h>

static MlirType in_type(nb_expansion *e, intptr_t i) { return mlirFunctionTypeGetInput(e->ftype, i); }
static MlirType out_type(nb_expansion *e, intptr_t j) { return mlirFunctionTypeGetResult(e->ftype, j); }
static MlirValue arg(nb_expansion *e, intptr_t i) { return mlirBlockGetArgument(e->block, i); }

/* A tangent or cotangent, or zeros of t where it is symbolically zero. */
static MlirValue or_zeros(nb_expansion *e, MlirValue v, MlirType t) {
  if (!mlirValueIsNull(v))
    return v;
  nb_builder b = nb_builder_at_end(e->block, e->loc);
  return nbb_zeros(&b, t);
}

/* ---- jvp ---- */

static bool no_check(nb_expansion *e) { return true; }

static void jvp_signature(nb_expansion *e, MlirType *ins, int *ni, MlirType *outs, int *no) {
  for (int k = 0; k < 2; k++)
    for (intptr_t i = 0; i < e->n_in; i++) ins[(*ni)++] = in_type(e, i);
  for (int k = 0; k < 2; k++)
    for (intptr_t j = 0; j < e->n_out; j++) outs[(*no)++] = out_type(e, j);
}

static bool jvp_build(nb_expansion *e, const nb_op_list *ops) {
  nb_vmap t = {0};
  for (intptr_t i = 0; i < e->n_in; i++)
    if (nb_is_float_tensor(in_type(e, i)))
      nb_vmap_set(&t, arg(e, i), arg(e, e->n_in + i));
  bool ok = nb_jvp_sweep(ops, &t, e->why);
  for (intptr_t j = 0; ok && j < e->n_out; j++)
    e->ret[e->n_ret++] = e->fwd[j];
  for (intptr_t j = 0; ok && j < e->n_out; j++) {
    MlirValue tj = nb_is_float_tensor(out_type(e, j)) ? nb_vmap_get(&t, e->fwd[j])
                                                      : (MlirValue){NULL};
    e->ret[e->n_ret++] = or_zeros(e, tj, out_type(e, j));
  }
  nb_vmap_free(&t);
  return ok;
}

/* ---- vjp ---- */

static void vjp_signature(nb_expansion *e, MlirType *ins, int *ni, MlirType *outs, int *no) {
  for (intptr_t i = 0; i < e->n_in; i++) ins[(*ni)++] = in_type(e, i);
  for (intptr_t j = 0; j < e->n_out; j++) ins[(*ni)++] = out_type(e, j);
  for (intptr_t j = 0; j < e->n_out; j++) outs[(*no)++] = out_type(e, j);
  for (intptr_t i = 0; i < e->n_in; i++) outs[(*no)++] = in_type(e, i);
}

/* Runs the reverse sweep from cts (already seeded); the cotangent of
 * argument i is then cts[arg i]. */
static bool backward(nb_expansion *e, const nb_op_list *ops, nb_vmap *cts) {
  return nb_vjp_sweep(e->block, ops, cts, e->why);
}

static MlirValue arg_ct(nb_expansion *e, nb_vmap *cts, intptr_t i) {
  MlirValue c = nb_is_float_tensor(in_type(e, i)) ? nb_vmap_get(cts, arg(e, i))
                                                  : (MlirValue){NULL};
  return or_zeros(e, c, in_type(e, i));
}

static bool vjp_build(nb_expansion *e, const nb_op_list *ops) {
  nb_vmap cts = {0};
  for (intptr_t j = 0; j < e->n_out; j++)
    if (nb_is_float_tensor(out_type(e, j)))
      nb_accumulate(e->block, e->loc, &cts, e->fwd[j], arg(e, e->n_in + j));
  bool ok = backward(e, ops, &cts);
  for (intptr_t j = 0; ok && j < e->n_out; j++)
    e->ret[e->n_ret++] = e->fwd[j];
  for (intptr_t i = 0; ok && i < e->n_in; i++)
    e->ret[e->n_ret++] = arg_ct(e, &cts, i);
  nb_vmap_free(&cts);
  return ok;
}

/* ---- grad, value_and_grad ---- */

static bool grad_check(nb_expansion *e) {
  MlirStringRef f = nb_func_name(e->callee);
  int fl = (int)f.length;
  char ty[256];
  if (e->n_out == 0) {
    nb_errorf(e->loc, "%s: @%.*s returns nothing; grad needs a float scalar result",
              e->why, fl, f.data);
    return false;
  }
  if (e->has_aux && e->n_out < 2) {
    nb_errorf(e->loc, "%s: has_aux needs @%.*s to return a pair (value, aux...), but it "
                      "returns a single result", e->why, fl, f.data);
    return false;
  }
  if (!e->has_aux && e->n_out > 1) {
    nb_errorf(e->loc, "%s: grad needs @%.*s to return one float scalar, but it returns %d "
                      "results; use has_aux to pass the others through, or vjp",
              e->why, fl, f.data, (int)e->n_out);
    return false;
  }
  MlirType r = out_type(e, 0);
  if (!nb_is_float_tensor(r) || mlirShapedTypeGetRank(r) != 0) {
    nb_errorf(e->loc, "%s: grad is only defined for functions whose %s a float scalar "
                      "(tensor<f32>, ...), but @%.*s returns %s; use vjp for other outputs",
              e->why, e->has_aux ? "first result is" : "result is", fl, f.data,
              nb_type_str(ty, sizeof ty, r));
    return false;
  }
  for (int k = 0; k < e->n_argnums; k++) {
    int64_t a = e->argnums[k];
    if (a < 0 || a >= e->n_in) {
      nb_errorf(e->loc, "%s: argnum %lld is out of range: @%.*s takes %d argument%s", e->why,
                (long long)a, fl, f.data, (int)e->n_in, e->n_in == 1 ? "" : "s");
      return false;
    }
    if (!nb_is_float_tensor(in_type(e, a))) {
      nb_errorf(e->loc, "%s: cannot differentiate with respect to argument %lld of @%.*s, "
                        "of type %s: grad needs float inputs (integer and bool arguments "
                        "have no derivative)", e->why, (long long)a, fl, f.data,
                nb_type_str(ty, sizeof ty, in_type(e, a)));
      return false;
    }
  }
  return true;
}

static void grad_outs(nb_expansion *e, MlirType *outs, int *no) {
  for (int k = 0; k < e->n_argnums; k++) outs[(*no)++] = in_type(e, e->argnums[k]);
}
static void aux_outs(nb_expansion *e, MlirType *outs, int *no) {
  if (e->has_aux)
    for (intptr_t j = 1; j < e->n_out; j++) outs[(*no)++] = out_type(e, j);
}

static void grad_signature(nb_expansion *e, MlirType *ins, int *ni, MlirType *outs, int *no) {
  for (intptr_t i = 0; i < e->n_in; i++) ins[(*ni)++] = in_type(e, i);
  grad_outs(e, outs, no);
  aux_outs(e, outs, no);
}

static void vag_signature(nb_expansion *e, MlirType *ins, int *ni, MlirType *outs, int *no) {
  for (intptr_t i = 0; i < e->n_in; i++) ins[(*ni)++] = in_type(e, i);
  outs[(*no)++] = out_type(e, 0);
  aux_outs(e, outs, no);
  grad_outs(e, outs, no);
}

/* Reverse sweep seeded with 1 for the value (aux results get no cotangent);
 * pushes the gradients for argnums, with the value and aux around them as
 * the kind wants. */
static bool grad_common(nb_expansion *e, const nb_op_list *ops, bool value_first) {
  nb_vmap cts = {0};
  nb_builder b = nb_builder_at_end(e->block, e->loc);
  nb_vmap_set(&cts, e->fwd[0], nbb_full(&b, out_type(e, 0), 1.0));
  bool ok = backward(e, ops, &cts);
  if (ok && value_first)
    e->ret[e->n_ret++] = e->fwd[0];
  if (ok && value_first && e->has_aux)
    for (intptr_t j = 1; j < e->n_out; j++) e->ret[e->n_ret++] = e->fwd[j];
  for (int k = 0; ok && k < e->n_argnums; k++)
    e->ret[e->n_ret++] = arg_ct(e, &cts, e->argnums[k]);
  if (ok && !value_first && e->has_aux)
    for (intptr_t j = 1; j < e->n_out; j++) e->ret[e->n_ret++] = e->fwd[j];
  nb_vmap_free(&cts);
  return ok;
}

static bool grad_build(nb_expansion *e, const nb_op_list *ops) { return grad_common(e, ops, false); }
static bool vag_build(nb_expansion *e, const nb_op_list *ops) { return grad_common(e, ops, true); }

const nb_transform_kind nb_transform_kinds[] = {
    {"nabla.jvp", no_check, jvp_signature, jvp_build},
    {"nabla.vjp", no_check, vjp_signature, vjp_build},
    {"nabla.grad", grad_check, grad_signature, grad_build},
    {"nabla.value_and_grad", grad_check, vag_signature, vag_build},
    {"nabla.vmap", nb_vmap_check, nb_vmap_signature, nb_vmap_build},
    {NULL, NULL, NULL, NULL},
};

