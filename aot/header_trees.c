/* header_trees.c — parameter bundles (trees) in the generated header.
 *
 * The compiled function takes one pointer per leaf (lowering knows nothing
 * of trees). The header adds, per tree structure, a struct with one array
 * member per leaf in the tree's order (subtrees as nested struct members):
 *
 *   typedef struct linreg_params { float W[10][5]; float b[5]; } linreg_params;
 *
 * and per function with trees a static inline wrapper taking pointers to
 * such structs, which passes the address of each member to the leaf-wise
 * symbol <lib>_<fn>_leaves:
 *
 *   static inline int linreg_update(const linreg_params *params, ...,
 *                                   linreg_params *params_out) {
 *     return linreg_update_leaves(&params->W[0][0], &params->b[0], ...);
 *   }
 *
 * Why a wrapper in the header rather than a struct-taking symbol built by
 * export_abi: the struct's layout (padding, alignment) is whatever the
 * user's C compiler gives it, and the wrapper, compiled by that same
 * compiler, reads it through member addresses, so no layout is assumed
 * anywhere. (With float/double/int arrays the layout is the natural one,
 * without padding between members of one dtype; mixing dtypes may pad, and
 * it does not matter.) The leaf-wise symbol stays public for callers whose
 * arrays live elsewhere.
 *
 * Structs are named after the first tree of that structure, argument or
 * result ("<lib>_params"); a later tree of the same structure reuses it, a
 * different structure with a taken name gets "_2", "_3".
 *
 * Donation: a donated argument tree is paired with a result tree of its
 * structure; the wrapper then takes it once (`linreg_params *params`) and
 * updates it in place. The generated code never writes a buffer it reads,
 * so the wrapper computes into a temporary struct (malloc'ed: a model can be
 * larger than a stack) and copies it back on success. */
#include "aot.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>

#include "dialect.h"

/* ---- collecting ---- */

static char *dup(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  return d ? memcpy(d, s, n) : NULL;
}

static char *ident(const char *s, size_t n) {
  char *id = malloc(n + 2), *p = id;
  if (n == 0 || isdigit((unsigned char)s[0]))
    *p++ = '_';
  for (size_t i = 0; i < n; i++)
    *p++ = isalnum((unsigned char)s[i]) || s[i] == '.' ? s[i] : '_';
  *p = 0;
  return id;
}

static MlirAttribute entry(MlirAttribute dict, const char *name) {
  return mlirDictionaryAttrGetElementByName(dict, mlirStringRefCreateFromCString(name));
}

static bool read_trees(MlirOperation fn, const char *attr, int nbuffers, nb_tree_info **out,
                       int *n) {
  MlirAttribute a = mlirOperationGetAttributeByName(fn, mlirStringRefCreateFromCString(attr));
  *out = NULL;
  *n = 0;
  if (mlirAttributeIsNull(a))
    return true;
  if (!mlirAttributeIsAArray(a))
    return false;
  intptr_t k = mlirArrayAttrGetNumElements(a);
  *out = calloc((size_t)k + 1, sizeof **out);
  int end = 0;
  for (intptr_t i = 0; i < k; i++) {
    MlirAttribute d = mlirArrayAttrGetElement(a, i);
    if (!mlirAttributeIsADictionary(d))
      return false;
    MlirAttribute name = entry(d, "name"), first = entry(d, "first"),
                  leaves = entry(d, "leaves"), donate = entry(d, "donate");
    if (mlirAttributeIsNull(name) || !mlirAttributeIsAString(name) ||
        mlirAttributeIsNull(first) || !mlirAttributeIsAInteger(first) ||
        mlirAttributeIsNull(leaves) || !mlirAttributeIsAArray(leaves) ||
        (!mlirAttributeIsNull(donate) && !mlirAttributeIsAInteger(donate)))
      return false;
    nb_tree_info *t = &(*out)[(*n)++];
    MlirStringRef nm = mlirStringAttrGetValue(name);
    t->name = ident(nm.data, nm.length);
    for (char *c = t->name; *c; c++)
      *c = *c == '.' ? '_' : *c;
    t->first = (int)mlirIntegerAttrGetValueInt(first);
    t->nleaves = (int)mlirArrayAttrGetNumElements(leaves);
    t->donate = mlirAttributeIsNull(donate) ? -1 : (int)mlirIntegerAttrGetValueInt(donate);
    t->paths = calloc((size_t)t->nleaves + 1, sizeof *t->paths);
    for (int j = 0; j < t->nleaves; j++) {
      MlirAttribute p = mlirArrayAttrGetElement(leaves, j);
      if (!mlirAttributeIsAString(p))
        return false;
      MlirStringRef ps = mlirStringAttrGetValue(p);
      t->paths[j] = ident(ps.data, ps.length);
    }
    if (t->first < end || t->nleaves < 1 || t->first + t->nleaves > nbuffers)
      return false;
    end = t->first + t->nleaves;
  }
  return true;
}

