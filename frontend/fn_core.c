/* fn_core.c — a function record: create, type, arguments, names, free.
 *
 * Every nb_fn, whether built with nb_function (function.c) or declared by
 * a transform (xf_declare.c, vmap.c), is such a record in its module's
 * list. The pieces here are the ones all of them share; they check nothing
 * the user wrote (the public entry points do), so that a tree's leaves
 * ("params.w") can be pushed as arguments like any other. */
#include "frontend.h"

#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>

nb_fn *nb_fe_fn_new(nb_module *m, const char *name, const char *file, int line) {
  nb_fn *fn = calloc(1, sizeof *fn);
  nb_fn **fns = realloc(m->fns, sizeof *fns * (size_t)(m->nfns + 1));
  if (fns)
    m->fns = fns;
  if (!fn || !fns) {
    free(fn);
    return NULL;
  }
  m->fns[m->nfns++] = fn;
  fn->magic = NB_FE_FN_MAGIC;
  fn->m = m;
  fn->file = file;
  fn->line = line;
  fn->name = nb_fe_strdup(name ? name : "");
  return fn;
}

void nb_fe_fn_free(nb_fn *fn) {
  if (!fn->op.ptr) /* never wrapped in a func.func: the block is ours */
    mlirBlockDestroy(fn->body);
  for (int i = 0; i < fn->nargs; i++)
    free(fn->arg_names[i]);
  free(fn->arg_names);
  free(fn->result_types);
  free(fn->vals);
  free(fn->c_name);
  for (int i = 0; fn->result_names && i < fn->nresults; i++)
    free(fn->result_names[i]);
  free(fn->result_names);
  nb_fe_fn_trees_free(fn);
  free(fn->name);
  free(fn);
}

MlirType nb_fe_fn_type(nb_fn *fn) {
  return mlirTypeAttrGetValue(mlirOperationGetAttributeByName(
      fn->op, mlirStringRefCreateFromCString("function_type")));
}

nb_value nb_fe_push_arg(nb_fn *fn, const char *name, nb_dtype dtype, nb_shape shape,
                        MlirLocation loc) {
  char **names = realloc(fn->arg_names, sizeof *names * (size_t)(fn->nargs + 1));
  if (!names)
    return (nb_value){0};
  fn->arg_names = names;
  fn->arg_names[fn->nargs++] = nb_fe_strdup(name);
  MlirValue v = mlirBlockAddArgument(fn->body, nb_fe_type(fn, dtype, shape), loc);
  return nb_fe_add_val(fn, (nb_val){.v = v, .dt = dtype, .shape = shape, .loc = loc});
}

bool nb_fe_arg_name_taken(nb_fn *fn, const char *name) {
  for (int i = 0; i < fn->narg_trees; i++)
    if (strcmp(fn->arg_trees[i].name, name) == 0)
      return true;
  for (int i = 0; i < fn->nargs; i++)
    if (strcmp(fn->arg_names[i], name) == 0)
      return true;
  return false;
}

bool nb_fe_fn_name_taken(nb_module *m, const char *name) {
  for (int i = 0; i < m->nfns; i++)
    if (strcmp(m->fns[i]->name, name) == 0)
      return true;
  return false;
}
