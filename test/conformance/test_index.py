"""Conformance of indexing (nabla/index.h): the programs of index_programs.c,
compiled by nabla, against the same expressions in jax.numpy (x[...],
x.at[...].set/add/multiply/min/max/get, jax.grad through them, jax.vmap) on
the same inputs.

JAX runs with jax_enable_x64 (nabla keeps explicit 64-bit dtypes). Index
arrays hold negative and out-of-bounds entries and duplicates; updates that
accumulate at duplicate indices are small integers stored as floats, so every
sum is exact whatever the order: every result must match JAX bit for bit
(dtype, shape and values).

usage: test_index.py --generator PATH --runtime libnabla_rt.a [--cc CC] --workdir DIR
"""
import argparse
import os
import subprocess
import sys

import numpy as np

import jax_reference  # before jax: it pins the reference
import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402

from nabla_harness import Case, Library  # noqa: E402
from test_ops import EXACT, compare  # noqa: E402

R = np.random.default_rng(23)
NP_TO_MLIR = {"float32": "f32", "float64": "f64", "int32": "i32", "int64": "i64", "bool": "i1",
              "uint8": "ui8", "int8": "i8"}


def arr(dtype, *shape):
    """Random values of dtype: floats are small integers plus halves (sums
    exact), ints in [-9, 9], bools half true."""
    if dtype == "bool":
        return R.integers(0, 2, shape).astype(bool)
    if dtype in ("int32", "int64"):
        return R.integers(-9, 10, shape).astype(dtype)
    return (R.integers(-16, 17, shape) / 2).astype(dtype)


def ints(*vals):
    return np.array(vals, np.int32)


def grad_of(f):
    """jax.grad of sum(w * f(x)) with respect to x."""
    return jax.grad(lambda x, w: jnp.sum(w * f(x)))


