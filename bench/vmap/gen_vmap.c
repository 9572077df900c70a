/* gen_vmap.c — the vmap benchmark's two functions, compiled ahead of time:
 * one MLP layer tanh(x W + b) written for one example and vmapped over a
 * batch of 128 (W and b shared: in_axes NB_NONE), and the same layer written
 * batched by hand (X W + b with X of 128 rows). If the batching rules add
 * no data movement (dot_general takes the batch as a free dim, b is
 * broadcast), both compile to the same code. An exported transformed
 * function is a public wrapper calling the private declaration (frontend/
 * transforms.c), which costs a call and a copy of the output; so the
 * hand-written layer is also exported both ways: directly (by_hand) and
 * through a wrapper that calls it (by_hand_call), which isolates what
 * batching itself costs.
 * usage: gen_vmap [OUT_DIR] */
#include <nabla/nabla.h>

enum { BATCH = 128, IN = 784, OUT = 512 };

int main(int argc, char **argv) {
  nb_module *m = nb_module_create("vmb");
  nb_fn *layer = nb_function(m, "layer");
  nb_value w = nb_arg(layer, "w", NB_F32, NB_SHAPE(IN, OUT));
  nb_value b = nb_arg(layer, "b", NB_F32, NB_SHAPE(OUT));
  nb_value x = nb_arg(layer, "x", NB_F32, NB_SHAPE(IN));
  nb_return(layer, nb_tanh(nb_add(nb_matmul(x, w), b)));
  nb_export(nb_vmap(layer, .in_axes = NB_AXES(NB_NONE, NB_NONE, 0), .axis_size = BATCH),
            .c_name = "vmapped");

  nb_fn *hand = nb_function(m, "by_hand");
  nb_value hw = nb_arg(hand, "w", NB_F32, NB_SHAPE(IN, OUT));
  nb_value hb = nb_arg(hand, "b", NB_F32, NB_SHAPE(OUT));
  nb_value hx = nb_arg(hand, "x", NB_F32, NB_SHAPE(BATCH, IN));
  nb_return(hand, nb_tanh(nb_add(nb_matmul(hx, hw), hb)));
  nb_export(hand);
  nb_fn *wrap = nb_function(m, "by_hand_call");
  nb_value ww = nb_arg(wrap, "w", NB_F32, NB_SHAPE(IN, OUT));
  nb_value wb = nb_arg(wrap, "b", NB_F32, NB_SHAPE(OUT));
  nb_value wx = nb_arg(wrap, "x", NB_F32, NB_SHAPE(BATCH, IN));
  nb_fn *body = nb_function(m, "by_hand_body");
  nb_value bw = nb_arg(body, "w", NB_F32, NB_SHAPE(IN, OUT));
  nb_value bb = nb_arg(body, "b", NB_F32, NB_SHAPE(OUT));
  nb_value bx = nb_arg(body, "x", NB_F32, NB_SHAPE(BATCH, IN));
  nb_return(body, nb_tanh(nb_add(nb_matmul(bx, bw), bb)));
  nb_return(wrap, nb_call1(body, ww, wb, wx));
  nb_export(wrap);
  int rc = nb_compile(m, .out = "vmb", .out_dir = argc > 1 ? argv[1] : NULL);
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
