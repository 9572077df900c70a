"""Conformance of the autodiff transforms: the programs of grad_programs.c,
differentiated by nabla at compile time, against jax.grad / jax.value_and_grad
/ jax.jvp / jax.vjp on the same inputs, computed here.

Everything is float32 in both (JAX's default mode, as the programs use
nb_arg f32 and weak scalars). Tolerances, per case:
  EXACT    the derivative is a short chain of correctly rounded IEEE ops
           (2x, 2(x - y), x * 1): any difference is a bug.
  NORM(r)  max|nabla - jax| <= r * max|jax|: derivatives that involve
           reductions (XLA does not fix the summation order: for n terms the
           bound is about n * eps = n * 1.2e-7 relative to the sum of
           magnitudes) or transcendental functions (XLA's own approximations
           of tanh/sin/exp/log1p and ours differ by a few ulp, and the chain
           rule multiplies those errors by derivatives of order 1). r is a few
           times that bound, far below any error a wrong rule would make
           (a wrong sign, factor or transpose changes results by O(1)).

usage: test_grad.py --generator PATH --runtime libnabla_rt.a [--cc CC] --workdir DIR
"""
import argparse
import os
import subprocess
import sys

import numpy as np

import jax_reference  # before jax: it pins the reference
import jax

import jax.numpy as jnp  # noqa: E402
from jax import lax  # noqa: E402

from nabla_harness import Case, Library, ulp_distance  # noqa: E402

R = np.random.default_rng(11)
EXACT = ("exact", 0)


def NORM(r):
    return ("norm", r)


def f32(*shape, lo=-2.0, hi=2.0):
    return R.uniform(lo, hi, shape).astype(np.float32)


# ---- the functions, in JAX (twins of grad_programs.c) ----------------------

def sum_sq(x):
    return jnp.sum(x ** 2)


def sq_dist(x, y):
    return jnp.sum((x - y) ** 2)


def with_aux(x, w):
    terms = jnp.tanh(x) * w
    return jnp.sum(terms), terms


def square(x):
    return x * x


def half_sq(x):
    return x * x / 2


def curved(x):
    return jnp.sum(jnp.sin(x) * x ** 2 + jnp.exp(x / 3))


def inner(v):
    return jnp.sin(v) * v


def outer(x):
    return jnp.sum(jnp.log1p(inner(x) ** 2))


def mlp_loss(w1, b1, w2, b2, w3, b3, x, y):
    h = jnp.tanh(x @ w1 + b1)
    h = jnp.tanh(h @ w2 + b2)
    return jnp.mean((h @ w3 + b3 - y) ** 2)


def linreg_loss(theta, x, y):
    return jnp.mean((theta[0] * x + theta[1] - y) ** 2)


def linreg_update(theta, x, y):
    return theta - 0.1 * jax.grad(linreg_loss)(theta, x, y)


def flat(r):
    """A JAX result as a flat list of arrays, in the order of the contract
    (lowering/transforms/autodiff.h): value, aux, grads / grads, aux / primals, tangents."""
    if isinstance(r, (tuple, list)):
        return [a for x in r for a in flat(x)]
    return [np.asarray(r)]


ONES5 = np.ones(5, np.float32)
X4 = np.array([1, 2, 3, 4], np.float32)
X5, Y5 = f32(5), f32(5)
A6, W6 = f32(6), f32(6)
C5, V5 = f32(5), f32(5)
X100 = R.uniform(-1, 1, 100).astype(np.float32)
Y100 = (3 * X100 - 1 + R.normal(0, 0.1, 100)).astype(np.float32)
MLP = [f32(8, 16, lo=-0.5, hi=0.5), f32(16, lo=-0.1, hi=0.1), f32(16, 16, lo=-0.4, hi=0.4),
       f32(16, lo=-0.1, hi=0.1), f32(16, 4, lo=-0.4, hi=0.4), f32(4, lo=-0.1, hi=0.1),
       f32(32, 8), f32(32, 4, lo=-1, hi=1)]


def shapes(*arrays):
    return [("i32" if a.dtype == np.int32 else "f32", a.shape) for a in arrays]


_ROWS_G = lax.GatherDimensionNumbers((1,), (0,), (0,))
_ROWS_S = lax.ScatterDimensionNumbers((1,), (0,), (0,))


def embedding_loss(t, i):
    return jnp.sum(lax.gather(t, i, _ROWS_G, (1, 3), mode=lax.GatherScatterMode.CLIP) ** 2)


def scatter_add_loss(x, u, i):
    return jnp.sum(jnp.tanh(lax.scatter_add(x, i, u, _ROWS_S, mode=lax.GatherScatterMode.FILL_OR_DROP)))


IDX_DUP = np.array([[2], [0], [2], [9]], np.int32)
IDX_DROP = np.array([[1], [7], [1]], np.int32)

