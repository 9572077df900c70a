/* cpu_ops.h — shared by the CPU code generation strategy's three files:
 * cpu_match.c (which ops each schedule takes), cpu_rewrite.c (rewrites
 * into those forms) and cpu_schedule.c (the pass: tag, write the script,
 * apply it). Private to lowering/. */
#ifndef NABLA_CPU_OPS_H
#define NABLA_CPU_OPS_H

#include "lowering.h"

/* ---- cpu_match.c ---- */

bool nb_cpu_op_is(MlirOperation op, const char *name);
bool nb_cpu_attr_is(MlirOperation op, const char *name, const char *expected);
bool nb_cpu_all_operands(MlirOperation op, bool (*pred)(MlirType));
bool nb_cpu_static_f32_tensor(MlirType t);
extern const char nb_cpu_matmul_maps[];
bool nb_cpu_mul_add_body(MlirOperation op);
bool nb_cpu_is_matmul_ta(MlirOperation op, bool *ta);
bool nb_cpu_is_matmul(MlirOperation op);
extern const char nb_cpu_batch_matmul_maps[];
extern const char nb_cpu_batch_matmul_iters[];
bool nb_cpu_is_batch_matmul(MlirOperation op);
bool nb_cpu_is_transposed_matmul(MlirOperation op, bool *ta, bool *tb);
bool nb_cpu_map_dims(MlirAttribute map_attr, int n, int *dims);
bool nb_cpu_is_fill(MlirOperation op);
bool nb_cpu_is_colsum(MlirOperation op);
bool nb_cpu_is_transpose(MlirOperation op);
bool nb_cpu_transpose_tiles(MlirOperation op, const nb_cpu_target *t);
bool nb_cpu_is_row_reduction(MlirOperation op);
bool nb_cpu_is_full_reduction(MlirOperation op);
int64_t nb_cpu_num_elements(MlirType t);
bool nb_cpu_is_elementwise(MlirOperation op);
MlirOperation nb_cpu_init_fill(MlirOperation mm);
bool nb_cpu_fills_matmul(MlirOperation op);
MlirOperation nb_cpu_epilogue_matmul(MlirOperation op, bool *alone);

/* ---- cpu_rewrite.c ---- */

void nb_cpu_untranspose_contractions(MlirOperation module);
void nb_cpu_order_batch_contractions(MlirOperation module);
void nb_cpu_unshare_fills(MlirOperation module);
int64_t nb_cpu_full_reduction_cols(MlirOperation op, int64_t lanes);
void nb_cpu_full_reduction_2d(MlirOperation op, int64_t cols);
void nb_cpu_own_empty(MlirOperation mm, MlirOperation ep);

#endif
