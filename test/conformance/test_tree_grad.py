"""Conformance of parameter bundles (trees): the programs of tree_programs.c,
differentiated by nabla with respect to whole trees, against jax.grad /
jax.value_and_grad on dict pytrees with the same inputs, and vmapped with
a tree argument against jax.vmap with in_axes (None, 0, 0) and (0, 0, 0)
(and vmap of grad: per-example tree gradients); then the first loss
values that examples/linreg_vmap_params prints against the same training
run in JAX (same data: the example's C generator, replayed here).

Leaves are compared in nabla's order (declaration order, depth first),
which the flattening below spells out: JAX's own dict order is sorted by
key, so the dicts are flattened by explicit paths, never by tree_leaves.

Tolerances (float32 in both): NORM(r) means max|nabla - jax| <= r * max|jax|
per leaf. The MLP gradient sums up to 16 products through tanh (XLA's tanh
and ours differ by a few ulp): r = 1e-5, as for conformance_grad's MLP. The
two-tree case is sums of 5 and 6 terms: r = 1e-6, as the vmap cases (sums
of 3 products and 2 squares per example). The linear regression's
loss values: each step's loss is a 100-term mean; rounding differences
compound through the updates, but gradient descent is contracting here, so
the first 21 steps (5 printed values) stay within 1e-5 relative.

usage: test_tree_grad.py --generator PATH --runtime libnabla_rt.a [--cc CC]
                         --workdir DIR [--example PATH]
"""
import argparse
import math
import os
import re
import subprocess
import sys

import numpy as np

import jax_reference  # before jax: it pins the reference
import jax

import jax.numpy as jnp  # noqa: E402

from nabla_harness import Case, Library  # noqa: E402

R = np.random.default_rng(23)


def f32(*shape, lo=-1.0, hi=1.0):
    return R.uniform(lo, hi, shape).astype(np.float32)


# ---- the functions, in JAX (twins of tree_programs.c) ----------------------

def mlp_loss(params, x, y):
    h = jnp.tanh(x @ params["layer1"]["w"] + params["layer1"]["b"])
    out = h @ params["layer2"]["w"] + params["layer2"]["b"]
    return jnp.mean((out - y) ** 2)


def two_trees(a, x, b):
    return jnp.sum(a["u"] * x) * a["s"] + jnp.sum(b["v"] ** 2) - b["k"]


def sgd_step(params, x, y):
    g = jax.grad(mlp_loss)(params, x, y)
    return jax.tree_util.tree_map(lambda p, g: p - 0.3 * g, params, g)


def affine_error(params, x, y):
    return jnp.sum((x @ params["W"] + params["b"] - y) ** 2)


MLP_PATHS = [("layer1", "w"), ("layer1", "b"), ("layer2", "w"), ("layer2", "b")]
A_PATHS, B_PATHS = [("u",), ("s",)], [("v",), ("k",)]


def leaves(tree, paths):
    out = []
    for p in paths:
        t = tree
        for k in p:
            t = t[k]
        out.append(np.asarray(t))
    return out


PARAMS = {"layer1": {"w": f32(4, 8), "b": f32(8, lo=-0.1, hi=0.1)},
          "layer2": {"w": f32(8, 3), "b": f32(3, lo=-0.1, hi=0.1)}}
X, Y = f32(16, 4, lo=-2, hi=2), f32(16, 3)
A = {"u": f32(5), "s": np.float32(1.5)}
B = {"v": f32(2, 3), "k": np.float32(0.25)}
XA = f32(5)
AFF_PATHS = [("W",), ("b",)]
AFF = {"W": f32(3, 2), "b": f32(2)}
AFF_B = {"W": f32(8, 3, 2), "b": f32(8, 2)}
XS8, YS8 = f32(8, 3), f32(8, 2)


def case_inputs_and_wants():
    """name: (flat inputs, flat JAX results, tolerance)"""
    p = leaves(PARAMS, MLP_PATHS)
    ab_in = leaves(A, A_PATHS) + [XA] + leaves(B, B_PATHS)
    v, g = jax.value_and_grad(mlp_loss)(PARAMS, X, Y)
    g2 = jax.grad(two_trees, argnums=(0, 2))(A, XA, B)
    gb, gx = jax.grad(two_trees, argnums=(2, 1))(A, XA, B)
    aff_in = leaves(AFF, AFF_PATHS) + [XS8, YS8]
    vm_none = jax.vmap(affine_error, in_axes=(None, 0, 0))(AFF, XS8, YS8)
    peg = jax.vmap(jax.grad(affine_error), in_axes=(None, 0, 0))(AFF, XS8, YS8)
    return {
        "grad_mlp_leaves": (p + [X, Y], leaves(g, MLP_PATHS), 1e-5),
        "value_and_grad_mlp_leaves": (p + [X, Y], [np.asarray(v)] + leaves(g, MLP_PATHS), 1e-5),
        "grad_two_trees_leaves": (ab_in, leaves(g2[0], A_PATHS) + leaves(g2[1], B_PATHS), 1e-6),
        "grad_tree_and_array_leaves": (ab_in, leaves(gb, B_PATHS) + [np.asarray(gx)], 1e-6),
        "sgd_step_leaves": (p + [X, Y], leaves(sgd_step(PARAMS, X, Y), MLP_PATHS), 1e-5),
        "vmap_none_call_leaves": (aff_in, [vm_none], 1e-6),
        "vmap_none_leaves": (aff_in, [vm_none], 1e-6),
        "vmap_batched_leaves": (leaves(AFF_B, AFF_PATHS) + [XS8, YS8],
                                [jax.vmap(affine_error, in_axes=(0, 0, 0))(AFF_B, XS8, YS8)],
                                1e-6),
        "per_example_grad_leaves": (aff_in, leaves(peg, AFF_PATHS), 1e-6),
    }


