/* target.c — the table of targets (target.h). One line per target. */
#include "target.h"

#include <string.h>

extern const nb_target_info nb_cpu_target_info; /* lowering/cpu/target.c */

const nb_target_info *const nb_targets[] = {&nb_cpu_target_info, NULL};

const nb_target_info *nb_find_target(const char *name) {
  if (!name || !*name)
    return nb_targets[0];
  for (size_t i = 0; nb_targets[i]; i++)
    if (strcmp(nb_targets[i]->name, name) == 0)
      return nb_targets[i];
  return NULL;
}

const char *nb_target_names(void) {
  static char names[128];
  if (!names[0])
    for (size_t i = 0; nb_targets[i]; i++) {
      if (i)
        strncat(names, ", ", sizeof names - strlen(names) - 1);
      strncat(names, nb_targets[i]->name, sizeof names - strlen(names) - 1);
    }
  return names;
}