# name: (inputs, jax function of the inputs, tolerance)
CASES = {
    # jax.grad(sum(x^2)) at [1, 2, 3, 4] = [2, 4, 6, 8]
    "grad_sum_sq": ([X4], jax.grad(sum_sq), EXACT),
    # 2 (x - y): exact, and -2 (x - y) for y
    "grad_sq_dist_a0": ([X5, Y5], jax.grad(sq_dist), EXACT),
    "grad_sq_dist_a01": ([X5, Y5], jax.grad(sq_dist, argnums=(0, 1)), EXACT),
    # the value is a 5-term sum
    "value_and_grad_sq_dist": ([X5, Y5], jax.value_and_grad(sq_dist), NORM(1e-6)),
    # tanh'(x) w = (1 - tanh^2) w: tanh differs by a few ulp
    "grad_has_aux": ([A6, W6], jax.grad(with_aux, has_aux=True), NORM(1e-6)),
    "value_and_grad_has_aux": ([A6, W6], jax.value_and_grad(with_aux, argnums=(0, 1), has_aux=True),
                               NORM(1e-6)),
    # d^2/dx^2 x^2 at 4.0 = 2
    "second_derivative": ([np.float32(4.0)], jax.grad(jax.grad(square)), EXACT),
    # jvp / vjp of x*x/2 with ones: (x*x/2, x)
    "jvp_half_sq": ([X5, ONES5], lambda x, t: jax.jvp(half_sq, (x,), (t,)), EXACT),
    "vjp_half_sq": ([X5, ONES5], lambda x, ct: (half_sq(x), jax.vjp(half_sq, x)[1](ct)), EXACT),
    # Hessian-vector product: sin, cos and exp through two differentiations
    "hvp_curved": ([C5, V5], lambda x, v: jax.jvp(jax.grad(curved), (x,), (v,)), NORM(1e-5)),
    "grad_through_call": ([X5], jax.grad(outer), NORM(1e-5)),
    # 32x8x16 + 32x16x16 + 32x16x4 contractions, twice (forward and backward),
    # through two tanh layers: sums of up to 32 terms
    "mlp_value_and_grad": (MLP, jax.value_and_grad(mlp_loss, argnums=(0, 1, 2, 3, 4, 5)), NORM(1e-5)),
    # 100-term means in the gradient, then theta - 0.1 g
    "linreg_update": ([np.array([1.0, 1.0], np.float32), X100, Y100], linreg_update, NORM(1e-6)),
    # 2 table[idx] scatter-added back: rows 2 (twice) and 5 (9, clamped)
    "grad_embedding_loss": ([f32(6, 3), IDX_DUP], jax.grad(embedding_loss), EXACT),
    # tanh' at x + the updates that landed; row 7 dropped: its update gets 0
    "value_and_grad_scatter_add": ([f32(5, 2, lo=-0.5, hi=0.5), f32(3, 2, lo=-0.5, hi=0.5), IDX_DROP],
                                   jax.value_and_grad(scatter_add_loss, argnums=(0, 1)), NORM(1e-6)),
}


def compare(name, got, want, tol):
    want = np.asarray(want)
    if got.shape != want.shape or got.dtype != want.dtype:
        return f"{name}: got {got.dtype}{got.shape}, JAX gives {want.dtype}{want.shape}"
    kind, r = tol
    if kind == "exact":
        bad = ulp_distance(got, want) > 0
        if np.any(bad):
            i = tuple(np.argwhere(np.atleast_1d(bad))[0])
            return f"{name}: not exact at {i}: nabla {np.atleast_1d(got)[i]} jax {np.atleast_1d(want)[i]}"
        return None
    err = float(np.max(np.abs(got.astype(np.float64) - want.astype(np.float64)), initial=0))
    scale = float(np.max(np.abs(want.astype(np.float64)), initial=0))
    if not err <= r * max(scale, np.finfo(np.float32).tiny):
        return f"{name}: max error {err:.3g} > {r} * max|jax| = {r * scale:.3g}"
    return None


def main():
    print(jax_reference.describe())
    ap = argparse.ArgumentParser()
    ap.add_argument("--generator", required=True)
    ap.add_argument("--runtime", required=True)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("-v", action="store_true", help="print each output's error")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    subprocess.run([args.generator, args.workdir], check=True)
    wants = {n: flat(ref(*[jnp.asarray(x) for x in inputs])) for n, (inputs, ref, _) in CASES.items()}
    cases = [Case(n, shapes(*[np.asarray(x) for x in inputs]), [("f32", w.shape) for w in wants[n]], "")
             for n, (inputs, _, _) in CASES.items()]
    lib = Library.from_object(cases, os.path.join(args.workdir, "conf_grad.o"), args.runtime, args.cc,
                              "conf_grad")
    failures, failed_cases = [], set()
    for name, (inputs, _, tol) in CASES.items():
        got = lib(name, *inputs)
        got = got if isinstance(got, list) else [got]
        for i, (g, w) in enumerate(zip(got, wants[name])):
            err = compare(f"{name}[{i}]", g, w, tol)
            if args.v:
                d = np.max(np.abs(g.astype(np.float64) - w), initial=0) / max(np.max(np.abs(w), initial=0), 1e-30)
                print(f"{name}[{i}]: max|nabla - jax| / max|jax| = {d:.2e} ({tol[0]} {tol[1]})")
            if err:
                failures.append(err)
                failed_cases.add(name)
    print(f"{len(CASES)} autodiff programs: {len(CASES) - len(failed_cases)} match JAX")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
