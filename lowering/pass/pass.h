/* pass.h — how a nabla pass is made (pass.c): a module-level C external pass
 * around a function, and appending upstream passes by their textual names.
 * Every room's pass uses it; it knows no pass by name (the registry,
 * lowering/registry.c, is on the floor above every room). */
#ifndef NABLA_PASS_H
#define NABLA_PASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mlir-c/IR.h>
#include <mlir-c/Pass.h>

/* Builds a module-level external pass around `run`, which returns false after
 * emitting a diagnostic (the pass then signals failure). */
typedef bool (*nb_module_pass_fn)(MlirOperation module, void *user);
MlirPass nb_make_module_pass(const char *name, const char *summary,
                             nb_module_pass_fn run, void *user);

/* Appends a textual pipeline (a comma-separated list of upstream pass
 * elements, e.g. "canonicalize,func.func(cse)") to pm; prints MLIR's error on
 * failure. */
bool nb_add_upstream(MlirOpPassManager pm, const char *elements);

#endif
