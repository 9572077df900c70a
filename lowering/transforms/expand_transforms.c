/* expand_transforms.c — nabla-expand-transforms: gives every func.func
 * declaration tagged nabla.jvp / nabla.vjp / nabla.grad /
 * nabla.value_and_grad its body (signatures in autodiff.h).
 *
 * How, for one declaration: a fresh block gets the declaration's arguments;
 * the callee's body is inlined into it (inline.c), so the forward work is a
 * straight line of nabla ops; then the transform's sweep (transforms_ad.c)
 * adds tangents after each op (JVP) or walks the ops backwards accumulating
 * cotangents (VJP; grad and value_and_grad are a VJP seeded with 1 for the
 * first result); a func.return closes the block, which moves into the
 * declaration, whose tag goes away. nabla-simplify then removes the forward
 * work the derivative does not need and folds the seeds' ones and zeros.
 *
 * Order: a declaration whose callee (or anything it calls) is still a tagged
 * declaration waits, and the driver repeats rounds until none is left, so
 * grad(grad(f)) and jvp(grad(f)) expand innermost first. A round without
 * progress means the declarations depend on each other: a cycle, reported.
 *
 * Transforms are a table (transforms_kinds.c): what a kind checks, the
 * signature it gives, how it builds the body (jvp, vjp, grad,
 * value_and_grad and vmap today). A tag not in the table (nabla.pmap, say)
 * is left as it is and does not stop the others (unknown-tag.mlir). */
#include "transforms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

#include "dialect.h"

/* ---- the driver ---- */

static MlirAttribute tag_of(MlirOperation func, const nb_transform_kind *k) {
  return mlirOperationGetAttributeByName(func, mlirStringRefCreateFromCString(k->attr));
}

/* The transform a still-unexpanded declaration carries, or NULL. */
static const nb_transform_kind *pending_kind(MlirOperation func) {
  if (strcmp(nb_op_name(func), "func.func") != 0 || !mlirBlockIsNull(nb_func_body(func)))
    return NULL;
  for (const nb_transform_kind *k = nb_transform_kinds; k->attr; k++)
    if (!mlirAttributeIsNull(tag_of(func, k)))
      return k;
  return NULL;
}
static bool is_pending(MlirOperation func) { return pending_kind(func) != NULL; }

static MlirAttribute option(MlirAttribute dict, const char *name) {
  return mlirDictionaryAttrGetElementByName(dict, mlirStringRefCreateFromCString(name));
}

/* Reads the tag's options and finds the callee; false after an error. */
static bool read_options(nb_expansion *e, MlirSymbolTable symtab) {
  MlirAttribute dict = tag_of(e->decl, e->kind);
  MlirStringRef d = nb_func_name(e->decl);
  MlirAttribute callee = mlirAttributeIsADictionary(dict) ? option(dict, "callee")
                                                          : (MlirAttribute){NULL};
  if (mlirAttributeIsNull(callee) || !mlirAttributeIsAFlatSymbolRef(callee)) {
    nb_errorf(e->loc, "%s on @%.*s: the tag must be a dictionary with 'callee = @function'",
              e->kind->attr, (int)d.length, d.data);
    return false;
  }
  MlirStringRef f = mlirFlatSymbolRefAttrGetValue(callee);
  snprintf(e->why, sizeof e->why, "%s of @%.*s", e->kind->attr, (int)f.length, f.data);
  e->callee = mlirSymbolTableLookup(symtab, f);
  if (mlirOperationIsNull(e->callee) || strcmp(nb_op_name(e->callee), "func.func") != 0) {
    nb_errorf(e->loc, "%s: no function @%.*s in the module", e->why, (int)f.length, f.data);
    return false;
  }
  e->ftype = nb_func_type(e->callee);
  e->n_in = mlirFunctionTypeGetNumInputs(e->ftype);
  e->n_out = mlirFunctionTypeGetNumResults(e->ftype);
  MlirAttribute argnums = option(dict, "argnums"), aux = option(dict, "has_aux");
  e->n_argnums = 1, e->argnums[0] = 0; /* JAX's default */
  if (!mlirAttributeIsNull(argnums)) {
    if (!mlirAttributeIsADenseI64Array(argnums) ||
        mlirDenseArrayGetNumElements(argnums) > NB_MAX_ARGS) {
      nb_errorf(e->loc, "%s: argnums must be an array<i64: ...>", e->why);
      return false;
    }
    e->n_argnums = (int)mlirDenseArrayGetNumElements(argnums);
    for (int k = 0; k < e->n_argnums; k++)
      e->argnums[k] = mlirDenseI64ArrayGetElement(argnums, k);
  }
  e->has_aux = !mlirAttributeIsNull(aux) && mlirAttributeIsABool(aux) && mlirBoolAttrGetValue(aux);
  if (e->n_in > NB_MAX_ARGS || e->n_out > NB_MAX_ARGS) {
    nb_errorf(e->loc, "%s: too many arguments or results", e->why);
    return false;
  }
  return true;
}

static bool check_signature(nb_expansion *e) {
  MlirType ins[2 * NB_MAX_ARGS + 2], outs[2 * NB_MAX_ARGS + 2];
  int ni = 0, no = 0;
  e->kind->signature(e, ins, &ni, outs, &no);
  MlirType want = mlirFunctionTypeGet(mlirLocationGetContext(e->loc), ni, ins, no, outs);
  MlirType got = nb_func_type(e->decl);
  if (mlirTypeEqual(want, got))
    return true;
  char w[512], g[512];
  MlirStringRef d = nb_func_name(e->decl);
  nb_errorf(e->loc, "%s: declaration @%.*s has type %s, but the transform gives %s", e->why,
            (int)d.length, d.data, nb_type_str(g, sizeof g, got),
            nb_type_str(w, sizeof w, want));
  return false;
}

