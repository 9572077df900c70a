/* transforms.c — nb_grad, nb_value_and_grad, nb_vjp, nb_jvp, nb_stop_gradient.
 *
 * A transform does no differentiation here: it checks what JAX checks at
 * trace time (scalar float loss, float arguments, argnums, has_aux) so the
 * user hears of a mistake at the line that made it, then declares the
 * transformed function (xf_declare.c): a private func.func tagged with the
 * transform, which nabla-expand-transforms gives a body when compiling. The
 * declaration is an ordinary nb_fn, so nb_call, nested transforms (grad of
 * grad, jvp of grad) and nb_export need nothing special, except that a
 * declaration cannot be public: nb_export adds a public wrapper that calls
 * it (export.c). */
#include "frontend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

/* ---- checks (messages follow JAX's, with the C spelling) ---- */

static nb_shape shape_of(MlirType t) {
  nb_shape s = {.rank = (int)mlirShapedTypeGetRank(t)};
  for (int d = 0; d < s.rank && d < NB_MAX_RANK; d++)
    s.dims[d] = mlirShapedTypeGetDimSize(t, d);
  return s;
}

static const char *fmt_type(char *buf, size_t n, MlirType t) {
  return nb_fe_fmt_type(buf, n, nb_tensor_dtype(t), shape_of(t));
}

/* f can be transformed: given, finished and not failed (a failed f already
 * has its message). */
static bool check_callee(nb_fn *f, nb_xf_kind kind, const char *file, int line) {
  if (!nb_fe_fn_live(f))
    return false;
  if (!f->finished) {
    nb_fe_error(f->m, file, line, nb_fe_xf_op(kind),
                "function '%s' has no nb_return yet; a function is transformed "
                "once it is finished", f->name);
    return false;
  }
  return !f->failed && !nb_fe_vmap_unsized(f, file, line, nb_fe_xf_op(kind));
}

/* Normalizes argnums (default (0), negative from the end, no repeats) and
 * checks that each names a float argument. */
static bool check_argnums(nb_fn *f, nb_xf_kind kind, nb_ints *argnums,
                          const char *file, int line) {
  const char *op = nb_fe_xf_op(kind);
  char b[128];
  if (argnums->n == 0)
    *argnums = (nb_ints){.n = 1, .v = {0}};
  if (argnums->n < 0 || argnums->n > NB_MAX_INTS) {
    nb_fe_error(f->m, file, line, op, "invalid number of argnums %d", argnums->n);
    return false;
  }
  MlirType ft = nb_fe_fn_type(f);
  for (int i = 0; i < argnums->n; i++) {
    int64_t a = argnums->v[i];
    if (a < -f->nargs || a >= f->nargs) {
      nb_fe_error(f->m, file, line, op,
                  "argnum %lld is out of range: '%s' takes %d argument%s",
                  (long long)a, f->name, f->nargs, f->nargs == 1 ? "" : "s");
      return false;
    }
    a = a < 0 ? a + f->nargs : a;
    for (int j = 0; j < i; j++)
      if (argnums->v[j] == a) {
        nb_fe_error(f->m, file, line, op, "argnum %lld is repeated", (long long)a);
        return false;
      }
    argnums->v[i] = a;
    MlirType t = mlirFunctionTypeGetInput(ft, (intptr_t)a);
    if (!nb_dtype_is_float(nb_tensor_dtype(t))) {
      nb_fe_error(f->m, file, line, op,
                  "cannot differentiate with respect to argument %lld ('%s') of "
                  "'%s': it is %s, and grad needs float arguments (as in JAX; "
                  "nb_vjp accepts integer inputs)",
                  (long long)a, f->arg_names[a], f->name, fmt_type(b, sizeof b, t));
      return false;
    }
  }
  return true;
}

/* f returns a float scalar, or (float scalar, aux..) with has_aux. */
static bool check_loss(nb_fn *f, nb_xf_kind kind, bool has_aux, const char *file,
                       int line) {
  const char *op = nb_fe_xf_op(kind);
  char b[128];
  if (has_aux && f->nresults < 2) {
    nb_fe_error(f->m, file, line, op,
                "has_aux: '%s' must return a pair (loss, aux..), but it returns "
                "%d result", f->name, f->nresults);
    return false;
  }
  if (!has_aux && f->nresults != 1) {
    nb_fe_error(f->m, file, line, op,
                "'%s' returns %d results; grad needs a single float scalar "
                "(set .has_aux = true if it returns (loss, aux..), or use nb_vjp)",
                f->name, f->nresults);
    return false;
  }
  MlirType t = f->result_types[0];
  if (mlirShapedTypeGetRank(t) != 0 || !nb_dtype_is_float(nb_tensor_dtype(t))) {
    nb_fe_error(f->m, file, line, op,
                "'%s' returns %s; grad needs a float scalar output (a loss): "
                "use nb_vjp to differentiate other outputs",
                f->name, fmt_type(b, sizeof b, t));
    return false;
  }
  return true;
}

/* ---- the public transforms ---- */

static nb_fn *grad_like(nb_fn *f, nb_xf_kind kind, nb_grad_options o, const char *file,
                        int line) {
  nb_ints user = {0}; /* argnums counting a tree as one (tree_sig.c) */
  if (!check_callee(f, kind, file, line) || !check_loss(f, kind, o.has_aux, file, line) ||
      !nb_fe_tree_argnums(f, &o.argnums, &user, file, line, nb_fe_xf_op(kind)) ||
      !check_argnums(f, kind, &o.argnums, file, line))
    return NULL;
  nb_fn *g = nb_fe_declare(f, (nb_xf){.kind = kind, .callee = f, .argnums = o.argnums,
                                .has_aux = o.has_aux},
                     file, line);
  if (g)
    nb_fe_tree_transformed(g, user);
  return g;
}

nb_fn *nb__grad(nb_fn *f, nb_grad_options opts, const char *file, int line) {
  return grad_like(f, NB_XF_GRAD, opts, file, line);
}

nb_fn *nb__value_and_grad(nb_fn *f, nb_grad_options opts, const char *file, int line) {
  return grad_like(f, NB_XF_VALUE_AND_GRAD, opts, file, line);
}

nb_fn *nb__vjp(nb_fn *f, const char *file, int line) {
  if (!check_callee(f, NB_XF_VJP, file, line))
    return NULL;
  nb_fn *g = nb_fe_declare(f, (nb_xf){.kind = NB_XF_VJP, .callee = f}, file, line);
  if (g)
    nb_fe_tree_transformed(g, (nb_ints){0});
  return g;
}

nb_fn *nb__jvp(nb_fn *f, const char *file, int line) {
  if (!check_callee(f, NB_XF_JVP, file, line))
    return NULL;
  nb_fn *g = nb_fe_declare(f, (nb_xf){.kind = NB_XF_JVP, .callee = f}, file, line);
  if (g)
    nb_fe_tree_transformed(g, (nb_ints){0});
  return g;
}

/* ---- stop_gradient ---- */

nb_value nb__stop_gradient(nb_value x, const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn(&x, 1, file, line, "nb_stop_gradient");
  if (!fn)
    return (nb_value){0};
  nb_val v = *nb_fe_get(x); /* a copy: emitting may move the value table */
  if (v.literal) /* a C constant has no derivative to stop */
    return x;
  MlirValue in = nb_fe_use(x, v.dt, v.shape, file, line, "nb_stop_gradient");
  return nb_fe_emit_op(fn, "nabla.stop_gradient", &in, 1, v.dt, v.shape, v.weak, NULL, 0,
                       nb_fe_loc(fn, file, line));
}
