/* sort.c — nabla.sort_key_val as a call to a private function holding a
 * stable bottom-up merge sort (MLIR has no sort op to lower to).
 *
 * The function is parsed from text: loops over memrefs read far better as
 * MLIR than as C API calls. The whole array is viewed flat; a line along
 * the sort dimension starts at o*n*inner + j and has stride inner. Each line
 * is copied into a contiguous scratch buffer, merged in passes of width
 * 1, 2, 4, ... (O(n log n)), and copied back. Taking the left run on equal
 * keys makes it stable, as lax.sort_key_val is. */
#include "lower.h"
#include "dialect.h"
#include "ir.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>

static MlirOperation module_of(MlirOperation op) {
  while (!mlirOperationIsNull(op)) {
    MlirIdentifier id = mlirOperationGetName(op);
    MlirStringRef s = mlirIdentifierStr(id);
    if (s.length == 14 && !strncmp(s.data, "builtin.module", 14))
      return op;
    op = mlirOperationGetParentOperation(op);
  }
  return op;
}

/* The merge passes over one line held in %ka/%va, with %kb/%vb as scratch. */
static void merge_passes(nb_strbuf *t, const char *elem, const char *velem, bool is_unsigned) {
  nb_strbuf_printf(t, "      %%wend = scf.while (%%w = %%c1) : (index) -> index {\n"
         "        %%go = arith.cmpi ult, %%w, %%n : index\n"
         "        scf.condition(%%go) %%w : index\n"
         "      } do {\n"
         "      ^bb0(%%w: index):\n"
         "        %%w2 = arith.addi %%w, %%w : index\n"
         "        scf.for %%lo = %%c0 to %%n step %%w2 {\n"
         "          %%mid0 = arith.addi %%lo, %%w : index\n"
         "          %%mid = arith.minui %%mid0, %%n : index\n"
         "          %%hi0 = arith.addi %%lo, %%w2 : index\n"
         "          %%hi = arith.minui %%hi0, %%n : index\n"
         "          %%midm1 = arith.subi %%mid, %%c1 : index\n"
         "          %%him1 = arith.subi %%hi, %%c1 : index\n"
         "          %%r:2 = scf.for %%k = %%lo to %%hi step %%c1 iter_args(%%i = %%lo, %%j = %%mid)"
         " -> (index, index) {\n"
         "            %%ic = arith.minui %%i, %%midm1 : index\n"
         "            %%jc = arith.minui %%j, %%him1 : index\n"
         "            %%ki = memref.load %%ka[%%ic] : memref<?x%s>\n"
         "            %%kj = memref.load %%ka[%%jc] : memref<?x%s>\n"
         "            %%geq = arith.cmpi %s, %%kj, %%ki : %s\n"
         "            %%iok = arith.cmpi ult, %%i, %%mid : index\n"
         "            %%jend = arith.cmpi uge, %%j, %%hi : index\n"
         "            %%le = arith.ori %%jend, %%geq : i1\n"
         "            %%tl = arith.andi %%iok, %%le : i1\n"
         "            %%src = arith.select %%tl, %%ic, %%jc : index\n"
         "            %%kx = memref.load %%ka[%%src] : memref<?x%s>\n"
         "            memref.store %%kx, %%kb[%%k] : memref<?x%s>\n"
         "            %%vx = memref.load %%va[%%src] : memref<?x%s>\n"
         "            memref.store %%vx, %%vb[%%k] : memref<?x%s>\n"
         "            %%i1 = arith.addi %%i, %%c1 : index\n"
         "            %%j1 = arith.addi %%j, %%c1 : index\n"
         "            %%in = arith.select %%tl, %%i1, %%i : index\n"
         "            %%jn = arith.select %%tl, %%j, %%j1 : index\n"
         "            scf.yield %%in, %%jn : index, index\n"
         "          }\n"
         "        }\n"
         "        memref.copy %%kb, %%ka : memref<?x%s> to memref<?x%s>\n"
         "        memref.copy %%vb, %%va : memref<?x%s> to memref<?x%s>\n"
         "        scf.yield %%w2 : index\n"
         "      }\n",
      elem, elem, is_unsigned ? "uge" : "sge", elem, elem, elem, velem, velem, elem, elem, velem,
      velem);
}

