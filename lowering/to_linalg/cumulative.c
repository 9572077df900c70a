/* cumulative.c — nabla-to-linalg for cumsum, cumprod, cummax, cummin: a
 * call to a private function holding a sequential scan (O(n) per line).
 *
 * Like sort.c's merge sort, the function is parsed from text: the array is
 * copied into a buffer viewed flat, and each line along the axis (starting
 * at o*n*inner + j, stride inner) is scanned in place from its first
 * element (its last when reversed), carrying the running value: element k
 * becomes combine(running, x_k), one rounding per step (bf16 steps in f32,
 * rounded back). The running value starts as the first element itself, so
 * a leading -0.0 stays. */
#include "lower.h"
#include "ir.h"

#include <string.h>

typedef struct {
  lowering *l;
  int axis;
  bool reverse;
} cumulative;

static char *scan_text(const char *name, void *user) {
  cumulative *c = user;
  lowering *l = c->l;
  MlirType t = l->out_type;
  char ts[256], el[64], mt[300];
  nb_type_str(ts, sizeof ts, t);
  nb_type_str(el, sizeof el, l->out_elem);
  snprintf(mt, sizeof mt, "memref%s", ts + strlen("tensor"));
  int rank = l->rank;
  int64_t outer = 1, n = mlirShapedTypeGetDimSize(t, c->axis), inner = 1;
  for (int i = 0; i < rank; i++) {
    int64_t d = mlirShapedTypeGetDimSize(t, i);
    if (i < c->axis)
      outer *= d;
    if (i > c->axis)
      inner *= d;
  }
  long long total = (long long)(outer * n * inner);
  const char *op = op_for(l->r, l->dt);
  bool bf16 = l->dt == NB_BF16;
  nb_strbuf s = {0};
  nb_strbuf_printf(&s, "func.func private @%s(%%xt: %s) -> %s {\n", name, ts, ts);
  nb_strbuf_printf(&s, "  %%c0 = arith.constant 0 : index\n  %%c1 = arith.constant 1 : index\n"
                       "  %%n = arith.constant %lld : index\n  %%nm1 = arith.constant %lld : index\n"
                       "  %%outer = arith.constant %lld : index\n  %%inner = arith.constant %lld : index\n"
                       "  %%line = arith.constant %lld : index\n",
                   (long long)n, (long long)(n - 1), (long long)outer, (long long)inner,
                   (long long)(n * inner));
  nb_strbuf_printf(&s, "  %%xin = bufferization.to_buffer %%xt read_only : %s to %s\n", ts, mt);
  nb_strbuf_printf(&s, "  %%m = memref.alloc() : %s\n  memref.copy %%xin, %%m : %s to %s\n", mt, mt, mt);
  const char *flat = "%m";
  if (rank > 1) {
    char assoc[256] = "[[";
    for (int i = 0; i < rank; i++)
      snprintf(assoc + strlen(assoc), sizeof assoc - strlen(assoc), "%s%d", i ? ", " : "", i);
    strcat(assoc, "]]");
    nb_strbuf_printf(&s, "  %%mc = memref.collapse_shape %%m %s : %s into memref<%lldx%s>\n", assoc,
                     mt, total, el);
    flat = "%mc";
  }
  nb_strbuf_printf(&s, "  %%f = memref.cast %s : memref<%lldx%s> to memref<?x%s>\n", flat, total, el,
                   el);
  nb_strbuf_printf(&s, "  scf.for %%o = %%c0 to %%outer step %%c1 {\n"
                       "    scf.for %%jj = %%c0 to %%inner step %%c1 {\n"
                       "      %%ob = arith.muli %%o, %%line : index\n"
                       "      %%base = arith.addi %%ob, %%jj : index\n");
  /* position of step k: k, or n - 1 - k reversed */
  nb_strbuf_printf(&s, "      %%i0 = arith.constant %lld : index\n", c->reverse ? (long long)(n - 1) : 0LL);
  nb_strbuf_printf(&s, "      %%s0 = arith.muli %%i0, %%inner : index\n"
                       "      %%p0 = arith.addi %%base, %%s0 : index\n"
                       "      %%first = memref.load %%f[%%p0] : memref<?x%s>\n"
                       "      %%last = scf.for %%k = %%c1 to %%n step %%c1 iter_args(%%acc = %%first)"
                       " -> (%s) {\n",
                   el, el);
  if (c->reverse)
    nb_strbuf_printf(&s, "        %%i = arith.subi %%nm1, %%k : index\n");
  else
    nb_strbuf_printf(&s, "        %%i = arith.addi %%k, %%c0 : index\n");
  nb_strbuf_printf(&s, "        %%si = arith.muli %%i, %%inner : index\n"
                       "        %%p = arith.addi %%base, %%si : index\n"
                       "        %%x = memref.load %%f[%%p] : memref<?x%s>\n", el);
  if (bf16)
    nb_strbuf_printf(&s, "        %%aw = arith.extf %%acc : bf16 to f32\n"
                         "        %%xw = arith.extf %%x : bf16 to f32\n"
                         "        %%rw = %s %%aw, %%xw : f32\n"
                         "        %%r = arith.truncf %%rw : f32 to bf16\n", op);
  else
    nb_strbuf_printf(&s, "        %%r = %s %%acc, %%x : %s\n", op, el);
  nb_strbuf_printf(&s, "        memref.store %%r, %%f[%%p] : memref<?x%s>\n"
                       "        scf.yield %%r : %s\n      }\n    }\n  }\n", el, el);
  nb_strbuf_printf(&s, "  %%r = bufferization.to_tensor %%m restrict writable : %s to %s\n"
                       "  return %%r : %s\n}\n", mt, ts, ts);
  return s.s;
}

MlirValue nbl_cumulative(lowering *l) {
  MlirValue x = operand(l, 0);
  cumulative c = {.l = l, .axis = (int)mlirIntegerAttrGetValueInt(attr(l, "axis")),
                  .reverse = mlirIntegerAttrGetValueInt(attr(l, "reverse")) != 0};
  if (dim(x, c.axis) <= 1 || num_elements(l->out_type) == 0)
    return x;
  char name[64];
  if (!nbl_add_function(l->b.ctx, l->op, "__nabla_cumulative", scan_text, &c, name, sizeof name))
    return error(l, "could not build the scan function");
  MlirNamedAttribute callee = nb_named(
      l->b.ctx, "callee", mlirFlatSymbolRefAttrGet(l->b.ctx, mlirStringRefCreateFromCString(name)));
  MlirOperation call = nb_build_op(&l->b, "func.call", 1, &x, 1, &l->out_type, 1, &callee);
  return mlirOperationGetResult(call, 0);
}