/* Expands one declaration. NB_INLINE_WAIT leaves it untouched. */
static nb_inline_status expand(MlirOperation decl, MlirSymbolTable symtab,
                               MlirOperation *waiting_on) {
  nb_expansion e = {.decl = decl, .kind = pending_kind(decl), .loc = mlirOperationGetLocation(decl)};
  if (!read_options(&e, symtab) || !e.kind->check(&e) || !check_signature(&e))
    return NB_INLINE_ERROR;
  MlirType ft = nb_func_type(decl);
  intptr_t n = mlirFunctionTypeGetNumInputs(ft), m = mlirFunctionTypeGetNumResults(ft);
  MlirType types[n > 0 ? n : 1];
  MlirLocation locs[n > 0 ? n : 1];
  for (intptr_t i = 0; i < n; i++) types[i] = mlirFunctionTypeGetInput(ft, i), locs[i] = e.loc;
  e.block = mlirBlockCreate(n, types, locs);
  MlirValue fwd[e.n_out > 0 ? e.n_out : 1], ret[m > 0 ? m : 1];
  MlirValue args[e.n_in > 0 ? e.n_in : 1];
  for (intptr_t i = 0; i < e.n_in; i++) args[i] = mlirBlockGetArgument(e.block, i);
  nb_inline_status st = nb_inline(symtab, e.callee, e.block, args, fwd, is_pending,
                                  waiting_on, e.loc, e.why);
  if (st != NB_INLINE_OK) {
    mlirBlockDestroy(e.block);
    return st;
  }
  nb_op_list ops = {0};
  for (MlirOperation op = mlirBlockGetFirstOperation(e.block); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    nb_op_list_push(&ops, op);
  e.fwd = fwd, e.ret = ret;
  bool ok = e.kind->build(&e, &ops);
  nb_op_list_free(&ops);
  if (!ok) {
    mlirBlockDestroy(e.block);
    return NB_INLINE_ERROR;
  }
  nb_builder b = nb_builder_at_end(e.block, e.loc);
  nb_build_op(&b, "func.return", e.n_ret, e.ret, 0, NULL, 0, NULL);
  mlirRegionAppendOwnedBlock(mlirOperationGetRegion(decl, 0), e.block);
  mlirOperationRemoveAttributeByName(decl, mlirStringRefCreateFromCString(e.kind->attr));
  nb_simplify_function(decl);
  return NB_INLINE_OK;
}

static void append(char *buf, size_t size, MlirStringRef name, bool arrow) {
  size_t len = strlen(buf);
  if (len < size)
    snprintf(buf + len, size - len, "%s@%.*s", arrow ? " -> " : "", (int)name.length,
             name.data);
}

/* Every declaration left waits on another: report those on a cycle. */
static void report_cycles(const nb_op_list *pending, const nb_op_list *waits) {
  for (size_t i = 0; i < pending->n; i++) {
    char chain[512] = "";
    MlirOperation at = pending->ops[i];
    for (size_t step = 0; step <= pending->n; step++) {
      append(chain, sizeof chain, nb_func_name(at), step > 0);
      size_t k = 0;
      while (k < pending->n && !mlirOperationEqual(pending->ops[k], at)) k++;
      if (k == pending->n)
        break;
      at = waits->ops[k];
      if (mlirOperationEqual(at, pending->ops[i])) {
        append(chain, sizeof chain, nb_func_name(at), true);
        MlirStringRef s = nb_func_name(at);
        nb_errorf(mlirOperationGetLocation(at),
                  "cannot expand @%.*s: transformed functions depend on each other in a "
                  "cycle (%s)", (int)s.length, s.data, chain);
        break;
      }
    }
  }
}

static bool run(MlirOperation module, void *user) {
  (void)user;
  MlirSymbolTable symtab = mlirSymbolTableCreate(module);
  MlirBlock top = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  nb_op_list pending = {0}, waits = {0};
  bool ok = true;
  for (;;) {
    pending.n = waits.n = 0;
    for (MlirOperation op = mlirBlockGetFirstOperation(top); !mlirOperationIsNull(op);
         op = mlirOperationGetNextInBlock(op))
      if (is_pending(op)) nb_op_list_push(&pending, op);
    if (pending.n == 0)
      break;
    bool progress = false;
    for (size_t i = 0; i < pending.n; i++) {
      MlirOperation w = {NULL};
      nb_inline_status st = expand(pending.ops[i], symtab, &w);
      progress |= st == NB_INLINE_OK;
      ok &= st != NB_INLINE_ERROR;
      nb_op_list_push(&waits, w);
    }
    if (!ok)
      break;
    if (!progress) {
      report_cycles(&pending, &waits);
      ok = false;
      break;
    }
  }
  nb_op_list_free(&pending);
  nb_op_list_free(&waits);
  mlirSymbolTableDestroy(symtab);
  return ok;
}

bool nb_add_expand_transforms_pass(MlirOpPassManager pm) {
  mlirOpPassManagerAddOwnedPass(
      pm, nb_make_module_pass("nabla-expand-transforms",
                              "give jvp/vjp/grad/value_and_grad declarations their bodies",
                              run, NULL));
  return true;
}
