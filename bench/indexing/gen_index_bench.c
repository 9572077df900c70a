/* gen_index_bench.c — the indexing benchmark's kernels (issue 14).
 * usage: gen_index_bench OUT_DIR -> libixb.a, ixb.h
 *   lookup      table[50000,256] f32, idx[4096] i32 -> table[idx]   (gather)
 *   lookup_grad the gradient of sum(table[idx] * w) w.r.t. table: a
 *               scatter-add of w into zeros of the table's shape
 *   scale_N     x[N] -> x * 2                     (the reference for ...)
 *   set_N       x[N], i, v -> (x * 2).at[i].set(v): the update of a dead
 *               temporary; set_N - scale_N is the update's own cost, which
 *               must not grow with N (N = 4M and 16M floats: 16 and 64 MB)
 *   batch_mean  data[60000,784], i -> mean of rows i*128 .. i*128+127
 *               (a dynamic_slice minibatch: must not copy the whole array) */
#include <nabla/nabla.h>

enum { ROWS = 50000, DIM = 256, NIDX = 4096, DROWS = 60000, DCOLS = 784, BATCH = 128 };

/* table[idx] */
static nb_value lookup(nb_value table, nb_value idx) { return nb_idx(table, NB_V(idx)); }

static void add_set(nb_module *m, int64_t n, const char *scale_name, const char *set_name) {
  nb_fn *f = nb_function(m, scale_name);
  nb_return(f, nb_mul(nb_arg(f, "x", NB_F32, NB_SHAPE(n)), nb_scalar(f, 2.0)));
  nb_export(f);
  f = nb_function(m, set_name);
  nb_value x = nb_mul(nb_arg(f, "x", NB_F32, NB_SHAPE(n)), nb_scalar(f, 2.0));
  nb_value i = nb_arg(f, "i", NB_I32, NB_SHAPE());
  nb_value v = nb_arg(f, "v", NB_F32, NB_SHAPE());
  nb_return(f, nb_at_set(x, NB_IX(NB_V(i)), v));
  nb_export(f);
}

int main(int argc, char **argv) {
  nb_module *m = nb_module_create("ixb");
  nb_fn *f = nb_function(m, "lookup");
  nb_value table = nb_arg(f, "table", NB_F32, NB_SHAPE(ROWS, DIM));
  nb_return(f, lookup(table, nb_arg(f, "idx", NB_I32, NB_SHAPE(NIDX))));
  nb_export(f);

  nb_fn *loss = nb_function(m, "loss");
  nb_value t = nb_arg(loss, "table", NB_F32, NB_SHAPE(ROWS, DIM));
  nb_value ix = nb_arg(loss, "idx", NB_I32, NB_SHAPE(NIDX));
  nb_value w = nb_arg(loss, "w", NB_F32, NB_SHAPE(NIDX, DIM));
  nb_return(loss, nb_sum_all(nb_mul(lookup(t, ix), w)));
  nb_fn *g = nb_grad(loss, .argnums = NB_ARGS(0));
  nb_export(g, .c_name = "lookup_grad");

  add_set(m, 1 << 22, "scale_4m", "set_4m");
  add_set(m, 1 << 24, "scale_16m", "set_16m");

  f = nb_function(m, "batch_mean");
  nb_value data = nb_arg(f, "data", NB_F32, NB_SHAPE(DROWS, DCOLS));
  nb_value start = nb_mul(nb_arg(f, "i", NB_I32, NB_SHAPE()), nb_scalar_int(f, BATCH));
  nb_value starts[2] = {start, nb_full(f, NB_I32, NB_SHAPE(), 0)};
  /* lax.dynamic_slice(data, (i * 128, 0), (128, 784)) */
  nb_value batch = nb_dynamic_slice(data, starts, 2, NB_INTS(BATCH, DCOLS));
  nb_return(f, nb_mean(batch, NB_AXES(0)));
  nb_export(f);

  int rc = nb_compile(m, .out = "ixb", .out_dir = argc > 1 ? argv[1] : ".", .cpu = "native");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
