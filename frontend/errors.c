/* errors.c — the module's error list. Errors never abort: each is kept as
 * "file:line: op: message" and printed by nb_compile; formatting helpers give
 * every op the same NumPy-style spelling of shapes and dtypes. */
#include "frontend.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void nb_fe_error(nb_module *m, const char *file, int line, const char *op,
              const char *fmt, ...) {
  if (!m)
    return;
  char msg[1024];
  int k = snprintf(msg, sizeof msg, "%s:%d: %s: ", file ? file : "<unknown>",
                   line, op);
  va_list ap;
  va_start(ap, fmt);
  if (k > 0 && (size_t)k < sizeof msg)
    vsnprintf(msg + k, sizeof msg - (size_t)k, fmt, ap);
  va_end(ap);
  char **errs = realloc(m->errors, sizeof *errs * (size_t)(m->nerrors + 1));
  char *copy = nb_fe_strdup(msg);
  if (!errs || !copy) { /* out of memory: keep what we have */
    if (errs)
      m->errors = errs;
    free(copy);
    return;
  }
  m->errors = errs;
  m->errors[m->nerrors++] = copy;
}

char *nb_fe_strdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  return d ? memcpy(d, s, n) : NULL;
}

void nb_fe_errors_free(nb_module *m) {
  for (int i = 0; i < m->nerrors; i++)
    free(m->errors[i]);
  free(m->errors);
  m->errors = NULL;
  m->nerrors = 0;
}

int nb_module_errors(const nb_module *m) { return m ? m->nerrors : 0; }

const char *nb_module_error(const nb_module *m, int i) {
  return m && i >= 0 && i < m->nerrors ? m->errors[i] : NULL;
}

const char *nb_fe_fmt_shape(char *buf, size_t n, nb_shape s) {
  int rank = s.rank < 0 ? 0 : s.rank > NB_MAX_RANK ? NB_MAX_RANK : s.rank;
  return nb_format_shape(buf, n, rank, s.dims);
}

const char *nb_fe_fmt_type(char *buf, size_t n, nb_dtype dt, nb_shape s) {
  char sh[128];
  snprintf(buf, n, "%s%s", nb_dtype_name(dt), nb_fe_fmt_shape(sh, sizeof sh, s));
  return buf;
}