/* Copies the line between the flat array (%kf, %vf) and the scratch line. */
static void copy_line(nb_strbuf *t, const char *elem, const char *velem, bool out) {
  nb_strbuf_printf(t, "      scf.for %%i = %%c0 to %%n step %%c1 {\n"
         "        %%s = arith.muli %%i, %%inner : index\n"
         "        %%p = arith.addi %%base, %%s : index\n");
  if (!out)
    nb_strbuf_printf(t, "        %%x = memref.load %%kf[%%p] : memref<?x%s>\n"
           "        memref.store %%x, %%ka[%%i] : memref<?x%s>\n"
           "        %%y = memref.load %%vf[%%p] : memref<?x%s>\n"
           "        memref.store %%y, %%va[%%i] : memref<?x%s>\n",
        elem, elem, velem, velem);
  else
    nb_strbuf_printf(t, "        %%x = memref.load %%ka[%%i] : memref<?x%s>\n"
           "        memref.store %%x, %%kf[%%p] : memref<?x%s>\n"
           "        %%y = memref.load %%va[%%i] : memref<?x%s>\n"
           "        memref.store %%y, %%vf[%%p] : memref<?x%s>\n",
        elem, elem, velem, velem);
  nb_strbuf_printf(t, "      }\n");
}

/* The function @name : (KT, VT) -> (KT, VT) for signless tensor types. */
static char *sort_function(const char *name, MlirType kt, MlirType vt, int64_t dim,
                           bool is_unsigned) {
  char ks[256], vs[256], elem[64], velem[64], km[300], vm[300];
  nb_type_str(ks, sizeof ks, kt);
  nb_type_str(vs, sizeof vs, vt);
  nb_type_str(elem, sizeof elem, mlirShapedTypeGetElementType(kt));
  nb_type_str(velem, sizeof velem, mlirShapedTypeGetElementType(vt));
  snprintf(km, sizeof km, "memref%s", ks + strlen("tensor"));
  snprintf(vm, sizeof vm, "memref%s", vs + strlen("tensor"));
  int rank = (int)mlirShapedTypeGetRank(kt);
  int64_t outer = 1, n = mlirShapedTypeGetDimSize(kt, dim), inner = 1;
  for (int i = 0; i < rank; i++) {
    int64_t d = mlirShapedTypeGetDimSize(kt, i);
    if (i < dim)
      outer *= d;
    if (i > dim)
      inner *= d;
  }
  nb_strbuf t = {0};
  nb_strbuf_printf(&t, "func.func private @%s(%%kt: %s, %%vt: %s) -> (%s, %s) {\n", name, ks, vs, ks, vs);
  nb_strbuf_printf(&t, "  %%c0 = arith.constant 0 : index\n  %%c1 = arith.constant 1 : index\n"
          "  %%n = arith.constant %lld : index\n  %%outer = arith.constant %lld : index\n"
          "  %%inner = arith.constant %lld : index\n  %%line = arith.constant %lld : index\n"
          "",
      (long long)n, (long long)outer, (long long)inner, (long long)(n * inner));
  nb_strbuf_printf(&t, "  %%kin = bufferization.to_buffer %%kt read_only : %s to %s\n", ks, km);
  nb_strbuf_printf(&t, "  %%vin = bufferization.to_buffer %%vt read_only : %s to %s\n", vs, vm);
  nb_strbuf_printf(&t, "  %%km = memref.alloc() : %s\n  %%vm = memref.alloc() : %s\n", km, vm);
  nb_strbuf_printf(&t, "  memref.copy %%kin, %%km : %s to %s\n  memref.copy %%vin, %%vm : %s to %s\n", km, km,
      vm, vm);
  char assoc[256] = "[[";
  for (int i = 0; i < rank; i++)
    snprintf(assoc + strlen(assoc), sizeof assoc - strlen(assoc), "%s%d", i ? ", " : "", i);
  strcat(assoc, "]]");
  /* a rank-1 array is already flat (collapse_shape must drop a dim) */
  const char *kflat = "%km", *vflat = "%vm";
  long long total = (long long)(outer * n * inner);
  if (rank > 1) {
    nb_strbuf_printf(&t, "  %%kc = memref.collapse_shape %%km %s : %s into memref<%lldx%s>\n", assoc, km, total, elem);
    nb_strbuf_printf(&t, "  %%vc = memref.collapse_shape %%vm %s : %s into memref<%lldx%s>\n", assoc, vm, total, velem);
    kflat = "%kc", vflat = "%vc";
  }
  nb_strbuf_printf(&t, "  %%kf = memref.cast %s : memref<%lldx%s> to memref<?x%s>\n", kflat, total, elem, elem);
  nb_strbuf_printf(&t, "  %%vf = memref.cast %s : memref<%lldx%s> to memref<?x%s>\n", vflat, total, velem, velem);
  nb_strbuf_printf(&t, "  %%ka = memref.alloc(%%n) : memref<?x%s>\n  %%kb = memref.alloc(%%n) : memref<?x%s>\n",
      elem, elem);
  nb_strbuf_printf(&t, "  %%va = memref.alloc(%%n) : memref<?x%s>\n  %%vb = memref.alloc(%%n) : memref<?x%s>\n",
      velem, velem);
  nb_strbuf_printf(&t, "  scf.for %%o = %%c0 to %%outer step %%c1 {\n"
          "    scf.for %%jj = %%c0 to %%inner step %%c1 {\n"
          "      %%ob = arith.muli %%o, %%line : index\n"
          "      %%base = arith.addi %%ob, %%jj : index\n");
  copy_line(&t, elem, velem, false);
  merge_passes(&t, elem, velem, is_unsigned);
  copy_line(&t, elem, velem, true);
  nb_strbuf_printf(&t, "    }\n  }\n");
  nb_strbuf_printf(&t, "  %%kr = bufferization.to_tensor %%km restrict writable : %s to %s\n", km, ks);
  nb_strbuf_printf(&t, "  %%vr = bufferization.to_tensor %%vm restrict writable : %s to %s\n", vm, vs);
  nb_strbuf_printf(&t, "  return %%kr, %%vr : %s, %s\n}\n", ks, vs);
  return t.s;
}