# name: (inputs, jax function of the inputs); "name@what" runs the program
# `name` again on other inputs.
PROGRAMS = {
    # ---- constant indices: slice + reshape
    "g_int": ([arr("float32", 4, 5)], lambda x: x[1]),
    "g_int_neg": ([arr("float32", 4, 5)], lambda x: x[-1, -5]),
    "g_int_all": ([arr("int32", 4, 5)], lambda x: x[:, 2]),
    "g_slice": ([arr("float32", 6, 5)], lambda x: x[1:4]),
    "g_slice_step": ([arr("float64", 7, 5)], lambda x: x[1::2, ::3]),
    "g_slice_negbounds": ([arr("float32", 7, 5)], lambda x: x[-5:-1, -100:100]),
    "g_slice_empty": ([arr("float32", 7, 5)], lambda x: x[4:2]),
    "g_slice_clip": ([arr("int32", 7)], lambda x: x[5:50:4]),
    "g_newaxis": ([arr("float32", 3, 4)], lambda x: x[None, 1, None]),
    "g_ellipsis": ([arr("float32", 2, 3, 4)], lambda x: x[..., 2]),
    "g_ellipsis_mid": ([arr("bool", 2, 3, 4, 5)], lambda x: x[1, ..., 0:5:2]),
    "g_ellipsis_none": ([arr("float64", 2, 3)], lambda x: x[..., None]),
    "g_empty_index": ([arr("int32", 2, 3)], lambda x: x[()]),
    "g_mixed": ([arr("float32", 3, 6, 5, 4)], lambda x: x[0, :, 1::2, None, ..., -2]),
    "g_scalar_all_ints": ([arr("bool", 3, 4)], lambda x: x[2, 3]),
    # ---- .at[] with constant indices
    "u_set_int": ([arr("float32", 4, 5)], lambda x: x.at[1].set(7.5)),
    "u_set_row": ([arr("float32", 4, 5), arr("float32", 5)], lambda x, v: x.at[-1].set(v)),
    "u_add_slice_step": ([arr("float64", 7, 5), arr("float64", 3, 1)],
                         lambda x, v: x.at[1::2, 0:5:2].add(v)),
    "u_mul_col": ([arr("int32", 4, 5)], lambda x: x.at[:, 3].multiply(-3)),
    "u_min": ([arr("float32", 6)], lambda x: x.at[1:5].min(0.0)),
    "u_max": ([arr("int32", 2, 6)], lambda x: x.at[..., :-2].max(0)),
    "u_set_bool": ([arr("bool", 3, 4)], lambda x: x.at[0:3:2, 1].set(True)),
    "u_set_newaxis": ([arr("float32", 3, 4), arr("float32", 1, 4)], lambda x, v: x.at[0, None].set(v)),
    "u_add_int_weak_float": ([ints(1, -1, 3, -4, 0)], lambda x: x.at[1:3].add(2.5)),
    "u_set_f64_into_f32": ([arr("float32", 5), np.array([1e300, 0.1], np.float64)],
                           lambda x, v: x.at[3:5].set(v)),
    "u_get": ([arr("float32", 4, 5)], lambda x: x.at[1:3, 0].get()),
    "u_empty": ([arr("float32", 4)], lambda x: x.at[3:1].set(1.0)),
    # ---- gradients
    "d_get_static": ([arr("float32", 4, 6), arr("float32", 2, 3)], grad_of(lambda x: x[1:3, 0:6:2])),
    "d_set_static": ([arr("float32", 4, 6), arr("float32", 4, 6)], grad_of(lambda x: x.at[2].set(1.0))),
    "d_mul_static": ([arr("float32", 4, 6), arr("float32", 4, 6)],
                     grad_of(lambda x: x.at[:, 1:4].multiply(x[:, 1:4]))),
    # ---- traced scalar indices: dynamic_slice
    "t_scalar": ([arr("float32", 5, 4), np.int32(-2)], lambda x, i: x[i]),
    "t_scalar@oob": ([arr("float32", 5, 4), np.int32(9)], lambda x, i: x[i]),
    "t_scalar@neg_oob": ([arr("float32", 5, 4), np.int32(-9)], lambda x, i: x[i]),
    "t_scalar_slice": ([arr("float64", 5, 4), np.int32(7)], lambda x, i: x[i, 1:3]),
    "t_two_scalars": ([arr("int32", 4, 5, 6), np.int32(-1), np.int64(2)], lambda x, i, j: x[i, :, j, None]),
    "t_two_scalars@oob": ([arr("int32", 4, 5, 6), np.int32(-40), np.int64(6)],
                          lambda x, i, j: x[i, :, j, None]),
    "d_dynamic": ([arr("float32", 6, 3), np.int32(-2), arr("float32", 2)],
                  lambda x, i, w: jax.grad(lambda x: jnp.sum(w * x[i, 1:3]))(x)),
    "d_dynamic@oob": ([arr("float32", 6, 3), np.int32(11), arr("float32", 2)],
                      lambda x, i, w: jax.grad(lambda x: jnp.sum(w * x[i, 1:3]))(x)),
    # ---- index arrays, negative steps, fill: gather; traced updates: scatter
    "t_scalar_negstep": ([arr("float32", 5, 4), np.int32(-3)], lambda x, i: x[i, ::-1]),
    "t_array": ([arr("float32", 6, 4), ints(0, -1, 7, -8, 2)], lambda x, i: x[i]),
    "t_array_2d": ([arr("float64", 6, 4), ints(5, 0, -6, 3, 3, 1).reshape(2, 3)], lambda x, i: x[i, 1:3]),
    "t_arrays_apart": ([arr("float32", 5, 6, 7), ints(0, 4, -1).reshape(3, 1), ints(6, -7, 2, 9)],
                       lambda x, i, j: x[i, :, j]),
    "t_arrays_adjacent": ([arr("float32", 5, 6, 7), ints(0, 5, -1).reshape(3, 1), ints(6, -7, 2, 9)],
                          lambda x, i, j: x[:, i, j]),
    "t_array_int_apart": ([arr("int32", 5, 6, 7), ints(3, -2, 0)], lambda x, i: x[1, :, i]),
    "t_array_int_adjacent": ([arr("int32", 5, 6, 7), ints(3, -2, 0)], lambda x, i: x[:, -1, i]),
    "t_array_newaxis": ([arr("float32", 5, 6, 7), ints(4, -5)], lambda x, i: x[None, i, ..., ::-2]),
    "t_u8_index": ([arr("bool", 6, 3), np.array([0, 5, 200, 3], np.uint8)], lambda x, i: x[i]),
    "t_scalar_and_array": ([arr("float32", 5, 6), np.int32(-1), ints(1, 8, -2)], lambda x, i, j: x[i, j]),
    "t_fill": ([arr("float32", 6, 2), ints(1, 6, -7, -6)], lambda x, i: x.at[i].get(mode="fill")),
    "t_fill_int": ([arr("int32", 6), ints(1, 6, -7, -6)], lambda x, i: x.at[i].get(mode="fill")),
    "t_fill_scalar": ([arr("float64", 6, 2), np.int32(7)], lambda x, i: x.at[i].get(mode="fill")),
    "t_fill_scalar@in": ([arr("float64", 6, 2), np.int32(-6)], lambda x, i: x.at[i].get(mode="fill")),
    "t_arrays_none_between": ([arr("float32", 5, 6, 7), ints(0, -5, 9), ints(6, 1, -1)],
                              lambda x, i, j: x[i, None, j]),
    "t_array_negstep": ([arr("int32", 5, 6), ints(5, -6, 0, 2).reshape(2, 2)], lambda x, i: x[::-2, i]),
    "g_negstep": ([arr("float32", 7)], lambda x: x[::-1]),
    "g_negstep_bounds": ([arr("int32", 7, 3)], lambda x: x[5:1:-2, ::-3]),
    "g_negstep_int": ([arr("float64", 7, 3)], lambda x: x[-1:-8:-3, 1]),
    "s_set_scalar": ([arr("float32", 5, 3), np.int32(-1), arr("float32", 3)], lambda x, i, v: x.at[i].set(v)),
    "s_set_scalar@oob": ([arr("float32", 5, 3), np.int32(5), arr("float32", 3)], lambda x, i, v: x.at[i].set(v)),
    "s_set_scalar@neg_oob": ([arr("float32", 5, 3), np.int32(-6), arr("float32", 3)],
                             lambda x, i, v: x.at[i].set(v)),
    "s_add_dup": ([arr("float32", 6), ints(1, 1, -1, 6, -7, 1, 5), arr("float32", 7)],
                  lambda x, i, v: x.at[i].add(v)),
    "s_mul_dup": ([arr("int32", 6, 2), ints(2, 2, -4, 9, 2)], lambda x, i: x.at[i].multiply(2)),
    "s_min_dup": ([arr("float64", 6), ints(0, 0, 3, -3, 8), arr("float64", 5)], lambda x, i, v: x.at[i].min(v)),
    "s_max_dup": ([arr("int32", 6), ints(0, 0, 3, -3, -8), arr("int32", 5)], lambda x, i, v: x.at[i].max(v)),
    "s_set_apart": ([arr("float32", 5, 6, 7), ints(0, -1), ints(3, 9), arr("float32", 6)],
                    lambda x, i, j, v: x.at[i, :, j].set(v)),
    "s_add_negstep": ([arr("float32", 6), arr("float32", 3)], lambda x, v: x.at[::-2].add(v)),
    "s_add_clip": ([arr("float32", 6), ints(9, -9, 2, 9)], lambda x, i: x.at[i].add(1.0, mode="clip")),
    "s_set_bool": ([arr("bool", 5), ints(4, -1, 7)], lambda x, i: x.at[i].set(True)),
    "s_add_scalar_slice": ([arr("float32", 5, 4), np.int32(-2)], lambda x, i: x.at[i, 1:3].add(0.5)),
    "d_gather": ([arr("float32", 6, 3), ints(1, 1, -1, 3, 0), arr("float32", 5, 3)],
                 lambda x, i, w: jax.grad(lambda x: jnp.sum(w * x[i]))(x)),
    # Out of bounds, nabla's clamped read passes its gradient to the clamped
    # element, as jnp's mode="clip"; jnp's default (promise_in_bounds) drops
    # it (XLA's scatter-add skips the index): nabla.h, index.h.
    "d_gather@oob": ([arr("float32", 6, 3), ints(1, 1, -1, 9, -7), arr("float32", 5, 3)],
                     lambda x, i, w: jax.grad(lambda x: jnp.sum(w * x.at[i].get(mode="clip")))(x)),
    "d_scatter_add": ([arr("float32", 6), ints(1, 1, 5, 8), arr("float32", 6)],
                      lambda x, i, w: jax.grad(lambda x: jnp.sum(w * x.at[i].add(x[0:4] * x[0:4])))(x)),
    "v_traced": ([arr("float32", 4, 5, 3), ints(0, -1, 7, 2, 1, 1, 4, -6).reshape(4, 2)],
                 jax.vmap(lambda x, i: x[i].at[i].add(1.0))),
    # ---- vmap
    "v_static": ([arr("float32", 4, 5, 3)], jax.vmap(lambda x: x[1::2, 0, None] + x[-1, None])),
    "v_dynamic": ([arr("float32", 4, 5, 3), np.int32(-4)],
                  jax.vmap(lambda x, i: x[i].at[0:2].add(1.0), in_axes=(0, None))),
    # ---- negative steps: slice + rev, reversed updates
    "n_set_rev": ([arr("float32", 6, 4), arr("float32", 3, 4)], lambda x, v: x.at[3:0:-1, ::-1].set(v)),
    "n_add_rev_int": ([arr("int32", 5, 6), arr("int32", 5)], lambda x, v: x.at[-1, 4::-1].add(v)),
    "n_mul_negstep_2d": ([arr("float64", 7, 5), arr("float64", 3, 2)],
                         lambda x, v: x.at[::-3, 4:0:-2].multiply(v)),
    "n_get_one": ([arr("float32", 5, 2)], lambda x: x[2:1:-1, ::-5]),
    "n_get_newaxis": ([arr("int32", 4, 5)], lambda x: x[None, -2::-1, 3]),
    "n_scalar_negstep2": ([arr("float32", 5, 6), np.int32(-2)], lambda x, i: x[i, ::-2]),
    "n_scalar_negstep2@oob": ([arr("float32", 5, 6), np.int32(8)], lambda x, i: x[i, ::-2]),
    "n_scalar_rev_set": ([arr("float32", 5, 4), np.int32(-5), arr("float32", 4)],
                         lambda x, i, v: x.at[i, ::-1].set(v)),
    "n_scalar_rev_set@oob": ([arr("float32", 5, 4), np.int32(5), arr("float32", 4)],
                             lambda x, i, v: x.at[i, ::-1].set(v)),
    "n_d_get": ([arr("float32", 7, 3), arr("float32", 2, 3)], grad_of(lambda x: x[5:1:-2, ::-1])),
    "n_d_mul": ([arr("float32", 5, 3), arr("float32", 5, 3)], grad_of(lambda x: x.at[3:0:-1].multiply(x[0:3]))),
    "n_vmap": ([arr("float32", 4, 5, 3)], jax.vmap(lambda x: x.at[4:1:-1].add(x[::-2]))),
    # ---- vmap over a traced scalar index (per-example x[i], x.at[i].set)
    "b_row_at": ([arr("float32", 6, 5, 3), ints(0, -1, 4, 7, -6, 2), arr("float32", 6, 3)],
                 jax.vmap(lambda x, i, v: (x[i, 1:3], x.at[i].set(v), x[i, ::-1]))),
    "b_row_at_shared_x": ([arr("float32", 5, 3), ints(3, -2, 9, -9, 0, 1), arr("float32", 3)],
                          jax.vmap(lambda x, i, v: (x[i, 1:3], x.at[i].set(v), x[i, ::-1]),
                                   in_axes=(None, 0, None))),
    # ---- jnp.take, jnp.take_along_axis
    "k_take": ([arr("float32", 5, 4), ints(-1, 4, -6, 0, 7, 2).reshape(2, 3)], lambda x, i: jnp.take(x, i, axis=0)),
    "k_take_axis1_int": ([arr("int32", 3, 6, 2), ints(5, -6, 6, -1)], lambda x, i: jnp.take(x, i, axis=1)),
    "k_take_scalar_neg_axis": ([arr("float32", 4, 5), np.int32(-2)], lambda x, i: jnp.take(x, i, axis=-1)),
    "k_take_scalar_neg_axis@oob": ([arr("float32", 4, 5), np.int32(5)], lambda x, i: jnp.take(x, i, axis=-1)),
    "k_take_clip": ([arr("float32", 6), ints(-1, 9, 2)], lambda x, i: jnp.take(x, i, axis=0, mode="clip")),
    "k_take_u8": ([arr("float64", 4, 3), np.array([0, 3, 200], np.uint8)], lambda x, i: jnp.take(x, i, axis=0)),
    "k_tala": ([arr("float32", 3, 5), ints(0, -1, 4, 5, -6, -5).reshape(3, 2)],
               lambda x, i: jnp.take_along_axis(x, i, axis=1)),
    "k_tala_bcast": ([arr("int32", 4, 1, 5), ints(0, 4, -1, 2, 5, -6).reshape(1, 3, 2)],
                     lambda x, i: jnp.take_along_axis(x, i, axis=2)),
    "k_tala_axis0": ([arr("float32", 2, 4, 3), R.integers(-3, 3, (3, 4, 3)).astype(np.int64)],
                     lambda x, i: jnp.take_along_axis(x, i, axis=0)),
    "k_tala_clip": ([arr("float32", 3, 4), ints(0, -1, 9, -9, 3, 2).reshape(3, 2)],
                    lambda x, i: jnp.take_along_axis(x, i, axis=-1, mode="clip")),
    "k_tala_argmax": ([arr("float32", 3, 5)],
                      lambda x: jnp.take_along_axis(x, jnp.argmax(x, axis=1, keepdims=True), axis=1)),
    "k_d_take": ([arr("float32", 3, 5), ints(1, 1, -1, 7), arr("float32", 3, 4)],
                 lambda x, i, w: jax.grad(lambda x: jnp.sum(w * jnp.take(x, i, axis=1)))(x)),
    "k_d_tala": ([arr("float32", 4, 3), ints(1, 1, -1, 3, 0, -5).reshape(2, 3), arr("float32", 2, 3)],
                 lambda x, i, w: jax.grad(lambda x: jnp.sum(w * jnp.take_along_axis(x, i, axis=0)))(x)),
    "k_d_take_clip": ([arr("float32", 6), ints(-1, 9, 2, 2), arr("float32", 4)],
                      lambda x, i, w: jax.grad(lambda x: jnp.sum(w * jnp.take(x, i, axis=0, mode="clip")))(x)),
    "k_vmap": ([arr("float32", 4, 5, 3), ints(0, -1, 7, 2, 1, 1, 4, -6).reshape(4, 2),
                R.integers(-4, 4, (4, 5, 2)).astype(np.int32)],
               jax.vmap(lambda x, i, j: (jnp.take(x, i, axis=0), jnp.take_along_axis(x, j, axis=1)))),
    # ---- empty negative-step slices
    "n_get_empty": ([arr("float32", 5, 3)], lambda x: x[-100::-1, ::-1]),
    "n_set_empty": ([arr("float32", 5, 3)], lambda x: x.at[-100::-1].set(1.0)),
    "n_get_empty_traced": ([arr("int32", 5, 3), np.int32(2)], lambda x, i: x[i, 0:3:-1]),
}


