/* numpy_linalg.c — jnp.outer, inner, tensordot and two-operand einsum, all
 * one dot_general (plus a transpose for einsum's output order).
 *
 * einsum's subscripts are parsed into a role per letter: batch (in both
 * operands and the output), contracted (in both, not the output), free (in
 * one operand and the output) or summed away first (in one operand only).
 * dot_general gives batch, a's free, b's free axes in that order; the
 * output spec is a permutation of them. */
#include "frontend.h"

#include <string.h>

nb_value nb__outer(nb_value a, nb_value b, const char *file, int line) {
  if (!nb_fe_operands_fn((nb_value[]){a, b}, 2, file, line, "nb_outer"))
    return (nb_value){0};
  int64_t na = nb_fe_shape_size(nb_fe_get(a)->shape), nb = nb_fe_shape_size(nb_fe_get(b)->shape);
  return nb__mul(nb__reshape(a, NB_SHAPE(na, 1), file, line),
                 nb__reshape(b, NB_SHAPE(1, nb), file, line), file, line);
}

/* a's axes_a[i] against b's axes_b[i], as one dot_general; errors are
 * reported as `op`, the helper the caller wrote. */
static nb_value contract(nb_value a, nb_value b, nb_ints axes_a, nb_ints axes_b, const char *op,
                         const char *file, int line) {
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){a, b}, 2, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_shape sa = nb_fe_get(a)->shape, sb = nb_fe_get(b)->shape;
  char b1[128], b2[128];
  if (axes_a.n != axes_b.n) {
    nb_fe_error(fn->m, file, line, op, "%d axes of a but %d of b", axes_a.n, axes_b.n);
    return (nb_value){0};
  }
  if (!nb_fe_norm_axes(fn, &axes_a, sa.rank, file, line, op, sa) ||
      !nb_fe_norm_axes(fn, &axes_b, sb.rank, file, line, op, sb))
    return (nb_value){0};
  for (int i = 0; i < axes_a.n; i++)
    if (sa.dims[axes_a.v[i]] != sb.dims[axes_b.v[i]]) {
      nb_fe_error(fn->m, file, line, op,
                  "shapes %s and %s do not match: axis %lld of a has %lld, axis %lld of b %lld",
                  nb_fe_fmt_shape(b1, sizeof b1, sa), nb_fe_fmt_shape(b2, sizeof b2, sb),
                  (long long)axes_a.v[i], (long long)sa.dims[axes_a.v[i]],
                  (long long)axes_b.v[i], (long long)sb.dims[axes_b.v[i]]);
      return (nb_value){0};
    }
  return nb__dot_general(a, b, (nb_dot_dims){.lhs_contracting = axes_a, .rhs_contracting = axes_b},
                         file, line);
}

nb_value nb__inner(nb_value a, nb_value b, const char *file, int line) {
  if (!nb_fe_operands_fn((nb_value[]){a, b}, 2, file, line, "nb_inner"))
    return (nb_value){0};
  if (nb_fe_get(a)->shape.rank == 0 || nb_fe_get(b)->shape.rank == 0)
    return nb__mul(a, b, file, line);
  return contract(a, b, NB_INTS(-1), NB_INTS(-1), "nb_inner", file, line);
}

nb_value nb__tensordot_axes(nb_value a, nb_value b, nb_ints axes_a, nb_ints axes_b,
                            const char *file, int line) {
  return contract(a, b, axes_a, axes_b, "nb_tensordot_axes", file, line);
}

nb_value nb__tensordot(nb_value a, nb_value b, int n, const char *file, int line) {
  const char *op = "nb_tensordot";
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){a, b}, 2, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_shape sa = nb_fe_get(a)->shape, sb = nb_fe_get(b)->shape;
  if (n < 0 || n > sa.rank || n > sb.rank) {
    char b1[128], b2[128];
    nb_fe_error(fn->m, file, line, op, "cannot contract %d axes of shapes %s and %s", n,
                nb_fe_fmt_shape(b1, sizeof b1, sa), nb_fe_fmt_shape(b2, sizeof b2, sb));
    return (nb_value){0};
  }
  nb_ints ax = {.n = n}, bx = {.n = n};
  for (int i = 0; i < n; i++) {
    ax.v[i] = sa.rank - n + i;
    bx.v[i] = i;
  }
  return contract(a, b, ax, bx, op, file, line);
}

/* ---- einsum ---- */

typedef struct {
  char in[2][NB_MAX_RANK + 1], out[NB_MAX_RANK + 1];
} subscripts;

