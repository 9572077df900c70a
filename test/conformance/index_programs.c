/* index_programs.c — a generator of indexing programs (nabla/index.h):
 * x[...] with every index form and mixtures of them, x.at[...].set/add/
 * multiply/min/max/get, gradients through both, and a vmap. Each exported
 * function has a twin of the same name in test_index.py's PROGRAMS table,
 * which runs it in jax.numpy on the same inputs. Arguments: x first, then
 * the index arrays / scalars (int32 unless said), then an update value.
 *
 * usage: index_programs OUT_DIR   (writes conf_index.o, libconf_index.a, conf_index.h) */
#include <nabla/nabla.h>

#include <stdio.h>

static nb_module *m;

#define CASE(name, dt, shape)                                                  \
  {                                                                            \
    nb_fn *fn = nb_function(m, name);                                          \
    nb_value x = nb_arg(fn, "x", dt, shape);                                   \
    (void)x;
#define ARG(nm, dt, shape) nb_arg(fn, nm, dt, shape)
#define IDX(nm, shape) nb_arg(fn, nm, NB_I32, shape)
#define END(...)                                                               \
    nb_return(fn, __VA_ARGS__);                                                \
    nb_export(fn);                                                             \
  }
/* a function f built like CASE, exported as nb_grad(f) under `gname` */
#define GRAD_END(gname, ...)                                                   \
    nb_return(fn, __VA_ARGS__);                                                \
    nb_export(nb_grad(fn), .c_name = gname);                                   \
  }

/* Constant ints, slices (steps, negative and clipped bounds), None, '...':
 * nabla.slice + reshape. */
static void static_gets(void) {
  CASE("g_int", NB_F32, NB_SHAPE(4, 5)) END(nb_idx(x, NB_I(1)))
  CASE("g_int_neg", NB_F32, NB_SHAPE(4, 5)) END(nb_idx(x, NB_I(-1), NB_I(-5)))
  CASE("g_int_all", NB_I32, NB_SHAPE(4, 5)) END(nb_idx(x, NB_ALL, NB_I(2)))
  CASE("g_slice", NB_F32, NB_SHAPE(6, 5)) END(nb_idx(x, NB_S(1, 4)))
  CASE("g_slice_step", NB_F64, NB_SHAPE(7, 5)) END(nb_idx(x, NB_S(1, NB_END, 2), NB_S(NB_END, NB_END, 3)))
  CASE("g_slice_negbounds", NB_F32, NB_SHAPE(7, 5)) END(nb_idx(x, NB_S(-5, -1), NB_S(-100, 100)))
  CASE("g_slice_empty", NB_F32, NB_SHAPE(7, 5)) END(nb_idx(x, NB_S(4, 2)))
  CASE("g_slice_clip", NB_I32, NB_SHAPE(7)) END(nb_idx(x, NB_S(5, 50, 4)))
  CASE("g_newaxis", NB_F32, NB_SHAPE(3, 4)) END(nb_idx(x, NB_NEWAXIS, NB_I(1), NB_NEWAXIS))
  CASE("g_ellipsis", NB_F32, NB_SHAPE(2, 3, 4)) END(nb_idx(x, NB_ELLIPSIS, NB_I(2)))
  CASE("g_ellipsis_mid", NB_BOOL, NB_SHAPE(2, 3, 4, 5)) END(nb_idx(x, NB_I(1), NB_ELLIPSIS, NB_S(0, 5, 2)))
  CASE("g_ellipsis_none", NB_F64, NB_SHAPE(2, 3)) END(nb_idx(x, NB_ELLIPSIS, NB_NEWAXIS))
  CASE("g_empty_index", NB_I32, NB_SHAPE(2, 3)) END(nb_idx(x))
  CASE("g_mixed", NB_F32, NB_SHAPE(3, 6, 5, 4)) END(nb_idx(x, NB_I(0), NB_ALL, NB_S(1, NB_END, 2), NB_NEWAXIS, NB_ELLIPSIS, NB_I(-2)))
  CASE("g_scalar_all_ints", NB_BOOL, NB_SHAPE(3, 4)) END(nb_idx(x, NB_I(2), NB_I(3)))
}

