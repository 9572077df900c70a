"""Conformance of the DSL: the programs of dsl_programs.c, compiled by nabla,
against the same programs written in jax.numpy.

JAX runs with jax_enable_x64 (nabla keeps explicit 64-bit dtypes, as that mode
does). NumPy arrays are strong and Python scalars weak, exactly like the DSL's
nb_arg values and nb_scalar constants. The result dtype must match JAX's
exactly; the values: bit-exact for integer/boolean results and IEEE-exact
float ops, ULP(4) where a transcendental function is involved (tanh, exp:
XLA and LLVM use different approximations), RTOL for sums/matmuls (XLA does
not fix the summation order).

usage: test_dsl.py --generator PATH --runtime libnabla_rt.a [--cc CC] --workdir DIR
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
import jax.scipy.special  # noqa: E402,F401 (jax.scipy.special.erf)

from nabla_harness import BF16, Case, Library, reference_from_f32, ulp_distance  # noqa: E402
from test_ops import RTOL, ULP, EXACT  # noqa: E402

R = np.random.default_rng(7)


def f32(*shape, lo=-2, hi=2):
    return R.uniform(lo, hi, shape).astype(np.float32)


X100 = R.uniform(-1, 1, 100).astype(np.float32)
Y100 = (3 * X100 - 1 + R.normal(0, 0.1, 100)).astype(np.float32)

# name: (args [(mlir dtype, shape)], results, inputs, jax fn, tolerance)
PROGRAMS = {
    "bcast_add": ([("f32", (3, 4)), ("f32", (4,))], [("f32", (3, 4))], [f32(3, 4), f32(4)],
                  lambda a, b: a + b, EXACT),
    "bcast_outer": ([("f32", (3, 1)), ("f32", (1, 4))], [("f32", (3, 4))], [f32(3, 1), f32(1, 4)],
                    lambda a, b: a * b, EXACT),
    "i8_plus_weak_int": ([("i8", (5,))], [("i8", (5,))], [np.array([1, -5, 123, 127, -128], np.int8)],
                         lambda a: a + 4, EXACT),
    # int32 * weak float: the join is the weak float type, whose default is
    # float32 in JAX's default mode and float64 under x64. nabla keeps JAX's
    # default mode for weak-only joins (nabla.h), so this runs JAX in x32.
    "i32_times_weak_float": ([("i32", (5,))], [("f32", (5,))], [np.array([1, -5, 7, 100, 0], np.int32)],
                             lambda a: x32(lambda: jnp.asarray(np.asarray(a)) * 2.5), EXACT),
    "f16_plus_weak_float": ([("f16", (4,))], [("f16", (4,))],
                            [np.array([1.0, -2.5, 1000.0, 0.1], np.float16)], lambda a: a + 1.5, EXACT),
    "u8_plus_i8": ([("ui8", (4,)), ("i8", (4,))], [("i16", (4,))],
                   [np.array([0, 255, 128, 7], np.uint8), np.array([-128, 127, -1, 5], np.int8)],
                   lambda a, b: a + b, EXACT),
    "bf16_plus_f16": ([("bf16", (4,)), ("f16", (4,))], [("f32", (4,))],
                      [np.array([1.0, 2.5, -3.0, 0.1], BF16), np.array([0.5, 1e-3, 2.0, 0.2], np.float16)],
                      lambda a, b: a + b, EXACT),
    "i32_plus_f16": ([("i32", (4,)), ("f16", (4,))], [("f16", (4,))],
                     [np.array([1, -2, 300, 0], np.int32), np.array([0.5, 1e-3, 2.0, 0.2], np.float16)],
                     lambda a, b: a + b, EXACT),
    "int_true_div": ([("i32", (4,)), ("i32", (4,))], [("f32", (4,))],
                     [np.array([7, -7, 1, 100], np.int32), np.array([2, 2, 3, -7], np.int32)],
                     lambda a, b: a / b, EXACT),
    # XLA rewrites sum / 3 into sum * (1/3), which is not correctly rounded
    # (7/3 comes out 1 ulp high); nabla divides, so 1 ulp is allowed.
    "int_mean": ([("i32", (2, 3))], [("f32", (2,))], [np.array([[1, 2, 4], [-3, 5, 100]], np.int32)],
                 lambda a: jnp.mean(a, axis=-1), ULP(1)),
    "exp_of_int": ([("i32", (4,))], [("f32", (4,))], [np.array([0, 1, -2, 5], np.int32)],
                   jnp.exp, ULP(2)),
    "sum_axes": ([("f32", (2, 3, 4))], [("f32", (3,))], [f32(2, 3, 4)],
                 lambda a: jnp.sum(a, axis=(0, -1)), RTOL(1e-6)),
    "max_all": ([("f32", (3, 4))], [("f32", ())], [f32(3, 4)], jnp.max, EXACT),
    "matmul_2d": ([("f32", (4, 3)), ("f32", (3, 5))], [("f32", (4, 5))], [f32(4, 3), f32(3, 5)],
                  jnp.matmul, RTOL(1e-6)),
    "matmul_matvec": ([("f32", (4, 3)), ("f32", (3,))], [("f32", (4,))], [f32(4, 3), f32(3)],
                      jnp.matmul, RTOL(1e-6)),
    "dot_vec": ([("f32", (3,)), ("f32", (3,))], [("f32", ())], [f32(3), f32(3)], jnp.dot, RTOL(1e-6)),
    "leaky_relu": ([("f32", (6,))], [("f32", (6,))], [f32(6)],
                   lambda x: jnp.where(x > 0, x, 0.1 * x), EXACT),
    "index_and_scale": ([("f32", (2,)), ("f32", (5,))], [("f32", (5,))],
                        [np.array([3.0, -1.0], np.float32), f32(5)], lambda t, x: t[0] * x + t[1], EXACT),
    "linreg_loss": ([("f32", (2,)), ("f32", (100,)), ("f32", (100,))], [("f32", ())],
                    [np.array([1.0, 1.0], np.float32), X100, Y100],
                    lambda t, x, y: jnp.mean(jnp.square(t[0] * x + t[1] - y)), RTOL(1e-6)),
    "mlp_layer": ([("f32", (8, 16)), ("f32", (16, 4)), ("f32", (4,))], [("f32", (8, 4))],
                  [f32(8, 16), f32(16, 4, lo=-0.3, hi=0.3), f32(4)],
                  lambda x, w, b: jnp.tanh(x @ w + b), RTOL(1e-6)),
    "astype_and_compare": ([("f32", (5,))], [("i32", (5,))], [np.array([0.1, 0.5, 0.7, -3, 2], np.float32)],
                           lambda x: (x <= 0.5).astype(jnp.int32), EXACT),
    "two_results": ([("f64", (3,))], [("f64", ()), ("f64", (3,))], [np.array([1.5, -2.25, 4.0])],
                    lambda x: (jnp.sum(x), -x), EXACT),
    "floor_ceil_int": ([("i32", (4,))], [("i32", (4,))], [np.array([-3, 0, 7, 2**30], np.int32)],
                       lambda a: jnp.floor(a) + jnp.ceil(a), EXACT),
    "floor_ceil_f32": ([("f32", (6,))], [("f32", (6,))],
                       [np.array([-2.5, -0.0, 0.25, 3.0, 1e9, -7.75], np.float32)],
                       lambda a: jnp.ceil(a) - jnp.floor(a), EXACT),
    "isfinite_f32_and_int": ([("f32", (5,)), ("i32", (5,))], [("i32", (5,)), ("i32", (5,))],
                             [np.array([1.0, np.inf, -np.inf, np.nan, -0.0], np.float32),
                              np.array([1, -2, 0, 2**31 - 1, -2**31], np.int32)],
                             lambda a, b: (jnp.isfinite(a).astype(jnp.int32), jnp.isfinite(b).astype(jnp.int32)),
                             EXACT),
    "arctan2_int_weak": ([("i32", (4,))], [("f32", (4,))], [np.array([3, -3, 0, 1], np.int32)],
                         lambda a: x32(lambda: jnp.arctan2(jnp.asarray(np.asarray(a)), -2.0)), ULP(1)),
    # three transcendental functions summed: each a few ulp from XLA's
    "tan_exp2_erf": ([("f32", (5,))], [("f32", (5,))], [np.array([-1.2, -0.5, 0.0, 0.3, 1.1], np.float32)],
                     lambda a: jnp.tan(a) + jnp.exp2(a) + jax.scipy.special.erf(a), RTOL(1e-6)),
    "argmax_argmin": ([("f32", (3, 4))], [("i32", (3,)), ("i32", (1, 4))],
                      [np.array([[1.0, np.nan, 3.0, np.nan], [2.0, 2.0, -1.0, -1.0], [-0.0, 0.0, np.inf, -np.inf]],
                                np.float32)],
                      lambda a: (x32(lambda: jnp.argmax(a, -1)), x32(lambda: jnp.argmin(a, 0, keepdims=True))),
                      EXACT),
    "round_clip_f32": ([("f32", (8,))], [("f32", (8,)), ("f32", (8,))],
                       [np.array([0.5, 1.5, 2.5, -0.5, -2.5, 3.7, np.nan, -np.inf], np.float32)],
                       lambda a: (jnp.round(a), jnp.clip(a, -1.0, 1.5)), EXACT),
    "round_clip_int": ([("i32", (4,)), ("i8", (4,))], [("i32", (4,)), ("f32", (4,)), ("i8", (4,))],
                       [np.array([-3, 0, 7, 2**31 - 1], np.int32), np.array([-128, 1, 2, 127], np.int8)],
                       lambda a, b: (jnp.round(a), x32(lambda: jnp.clip(b, 1.5, 2)), jnp.clip(b, -3, 100)), EXACT),
    "clip_bcast_arrays": ([("f16", (2, 3)), ("f32", (3,)), ("f16", (2, 1))], [("f32", (2, 3))],
                          [np.array([[-2, 0.5, 3], [1, -0.0, np.nan]], np.float16),
                           np.array([-1, 0, 1], np.float32), np.array([[2], [0.25]], np.float16)],
                          lambda a, lo, hi: jnp.clip(a, lo, hi), EXACT),
    "clamp_nextafter": ([("f32", (5,)), ("i32", (5,))], [("f32", (5,)), ("f32", (5,)), ("f32", (5,))],
                        [np.array([-0.5, 0.0, 0.25, 1.0, 7.0], np.float32), np.array([-2, 0, 1, 5, 9], np.int32)],
                        lambda a, i: (jax.lax.clamp(np.float32(0), a, np.float32(1)), jnp.nextafter(a, 0.0),
                                      jnp.nextafter(i, 0)), EXACT),
    "prod_dtypes": ([("i8", (3, 4)), ("i1", (3, 4)), ("f16", (3, 4))], [("i32", (3,)), ("i32", (4,)), ("f16", ())],
                    [np.array([[1, -2, 3, 4], [127, 127, 2, 1], [0, 5, -128, 7]], np.int8),
                     np.array([[1, 0, 1, 1], [1, 1, 1, 0], [1, 1, 1, 1]], bool),
                     np.array([[1.5, 0.5, 2, 1.25], [0.75, 1, 1, 1.5], [1.1, 0.9, 1, 2]], np.float16)],
                    lambda a, b, c: (x32(lambda: jnp.prod(a, -1)), x32(lambda: jnp.prod(b, 0)), jnp.prod(c)), EXACT),
    "prod_grad": ([("f32", (2, 3))], [("f32", (2, 3))], [np.array([[1.5, 0.0, -2.0], [0.5, 3.0, 1.25]], np.float32)],
                  lambda a: jax.grad(lambda x: jnp.sum(jnp.prod(x, 1)))(a), EXACT),
    "cumsum_dtypes": ([("f32", (2, 4)), ("i1", (5,)), ("i8", (4,))],
                      [("f32", (2, 4)), ("i32", (5,)), ("i8", (4,)), ("f32", (2, 4))],
                      [np.array([[-0.0, 1.5, 2.0, -3.0], [0.5, 0.25, np.nan, 1.0]], np.float32),
                       np.array([True, False, True, True, False]), np.array([100, 27, 1, -128], np.int8)],
                      lambda a, b, c: (jnp.cumsum(a, -1), x32(lambda: jnp.cumsum(b, 0)), jnp.cumsum(c, 0),
                                       jnp.cumprod(a, 0)), EXACT),
    "lax_cumulative": ([("f32", (2, 4))], [("f32", (2, 4))] * 4,
                       [np.array([[1.0, -2.0, 3.0, np.nan], [0.5, 0.5, -np.inf, 2.0]], np.float32)],
                       lambda a: (jax.lax.cummax(a, 1), jax.lax.cummin(a, 1, True), jax.lax.cumsum(a, 0, True),
                                  jax.lax.cumprod(a, 1, True)), EXACT),
    "squeeze_expand_dims": ([("i32", (2, 1, 3, 1)), ("f32", (2, 3))],
                            [("i32", (2, 3, 1)), ("i32", (2, 3)), ("i32", (2, 3)), ("f32", (1, 2, 3, 1)),
                             ("f32", (2, 1, 3))],
                            [np.arange(6, dtype=np.int32).reshape(2, 1, 3, 1),
                             np.array([[1.5, -0.0, 2.0], [np.nan, 3.0, -1.0]], np.float32)],
                            lambda a, b: (jnp.squeeze(a, 1), jnp.squeeze(a, (-1, 1)), jnp.squeeze(a),
                                          jnp.expand_dims(b, (0, -1)), jnp.expand_dims(b, 1)), EXACT),
    "sort_axes": ([("f32", (2, 5)), ("ui8", (3, 2))], [("f32", (2, 5)), ("f32", (2, 5)), ("ui8", (3, 2))],
                  [np.array([[0.0, np.nan, -0.0, -np.inf, 1.0], [-0.0, 0.0, 2.0, np.nan, -1.0]], np.float32),
                   np.array([[255, 1], [0, 200], [7, 7]], np.uint8)],
                  lambda a, b: (jnp.sort(a), jnp.sort(a, 0), jnp.sort(b, 0)), EXACT),
    "flip_axes": ([("i32", (2, 3, 4))], [("i32", (2, 3, 4)), ("i32", (2, 3, 4))],
                  [np.arange(24, dtype=np.int32).reshape(2, 3, 4)],
                  lambda a: (jnp.flip(a, -1), jnp.flip(a)), EXACT),
    "concatenate_promote": ([("i32", (2, 1)), ("f16", (2, 3)), ("bf16", (2, 2))], [("f32", (2, 6))],
                            [np.array([[7], [-2**24 - 1]], np.int32), np.array([[0.5, -0.0, np.inf]] * 2, np.float16),
                             np.array([[1.5, np.nan]] * 2, jnp.bfloat16)],
                            lambda a, b, c: x32(lambda: jnp.concatenate([a, b, c], -1)), EXACT),
    "stack_axis1": ([("f32", (3, 2)), ("f32", (3, 2))], [("f32", (3, 5, 2))], [f32(3, 2), f32(3, 2)],
                    lambda a, b: jnp.stack([a, b, -a, b * 2.0, a], 1), EXACT),
    # erfc promotes int32 to float32; in the tail (x = 6 to 9) it is tiny,
    # where 1 - erf would be 0
    "erfc_int_and_tail": ([("i32", (4,)), ("f32", (4,))], [("f32", (4,)), ("f32", (4,))],
                          [np.array([0, 1, -2, 3], np.int32), np.array([4.5, 6.0, 9.0, -1.0], np.float32)],
                          lambda a, b: (x32(lambda: jax.scipy.special.erfc(jnp.asarray(np.asarray(a)))),
                                        jax.scipy.special.erfc(b)), ULP(4)),
}


def x32(thunk):
    """Runs thunk with jax_enable_x64 off (JAX's default mode)."""
    with jax.enable_x64(False):
        return np.asarray(thunk())


def check(name, got, want, tol):
    from test_ops import compare
    return compare(name, got, np.asarray(want), tol)


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
    cases = [Case(n, a, r, "") for n, (a, r, *_ ) in PROGRAMS.items()]
    lib = Library.from_object(cases, os.path.join(args.workdir, "conf_dsl.o"), args.runtime, args.cc,
                              "conf_dsl")
    failures = []
    reduced = 0
    for name, (args, results, inputs, ref, tol) in PROGRAMS.items():
        got = lib(name, *inputs)
        want = ref(*[jnp.asarray(x) for x in inputs])
        if len(results) == 1:
            got, want = [got], [want]
        for i, (g, w) in enumerate(zip(got, want)):
            err = check(f"{name}[{i}]", g, w, tol)
            wide = reference_from_f32(ref, args, inputs, results[0][0]) if len(results) == 1 else None
            if not err and wide is not None:
                reduced += 1
                err = check(f"{name}[{i}] (vs f32 rounded once)", g, wide, tol)
            if err:
                failures.append(err)
    print(f"{len(PROGRAMS)} DSL programs: {len(PROGRAMS) - len(failures)} match JAX "
          f"({reduced} f16/bf16 programs also match JAX's f32 rounded once)")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
