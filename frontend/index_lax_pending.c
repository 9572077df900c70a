/* index_lax_pending.c — TEMPORARY until lax's gather/dynamic_slice land
 * (branch h-gather): traced indices are refused. */
#include "index_plan.h"


nb_value nb_fe_ix_gather_get(const nb_fe_ixplan *p, nb_shape out, nb_index_mode mode) {
  (void)out, (void)mode;
  nb_fe_error(p->fn->m, p->file, p->line, p->op,
              "traced indices and negative steps are not supported yet");
  return (nb_value){0};
}
nb_value nb_fe_ix_scatter(const nb_fe_ixplan *p, nb_at_op op, nb_value xp, nb_value y,
                          nb_dtype dt, nb_index_mode mode) {
  (void)op, (void)xp, (void)y, (void)dt, (void)mode;
  nb_fe_error(p->fn->m, p->file, p->line, p->op,
              "traced indices and negative steps are not supported yet");
  return (nb_value){0};
}