/* .at[] with constant indices: pads and one select. */
static void static_updates(void) {
  CASE("u_set_int", NB_F32, NB_SHAPE(4, 5)) END(nb_at_set(x, NB_IX(NB_I(1)), nb_scalar(fn, 7.5)))
  CASE("u_set_row", NB_F32, NB_SHAPE(4, 5)) nb_value v = ARG("v", NB_F32, NB_SHAPE(5));
    END(nb_at_set(x, NB_IX(NB_I(-1)), v))
  CASE("u_add_slice_step", NB_F64, NB_SHAPE(7, 5)) nb_value v = ARG("v", NB_F64, NB_SHAPE(3, 1));
    END(nb_at_add(x, NB_IX(NB_S(1, NB_END, 2), NB_S(0, 5, 2)), v))
  CASE("u_mul_col", NB_I32, NB_SHAPE(4, 5)) END(nb_at_mul(x, NB_IX(NB_ALL, NB_I(3)), nb_scalar_int(fn, -3)))
  CASE("u_min", NB_F32, NB_SHAPE(6)) END(nb_at_min(x, NB_IX(NB_S(1, 5)), nb_scalar(fn, 0.0)))
  CASE("u_max", NB_I32, NB_SHAPE(2, 6)) END(nb_at_max(x, NB_IX(NB_ELLIPSIS, NB_S(NB_END, -2)), nb_scalar_int(fn, 0)))
  CASE("u_set_bool", NB_BOOL, NB_SHAPE(3, 4)) END(nb_at_set(x, NB_IX(NB_S(0, 3, 2), NB_I(1)), nb_full(fn, NB_BOOL, NB_SHAPE(), 1)))
  CASE("u_set_newaxis", NB_F32, NB_SHAPE(3, 4)) nb_value v = ARG("v", NB_F32, NB_SHAPE(1, 4));
    END(nb_at_set(x, NB_IX(NB_I(0), NB_NEWAXIS), v))
  /* the update is cast to x's dtype after a promoted add: int32 + 2.5 */
  CASE("u_add_int_weak_float", NB_I32, NB_SHAPE(5)) END(nb_at_add(x, NB_IX(NB_S(1, 3)), nb_scalar(fn, 2.5)))
  CASE("u_set_f64_into_f32", NB_F32, NB_SHAPE(5)) nb_value v = ARG("v", NB_F64, NB_SHAPE(2));
    END(nb_at_set(x, NB_IX(NB_S(3, 5)), v))
  CASE("u_get", NB_F32, NB_SHAPE(4, 5)) END(nb_at_get(x, NB_IX(NB_S(1, 3), NB_I(0))))
  CASE("u_empty", NB_F32, NB_SHAPE(4)) END(nb_at_set(x, NB_IX(NB_S(3, 1)), nb_scalar(fn, 1.0)))
}

/* Gradients: sum(w * f(x)) for the twin's jax.grad. */
static void static_grads(void) {
  CASE("d_get_static", NB_F32, NB_SHAPE(4, 6)) nb_value w = ARG("w", NB_F32, NB_SHAPE(2, 3));
    GRAD_END("d_get_static", nb_sum_all(nb_mul(w, nb_idx(x, NB_S(1, 3), NB_S(0, 6, 2)))))
  CASE("d_set_static", NB_F32, NB_SHAPE(4, 6)) nb_value w = ARG("w", NB_F32, NB_SHAPE(4, 6));
    GRAD_END("d_set_static", nb_sum_all(nb_mul(w, nb_at_set(x, NB_IX(NB_I(2)), nb_scalar(fn, 1.0)))))
  CASE("d_mul_static", NB_F32, NB_SHAPE(4, 6)) nb_value w = ARG("w", NB_F32, NB_SHAPE(4, 6));
    GRAD_END("d_mul_static", nb_sum_all(nb_mul(w, nb_at_mul(x, NB_IX(NB_ALL, NB_S(1, 4)), nb_idx(x, NB_ALL, NB_S(1, 4))))))
}

/* Traced scalar indices with ints and unit-step slices: one dynamic_slice
 * (negative wraps once, then the window is clamped into the array). */