bool nb_collect_trees(MlirOperation fn, nb_export_info *f, char *err, size_t err_size) {
  bool ok = read_trees(fn, "nabla.arg_trees", f->nargs, &f->arg_trees, &f->narg_trees) &&
            read_trees(fn, "nabla.result_trees", f->nresults, &f->res_trees, &f->nres_trees);
  for (int i = 0; ok && i < f->narg_trees; i++)
    ok = f->arg_trees[i].donate < f->nres_trees;
  if (!ok) {
    snprintf(err, err_size, "exported function '%s': malformed nabla.arg_trees or "
                            "nabla.result_trees", f->c_name);
    return false;
  }
  if (f->narg_trees + f->nres_trees == 0)
    return true;
  size_t n = strlen(f->c_name);
  f->tree_c_name = f->c_name;
  f->c_name = malloc(n + sizeof "_leaves");
  snprintf(f->c_name, n + sizeof "_leaves", "%s_leaves", f->tree_c_name);
  mlirOperationSetAttributeByName(
      fn, mlirStringRefCreateFromCString("nabla.c_name"),
      mlirStringAttrGet(mlirOperationGetContext(fn), mlirStringRefCreateFromCString(f->c_name)));
  return true;
}

static void free_list(nb_tree_info *t, int n) {
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < t[i].nleaves; j++)
      free(t[i].paths[j]);
    free(t[i].paths);
    free(t[i].name);
    free(t[i].type_name);
  }
  free(t);
}

void nb_trees_free(nb_export_info *f) {
  free_list(f->arg_trees, f->narg_trees);
  free_list(f->res_trees, f->nres_trees);
  free(f->tree_c_name);
}

bool nb_trees_donate(const nb_exports *e) {
  for (int i = 0; i < e->n; i++)
    for (int k = 0; k < e->fns[i].narg_trees; k++)
      if (e->fns[i].arg_trees[k].donate >= 0)
        return true;
  return false;
}

/* ---- structs ---- */

/* A tree of fn with its buffers, for comparing structures. */
typedef struct tree_ref {
  const nb_tree_info *t;
  const nb_buffer_info *b; /* b[0] is the first leaf */
} tree_ref;

static bool same_structure(tree_ref x, tree_ref y) {
  if (x.t->nleaves != y.t->nleaves)
    return false;
  for (int i = 0; i < x.t->nleaves; i++) {
    const nb_buffer_info *a = &x.b[i], *b = &y.b[i];
    if (strcmp(x.t->paths[i], y.t->paths[i]) != 0 || a->dtype != b->dtype ||
        a->rank != b->rank || memcmp(a->dims, b->dims, sizeof(int64_t) * (size_t)a->rank))
      return false;
  }
  return true;
}

/* Length of the first path component of p. */
static size_t head(const char *p) {
  const char *dot = strchr(p, '.');
  return dot ? (size_t)(dot - p) : strlen(p);
}

