/* ir_util.c — the small IR utilities every pass shares (ir.h): a value map,
 * an op list, printing types into messages, and queries on func.func.
 *
 * The value map is keyed on the value's pointer: the C API has no IRMapping,
 * and values live as long as the ops that define them, which outlive a
 * pass's use of the map. */
#include "ir.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mlir-c/BuiltinAttributes.h>
#include <mlir-c/BuiltinTypes.h>
#include <mlir-c/Diagnostics.h>

/* ---- value map ---- */

static size_t slot(const void *key, size_t cap) {
  uintptr_t h = (uintptr_t)key;
  h ^= h >> 17;
  h *= 0x9E3779B97F4A7C15ull;
  return (size_t)(h >> 7) & (cap - 1);
}

void nb_vmap_free(nb_vmap *m) {
  free(m->keys);
  free(m->vals);
  *m = (nb_vmap){0};
}

MlirValue nb_vmap_get(const nb_vmap *m, MlirValue key) {
  if (!m->cap)
    return (MlirValue){NULL};
  for (size_t i = slot(key.ptr, m->cap);; i = (i + 1) & (m->cap - 1)) {
    if (!m->keys[i])
      return (MlirValue){NULL};
    if (m->keys[i] == key.ptr)
      return m->vals[i];
  }
}

static void grow(nb_vmap *m) {
  nb_vmap big = {.cap = m->cap ? 2 * m->cap : 64};
  big.keys = calloc(big.cap, sizeof *big.keys);
  big.vals = calloc(big.cap, sizeof *big.vals);
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i])
      nb_vmap_set(&big, (MlirValue){m->keys[i]}, m->vals[i]);
  nb_vmap_free(m);
  *m = big;
}

void nb_vmap_set(nb_vmap *m, MlirValue key, MlirValue val) {
  if (2 * (m->n + 1) > m->cap)
    grow(m);
  size_t i = slot(key.ptr, m->cap);
  while (m->keys[i] && m->keys[i] != key.ptr)
    i = (i + 1) & (m->cap - 1);
  if (!m->keys[i])
    m->n++;
  m->keys[i] = key.ptr;
  m->vals[i] = val;
}

/* ---- op list ---- */

void nb_op_list_push(nb_op_list *l, MlirOperation op) {
  if (l->n == l->cap) {
    l->cap = l->cap ? 2 * l->cap : 64;
    l->ops = realloc(l->ops, l->cap * sizeof *l->ops);
  }
  l->ops[l->n++] = op;
}

void nb_op_list_free(nb_op_list *l) {
  free(l->ops);
  *l = (nb_op_list){0};
}

void nb_name_set_add(nb_name_set *s, MlirStringRef name) {
  if (s->n == s->cap) {
    s->cap = s->cap ? 2 * s->cap : 32;
    s->names = realloc(s->names, s->cap * sizeof *s->names);
  }
  s->names[s->n++] = name;
}

bool nb_name_set_has(const nb_name_set *s, MlirStringRef name) {
  for (size_t i = 0; i < s->n; i++)
    if (s->names[i].length == name.length && !memcmp(s->names[i].data, name.data, name.length))
      return true;
  return false;
}

void nb_name_set_free(nb_name_set *s) {
  free(s->names);
  *s = (nb_name_set){0};
}

/* ---- messages ---- */

typedef struct {
  char *buf;
  size_t size, len;
} sink;

static void to_sink(MlirStringRef s, void *user) {
  sink *k = user;
  for (size_t i = 0; i < s.length && k->len + 1 < k->size; i++)
    k->buf[k->len++] = s.data[i];
  k->buf[k->len] = 0;
}

char *nb_type_str(char *buf, size_t size, MlirType t) {
  sink k = {buf, size, 0};
  buf[0] = 0;
  mlirTypePrint(t, to_sink, &k);
  return buf;
}

char *nb_attr_str(char *buf, size_t size, MlirAttribute a) {
  sink k = {buf, size, 0};
  buf[0] = 0;
  mlirAttributePrint(a, to_sink, &k);
  return buf;
}

void nb_errorf(MlirLocation loc, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  mlirEmitError(loc, msg);
}

/* ---- queries ---- */

bool nb_is_float_tensor(MlirType t) {
  if (!mlirTypeIsARankedTensor(t))
    return false;
  MlirType e = mlirShapedTypeGetElementType(t);
  return mlirTypeIsAF16(e) || mlirTypeIsABF16(e) || mlirTypeIsAF32(e) || mlirTypeIsAF64(e);
}

MlirBlock nb_func_body(MlirOperation func) {
  if (mlirOperationGetNumRegions(func) == 0)
    return (MlirBlock){NULL};
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
}

MlirType nb_func_type(MlirOperation func) {
  MlirAttribute a = mlirOperationGetAttributeByName(
      func, mlirStringRefCreateFromCString("function_type"));
  return mlirTypeAttrGetValue(a);
}

MlirStringRef nb_func_name(MlirOperation func) {
  MlirAttribute a =
      mlirOperationGetAttributeByName(func, mlirSymbolTableGetSymbolAttributeName());
  if (mlirAttributeIsNull(a) || !mlirAttributeIsAString(a))
    return mlirStringRefCreateFromCString("");
  return mlirStringAttrGetValue(a);
}

/* ---- string buffer ---- */

static bool reserve(nb_strbuf *b, size_t n) {
  if (b->failed)
    return false;
  if (b->len + n + 1 <= b->cap)
    return true;
  size_t cap = (b->len + n + 1) * 2;
  char *s = realloc(b->s, cap);
  if (!s) {
    b->failed = true;
    return false;
  }
  b->s = s;
  b->cap = cap;
  return true;
}

void nb_strbuf_put(nb_strbuf *b, const char *s, size_t n) {
  if (!reserve(b, n))
    return;
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = 0;
}

void nb_strbuf_printf(nb_strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || !reserve(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

static void put_printed(MlirStringRef s, void *b) { nb_strbuf_put(b, s.data, s.length); }

void nb_strbuf_put_type(nb_strbuf *b, MlirType t) { mlirTypePrint(t, put_printed, b); }
