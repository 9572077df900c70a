/* ir.h — small IR utilities every pass shares (ir_util.c): a value map, a
 * list of operations, printing types and attributes into messages, errors at
 * a location, and queries on func.func. Ground floor: MLIR's C API only. */
#ifndef NABLA_IR_H
#define NABLA_IR_H

#include <stdbool.h>
#include <stddef.h>

#include <mlir-c/IR.h>


/* Value -> value map (open addressing on the value's pointer). A missing key
 * reads as the null value, which the sweeps use for "zero". */
typedef struct nb_vmap {
  const void **keys;
  MlirValue *vals;
  size_t cap, n;
} nb_vmap;
void nb_vmap_free(nb_vmap *m);
MlirValue nb_vmap_get(const nb_vmap *m, MlirValue key);
void nb_vmap_set(nb_vmap *m, MlirValue key, MlirValue val);

/* Growable list of operations. */
typedef struct nb_op_list {
  MlirOperation *ops;
  size_t n, cap;
} nb_op_list;
void nb_op_list_push(nb_op_list *l, MlirOperation op);
void nb_op_list_free(nb_op_list *l);

/* A set of names (symbol names: they live as long as the module). */
typedef struct nb_name_set {
  MlirStringRef *names;
  size_t n, cap;
} nb_name_set;
void nb_name_set_add(nb_name_set *s, MlirStringRef name);
bool nb_name_set_has(const nb_name_set *s, MlirStringRef name);
void nb_name_set_free(nb_name_set *s);

/* Prints a type or attribute into buf (truncated); returns buf. */
char *nb_type_str(char *buf, size_t size, MlirType t);
char *nb_attr_str(char *buf, size_t size, MlirAttribute a);
/* Emits an error built with printf at loc. */
void nb_errorf(MlirLocation loc, const char *fmt, ...);

/* True for tensors of f16/bf16/f32/f64: the only values with derivatives. */
bool nb_is_float_tensor(MlirType t);
/* The func.func's body block, or a null block for a declaration. */
MlirBlock nb_func_body(MlirOperation func);
MlirType nb_func_type(MlirOperation func);
/* The symbol name of a func.func ("" if none). */
MlirStringRef nb_func_name(MlirOperation func);

/* A growing NUL-terminated string, for IR and scripts written as text
 * (export_abi.c, sort.c, cpu_schedule_text.c). Zero-initialize; free `s`.
 * If memory runs out, `failed` is set and further appends do nothing. */
typedef struct nb_strbuf {
  char *s;
  size_t len, cap;
  bool failed;
} nb_strbuf;
void nb_strbuf_put(nb_strbuf *b, const char *s, size_t n);
void nb_strbuf_printf(nb_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends MLIR's printed form of a type. */
void nb_strbuf_put_type(nb_strbuf *b, MlirType t);

#endif
