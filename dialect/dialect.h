/* dialect.h — the ground floor of the compiler: the nabla dialect loaded into
 * a context, its op list, and the dtype <-> MLIR type mapping every other
 * part shares. Uses only MLIR's C API and include/nabla/dtype.h.
 *
 * Files:
 *   nabla.irdl.mlir  the dialect: every op, its operands, results, attributes
 *   dialect.c        the context, loading the dialect
 *   ops.c            the op list (generated from the IRDL file: nabla_ops.def)
 *   types.c          dtypes and tensor types
 *   diagnostics.c    printing diagnostics and locations
 *   ir.h, ir_util.c  small IR utilities every pass uses (value map, op list,
 *                    printing types and attributes, func queries)
 */
#ifndef NABLA_DIALECT_H
#define NABLA_DIALECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mlir-c/IR.h>

#include "nabla/dtype.h"

/* The highest tensor rank the compiler handles in IR it is given (nablac
 * inputs, vmap adding dims); the DSL's own limit is nabla.h's NB_MAX_RANK. */
#define NB_IR_MAX_RANK 16

/* ---- dialect.c ---- */

/* The IRDL source of the dialect (dialect/nabla.irdl.mlir, embedded at build
 * time so the compiler needs no data files). */
extern const char nb_dialect_irdl_source[];

/* A context with every upstream dialect registered and loaded, every upstream
 * pass and LLVM translation registered, and the nabla dialect loaded.
 * Returns a null context (mlirContextIsNull) if the dialect fails to load.
 * The caller destroys it with mlirContextDestroy. */
MlirContext nb_context_create(void);

/* Loads the nabla dialect into ctx; false (with MLIR's diagnostic) on error. */
bool nb_dialect_load(MlirContext ctx);

/* True if op is a nabla.* operation. */
bool nb_is_nabla_op(MlirOperation op);

/* The op's name as a NUL-terminated C string, e.g. "nabla.add"; the string
 * lives as long as the context. */
const char *nb_op_name(MlirOperation op);

/* ---- ops.c ---- */

/* The dialect's ops, "nabla.<name>", in the IRDL file's order: i-th name
 * (NULL past the end), how many, whether `name` is one. */
const char *nb_dialect_op_name(size_t i);
size_t nb_dialect_op_count(void);
bool nb_dialect_has_op(const char *name);

/* ---- types.c ---- */

/* MLIR element type of a dtype (ui32 etc. are MLIR unsigned integer types). */
MlirType nb_dtype_to_mlir(MlirContext ctx, nb_dtype dt);
/* dtype of an MLIR element type; NB_INVALID_DTYPE if not one of ours. */
nb_dtype nb_dtype_from_mlir(MlirType t);
/* JAX's name: "float32", "int8", "bool", "bfloat16", ... */
const char *nb_dtype_name(nb_dtype dt);
/* C type used in generated headers: "float", "int8_t", "bool", "uint16_t". */
const char *nb_dtype_c_type(nb_dtype dt);
/* Size in bytes of one element in memory (bool: 1). */
int nb_dtype_size(nb_dtype dt);
bool nb_dtype_is_float(nb_dtype dt);
bool nb_dtype_is_int(nb_dtype dt); /* signed or unsigned, not bool */
bool nb_dtype_is_unsigned(nb_dtype dt);
/* Bit width (bool: 1). */
int nb_dtype_bits(nb_dtype dt);

/* tensor<dims x dtype>; rank 0 is a scalar tensor. */
MlirType nb_tensor_type(MlirContext ctx, nb_dtype dt, int rank,
                        const int64_t *dims);
/* Element dtype of a ranked tensor type (NB_INVALID_DTYPE otherwise). */
nb_dtype nb_tensor_dtype(MlirType tensor);

/* Formats a shape as "(3,4)", "(5,)" or "()" like NumPy; returns buf. */
char *nb_format_shape(char *buf, size_t size, int rank, const int64_t *dims);

/* ---- diagnostics.c ---- */

/* Attaches a handler printing diagnostics as "file:line:col: error: msg"
 * (like mlir-opt) to `out` (stderr if NULL), with notes indented below. */
void nb_attach_diagnostic_printer(MlirContext ctx, void *out_file);

/* Writes "file:line" of a location into buf ("<unknown>" if it has none);
 * looks through name, callsite and fused locations. Returns buf. */
char *nb_format_location(char *buf, size_t size, MlirLocation loc);
#endif
