/* nabla/dtype.h — element types shared by the DSL, the compiler and the
 * generated headers. Plain C, no MLIR. */
#ifndef NABLA_DTYPE_H
#define NABLA_DTYPE_H

/* The dtypes of JAX that nabla supports. Order is not ABI. */
typedef enum nb_dtype {
  NB_INVALID_DTYPE = 0,
  NB_BOOL, /* i1, stored one byte per element */
  NB_I8,
  NB_I16,
  NB_I32,
  NB_I64,
  NB_U8,
  NB_U16,
  NB_U32,
  NB_U64,
  NB_F16,  /* IEEE half; stored as uint16_t bits in C */
  NB_BF16, /* bfloat16; stored as uint16_t bits in C */
  NB_F32,
  NB_F64,
  NB_DTYPE_COUNT
} nb_dtype;

#endif