bool nbl_add_function(MlirContext ctx, MlirOperation op, const char *prefix,
                      char *(*text)(const char *name, void *user), void *user, char *name,
                      size_t size) {
  MlirOperation module = module_of(op);
  if (mlirOperationIsNull(module))
    return false;
  MlirSymbolTable table = mlirSymbolTableCreate(module);
  for (int i = 0;; i++) {
    snprintf(name, size, "%s_%d", prefix, i);
    if (mlirOperationIsNull(mlirSymbolTableLookup(table, mlirStringRefCreateFromCString(name))))
      break;
  }
  char *src = text(name, user);
  MlirModule parsed = mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(src));
  free(src);
  if (mlirModuleIsNull(parsed)) {
    mlirSymbolTableDestroy(table);
    return false;
  }
  MlirOperation fn = mlirBlockGetFirstOperation(mlirModuleGetBody(parsed));
  mlirOperationRemoveFromParent(fn);
  mlirModuleDestroy(parsed);
  mlirSymbolTableInsert(table, fn);
  mlirSymbolTableDestroy(table);
  return true;
}

typedef struct {
  MlirType kt, vt;
  int64_t dim;
  bool is_unsigned;
} sort_spec;

static char *sort_text(const char *name, void *user) {
  sort_spec *s = user;
  return sort_function(name, s->kt, s->vt, s->dim, s->is_unsigned);
}

bool nb_lower_sort_key_val(nb_builder *b, MlirOperation op, MlirValue *results) {
  MlirValue keys = mlirOperationGetOperand(op, 0), vals = mlirOperationGetOperand(op, 1);
  sort_spec spec = {
      .kt = nb_signless(mlirValueGetType(keys)), .vt = nb_signless(mlirValueGetType(vals)),
      .is_unsigned = nb_dtype_is_unsigned(nb_tensor_dtype(mlirValueGetType(keys))),
      .dim = mlirIntegerAttrGetValueInt(
          mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("dimension")))};
  char name[64];
  if (!nbl_add_function(b->ctx, op, "__nabla_sort_key_val", sort_text, &spec, name, sizeof name))
    return false;
  MlirValue args[2] = {keys, vals};
  MlirType types[2] = {spec.kt, spec.vt};
  MlirNamedAttribute callee = nb_named(
      b->ctx, "callee", mlirFlatSymbolRefAttrGet(b->ctx, mlirStringRefCreateFromCString(name)));
  MlirOperation call = nb_build_op(b, "func.call", 2, args, 2, types, 1, &callee);
  results[0] = mlirOperationGetResult(call, 0);
  results[1] = mlirOperationGetResult(call, 1);
  return true;
}