/* Splits "ab,bc->ac"; an error message into why on failure. */
static bool parse(const char *spec, subscripts *s, const nb_shape *shapes, const char **why) {
  const char *comma = strchr(spec, ','), *arrow = strstr(spec, "->");
  if (!comma || !arrow || comma > arrow || strchr(comma + 1, ',')) {
    *why = "needs two operands and an explicit output, as \"ij,jk->ik\"";
    return false;
  }
  const char *parts[3] = {spec, comma + 1, arrow + 2};
  size_t lens[3] = {(size_t)(comma - spec), (size_t)(arrow - comma - 1), strlen(arrow + 2)};
  char *dst[3] = {s->in[0], s->in[1], s->out};
  for (int p = 0; p < 3; p++) {
    if (lens[p] > NB_MAX_RANK) {
      *why = "has more subscripts than NB_MAX_RANK for a term";
      return false;
    }
    for (size_t i = 0; i < lens[p]; i++) {
      char c = parts[p][i];
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        *why = "supports letters only (no \"...\", spaces or other characters)";
        return false;
      }
      if (memchr(parts[p], c, i)) {
        *why = "does not support a letter repeated within one term (diagonals, traces)";
        return false;
      }
    }
    memcpy(dst[p], parts[p], lens[p]);
    dst[p][lens[p]] = 0;
  }
  for (int k = 0; k < 2; k++)
    if ((int)strlen(s->in[k]) != shapes[k].rank) {
      *why = "has a term whose letter count is not its operand's rank";
      return false;
    }
  for (const char *c = s->out; *c; c++)
    if (!strchr(s->in[0], *c) && !strchr(s->in[1], *c)) {
      *why = "has an output letter that no operand has";
      return false;
    }
  return true;
}

/* x summed over its letters in neither the other term nor the output;
 * term is updated to the letters kept. */
static nb_value sum_lonely(nb_value x, char *term, const char *other, const char *out,
                           const char *file, int line) {
  nb_ints axes = {0};
  char kept[NB_MAX_RANK + 1];
  int n = 0;
  for (int i = 0; term[i]; i++) {
    if (!strchr(other, term[i]) && !strchr(out, term[i]))
      axes.v[axes.n++] = i;
    else
      kept[n++] = term[i];
  }
  kept[n] = 0;
  if (!axes.n)
    return x;
  strcpy(term, kept);
  return nb__sum(x, axes, file, line);
}

nb_value nb__einsum(const char *spec, nb_value a, nb_value b, const char *file, int line) {
  const char *op = "nb_einsum";
  nb_fn *fn = nb_fe_operands_fn((nb_value[]){a, b}, 2, file, line, op);
  if (!fn)
    return (nb_value){0};
  nb_shape shapes[2] = {nb_fe_get(a)->shape, nb_fe_get(b)->shape};
  subscripts s;
  const char *why = NULL;
  char b1[128], b2[128];
  if (!spec || !parse(spec, &s, shapes, &why)) {
    if (spec)
      nb_fe_error(fn->m, file, line, op, "subscripts \"%s\" %s (operands %s and %s)", spec, why,
                  nb_fe_fmt_shape(b1, sizeof b1, shapes[0]), nb_fe_fmt_shape(b2, sizeof b2, shapes[1]));
    else
      nb_fe_error(fn->m, file, line, op, "subscripts are NULL");
    return (nb_value){0};
  }
  for (int i = 0; s.in[0][i]; i++) {
    const char *j = strchr(s.in[1], s.in[0][i]);
    if (j && shapes[0].dims[i] != shapes[1].dims[j - s.in[1]]) {
      nb_fe_error(fn->m, file, line, op, "subscript '%c' has size %lld in a %s and %lld in b %s",
                  s.in[0][i], (long long)shapes[0].dims[i], nb_fe_fmt_shape(b1, sizeof b1, shapes[0]),
                  (long long)shapes[1].dims[j - s.in[1]], nb_fe_fmt_shape(b2, sizeof b2, shapes[1]));
      return (nb_value){0};
    }
  }
  a = sum_lonely(a, s.in[0], s.in[1], s.out, file, line);
  b = sum_lonely(b, s.in[1], s.in[0], s.out, file, line);
  nb_dot_dims d = {0};
  char order[2 * NB_MAX_RANK + 1];
  int n = 0;
  for (int i = 0; s.in[0][i]; i++) {
    char c = s.in[0][i];
    const char *j = strchr(s.in[1], c);
    if (!j)
      continue;
    nb_ints *la = strchr(s.out, c) ? &d.lhs_batch : &d.lhs_contracting;
    nb_ints *lb = strchr(s.out, c) ? &d.rhs_batch : &d.rhs_contracting;
    la->v[la->n++] = i;
    lb->v[lb->n++] = j - s.in[1];
    if (strchr(s.out, c))
      order[n++] = c;
  }
  for (int k = 0; k < 2; k++)
    for (int i = 0; s.in[k][i]; i++)
      if (!strchr(s.in[1 - k], s.in[k][i]))
        order[n++] = s.in[k][i];
  order[n] = 0;
  nb_value r = nb__dot_general(a, b, d, file, line);
  nb_ints perm = {.n = n};
  bool identity = true;
  for (int i = 0; i < n; i++) {
    perm.v[i] = strchr(order, s.out[i]) - order;
    identity = identity && perm.v[i] == i;
  }
  return identity ? r : nb__transpose(r, perm, file, line);
}
