/* dsl_programs.c — a generator of small programs that exercise the DSL's
 * NumPy broadcasting, JAX dtype promotion (weak scalars included) and the
 * composite ops (mean, matmul, dot, index, where). test_dsl.py runs the same
 * programs in jax.numpy and compares. Each function here has a twin of the
 * same name in test_dsl.py's PROGRAMS table.
 *
 * usage: dsl_programs OUT_DIR   (writes conf_dsl.o, libconf_dsl.a, conf_dsl.h) */
#include <nabla/nabla.h>

#include <stdio.h>

static nb_module *m;

#define F(name) nb_fn *fn = nb_function(m, name)
#define END(...) nb_return(fn, __VA_ARGS__); nb_export(fn)

static void programs(void) {
  {
    F("bcast_add");
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(3, 4));
    nb_value b = nb_arg(fn, "b", NB_F32, NB_SHAPE(4));
    END(nb_add(a, b));
  }
  {
    F("bcast_outer");
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(3, 1));
    nb_value b = nb_arg(fn, "b", NB_F32, NB_SHAPE(1, 4));
    END(nb_mul(a, b));
  }
  {
    F("i8_plus_weak_int"); /* int8 + 4 stays int8 and wraps */
    nb_value a = nb_arg(fn, "a", NB_I8, NB_SHAPE(5));
    END(nb_add(a, nb_scalar_int(fn, 4)));
  }
  {
    F("i32_times_weak_float"); /* int32 * 2.5 -> float32 */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(5));
    END(nb_mul(a, nb_scalar(fn, 2.5)));
  }
  {
    F("f16_plus_weak_float"); /* float16 + 1.5 stays float16 */
    nb_value a = nb_arg(fn, "a", NB_F16, NB_SHAPE(4));
    END(nb_add(a, nb_scalar(fn, 1.5)));
  }
  {
    F("u8_plus_i8"); /* uint8 + int8 -> int16 */
    nb_value a = nb_arg(fn, "a", NB_U8, NB_SHAPE(4));
    nb_value b = nb_arg(fn, "b", NB_I8, NB_SHAPE(4));
    END(nb_add(a, b));
  }
  {
    F("bf16_plus_f16"); /* bfloat16 + float16 -> float32 */
    nb_value a = nb_arg(fn, "a", NB_BF16, NB_SHAPE(4));
    nb_value b = nb_arg(fn, "b", NB_F16, NB_SHAPE(4));
    END(nb_add(a, b));
  }
  {
    F("i32_plus_f16"); /* int32 + float16 -> float16 */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(4));
    nb_value b = nb_arg(fn, "b", NB_F16, NB_SHAPE(4));
    END(nb_add(a, b));
  }
  {
    F("int_true_div"); /* int32 / int32 -> float32 */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(4));
    nb_value b = nb_arg(fn, "b", NB_I32, NB_SHAPE(4));
    END(nb_div(a, b));
  }
  {
    F("int_mean"); /* mean of int32 -> float32 */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(2, 3));
    END(nb_mean(a, NB_AXES(-1)));
  }
  {
    F("exp_of_int"); /* jnp.exp(int32) -> float32 */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(4));
    END(nb_exp(a));
  }
  {
    F("sum_axes");
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(2, 3, 4));
    END(nb_sum(a, NB_AXES(0, -1)));
  }
  {
    F("max_all");
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(3, 4));
    END(nb_max(a, NB_AXES()));
  }
  {
    F("matmul_2d");
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(4, 3));
    nb_value b = nb_arg(fn, "b", NB_F32, NB_SHAPE(3, 5));
    END(nb_matmul(a, b));
  }
  {
    F("matmul_matvec");
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(4, 3));
    nb_value v = nb_arg(fn, "v", NB_F32, NB_SHAPE(3));
    END(nb_matmul(a, v));
  }
  {
    F("dot_vec");
    nb_value v = nb_arg(fn, "v", NB_F32, NB_SHAPE(3));
    nb_value w = nb_arg(fn, "w", NB_F32, NB_SHAPE(3));
    END(nb_dot(v, w));
  }
  {
    F("leaky_relu");
    nb_value x = nb_arg(fn, "x", NB_F32, NB_SHAPE(6));
    END(nb_where(nb_gt(x, nb_scalar(fn, 0)), x, nb_mul(nb_scalar(fn, 0.1), x)));
  }
  {
    F("index_and_scale");
    nb_value t = nb_arg(fn, "theta", NB_F32, NB_SHAPE(2));
    nb_value x = nb_arg(fn, "x", NB_F32, NB_SHAPE(5));
    END(nb_add(nb_mul(nb_index(t, 0), x), nb_index(t, 1)));
  }
  {
    F("linreg_loss");
    nb_value t = nb_arg(fn, "theta", NB_F32, NB_SHAPE(2));
    nb_value x = nb_arg(fn, "x", NB_F32, NB_SHAPE(100));
    nb_value y = nb_arg(fn, "y", NB_F32, NB_SHAPE(100));
    nb_value pred = nb_add(nb_mul(nb_index(t, 0), x), nb_index(t, 1));
    END(nb_mean_all(nb_square(nb_sub(pred, y))));
  }
  {
    F("mlp_layer"); /* tanh(x W + b) with a broadcast bias */
    nb_value x = nb_arg(fn, "x", NB_F32, NB_SHAPE(8, 16));
    nb_value w = nb_arg(fn, "w", NB_F32, NB_SHAPE(16, 4));
    nb_value b = nb_arg(fn, "b", NB_F32, NB_SHAPE(4));
    END(nb_tanh(nb_add(nb_matmul(x, w), b)));
  }
  {
    F("astype_and_compare");
    nb_value x = nb_arg(fn, "x", NB_F32, NB_SHAPE(5));
    END(nb_astype(nb_le(x, nb_scalar(fn, 0.5)), NB_I32));
  }
  {
    F("two_results");
    nb_value x = nb_arg(fn, "x", NB_F64, NB_SHAPE(3));
    nb_fn *f = fn;
    nb_return(f, nb_sum_all(x), nb_neg(x));
    nb_export(f);
  }
  {
    F("floor_ceil_int"); /* jnp.floor/ceil of ints: the ints themselves */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(4));
    END(nb_add(nb_floor(a), nb_ceil(a)));
  }
  {
    F("floor_ceil_f32");
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(6));
    END(nb_sub(nb_ceil(a), nb_floor(a)));
  }
  {
    F("isfinite_f32_and_int"); /* ints are always finite */
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(5));
    nb_value b = nb_arg(fn, "b", NB_I32, NB_SHAPE(5));
    END(nb_astype(nb_isfinite(a), NB_I32), nb_astype(nb_isfinite(b), NB_I32));
  }
  {
    F("arctan2_int_weak"); /* int32 and a weak float: float32 */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(4));
    END(nb_arctan2(a, nb_scalar(fn, -2.0)));
  }
  {
    F("tan_exp2_erf");
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(5));
    END(nb_add(nb_add(nb_tan(a), nb_exp2(a)), nb_erf(a)));
  }
  {
    F("argmax_argmin"); /* negative axis, keepdims; NaN and ties as jnp */
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(3, 4));
    END(nb_argmax(a, -1, false), nb_argmin(a, 0, true));
  }
  {
    F("round_clip_f32"); /* jnp.round halves to even; jnp.clip with weak bounds, NaN kept */
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(8));
    END(nb_round(a), nb_clip(a, nb_scalar(fn, -1.0), nb_scalar(fn, 1.5)));
  }
  {
    F("round_clip_int"); /* ints: round is the identity; clip(int8, 1.5, 2) -> float32 */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(4));
    nb_value b = nb_arg(fn, "b", NB_I8, NB_SHAPE(4));
    END(nb_round(a), nb_clip(b, nb_scalar(fn, 1.5), nb_scalar_int(fn, 2)),
        nb_clip(b, nb_scalar_int(fn, -3), nb_scalar_int(fn, 100)));
  }
  {
    F("clip_bcast_arrays"); /* array bounds broadcast and promote as jnp */
    nb_value a = nb_arg(fn, "a", NB_F16, NB_SHAPE(2, 3));
    nb_value lo = nb_arg(fn, "lo", NB_F32, NB_SHAPE(3));
    nb_value hi = nb_arg(fn, "hi", NB_F16, NB_SHAPE(2, 1));
    END(nb_clip(a, lo, hi));
  }
  {
    F("clamp_nextafter"); /* lax.clamp with weak bounds; jnp.nextafter promotes ints */
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(5));
    nb_value i = nb_arg(fn, "i", NB_I32, NB_SHAPE(5));
    END(nb_clamp(nb_scalar(fn, 0.0), a, nb_scalar(fn, 1.0)), nb_nextafter(a, nb_scalar(fn, 0.0)),
        nb_nextafter(i, nb_scalar_int(fn, 0)));
  }
  {
    F("prod_dtypes"); /* jnp.prod: int8 and bool widen to int32, f16 multiplies in f32 */
    nb_value a = nb_arg(fn, "a", NB_I8, NB_SHAPE(3, 4));
    nb_value b = nb_arg(fn, "b", NB_BOOL, NB_SHAPE(3, 4));
    nb_value c = nb_arg(fn, "c", NB_F16, NB_SHAPE(3, 4));
    END(nb_prod(a, NB_AXES(-1)), nb_prod(b, NB_AXES(0)), nb_prod(c, NB_AXES()));
  }
  {
    F("prod_grad"); /* grad of jnp.prod with a zero in the row */
    nb_fn *g = nb_function(m, "prod_f");
    nb_value x = nb_arg(g, "x", NB_F32, NB_SHAPE(2, 3));
    nb_return(g, nb_sum_all(nb_prod(x, NB_AXES(1))));
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(2, 3));
    END(nb_call1(nb_grad(g), a));
  }
  {
    F("cumsum_dtypes"); /* jnp.cumsum: negative axis; bool -> int32; int8 kept (wraps) */
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(2, 4));
    nb_value b = nb_arg(fn, "b", NB_BOOL, NB_SHAPE(5));
    nb_value c = nb_arg(fn, "c", NB_I8, NB_SHAPE(4));
    END(nb_cumsum(a, -1), nb_cumsum(b, 0), nb_cumsum(c, 0), nb_cumprod(a, 0));
  }
  {
    F("lax_cumulative"); /* lax.cummax/cummin/cumsum with reverse */
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(2, 4));
    END(nb_lax_cummax(a, 1, false), nb_lax_cummin(a, 1, true), nb_lax_cumsum(a, 0, true),
        nb_lax_cumprod(a, 1, true));
  }
  {
    F("squeeze_expand_dims"); /* jnp.squeeze (listed, negative, all) and jnp.expand_dims */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(2, 1, 3, 1));
    nb_value b = nb_arg(fn, "b", NB_F32, NB_SHAPE(2, 3));
    END(nb_squeeze(a, NB_AXES(1)), nb_squeeze(a, NB_AXES(-1, 1)), nb_squeeze(a, NB_AXES()),
        nb_expand_dims(b, NB_AXES(0, -1)), nb_expand_dims(b, NB_AXES(1)));
  }
  {
    F("sort_axes"); /* jnp.sort: last axis (default), axis 0; NaN last, -0.0/0.0 stable */
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(2, 5));
    nb_value b = nb_arg(fn, "b", NB_U8, NB_SHAPE(3, 2));
    END(nb_sort(a, -1), nb_sort(a, 0), nb_sort(b, 0));
  }
  {
    F("flip_axes"); /* jnp.flip: one negative axis, and every axis */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(2, 3, 4));
    END(nb_flip(a, NB_AXES(-1)), nb_flip(a, NB_AXES()));
  }
  {
    F("concatenate_promote"); /* int32, float16 and bfloat16 join as float32 */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(2, 1));
    nb_value b = nb_arg(fn, "b", NB_F16, NB_SHAPE(2, 3));
    nb_value c = nb_arg(fn, "c", NB_BF16, NB_SHAPE(2, 2));
    nb_value vs[] = {a, b, c};
    END(nb_concatenate(vs, 3, -1));
  }
  {
    F("stack_axis1"); /* jnp.stack along a middle axis, with a weak scalar row */
    nb_value a = nb_arg(fn, "a", NB_F32, NB_SHAPE(3, 2));
    nb_value b = nb_arg(fn, "b", NB_F32, NB_SHAPE(3, 2));
    nb_value vs[] = {a, b, nb_neg(a), nb_mul(b, nb_scalar(fn, 2.0)), a};
    END(nb_stack(vs, 5, 1));
  }
  {
    F("erfc_int_and_tail"); /* int32 promotes to float32 */
    nb_value a = nb_arg(fn, "a", NB_I32, NB_SHAPE(4));
    nb_value b = nb_arg(fn, "b", NB_F32, NB_SHAPE(4));
    END(nb_erfc(a), nb_erfc(b));
  }
}

int main(int argc, char **argv) {
  m = nb_module_create("conf_dsl");
  programs();
  int rc = nb_compile(m, .out = "conf_dsl", .out_dir = argc > 1 ? argv[1] : NULL);
  if (rc)
    fprintf(stderr, "dsl_programs: nb_compile failed\n");
  nb_module_destroy(m);
  return rc;
}
