/* gen_par.c — runs at build time: a program big enough that nabla's CPU
 * schedules split it across threads (a packed matmul, a fused elementwise
 * chain with a broadcast, a chain on the matmul's result, and a full
 * reduction in row chunks), compiled into libpar.a + par.h for
 * test_parallel.c. Both matmuls run their consumer as an epilogue: in the
 * parallel chunks (K = 384, two cache blocks) and in the register tiles
 * (K = 128).
 *
 *   step(a[200,384], b[384,512], c[256,512], bias[512], e[256,128], f[128,512])
 *     = (maximum(a b + bias, 0), tanh(c * c + bias), sum(c * c), c - e f / 64)
 *
 * M = 200 is not a multiple of the cache tile (128) on purpose: the last
 * tile of each thread's chunk is partial. */
#include <nabla/nabla.h>

int main(void) {
  nb_module *m = nb_module_create("par");
  nb_fn *f = nb_function(m, "step");
  nb_value a = nb_arg(f, "a", NB_F32, NB_SHAPE(200, 384));
  nb_value b = nb_arg(f, "b", NB_F32, NB_SHAPE(384, 512));
  nb_value c = nb_arg(f, "c", NB_F32, NB_SHAPE(256, 512));
  nb_value bias = nb_arg(f, "bias", NB_F32, NB_SHAPE(512));
  nb_value e = nb_arg(f, "e", NB_F32, NB_SHAPE(256, 128));
  nb_value g = nb_arg(f, "f", NB_F32, NB_SHAPE(128, 512));
  nb_value y = nb_maximum(nb_add(nb_matmul(a, b), bias), nb_scalar(f, 0.0));
  nb_value z = nb_tanh(nb_add(nb_mul(c, c), bias));
  nb_value s = nb_sum_all(nb_mul(c, c));
  nb_value u = nb_sub(c, nb_mul(nb_matmul(e, g), nb_scalar(f, 1.0 / 64)));
  nb_return(f, y, z, s, u);
  nb_export(f);
  int rc = nb_compile(m, .target = NB_TARGET_CPU, .out = "par");
  nb_module_destroy(m);
  return rc ? 1 : 0;
}