def main():
    print(jax_reference.describe())
    ap = argparse.ArgumentParser()
    ap.add_argument("--generator", required=True)
    ap.add_argument("--runtime", required=True)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    subprocess.run([args.generator, args.workdir], check=True)
    wants, cases = {}, {}
    for name, (inputs, ref) in PROGRAMS.items():
        want = ref(*[jnp.asarray(x) for x in inputs])
        want = [np.asarray(w) for w in (want if isinstance(want, (tuple, list)) else [want])]
        wants[name] = want
        program = name.split("@")[0]
        cases[program] = Case(program, [(NP_TO_MLIR[np.asarray(x).dtype.name], np.shape(x)) for x in inputs],
                              [(NP_TO_MLIR[w.dtype.name], w.shape) for w in want], "")
    lib = Library.from_object(list(cases.values()), os.path.join(args.workdir, "conf_index.o"), args.runtime,
                              args.cc, "conf_index")
    failures = []
    for name, (inputs, _) in PROGRAMS.items():
        got = lib(name.split("@")[0], *inputs)
        got = got if isinstance(got, list) else [got]
        for i, (g, w) in enumerate(zip(got, wants[name])):
            err = compare(f"{name}[{i}]", g, w, EXACT)
            if err:
                failures.append(err)
    print(f"{len(PROGRAMS)} indexing programs: {len(PROGRAMS) - len(failures)} match JAX")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