def close(name, got, want, r):
    want = np.asarray(want, np.float32)
    if got.shape != want.shape:
        return f"{name}: shape {got.shape}, JAX gives {want.shape}"
    err = float(np.max(np.abs(got.astype(np.float64) - want), initial=0))
    scale = float(np.max(np.abs(want.astype(np.float64)), initial=0))
    if not err <= r * max(scale, 1e-30):
        return f"{name}: max error {err:.3g} > {r} * max|jax| = {r * scale:.3g}"
    return None


# ---- the example's data and training run -----------------------------------

class Xorshift:
    """examples/linreg_vmap_params/main.c's generator: xorshift64*, then
    Box-Muller in double (the same libm functions as the C program)."""
    M = (1 << 64) - 1

    def __init__(self):
        self.s = 0x9E3779B97F4A7C15

    def uniform(self):
        s = self.s
        s ^= s >> 12
        s = (s ^ (s << 25)) & self.M
        s ^= s >> 27
        self.s = s
        r = (s * 0x2545F4914F6CDD1D) & self.M
        return ((r >> 11) + 0.5) / 9007199254740992.0

    def normal(self):
        u1 = self.uniform()
        u2 = self.uniform()
        return math.sqrt(-2 * math.log(u1)) * math.cos(6.283185307179586 * u2)


def example_data():
    g = Xorshift()
    w = np.array([[g.normal() for _ in range(5)] for _ in range(10)], np.float32)
    b = np.array([g.normal() for _ in range(5)], np.float32)
    xs = np.array([[g.normal() for _ in range(10)] for _ in range(20)], np.float32)
    ys = np.zeros((20, 5), np.float32)
    for i in range(20):
        for k in range(5):
            y = float(b[k]) + 0.1 * g.normal()
            for j in range(10):
                y += float(xs[i, j]) * float(w[j, k])
            ys[i, k] = y
    return xs, ys


def example_losses_in_jax(steps):
    """The tutorial's loop: vmap of the per-example error, grad w.r.t. the
    dict, tree_map SGD with lr 0.3, from zeros."""
    xs, ys = example_data()

    def squared_error(params, x, y):
        d = y - (x @ params["W"] + params["b"])
        return jnp.inner(d, d) / 2.0

    def mse(params, xs, ys):
        return jnp.mean(jax.vmap(squared_error, in_axes=(None, 0, 0))(params, xs, ys), axis=0)

    params = {"W": jnp.zeros((10, 5), jnp.float32), "b": jnp.zeros(5, jnp.float32)}
    out = {}
    for i in range(steps + 1):
        if i % 5 == 0:
            out[i] = float(mse(params, xs, ys))
        g = jax.grad(mse)(params, xs, ys)
        params = jax.tree_util.tree_map(lambda p, g: p - 0.3 * g, params, g)
    return out


def check_example(path):
    text = subprocess.run([path], check=True, capture_output=True, text=True).stdout
    got = {int(m.group(1)): float(m.group(2))
           for m in re.finditer(r"Loss step (\d+): (\S+)", text)}
    want = example_losses_in_jax(20)
    failures = []
    for step, w in want.items():
        if step not in got:
            failures.append(f"example: no loss printed for step {step}")
        elif not abs(got[step] - w) <= 1e-5 * abs(w):
            failures.append(f"example: loss at step {step} is {got[step]}, JAX gives {w}")
    print(f"example: steps {sorted(want)} -> nabla {[got.get(s) for s in sorted(want)]}, "
          f"jax {[round(w, 6) for _, w in sorted(want.items())]}")
    return failures


def main():
    print(jax_reference.describe())
    ap = argparse.ArgumentParser()
    ap.add_argument("--generator", required=True)
    ap.add_argument("--runtime", required=True)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--example")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    subprocess.run([args.generator, args.workdir], check=True)
    cases = case_inputs_and_wants()
    sigs = [Case(n, [("f32", np.shape(x)) for x in ins], [("f32", np.shape(w)) for w in wants], "")
            for n, (ins, wants, _) in cases.items()]
    lib = Library.from_object(sigs, os.path.join(args.workdir, "conf_tree.o"), args.runtime,
                              args.cc, "conf_tree")
    failures = []
    for name, (ins, wants, r) in cases.items():
        got = lib(name, *ins)
        got = got if isinstance(got, list) else [got]
        if len(got) != len(wants):
            failures.append(f"{name}: {len(got)} results, JAX gives {len(wants)}")
            continue
        for i, (g, w) in enumerate(zip(got, wants)):
            err = close(f"{name}[{i}]", g, w, r)
            if err:
                failures.append(err)
    print(f"{len(cases)} tree programs compared with jax.grad / jax.vmap on dict pytrees")
    if args.example:
        failures += check_example(args.example)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