/* Members for leaves [lo, hi) whose paths start at character `skip`. */
static void put_members(FILE *f, tree_ref r, int lo, int hi, size_t skip, int indent) {
  for (int i = lo; i < hi;) {
    const char *p = r.t->paths[i] + skip;
    size_t n = head(p);
    if (p[n] == '.') { /* a subtree: the following leaves with the same head */
      int j = i + 1;
      while (j < hi && strncmp(r.t->paths[j] + skip, p, n + 1) == 0)
        j++;
      fprintf(f, "%*sstruct {\n", indent, "");
      put_members(f, r, i, j, skip + n + 1, indent + 2);
      fprintf(f, "%*s} %.*s;\n", indent, "", (int)n, p);
      i = j;
      continue;
    }
    const nb_buffer_info *b = &r.b[i];
    fprintf(f, "%*s%s %s", indent, "", nb_dtype_c_type(b->dtype), p);
    for (int d = 0; d < b->rank; d++)
      fprintf(f, "[%lld]", (long long)b->dims[d]);
    fputs(";\n", f);
    i++;
  }
}

void nb_name_tree_structs(nb_exports *e) {
  int cap = 0, n = 0;
  tree_ref *seen = NULL;
  for (int i = 0; i < e->n; i++) {
    nb_export_info *fn = &e->fns[i];
    for (int k = 0; k < fn->narg_trees + fn->nres_trees; k++) {
      bool arg = k < fn->narg_trees;
      nb_tree_info *t = arg ? &fn->arg_trees[k] : &fn->res_trees[k - fn->narg_trees];
      tree_ref r = {t, (arg ? fn->args : fn->results) + t->first};
      int j = 0;
      while (j < n && !same_structure(seen[j], r))
        j++;
      if (j < n) {
        t->type_name = dup(seen[j].t->type_name);
        continue;
      }
      char name[512];
      snprintf(name, sizeof name, "%s", t->name);
      for (int suffix = 2;; suffix++) {
        bool taken = false;
        for (int q = 0; q < n; q++)
          taken |= strcmp(seen[q].t->type_name, name) == 0;
        if (!taken)
          break;
        snprintf(name, sizeof name, "%s_%d", t->name, suffix);
      }
      t->type_name = dup(name);
      t->defines = true;
      if (n == cap)
        seen = realloc(seen, sizeof *seen * (size_t)(cap = cap ? 2 * cap : 8));
      seen[n++] = r;
    }
  }
  free(seen);
}

void nb_write_tree_structs(FILE *f, const char *lib, const nb_exports *e) {
  for (int i = 0; i < e->n; i++) {
    const nb_export_info *fn = &e->fns[i];
    for (int k = 0; k < fn->narg_trees + fn->nres_trees; k++) {
      bool arg = k < fn->narg_trees;
      const nb_tree_info *t = arg ? &fn->arg_trees[k] : &fn->res_trees[k - fn->narg_trees];
      if (!t->defines)
        continue;
      tree_ref r = {t, (arg ? fn->args : fn->results) + t->first};
      fprintf(f, "/* A parameter bundle: one member per leaf, in the tree's order. */\n");
      fprintf(f, "typedef struct %s_%s {\n", lib, t->type_name);
      put_members(f, r, 0, t->nleaves, 0, 2);
      fprintf(f, "} %s_%s;\n\n", lib, t->type_name);
    }
  }
}

/* ---- wrappers ---- */

/* The tree of fn's buffer i (argument or result), or NULL. */
static const nb_tree_info *tree_of(const nb_tree_info *t, int n, int i) {
  for (int k = 0; k < n; k++)
    if (i >= t[k].first && i < t[k].first + t[k].nleaves)
      return &t[k];
  return NULL;
}

