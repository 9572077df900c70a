/* checks.c — what an entry point checks before it trusts a handle or a
 * shape the user gave it.
 *
 * Handles: an nb_fn * is live when it points at a function record (its
 * magic word; NULL or a pointer at anything else is not). An invalid handle
 * (a value, tree or function the library cannot use) is either the result
 * of a mistake already reported, which must stay silent, or a mistake of
 * its own (a zero nb_value the user made, a forged one, a NULL function),
 * which must be reported where it is used. The library hands out invalid
 * handles only after recording an error, so the module tells the two
 * apart: before its first error, an invalid handle cannot be the echo of
 * one and is reported (nb_fe_stray); after it, it stays silent, and
 * nb_compile fails on that error anyway.
 *
 * Shapes: every shape the user gives (arguments, constants, reshape and
 * broadcast targets, tree leaves, random draws, vmap's batch) and every
 * shape an op derives from two others is checked where it enters: a rank
 * in [0, NB_MAX_RANK], no negative dimension, and an element count (the
 * product of the non-zero dimensions, which bounds every stride too) that
 * an int64 can hold. */
#include "frontend.h"

#include <stdarg.h>
#include <stdio.h>

bool nb_fe_fn_live(const nb_fn *fn) { return fn && fn->magic == NB_FE_FN_MAGIC; }

nb_module *nb_fe_module_of(const nb_value *vs, int n) {
  for (int i = 0; vs && i < n; i++)
    if (nb_fe_fn_live(vs[i].fn))
      return vs[i].fn->m;
  return NULL;
}

void nb_fe_stray(nb_module *m, const char *file, int line, const char *op, const char *fmt,
                 ...) {
  if (!m || m->nerrors)
    return;
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  nb_fe_error(m, file, line, op, "%s", msg);
}

typedef enum { SHAPE_OK, SHAPE_RANK, SHAPE_NEGATIVE, SHAPE_TOO_BIG } fault;

static fault fault_of(nb_shape s) {
  if (s.rank < 0 || s.rank > NB_MAX_RANK)
    return SHAPE_RANK;
  int64_t n = 1;
  for (int i = 0; i < s.rank; i++) {
    int64_t d = s.dims[i];
    if (d < 0)
      return SHAPE_NEGATIVE;
    if (d > 0 && n > INT64_MAX / d)
      return SHAPE_TOO_BIG;
    n *= d ? d : 1;
  }
  return SHAPE_OK;
}

bool nb_fe_shape_ok(nb_shape s) { return fault_of(s) == SHAPE_OK; }

bool nb_fe_check_shape(nb_module *m, nb_shape s, const char *what, const char *file,
                       int line, const char *op) {
  char b[256];
  const char *sp = what && *what ? " " : "";
  what = what ? what : "";
  switch (fault_of(s)) {
  case SHAPE_OK:
    return true;
  case SHAPE_RANK:
    nb_fe_error(m, file, line, op, "the shape%s%s has rank %d, outside [0, %d]", sp, what,
                s.rank, NB_MAX_RANK);
    return false;
  case SHAPE_NEGATIVE:
    nb_fe_error(m, file, line, op, "shape %s%s%s has a negative dimension",
                nb_fe_fmt_shape(b, sizeof b, s), sp, what);
    return false;
  case SHAPE_TOO_BIG:
    nb_fe_error(m, file, line, op, "shape %s%s%s has more elements than an int64 can count",
                nb_fe_fmt_shape(b, sizeof b, s), sp, what);
    return false;
  }
  return false;
}
