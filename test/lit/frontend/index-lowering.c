// jnp indexing (nabla/index.h) lowers each form to the cheapest op, as
// jnp's rewriting_take: constant ints and slices to nabla.slice + one
// reshape, a traced scalar to nabla.dynamic_slice, an index array to
// nabla.gather (and an update at one to a scatter); a constant unit-step
// update to one nabla.dynamic_update_slice of the box, a strided one to
// pad + select. A chain of updates of a dead array bufferizes to one buffer
// written in place (only the updates are copied).
// RUN: %cc_dsl %s %nabla_lib -o %t && %t | FileCheck %s
// RUN: %t | sed -n '/^module/,$p' | nabla-opt --pass-pipeline='builtin.module(nabla-verify)' > /dev/null
// RUN: %t | sed -n '/^module/,$p' \
// RUN:   | nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' \
// RUN:   | %mlir_opt --one-shot-bufferize=bufferize-function-boundaries | FileCheck %s --check-prefix=BUF
#include <nabla/nabla.h>
#include <stdio.h>

int main(void) {
  nb_module *m = nb_module_create("index");

  // CHECK-LABEL: @static_get(
  // CHECK: "nabla.slice"
  // CHECK-SAME: limit_indices = array<i64: 2, 6, 4>, start_indices = array<i64: 1, 0, 1>, strides = array<i64: 1, 1, 2>
  // CHECK-NEXT: "nabla.reshape"
  // CHECK-SAME: -> tensor<6x2x1xf32>
  // CHECK-NOT: nabla.gather
  // CHECK: return
  nb_fn *f = nb_function(m, "static_get");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(3, 6, 5));
  nb_return(f, nb_idx(x, NB_I(1), NB_ALL, NB_S(1, NB_END, 2), NB_NEWAXIS));

  // CHECK-LABEL: @dynamic_get(
  // CHECK: "nabla.dynamic_slice"
  // CHECK-SAME: slice_sizes = array<i64: 1, 2, 5>
  // CHECK-NEXT: "nabla.reshape"
  // CHECK-NOT: nabla.gather
  // CHECK: return
  nb_fn *g = nb_function(m, "dynamic_get");
  nb_value y = nb_arg(g, "y", NB_F32, NB_SHAPE(3, 6, 5));
  nb_value i = nb_arg(g, "i", NB_I32, NB_SHAPE());
  nb_return(g, nb_idx(y, NB_V(i), NB_S(2, 4)));

  // CHECK-LABEL: @updates(
  // CHECK: "nabla.dynamic_update_slice"
  // CHECK: "nabla.slice"
  // CHECK: "nabla.add"
  // CHECK: "nabla.dynamic_update_slice"
  // CHECK: "nabla.pad"
  // CHECK: "nabla.pad"
  // CHECK: "nabla.select"
  // CHECK-NOT: nabla.scatter
  // CHECK: return
  // BUF-LABEL: @updates(
  // BUF: %[[A:.*]] = memref.alloc() {{.*}} : memref<4x5xf32>
  // BUF: linalg.generic {{.*}} outs(%[[A]]
  // BUF-NOT: memref<4x5xf32>{{$}}
  // BUF: %[[W:.*]] = memref.subview %[[A]]{{.*}} [1, 5] [1, 1]
  // BUF: memref.copy %{{.*}}, %[[W]]
  // BUF-NOT: memref<4x5xf32>{{$}}
  // BUF: memref.subview %[[A]][2, 0] [2, 1] [1, 1]
  // BUF: return
  nb_fn *h = nb_function(m, "updates");
  nb_value z = nb_arg(h, "z", NB_F32, NB_SHAPE(4, 5));
  nb_value v = nb_arg(h, "v", NB_F32, NB_SHAPE(5));
  nb_value e = nb_exp(z);
  e = nb_at_set(e, NB_IX(NB_I(1)), v);
  e = nb_at_add(e, NB_IX(NB_S(2, 4), NB_I(0)), nb_scalar(h, 1.0));
  nb_value w = nb_arg(h, "w", NB_F32, NB_SHAPE(4, 5));
  nb_return(h, e, nb_at_set(w, NB_IX(NB_ALL, NB_S(0, 5, 2)), nb_scalar(h, 0.0)));

  // CHECK-LABEL: @arrays(
  // CHECK: "nabla.gather"
  // CHECK-SAME: -> tensor<2x3xf32>
  // CHECK: "nabla.scatter_add"
  // CHECK: return
  nb_fn *a = nb_function(m, "arrays");
  nb_value t = nb_arg(a, "t", NB_F32, NB_SHAPE(4, 3));
  nb_value k = nb_arg(a, "k", NB_I32, NB_SHAPE(2));
  nb_return(a, nb_idx(t, NB_V(k)), nb_at_add(t, NB_IX(NB_V(k)), nb_scalar(a, 1.0)));

  // Negative steps: read upwards from the lowest element, then nabla.rev
  // (jnp's rev_axes): x[5:0:-2, ::-1] is rows 1, 3, 5 reversed; with a
  // traced scalar, dynamic_slice + rev; an update reverses v and writes the
  // box (step -1) or pads it (step -2).
  // CHECK-LABEL: @reversed(
  // CHECK: "nabla.slice"
  // CHECK-SAME: limit_indices = array<i64: 6, 4>, start_indices = array<i64: 1, 0>, strides = array<i64: 2, 1>
  // CHECK-NEXT: "nabla.rev"
  // CHECK-SAME: dimensions = array<i64: 0, 1>
  // CHECK: "nabla.dynamic_slice"
  // CHECK-NEXT: "nabla.rev"
  // CHECK-SAME: dimensions = array<i64: 1>
  // CHECK: "nabla.rev"
  // CHECK: "nabla.dynamic_update_slice"
  // CHECK: "nabla.rev"
  // CHECK: "nabla.pad"
  // CHECK: "nabla.select"
  // CHECK-NOT: nabla.gather
  // CHECK-NOT: nabla.scatter
  // CHECK: return
  nb_fn *r = nb_function(m, "reversed");
  nb_value rx = nb_arg(r, "x", NB_F32, NB_SHAPE(6, 4));
  nb_value ri = nb_arg(r, "i", NB_I32, NB_SHAPE());
  nb_value rv = nb_arg(r, "v", NB_F32, NB_SHAPE(3, 4));
  nb_return(r, nb_idx(rx, NB_S(5, 0, -2), NB_S(NB_END, NB_END, -1)),
            nb_idx(rx, NB_V(ri), NB_S(NB_END, NB_END, -1)),
            nb_at_set(rx, NB_IX(NB_S(3, 0, -1)), rv),
            nb_at_add(rx, NB_IX(NB_S(NB_END, NB_END, -2)), rv));

  // jnp.take / jnp.take_along_axis: one gather each, take_along_axis' shared
  // dim a gather batching dim (jnp's dimension numbers).
  // CHECK-LABEL: @takes(
  // CHECK: "nabla.gather"
  // CHECK-SAME: collapsed_slice_dims = array<i64: 1>
  // CHECK-SAME: mode = "fill", offset_dims = array<i64: 0, 3>
  // CHECK-SAME: -> tensor<6x2x2x5xf32>
  // CHECK-NOT: nabla.gather
  // CHECK: "nabla.gather"
  // CHECK-SAME: operand_batching_dims = array<i64: 0>
  // CHECK-SAME: start_indices_batching_dims = array<i64: 0>
  // CHECK-SAME: -> tensor<6x3x5xf32>
  // CHECK-NOT: nabla.gather
  // CHECK: return
  nb_fn *tk = nb_function(m, "takes");
  nb_value ta = nb_arg(tk, "a", NB_F32, NB_SHAPE(6, 4, 5));
  nb_value ti = nb_arg(tk, "i", NB_I32, NB_SHAPE(2, 2));
  nb_value tj = nb_arg(tk, "j", NB_I32, NB_SHAPE(6, 3, 1));
  nb_return(tk, nb_take(ta, ti, 1, NB_INDEX_FILL_OR_DROP),
            nb_take_along_axis(ta, tj, 1, NB_INDEX_CLIP));

  fputs(nb_module_print(m, false), stdout);
  int errors = nb_module_errors(m);
  nb_module_destroy(m);
  return errors;
}
