/* pass.c — how every nabla pass is made: a C external pass
 * (mlirCreateExternalPass) at builtin.module around a function, and upstream
 * passes appended by their textual pipeline names. */
#include "pass.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- external pass plumbing ---- */

typedef struct {
  nb_module_pass_fn run;
  void *user;
} pass_data;

static MlirLogicalResult pass_init(MlirContext ctx, void *ud) {
  (void)ctx, (void)ud;
  return mlirLogicalResultSuccess();
}
static void *pass_clone(void *ud) {
  pass_data *c = malloc(sizeof *c);
  *c = *(pass_data *)ud;
  return c;
}
static void pass_run(MlirOperation op, MlirExternalPass pass, void *ud) {
  pass_data *d = ud;
  if (!d->run(op, d->user))
    mlirExternalPassSignalFailure(pass);
}

/* One TypeID per pass name, for the life of the process. MLIR tells passes
 * apart by TypeID (timing, statistics and instrumentation key on it), so
 * every instance of "nabla-verify" gets the same id and no other pass shares
 * it. The id is the address of an 8-byte aligned cell (TypeIDs want that
 * alignment) in a table keyed by name; a mutex makes creating passes from
 * several threads (nb_compile in two threads) safe. */
enum { MAX_PASS_NAMES = 128 };
static struct {
  const char *name;
  _Alignas(8) char cell[8];
} type_ids[MAX_PASS_NAMES];
static int n_type_ids;
static pthread_mutex_t type_ids_lock = PTHREAD_MUTEX_INITIALIZER;

static bool type_id_for(const char *name, MlirTypeID *id) {
  pthread_mutex_lock(&type_ids_lock);
  int i = 0;
  while (i < n_type_ids && strcmp(type_ids[i].name, name) != 0)
    i++;
  if (i == n_type_ids && n_type_ids < MAX_PASS_NAMES)
    type_ids[n_type_ids++].name = name; /* callers pass string literals */
  bool ok = i < n_type_ids;
  if (ok)
    *id = mlirTypeIDCreate(type_ids[i].cell);
  pthread_mutex_unlock(&type_ids_lock);
  return ok;
}

MlirPass nb_make_module_pass(const char *name, const char *summary,
                             nb_module_pass_fn run, void *user) {
  MlirTypeID id;
  if (!type_id_for(name, &id)) {
    /* a fixed table: only a new pass beyond 128 names gets here */
    fprintf(stderr, "nabla: more than %d pass names; raise MAX_PASS_NAMES\n", MAX_PASS_NAMES);
    id = mlirTypeIDCreate(type_ids[0].cell);
  }
  pass_data *d = malloc(sizeof *d);
  d->run = run;
  d->user = user;
  MlirExternalPassCallbacks cb = {.construct = NULL,
                                  .destruct = free,
                                  .initialize = pass_init,
                                  .clone = pass_clone,
                                  .run = pass_run};
  return mlirCreateExternalPass(id, mlirStringRefCreateFromCString(name),
                                mlirStringRefCreateFromCString(name),
                                mlirStringRefCreateFromCString(summary),
                                mlirStringRefCreateFromCString("builtin.module"),
                                0, NULL, cb, d);
}

/* ---- upstream pipelines ---- */

static void print_to_stderr(MlirStringRef s, void *ud) {
  (void)ud;
  fwrite(s.data, 1, s.length, stderr);
}

bool nb_add_upstream(MlirOpPassManager pm, const char *elements) {
  MlirLogicalResult r = mlirOpPassManagerAddPipeline(
      pm, mlirStringRefCreateFromCString(elements), print_to_stderr, NULL);
  if (mlirLogicalResultIsFailure(r)) {
    fprintf(stderr, "\nnabla: invalid pass pipeline: %s\n", elements);
    return false;
  }
  return true;
}