/* "&p->hidden.w[0][0]" for leaf i of tree t reached through pointer p. */
static void put_member_address(FILE *f, const char *p, const nb_tree_info *t, int i,
                               const nb_buffer_info *b) {
  fprintf(f, "&%s->%s", p, t->paths[i]);
  for (int d = 0; d < b->rank; d++)
    fputs("[0]", f);
}

void nb_write_tree_wrapper(FILE *f, const char *lib, const nb_export_info *fn) {
  if (!fn->tree_c_name)
    return;
  /* The donated arguments' result trees are not parameters. */
  const nb_tree_info *donor[64] = {0}; /* result tree k -> donating argument tree */
  for (int k = 0; k < fn->narg_trees; k++)
    if (fn->arg_trees[k].donate >= 0 && fn->arg_trees[k].donate < 64)
      donor[fn->arg_trees[k].donate] = &fn->arg_trees[k];
  bool any_donor = false;
  for (int k = 0; k < fn->narg_trees; k++)
    if (fn->arg_trees[k].donate >= 0) {
      const nb_tree_info *a = &fn->arg_trees[k];
      if (!any_donor)
        fputs("/* Donated: ", f);
      fprintf(f, "%s%s (updated in place by %s)", any_donor ? ", " : "", a->name,
              fn->res_trees[a->donate].name);
      any_donor = true;
    }
  if (any_donor)
    fputs(". */\n", f);
  fprintf(f, "static inline int %s_%s(", lib, fn->tree_c_name);
  const char *sep = "";
  for (int i = 0; i < fn->nargs + fn->nresults; i++) {
    bool in = i < fn->nargs;
    int k = in ? i : i - fn->nargs;
    const nb_tree_info *t = in ? tree_of(fn->arg_trees, fn->narg_trees, k)
                               : tree_of(fn->res_trees, fn->nres_trees, k);
    const nb_buffer_info *b = in ? &fn->args[k] : &fn->results[k];
    if (!t) {
      fprintf(f, "%s%s%s *%s", sep, in ? "const " : "", nb_dtype_c_type(b->dtype), b->name);
    } else if (k == t->first && !(!in && donor[t - fn->res_trees])) {
      bool donated = in && t->donate >= 0;
      fprintf(f, "%s%s%s_%s *%s", sep, in && !donated ? "const " : "", lib, t->type_name,
              t->name);
    } else {
      continue;
    }
    sep = ", ";
  }
  if (!*sep)
    fputs("void", f);
  fputs(") {\n", f);
  for (int k = 0; k < fn->nres_trees; k++)
    if (donor[k])
      fprintf(f, "  %s_%s *%s = (%s_%s *)malloc(sizeof *%s);\n  if (!%s)\n"
                 "    return 1; /* NBRT_ERR_OUT_OF_MEMORY */\n",
              lib, fn->res_trees[k].type_name, fn->res_trees[k].name, lib,
              fn->res_trees[k].type_name, fn->res_trees[k].name, fn->res_trees[k].name);
  fprintf(f, "  int status = %s_%s(", lib, fn->c_name);
  for (int i = 0; i < fn->nargs + fn->nresults; i++) {
    bool in = i < fn->nargs;
    int k = in ? i : i - fn->nargs;
    const nb_tree_info *t = in ? tree_of(fn->arg_trees, fn->narg_trees, k)
                               : tree_of(fn->res_trees, fn->nres_trees, k);
    const nb_buffer_info *b = in ? &fn->args[k] : &fn->results[k];
    fputs(i ? ", " : "", f);
    if (t)
      put_member_address(f, t->name, t, k - t->first, b);
    else
      fputs(b->name, f);
  }
  fputs(");\n", f);
  for (int k = 0; k < fn->nres_trees; k++)
    if (donor[k])
      fprintf(f, "  if (status == 0)\n    memcpy(%s, %s, sizeof *%s);\n  free(%s);\n",
              donor[k]->name, fn->res_trees[k].name, donor[k]->name, fn->res_trees[k].name);
  fputs("  return status;\n}\n\n", f);
}
