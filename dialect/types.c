/* types.c — one table that maps nabla dtypes to MLIR types, JAX names and C
 * types; everything else (header emission, promotion, lowering) reads it. */
#include "dialect.h"

#include <stdio.h>

#include <mlir-c/BuiltinTypes.h>

typedef enum { K_BOOL, K_SINT, K_UINT, K_FLOAT } kind;

static const struct {
  const char *name, *c_type;
  int bits, size;
  kind k;
} dtypes[NB_DTYPE_COUNT] = {
    [NB_BOOL] = {"bool", "bool", 1, 1, K_BOOL},
    [NB_I8] = {"int8", "int8_t", 8, 1, K_SINT},
    [NB_I16] = {"int16", "int16_t", 16, 2, K_SINT},
    [NB_I32] = {"int32", "int32_t", 32, 4, K_SINT},
    [NB_I64] = {"int64", "int64_t", 64, 8, K_SINT},
    [NB_U8] = {"uint8", "uint8_t", 8, 1, K_UINT},
    [NB_U16] = {"uint16", "uint16_t", 16, 2, K_UINT},
    [NB_U32] = {"uint32", "uint32_t", 32, 4, K_UINT},
    [NB_U64] = {"uint64", "uint64_t", 64, 8, K_UINT},
    [NB_F16] = {"float16", "uint16_t", 16, 2, K_FLOAT},
    [NB_BF16] = {"bfloat16", "uint16_t", 16, 2, K_FLOAT},
    [NB_F32] = {"float32", "float", 32, 4, K_FLOAT},
    [NB_F64] = {"float64", "double", 64, 8, K_FLOAT},
};

static bool valid(nb_dtype dt) { return dt > NB_INVALID_DTYPE && dt < NB_DTYPE_COUNT; }

MlirType nb_dtype_to_mlir(MlirContext ctx, nb_dtype dt) {
  switch (dt) {
  case NB_F16: return mlirF16TypeGet(ctx);
  case NB_BF16: return mlirBF16TypeGet(ctx);
  case NB_F32: return mlirF32TypeGet(ctx);
  case NB_F64: return mlirF64TypeGet(ctx);
  case NB_BOOL: return mlirIntegerTypeGet(ctx, 1);
  default: break;
  }
  if (!valid(dt))
    return (MlirType){NULL};
  if (dtypes[dt].k == K_UINT)
    return mlirIntegerTypeUnsignedGet(ctx, dtypes[dt].bits);
  return mlirIntegerTypeGet(ctx, dtypes[dt].bits);
}

nb_dtype nb_dtype_from_mlir(MlirType t) {
  if (mlirTypeIsAF16(t)) return NB_F16;
  if (mlirTypeIsABF16(t)) return NB_BF16;
  if (mlirTypeIsAF32(t)) return NB_F32;
  if (mlirTypeIsAF64(t)) return NB_F64;
  if (!mlirTypeIsAInteger(t)) return NB_INVALID_DTYPE;
  unsigned w = mlirIntegerTypeGetWidth(t);
  if (mlirIntegerTypeIsSigned(t)) return NB_INVALID_DTYPE; /* si32 is not ours */
  bool u = mlirIntegerTypeIsUnsigned(t);
  if (w == 1) return u ? NB_INVALID_DTYPE : NB_BOOL;
  for (int dt = NB_I8; dt <= NB_U64; dt++)
    if (dtypes[dt].bits == (int)w && (dtypes[dt].k == K_UINT) == u)
      return (nb_dtype)dt;
  return NB_INVALID_DTYPE;
}

const char *nb_dtype_name(nb_dtype dt) { return valid(dt) ? dtypes[dt].name : "invalid"; }
const char *nb_dtype_c_type(nb_dtype dt) { return valid(dt) ? dtypes[dt].c_type : "void"; }
int nb_dtype_size(nb_dtype dt) { return valid(dt) ? dtypes[dt].size : 0; }
int nb_dtype_bits(nb_dtype dt) { return valid(dt) ? dtypes[dt].bits : 0; }
bool nb_dtype_is_float(nb_dtype dt) { return valid(dt) && dtypes[dt].k == K_FLOAT; }
bool nb_dtype_is_unsigned(nb_dtype dt) { return valid(dt) && dtypes[dt].k == K_UINT; }
bool nb_dtype_is_int(nb_dtype dt) {
  return valid(dt) && (dtypes[dt].k == K_SINT || dtypes[dt].k == K_UINT);
}

MlirType nb_tensor_type(MlirContext ctx, nb_dtype dt, int rank, const int64_t *dims) {
  return mlirRankedTensorTypeGet(rank, dims, nb_dtype_to_mlir(ctx, dt),
                                 (MlirAttribute){NULL});
}

nb_dtype nb_tensor_dtype(MlirType tensor) {
  if (!mlirTypeIsARankedTensor(tensor))
    return NB_INVALID_DTYPE;
  return nb_dtype_from_mlir(mlirShapedTypeGetElementType(tensor));
}

char *nb_format_shape(char *buf, size_t size, int rank, const int64_t *dims) {
  size_t n = (size_t)snprintf(buf, size, "(");
  for (int i = 0; i < rank && n < size; i++)
    n += (size_t)snprintf(buf + n, size - n, i ? ",%lld" : "%lld", (long long)dims[i]);
  if (n < size)
    snprintf(buf + n, size - n, rank == 1 ? ",)" : ")");
  return buf;
}