static void dynamic_gets(void) {
  CASE("t_scalar", NB_F32, NB_SHAPE(5, 4)) nb_value i = IDX("i", NB_SHAPE());
    END(nb_idx(x, NB_V(i)))
  CASE("t_scalar_slice", NB_F64, NB_SHAPE(5, 4)) nb_value i = IDX("i", NB_SHAPE());
    END(nb_idx(x, NB_V(i), NB_S(1, 3)))
  CASE("t_two_scalars", NB_I32, NB_SHAPE(4, 5, 6)) nb_value i = IDX("i", NB_SHAPE());
    nb_value j = ARG("j", NB_I64, NB_SHAPE());
    END(nb_idx(x, NB_V(i), NB_ALL, NB_V(j), NB_NEWAXIS))
  CASE("d_dynamic", NB_F32, NB_SHAPE(6, 3)) nb_value i = IDX("i", NB_SHAPE());
    nb_value w = ARG("w", NB_F32, NB_SHAPE(2));
    GRAD_END("d_dynamic", nb_sum_all(nb_mul(w, nb_idx(x, NB_V(i), NB_S(1, 3)))))
}

static nb_fn *pick(void) {
  nb_fn *f = nb_function(m, "pick_f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5, 3));
  nb_value i = nb_arg(f, "i", NB_I32, NB_SHAPE());
  nb_return(f, nb_at_add(nb_idx(x, NB_V(i)), NB_IX(NB_S(0, 2)), nb_scalar(f, 1.0)));
  return f;
}

/* Index arrays (clamped), negative steps, fill mode: gather. */
static void traced_gets(void) {
  CASE("t_scalar_negstep", NB_F32, NB_SHAPE(5, 4)) nb_value i = IDX("i", NB_SHAPE());
    END(nb_idx(x, NB_V(i), NB_S(NB_END, NB_END, -1)))
  CASE("t_array", NB_F32, NB_SHAPE(6, 4)) nb_value i = IDX("i", NB_SHAPE(5));
    END(nb_idx(x, NB_V(i)))
  CASE("t_array_2d", NB_F64, NB_SHAPE(6, 4)) nb_value i = IDX("i", NB_SHAPE(2, 3));
    END(nb_idx(x, NB_V(i), NB_S(1, 3)))
  CASE("t_arrays_apart", NB_F32, NB_SHAPE(5, 6, 7)) nb_value i = IDX("i", NB_SHAPE(3, 1));
    nb_value j = IDX("j", NB_SHAPE(4));
    END(nb_idx(x, NB_V(i), NB_ALL, NB_V(j)))
  CASE("t_arrays_adjacent", NB_F32, NB_SHAPE(5, 6, 7)) nb_value i = IDX("i", NB_SHAPE(3, 1));
    nb_value j = IDX("j", NB_SHAPE(4));
    END(nb_idx(x, NB_ALL, NB_V(i), NB_V(j)))
  CASE("t_array_int_apart", NB_I32, NB_SHAPE(5, 6, 7)) nb_value i = IDX("i", NB_SHAPE(3));
    END(nb_idx(x, NB_I(1), NB_ALL, NB_V(i)))
  CASE("t_array_int_adjacent", NB_I32, NB_SHAPE(5, 6, 7)) nb_value i = IDX("i", NB_SHAPE(3));
    END(nb_idx(x, NB_ALL, NB_I(-1), NB_V(i)))
  CASE("t_array_newaxis", NB_F32, NB_SHAPE(5, 6, 7)) nb_value i = IDX("i", NB_SHAPE(2));
    END(nb_idx(x, NB_NEWAXIS, NB_V(i), NB_ELLIPSIS, NB_S(NB_END, NB_END, -2)))
  CASE("t_u8_index", NB_BOOL, NB_SHAPE(6, 3)) nb_value i = ARG("i", NB_U8, NB_SHAPE(4));
    END(nb_idx(x, NB_V(i)))
  CASE("t_scalar_and_array", NB_F32, NB_SHAPE(5, 6)) nb_value i = IDX("i", NB_SHAPE());
    nb_value j = IDX("j", NB_SHAPE(3));
    END(nb_idx(x, NB_V(i), NB_V(j)))
  CASE("t_fill", NB_F32, NB_SHAPE(6, 2)) nb_value i = IDX("i", NB_SHAPE(4));
    END(nb_at_get_mode(x, NB_IX(NB_V(i)), NB_INDEX_FILL_OR_DROP))
  CASE("t_fill_int", NB_I32, NB_SHAPE(6)) nb_value i = IDX("i", NB_SHAPE(4));
    END(nb_at_get_mode(x, NB_IX(NB_V(i)), NB_INDEX_FILL_OR_DROP))
  CASE("t_fill_scalar", NB_F64, NB_SHAPE(6, 2)) nb_value i = IDX("i", NB_SHAPE());
    END(nb_at_get_mode(x, NB_IX(NB_V(i)), NB_INDEX_FILL_OR_DROP))
  CASE("t_arrays_none_between", NB_F32, NB_SHAPE(5, 6, 7)) nb_value i = IDX("i", NB_SHAPE(3));
    nb_value j = IDX("j", NB_SHAPE(3));
    END(nb_idx(x, NB_V(i), NB_NEWAXIS, NB_V(j)))
  CASE("t_array_negstep", NB_I32, NB_SHAPE(5, 6)) nb_value i = IDX("i", NB_SHAPE(2, 2));
    END(nb_idx(x, NB_S(NB_END, NB_END, -2), NB_V(i)))
  CASE("g_negstep", NB_F32, NB_SHAPE(7)) END(nb_idx(x, NB_S(NB_END, NB_END, -1)))
  CASE("g_negstep_bounds", NB_I32, NB_SHAPE(7, 3)) END(nb_idx(x, NB_S(5, 1, -2), NB_S(NB_END, NB_END, -3)))
  CASE("g_negstep_int", NB_F64, NB_SHAPE(7, 3)) END(nb_idx(x, NB_S(-1, -8, -3), NB_I(1)))
}

/* .at[] with traced indices: scatter (out of bounds dropped), duplicates. */
static void traced_updates(void) {
  CASE("s_set_scalar", NB_F32, NB_SHAPE(5, 3)) nb_value i = IDX("i", NB_SHAPE());
    nb_value v = ARG("v", NB_F32, NB_SHAPE(3));
    END(nb_at_set(x, NB_IX(NB_V(i)), v))
  CASE("s_add_dup", NB_F32, NB_SHAPE(6)) nb_value i = IDX("i", NB_SHAPE(7));
    nb_value v = ARG("v", NB_F32, NB_SHAPE(7));
    END(nb_at_add(x, NB_IX(NB_V(i)), v))
  CASE("s_mul_dup", NB_I32, NB_SHAPE(6, 2)) nb_value i = IDX("i", NB_SHAPE(5));
    END(nb_at_mul(x, NB_IX(NB_V(i)), nb_scalar_int(fn, 2)))
  CASE("s_min_dup", NB_F64, NB_SHAPE(6)) nb_value i = IDX("i", NB_SHAPE(5));
    nb_value v = ARG("v", NB_F64, NB_SHAPE(5));
    END(nb_at_min(x, NB_IX(NB_V(i)), v))
  CASE("s_max_dup", NB_I32, NB_SHAPE(6)) nb_value i = IDX("i", NB_SHAPE(5));
    nb_value v = ARG("v", NB_I32, NB_SHAPE(5));
    END(nb_at_max(x, NB_IX(NB_V(i)), v))
  CASE("s_set_apart", NB_F32, NB_SHAPE(5, 6, 7)) nb_value i = IDX("i", NB_SHAPE(2));
    nb_value j = IDX("j", NB_SHAPE(2));
    nb_value v = ARG("v", NB_F32, NB_SHAPE(6));
    END(nb_at_set(x, NB_IX(NB_V(i), NB_ALL, NB_V(j)), v))
  CASE("s_add_negstep", NB_F32, NB_SHAPE(6)) nb_value v = ARG("v", NB_F32, NB_SHAPE(3));
    END(nb_at_add(x, NB_IX(NB_S(NB_END, NB_END, -2)), v))
  CASE("s_add_clip", NB_F32, NB_SHAPE(6)) nb_value i = IDX("i", NB_SHAPE(4));
    END(nb_at_update_mode(NB_AT_ADD, x, NB_IX(NB_V(i)), nb_scalar(fn, 1.0), NB_INDEX_CLIP))
  CASE("s_set_bool", NB_BOOL, NB_SHAPE(5)) nb_value i = IDX("i", NB_SHAPE(3));
    END(nb_at_set(x, NB_IX(NB_V(i)), nb_full(fn, NB_BOOL, NB_SHAPE(), 1)))
  CASE("s_add_scalar_slice", NB_F32, NB_SHAPE(5, 4)) nb_value i = IDX("i", NB_SHAPE());
    END(nb_at_add(x, NB_IX(NB_V(i), NB_S(1, 3)), nb_scalar(fn, 0.5)))
}

static void traced_grads(void) {
  CASE("d_gather", NB_F32, NB_SHAPE(6, 3)) nb_value i = IDX("i", NB_SHAPE(5));
    nb_value w = ARG("w", NB_F32, NB_SHAPE(5, 3));
    GRAD_END("d_gather", nb_sum_all(nb_mul(w, nb_idx(x, NB_V(i)))))
  CASE("d_scatter_add", NB_F32, NB_SHAPE(6)) nb_value i = IDX("i", NB_SHAPE(4));
    nb_value w = ARG("w", NB_F32, NB_SHAPE(6));
    nb_value y = nb_idx(x, NB_S(0, 4));
    GRAD_END("d_scatter_add", nb_sum_all(nb_mul(w, nb_at_add(x, NB_IX(NB_V(i)), nb_mul(y, y)))))
}

static nb_fn *take_rows(void) {
  nb_fn *f = nb_function(m, "take_rows_f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5, 3));
  nb_value i = nb_arg(f, "i", NB_I32, NB_SHAPE(2));
  nb_return(f, nb_at_add(nb_idx(x, NB_V(i)), NB_IX(NB_V(i)), nb_scalar(f, 1.0)));
  return f;
}

static nb_fn *row_sum(void) {
  nb_fn *f = nb_function(m, "row_sum_f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5, 3));
  nb_return(f, nb_add(nb_idx(x, NB_S(1, NB_END, 2), NB_I(0), NB_NEWAXIS), nb_idx(x, NB_I(-1), NB_NEWAXIS)));
  return f;
}

static void vmaps(void) {
  nb_export(nb_vmap(row_sum(), .axis_size = 4), .c_name = "v_static");
  /* the index shared by the batch (a batched one needs a gather) */
  nb_export(nb_vmap(pick(), .in_axes = NB_AXES(0, NB_NONE), .axis_size = 4), .c_name = "v_dynamic");
  /* batched index arrays: gather and scatter under vmap (batched scalar
   * indices: batched_scalars) */
  nb_export(nb_vmap(take_rows(), .axis_size = 4), .c_name = "v_traced");
}

static nb_fn *rev_add(void) {
  nb_fn *f = nb_function(m, "rev_add_f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5, 3));
  nb_return(f, nb_at_add(x, NB_IX(NB_S(4, 1, -1)), nb_idx(x, NB_S(NB_END, NB_END, -2))));
  return f;
}

/* Negative steps: slice upwards + nabla.rev (reads), v reversed into the
 * box or the padded mask (constant updates); a traced scalar with step -1:
 * dynamic_slice + rev, with step -2: gather; traced updates: scatter. */
static void negative_steps(void) {
  CASE("n_set_rev", NB_F32, NB_SHAPE(6, 4)) nb_value v = ARG("v", NB_F32, NB_SHAPE(3, 4));
    END(nb_at_set(x, NB_IX(NB_S(3, 0, -1), NB_S(NB_END, NB_END, -1)), v))
  CASE("n_add_rev_int", NB_I32, NB_SHAPE(5, 6)) nb_value v = ARG("v", NB_I32, NB_SHAPE(5));
    END(nb_at_add(x, NB_IX(NB_I(-1), NB_S(4, NB_END, -1)), v))
  CASE("n_mul_negstep_2d", NB_F64, NB_SHAPE(7, 5)) nb_value v = ARG("v", NB_F64, NB_SHAPE(3, 2));
    END(nb_at_mul(x, NB_IX(NB_S(NB_END, NB_END, -3), NB_S(4, 0, -2)), v))
  CASE("n_get_one", NB_F32, NB_SHAPE(5, 2)) END(nb_idx(x, NB_S(2, 1, -1), NB_S(NB_END, NB_END, -5)))
  CASE("n_get_newaxis", NB_I32, NB_SHAPE(4, 5)) END(nb_idx(x, NB_NEWAXIS, NB_S(-2, NB_END, -1), NB_I(3)))
  CASE("n_scalar_negstep2", NB_F32, NB_SHAPE(5, 6)) nb_value i = IDX("i", NB_SHAPE());
    END(nb_idx(x, NB_V(i), NB_S(NB_END, NB_END, -2)))
  CASE("n_scalar_rev_set", NB_F32, NB_SHAPE(5, 4)) nb_value i = IDX("i", NB_SHAPE());
    nb_value v = ARG("v", NB_F32, NB_SHAPE(4));
    END(nb_at_set(x, NB_IX(NB_V(i), NB_S(NB_END, NB_END, -1)), v))
  CASE("n_d_get", NB_F32, NB_SHAPE(7, 3)) nb_value w = ARG("w", NB_F32, NB_SHAPE(2, 3));
    GRAD_END("n_d_get", nb_sum_all(nb_mul(w, nb_idx(x, NB_S(5, 1, -2), NB_S(NB_END, NB_END, -1)))))
  CASE("n_d_mul", NB_F32, NB_SHAPE(5, 3)) nb_value w = ARG("w", NB_F32, NB_SHAPE(5, 3));
    GRAD_END("n_d_mul", nb_sum_all(nb_mul(w, nb_at_mul(x, NB_IX(NB_S(3, 0, -1)), nb_idx(x, NB_S(0, 3))))))
  nb_export(nb_vmap(rev_add(), .axis_size = 4), .c_name = "n_vmap");
}

static nb_fn *row_at(void) {
  nb_fn *f = nb_function(m, "row_at_f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5, 3));
  nb_value i = nb_arg(f, "i", NB_I32, NB_SHAPE());
  nb_value v = nb_arg(f, "v", NB_F32, NB_SHAPE(3));
  nb_return(f, nb_idx(x, NB_V(i), NB_S(1, 3)), nb_at_set(x, NB_IX(NB_V(i)), v),
            nb_idx(x, NB_V(i), NB_S(NB_END, NB_END, -1)));
  return f;
}

/* A batched traced scalar index: dynamic_slice / scatter with per-example
 * starts (gather / scatter under vmap, as JAX's batching rules). */
static void batched_scalars(void) {
  nb_fn *f = row_at();
  nb_export(nb_vmap(f, .axis_size = 6), .c_name = "b_row_at");
  nb_export(nb_vmap(f, .in_axes = NB_AXES(NB_NONE, 0, NB_NONE), .axis_size = 6),
            .c_name = "b_row_at_shared_x");
}

static nb_fn *take_both(void) {
  nb_fn *f = nb_function(m, "take_both_f");
  nb_value x = nb_arg(f, "x", NB_F32, NB_SHAPE(5, 3));
  nb_value i = nb_arg(f, "i", NB_I32, NB_SHAPE(2));
  nb_value j = nb_arg(f, "j", NB_I32, NB_SHAPE(5, 2));
  nb_return(f, nb_take(x, i, 0, NB_INDEX_FILL_OR_DROP),
            nb_take_along_axis(x, j, 1, NB_INDEX_FILL_OR_DROP));
  return f;
}

/* jnp.take / jnp.take_along_axis: one gather each (fill: negative indices
 * wrapped, out of bounds read the fill value; clip). */
static void takes(void) {
  CASE("k_take", NB_F32, NB_SHAPE(5, 4)) nb_value i = IDX("i", NB_SHAPE(2, 3));
    END(nb_take(x, i, 0, NB_INDEX_FILL_OR_DROP))
  CASE("k_take_axis1_int", NB_I32, NB_SHAPE(3, 6, 2)) nb_value i = IDX("i", NB_SHAPE(4));
    END(nb_take(x, i, 1, NB_INDEX_FILL_OR_DROP))
  CASE("k_take_scalar_neg_axis", NB_F32, NB_SHAPE(4, 5)) nb_value i = IDX("i", NB_SHAPE());
    END(nb_take(x, i, -1, NB_INDEX_FILL_OR_DROP))
  CASE("k_take_clip", NB_F32, NB_SHAPE(6)) nb_value i = IDX("i", NB_SHAPE(3));
    END(nb_take(x, i, 0, NB_INDEX_CLIP))
  CASE("k_take_u8", NB_F64, NB_SHAPE(4, 3)) nb_value i = ARG("i", NB_U8, NB_SHAPE(3));
    END(nb_take(x, i, 0, NB_INDEX_FILL_OR_DROP))
  CASE("k_tala", NB_F32, NB_SHAPE(3, 5)) nb_value i = IDX("i", NB_SHAPE(3, 2));
    END(nb_take_along_axis(x, i, 1, NB_INDEX_FILL_OR_DROP))
  CASE("k_tala_bcast", NB_I32, NB_SHAPE(4, 1, 5)) nb_value i = IDX("i", NB_SHAPE(1, 3, 2));
    END(nb_take_along_axis(x, i, 2, NB_INDEX_FILL_OR_DROP))
  CASE("k_tala_axis0", NB_F32, NB_SHAPE(2, 4, 3)) nb_value i = ARG("i", NB_I64, NB_SHAPE(3, 4, 3));
    END(nb_take_along_axis(x, i, 0, NB_INDEX_FILL_OR_DROP))
  CASE("k_tala_clip", NB_F32, NB_SHAPE(3, 4)) nb_value i = IDX("i", NB_SHAPE(3, 2));
    END(nb_take_along_axis(x, i, -1, NB_INDEX_CLIP))
  CASE("k_tala_argmax", NB_F32, NB_SHAPE(3, 5))
    END(nb_take_along_axis(x, nb_argmax(x, 1, true), 1, NB_INDEX_FILL_OR_DROP))
  CASE("k_d_take", NB_F32, NB_SHAPE(3, 5)) nb_value i = IDX("i", NB_SHAPE(4));
    nb_value w = ARG("w", NB_F32, NB_SHAPE(3, 4));
    GRAD_END("k_d_take", nb_sum_all(nb_mul(w, nb_take(x, i, 1, NB_INDEX_FILL_OR_DROP))))
  CASE("k_d_tala", NB_F32, NB_SHAPE(4, 3)) nb_value i = IDX("i", NB_SHAPE(2, 3));
    nb_value w = ARG("w", NB_F32, NB_SHAPE(2, 3));
    GRAD_END("k_d_tala", nb_sum_all(nb_mul(w, nb_take_along_axis(x, i, 0, NB_INDEX_FILL_OR_DROP))))
  CASE("k_d_take_clip", NB_F32, NB_SHAPE(6)) nb_value i = IDX("i", NB_SHAPE(4));
    nb_value w = ARG("w", NB_F32, NB_SHAPE(4));
    GRAD_END("k_d_take_clip", nb_sum_all(nb_mul(w, nb_take(x, i, 0, NB_INDEX_CLIP))))
  nb_export(nb_vmap(take_both(), .axis_size = 4), .c_name = "k_vmap");
}

/* Empty negative-step slices (slice.indices starts them at -1). */
static void empty_negative_steps(void) {
  CASE("n_get_empty", NB_F32, NB_SHAPE(5, 3)) END(nb_idx(x, NB_S(-100, NB_END, -1), NB_S(NB_END, NB_END, -1)))
  CASE("n_set_empty", NB_F32, NB_SHAPE(5, 3)) END(nb_at_set(x, NB_IX(NB_S(-100, NB_END, -1)), nb_scalar(fn, 1.0)))
  CASE("n_get_empty_traced", NB_I32, NB_SHAPE(5, 3)) nb_value i = IDX("i", NB_SHAPE());
    END(nb_idx(x, NB_V(i), NB_S(0, 3, -1)))
}

int main(int argc, char **argv) {
  m = nb_module_create("conf_index");
  static_gets();
  static_updates();
  static_grads();
  dynamic_gets();
  traced_gets();
  traced_updates();
  traced_grads();
  vmaps();
  negative_steps();
  batched_scalars();
  takes();
  empty_negative_steps();
  int rc = nb_compile(m, .out = "conf_index", .out_dir = argc > 1 ? argv[1] : NULL);
  if (rc)
    fprintf(stderr, "index_programs: nb_compile failed\n");
  nb_module_destroy(m);
  return rc;
}
