// nb_gather / nb_scatter: lax.gather and lax.scatter* with the index vector
// last; updates take the operand's dtype; errors name the caller's line,
// the op and the shapes.
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
// The output passes the dialect's verifier.
// RUN: %t | sed -n '/^module/,$p' | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("gather_errors");
  nb_fn *g = nb_function(m, "g");
  nb_value t = nb_arg(g, "t", NB_F32, NB_SHAPE(10, 4));
  nb_value fi = nb_arg(g, "fi", NB_F32, NB_SHAPE(3, 1));
  nb_value ii = nb_arg(g, "ii", NB_I32, NB_SHAPE(3, 1));
  nb_value u = nb_arg(g, "u", NB_F32, NB_SHAPE(2, 4));
  nb_gather_dims emb = {.offset_dims = NB_INTS(1), .collapsed_slice_dims = NB_INTS(0),
                        .start_index_map = NB_INTS(0)};
  nb_gather(t, fi, emb, NB_INTS(1, 4), NB_INDEX_CLIP);
  nb_gather(t, ii, emb, NB_INTS(1, 5), NB_INDEX_CLIP);
  nb_gather_dims bad = {.offset_dims = NB_INTS(3), .collapsed_slice_dims = NB_INTS(0),
                        .start_index_map = NB_INTS(0)};
  nb_gather(t, ii, bad, NB_INTS(1, 4), NB_INDEX_FILL_OR_DROP);
  nb_scatter_dims rows = {.update_window_dims = NB_INTS(1), .inserted_window_dims = NB_INTS(0),
                          .scatter_dims_to_operand_dims = NB_INTS(0)};
  nb_scatter(NB_SCATTER_ADD, t, ii, u, rows, NB_INDEX_FILL_OR_DROP);
  nb_scatter(NB_SCATTER_MAX, t, ii, nb_arg(g, "w", NB_F32, NB_SHAPE(3, 5)), rows, NB_INDEX_CLIP);
  nb_return(g, t);
  printf("errors: %d\n", nb_module_errors(m));
  for (int k = 0; k < nb_module_errors(m); k++)
    printf("%s\n", nb_module_error(m, k));

  nb_module *m2 = nb_module_create("gather_ok");
  nb_fn *h = nb_function(m2, "h");
  nb_value x = nb_arg(h, "x", NB_F32, NB_SHAPE(10, 4));
  nb_value i = nb_arg(h, "i", NB_U8, NB_SHAPE(3, 1));
  nb_value v = nb_arg(h, "v", NB_I32, NB_SHAPE(3, 4));
  nb_value e = nb_gather(x, i, emb, NB_INTS(1, 4), NB_INDEX_FILL_OR_DROP);
  nb_value s = nb_scatter(NB_SCATTER_SET, x, i, v, rows, NB_INDEX_CLIP);
  nb_return(h, e, s);
  puts(nb_module_print(m2, false));
  nb_module_destroy(m2);
  nb_module_destroy(m);
  return 0;
}
// CHECK: errors: 5
// CHECK-NEXT: ops-gather.c:19: nb_gather: indices must be integers with an index-vector axis last, got float32(3,1) (operand float32(10,4))
// CHECK-NEXT: ops-gather.c:20: nb_gather: slice size 5 of dim 1 does not fit the operand's 4 (operand float32(10,4), indices int32(3,1))
// CHECK-NEXT: ops-gather.c:23: nb_gather: offset_dims entry 3 is out of range [0, 2) (operand float32(10,4), indices int32(3,1))
// CHECK-NEXT: ops-gather.c:26: nb_scatter: scatter_add: updates dim 0 is 2 but the indices' batch axes give 3 (operand float32(10,4), indices int32(3,1), updates float32(2,4))
// CHECK-NEXT: ops-gather.c:27: nb_scatter: scatter_max: update window size 5 of operand dim 1 exceeds its 4 (operand float32(10,4), indices int32(3,1), updates float32(3,5))
// CHECK-LABEL: func.func private @h
// CHECK: "nabla.gather"(%arg0, %arg1) {collapsed_slice_dims = array<i64: 0>, mode = "fill", offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 4>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<10x4xf32>, tensor<3x1xui8>) -> tensor<3x4xf32>
// CHECK: %[[C:.*]] = "nabla.convert"(%arg2) : (tensor<3x4xi32>) -> tensor<3x4xf32>
// CHECK: "nabla.scatter"(%arg0, %arg1, %[[C]]) {inserted_window_dims = array<i64: 0>, mode = "clip", operand_batching_dims = array<i64>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<10x4xf32>, tensor<3x1xui8>, tensor<3x4xf32>) -> tensor<10x4xf32>
