"""Conformance of the jax.numpy / jax.nn / optax helpers (numpy.h, nn.h):
the programs numpy_programs.c builds from a case file written here, against
the same functions in JAX on the same inputs (optax is not installed: its
loss formulas are written out in JAX below, as optax >= 0.2.4 has them).

Inputs are random with edge values mixed in (0, -0, +-inf, NaN, rows of
-inf for logsumexp/softmax), over the dtypes each helper accepts; gradients
(nb_grad of sum(f(x) * w), w = cos(0.7 i + 0.3)) against jax.grad of the
same loss. The result dtype and shape must be JAX's exactly (the generator
writes them to a manifest, checked before any call); NaN and inf must sit
where JAX has them; finite values within ULP(n) or RTOL(r, atol) as each
case says (transcendental functions differ by an ulp or two between XLA
and LLVM; sums may be ordered differently).

usage: test_numpy.py --generator PATH --runtime libnabla_rt.a [--cc CC] --workdir DIR [-k FILTER]
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

from nabla_harness import BF16, MLIR_TO_NP, Case, Library, ulp_distance  # noqa: E402

R = np.random.default_rng(11)
NP = {"u8": np.uint8, "u16": np.uint16, "u32": np.uint32, "u64": np.uint64, "i8": np.int8,
      "i16": np.int16, "i32": np.int32, "i64": np.int64, "f16": np.float16, "bf16": BF16,
      "f32": np.float32, "f64": np.float64, "bool": np.bool_}
SHORT = {np.dtype(v): k for k, v in NP.items()}
MLIR = {"u8": "ui8", "u16": "ui16", "u32": "ui32", "u64": "ui64", "bool": "i1"}
FLOATS = ("f32", "f64", "f16", "bf16")


def ULP(n):
    return ("ulp", n, 0)


def RTOL(r, atol=0.0):
    return ("rtol", r, atol)


def rand(dt, shape, lo=-3.0, hi=3.0, edges=True):
    t = NP[dt]
    if dt == "bool":
        return R.random(shape) < 0.5
    if np.issubdtype(t, np.integer):
        info = np.iinfo(t)
        return R.integers(max(int(lo), info.min), min(int(hi), info.max), size=shape, endpoint=True).astype(t)
    x = R.uniform(lo, hi, shape).astype(t)
    if edges and x.size >= 8:
        flat = x.reshape(-1)
        flat[:4] = np.array([0.0, -0.0, 1.0, -1.0]).astype(t)
    return x


def with_specials(x):
    """x with inf, -inf and NaN in its last elements (floats)."""
    x = x.copy()
    flat = x.reshape(-1)
    flat[-3:] = np.array([np.inf, -np.inf, np.nan]).astype(x.dtype)
    return x


def ints_spec(v):
    if v is None:
        return "-"
    if v == "all":
        return "all"
    v = [v] if isinstance(v, int) else list(v)
    return ",".join(map(str, v)) if v else "all"


class C:
    def __init__(self, kind, inputs, ref, tol, axes=None, ints=None, d=(0.0, 0.0, 0.0), s="-",
                 grad=False):
        self.kind = ("grad_" if grad else "") + kind
        self.inputs, self.tol, self.axes, self.ints, self.d, self.s = inputs, tol, axes, ints, d, s
        self.ref = grad_ref(ref) if grad else ref
        self.name = None

    def line(self):
        args = ";".join(f"{SHORT[np.asarray(x).dtype]}:{','.join(map(str, np.shape(x)))}"
                        for x in self.inputs) or "-"
        d = " ".join(repr(float(v)) for v in self.d)
        return f"{self.kind} {self.name} {args} {ints_spec(self.axes)} {ints_spec(self.ints)} {d} {self.s}\n"


def weights(shape, dt):
    n = int(np.prod(shape))
    return (jnp.cos(jnp.arange(n, dtype=jnp.float32) * 0.7 + 0.3)).reshape(shape).astype(dt)


def grad_ref(f):
    def g(x, *rest):
        def loss(x):
            y = f(x, *rest)
            return jnp.sum(y * weights(y.shape, y.dtype))
        return jax.grad(loss)(x)
    return g


# ---- optax's losses (optax/losses/_classification.py, _regression.py) ----

def softmax_cross_entropy(logits, labels):
    return -(labels * jax.nn.log_softmax(logits, -1)).sum(-1)


def softmax_cross_entropy_with_integer_labels(logits, labels):
    label_logits = jnp.take_along_axis(logits, jnp.expand_dims(labels, -1), axis=-1).take(0, axis=-1)
    return jax.nn.logsumexp(logits, axis=-1) - label_logits


def sigmoid_binary_cross_entropy(logits, labels):
    log_p = jax.nn.log_sigmoid(logits)
    log_not_p = jax.nn.log_sigmoid(-logits)
    return -labels * log_p - (1. - labels) * log_not_p


def squared_error(p, t):
    return (p - t) ** 2


def l2_loss(p, t):
    return 0.5 * squared_error(p, t)


def x32(thunk):
    """thunk() in JAX's default mode (weak-only joins are int32/float32 in nabla)."""
    with jax.enable_x64(False):
        return np.asarray(thunk())


def tuple_axes(a):
    if a is None or a == "all" or a == ():
        return None
    return a if isinstance(a, int) else tuple(a)


def xla_linspace(start, stop, num, endpoint, dt):
    """jnp.linspace as XLA runs it (the optimized HLO of the jitted
    _linspace, jax 0.10.2 on the CPU), rounded op by op in numpy: the
    division by div (rounded to the dtype) is a product with its reciprocal
    rounded to the dtype, and stop * (iota * c) is reassociated to
    iota * (stop * c)."""
    t = NP[dt]
    div = num - 1 if endpoint else num
    a, b = t(start), t(stop)
    if num <= 1:
        return np.full((num,), a, t)
    i = np.arange(div).astype(t)
    c = t(1) / t(div)
    out = (a * (t(1) - i * c)) + i * (b * c)
    return np.concatenate([out, [b]]).astype(t) if endpoint else out.astype(t)


def linspace_tol(start, stop, dt):
    """The difference XLA's CPU back end allows itself in jnp.linspace for
    float and double: it contracts a product and the sum after it into a
    fused multiply-add (LLVM's FP-op fusion; which product, and whether
    1 - iota * c is contracted too, varies with how the loop is unrolled
    and vectorized: see the ir-with-opt.ll of XLA_FLAGS=--xla_dump_to,
    which is the unfused xla_linspace form, and compare the values).
    Each skipped rounding moves the result by at most half an ulp of a
    product, the products being bounded by M = max(|start|, |stop|)
    (1 - iota * c is in [0, 1], stop * c * iota in [-M, M]): two of them
    and the final sum's rounding give |nabla - jax| <= 2 spacing(M) +
    eps |jax|. xla_linspace (bit-exact, checked below) pins the rest."""
    if dt in ("f16", "bf16") or dt not in FLOATS:
        return ULP(0)  # no fused multiply-add in these types
    t = NP[dt]
    return RTOL(float(np.finfo(t).eps), 2 * float(np.spacing(t(max(abs(start), abs(stop))))))


def cases():
    cs = []
    add = cs.append
    # ---- reductions with keepdims, var, std
    for dt in FLOATS + ("i32", "i8", "bool"):
        x = rand(dt, (3, 4, 5))
        tol_sum = ULP(0) if dt in ("i32", "i8", "bool") else RTOL(2e-2 if dt in ("f16", "bf16") else 1e-5)
        for axes in ((1,), (-1, 0), ()):
            ax = tuple_axes(axes)
            # nabla's sums of small ints are JAX's default mode (int32)
            sref = (lambda a, ax=ax: x32(lambda: jnp.sum(a, ax, keepdims=True))) if dt in ("i8", "i32", "bool") \
                else (lambda a, ax=ax: jnp.sum(a, ax, keepdims=True))
            add(C("sum_k", [x], sref, tol_sum, axes=axes))
            add(C("mean_k", [x], lambda a, ax=ax: jnp.mean(a, ax, keepdims=True),
                  RTOL(2e-2 if dt in ("f16", "bf16") else 1e-5), axes=axes))
            if dt != "bool":
                add(C("max_k", [x], lambda a, ax=ax: jnp.max(a, ax, keepdims=True), ULP(0), axes=axes))
                add(C("min_k", [x], lambda a, ax=ax: jnp.min(a, ax, keepdims=True), ULP(0), axes=axes))
            for ddof in (0, 1):
                tol = RTOL(2e-2 if dt in ("f16", "bf16") else 1e-5)
                add(C("var", [x], lambda a, ax=ax, dd=ddof: jnp.var(a, ax, ddof=dd), tol, axes=axes, ints=[ddof]))
                add(C("std_k", [x], lambda a, ax=ax, dd=ddof: jnp.std(a, ax, ddof=dd, keepdims=True), tol,
                      axes=axes, ints=[ddof]))
    xs = with_specials(rand("f32", (3, 4, 5)))
    add(C("max_k", [xs], lambda a: jnp.max(a, 1, keepdims=True), ULP(0), axes=[1]))
    add(C("var", [rand("f32", (4, 3))], lambda a: jnp.var(a, 0, ddof=4), ULP(0), axes=[0], ints=[4]))
    add(C("var_k", [rand("f64", (4, 3))], lambda a: jnp.var(a, -1, ddof=3, keepdims=True), ULP(0),
          axes=[-1], ints=[3]))
    for dt in ("f32", "f64"):
        x = rand(dt, (3, 4))
        add(C("var", [x], lambda a: jnp.var(a, 1, ddof=1), RTOL(1e-5), axes=[1], ints=[1], grad=True))
        add(C("std_k", [x], lambda a: jnp.std(a, 0, keepdims=True), RTOL(1e-5), axes=[0], ints=[0], grad=True))
        add(C("mean_k", [x], lambda a: jnp.mean(a, -1, keepdims=True), RTOL(1e-5), axes=[-1], grad=True))
    # ---- logsumexp, softmax, log_softmax
    for dt in FLOATS + ("i32",):
        tol = RTOL(2e-2, 1e-2) if dt in ("f16", "bf16") else RTOL(1e-5, 1e-6)
        x = rand(dt, (4, 6), -5, 5)
        if dt in FLOATS:
            x[1, :] = -np.inf  # a row of -inf
            x[2, 3] = np.inf
            x[3, 0] = -np.inf
        for axes in ((-1,), (0,), (0, 1)):
            ax = tuple_axes(axes)
            add(C("logsumexp", [x], lambda a, ax=ax: jax.nn.logsumexp(a, ax), tol, axes=axes))
            add(C("logsumexp_k", [x], lambda a, ax=ax: jax.nn.logsumexp(a, ax, keepdims=True), tol, axes=axes))
            add(C("softmax", [x], lambda a, ax=ax: jax.nn.softmax(a, ax), tol, axes=axes))
            add(C("log_softmax", [x], lambda a, ax=ax: jax.nn.log_softmax(a, ax), tol, axes=axes))
    xn = rand("f32", (2, 5))
    xn[0, 2] = np.nan
    add(C("logsumexp", [xn], lambda a: jax.nn.logsumexp(a, -1), RTOL(1e-6), axes=[-1]))
    for dt in ("f32", "f64"):
        x = rand(dt, (4, 6), -5, 5)
        x[3, 0] = -np.inf
        for k, f in (("logsumexp", lambda a: jax.nn.logsumexp(a, -1)),
                     ("softmax", lambda a: jax.nn.softmax(a, -1)),
                     ("log_softmax", lambda a: jax.nn.log_softmax(a, -1))):
            add(C(k, [x], f, RTOL(1e-5, 1e-6), axes=[-1], grad=True))
        add(C("logsumexp_k", [x], lambda a: jax.nn.logsumexp(a, (0, 1), keepdims=True), RTOL(1e-5, 1e-6),
              axes=[0, 1], grad=True))
    # logsumexp's gradient is softmax (checked directly too)
    x = rand("f32", (3, 5))
    c = C("logsumexp", [x], lambda a: jax.nn.softmax(a, -1) * weights((3,), np.float32)[:, None],
          RTOL(1e-6, 1e-7), axes=[-1])
    c.kind = "grad_logsumexp"
    add(c)
    # ---- one_hot
    for dt in ("i32", "i8", "u8", "i64"):
        lab = np.array([[0, 3, 5], [2, 4, 1]], NP[dt]) if dt == "u8" else np.array([[0, 3, -1], [7, 4, 1]], NP[dt])
        for odt in ("f32", "i32", "bool", "bf16"):
            add(C("one_hot", [lab], lambda a, o=odt: jax.nn.one_hot(a, 5, dtype=NP[o]), ULP(0), ints=[5], s=odt))
    # ---- activations
    acts = [
        ("relu", jax.nn.relu, (0.0,)), ("relu6", jax.nn.relu6, (0.0,)),
        ("gelu_tanh", lambda a: jax.nn.gelu(a, approximate=True), (0.0,)),
        ("gelu_erf", lambda a: jax.nn.gelu(a, approximate=False), (0.0,)),
        ("silu", jax.nn.silu, (0.0,)), ("softplus", jax.nn.softplus, (0.0,)),
        ("log_sigmoid", jax.nn.log_sigmoid, (0.0,)), ("sigmoid", jax.nn.sigmoid, (0.0,)),
        ("elu", lambda a: jax.nn.elu(a, 0.7), (0.7,)),
        ("leaky_relu", lambda a: jax.nn.leaky_relu(a, 0.05), (0.05,)),
        ("selu", jax.nn.selu, (0.0,)), ("celu", lambda a: jax.nn.celu(a, 1.3), (1.3,)),
    ]
    for k, f, d in acts:
        for dt in FLOATS:
            x = rand(dt, (4, 8), -8, 8)
            x.reshape(-1)[4:10] = np.array([6.0, -6.0, 20.0, -20.0, 1e-3, -1e-3]).astype(NP[dt])
            x = with_specials(x)
            red = dt in ("f16", "bf16")
            tol = RTOL(1e-2, 1e-2) if red else RTOL(4e-6 if dt == "f32" else 1e-13, 1e-12 if dt == "f64" else 1e-30)
            add(C(k, [x], f, tol, d=d + (0, 0)[: 3 - len(d)] if len(d) < 3 else d))
        if k in ("relu", "relu6", "leaky_relu", "elu"):
            xi = rand("i32", (9,), -9, 9)
            add(C(k, [xi], lambda a, f=f: x32(lambda: f(a)), RTOL(1e-6), d=(d[0], 0, 0)))
        for dt in ("f32", "f64"):
            x = rand(dt, (4, 8), -8, 8)
            x.reshape(-1)[4:10] = np.array([6.0, -6.0, 20.0, -20.0, 1e-3, -1e-3]).astype(NP[dt])
            add(C(k, [x], f, RTOL(1e-5, 1e-6), d=(d[0], 0, 0), grad=True))
    # ---- losses
    for dt in ("f32", "f64", "bf16"):
        tol = RTOL(2e-2, 2e-2) if dt == "bf16" else RTOL(1e-5, 1e-6)
        logits = rand(dt, (5, 7), -4, 4)
        probs = np.asarray(jax.nn.softmax(jnp.asarray(rand("f32", (5, 7))), -1)).astype(NP[dt])
        hot = np.asarray(jax.nn.one_hot(np.array([0, 6, 3, 3, 1]), 7, dtype=NP[dt]))
        lab = np.array([0, 6, 3, 3, 1], np.int32)
        bin_lab = (R.random((5, 7)) < 0.5).astype(NP[dt])
        g = dt != "bf16"
        for gr in ((False, True) if g else (False,)):
            add(C("sce", [logits, probs], softmax_cross_entropy, tol, grad=gr))
            add(C("sce", [logits, hot], softmax_cross_entropy, tol, grad=gr))
            add(C("sce_int", [logits, lab], softmax_cross_entropy_with_integer_labels, tol, grad=gr))
            add(C("sbce", [with_specials(logits) if not gr else logits, bin_lab], sigmoid_binary_cross_entropy,
                  tol, grad=gr))
            add(C("l2", [logits, probs], l2_loss, tol, grad=gr))
            add(C("se", [logits, probs], squared_error, tol, grad=gr))
    add(C("sce_int", [rand("f32", (3, 4)), np.array([1, 0, 3], np.int64)],
          softmax_cross_entropy_with_integer_labels, RTOL(1e-6, 1e-7)))
    add(C("sce_int", [rand("f32", (2, 3, 4)), np.array([[1, 0, 3], [2, 2, 0]], np.uint8)],
          softmax_cross_entropy_with_integer_labels, RTOL(1e-6, 1e-7)))
    # ---- creation (a dummy argument: every case takes one)
    dummy = [np.zeros((1,), np.float32)]
    for n, m, k in ((3, 3, 0), (3, 5, 1), (4, 2, -1), (2, 4, 7), (0, 3, 0)):
        for odt in ("f32", "i32", "bool", "f16"):
            add(C("eye", dummy, lambda _, n=n, m=m, k=k, o=odt: jnp.eye(n, m, k, dtype=NP[o]), ULP(0),
                  ints=[n, m, k], s=odt))
    for start, stop, num, endpoint in ((0.0, 1.0, 5, 1), (-2.5, 7.0, 11, 0), (1.0, -3.0, 7, 1), (3.0, 3.0, 1, 1),
                                       (0.0, 1.0, 0, 1), (0.1, 0.9, 50, 1), (2.0, 10.0, 4, 0)):
        for odt in ("f32", "f64", "f16", "bf16", "i32"):
            add(C("linspace", dummy, lambda _, a=start, b=stop, n=num, e=endpoint, o=odt:
                  jnp.linspace(a, b, n, endpoint=bool(e), dtype=NP[o]), linspace_tol(start, stop, odt),
                  ints=[num, endpoint],
                  d=(start, stop, 0), s=odt))
    for start, stop, step in ((0.0, 1.0, 0.1), (-3.0, 5.0, 0.7), (5.0, -1.0, -0.5), (0.0, 10.0, 3.0),
                              (2.0, 1.0, 1.0), (1.0, 100.0, 1.0)):
        for odt in ("f32", "f64", "f16", "bf16", "i32", "i64"):
            if odt in ("i32", "i64") and any(v != int(v) for v in (start, stop, step)):
                continue
            add(C("arange", dummy, lambda _, a=start, b=stop, s=step, o=odt:
                  jnp.arange(a, b, s, dtype=NP[o]), ULP(0), d=(start, stop, step), s=odt))
    # ---- products
    for dta, dtb in (("f32", "f32"), ("f64", "f32"), ("i32", "i32"), ("f16", "f16"), ("i8", "f32")):
        tol = RTOL(1e-2, 1e-2) if "f16" in (dta, dtb) else RTOL(1e-5)
        a3, b3 = rand(dta, (2, 3, 4)), rand(dtb, (4, 5))
        add(C("outer", [rand(dta, (2, 3)), rand(dtb, (4,))], jnp.outer, tol))
        add(C("inner", [rand(dta, (2, 4)), rand(dtb, (3, 4))], jnp.inner, tol))
        add(C("inner", [rand(dta, ()), rand(dtb, (3, 4))], jnp.inner, tol))
        add(C("tensordot", [a3, b3], lambda a, b: jnp.tensordot(a, b, 1), tol, ints=[1]))
        add(C("tensordot", [a3, rand(dtb, (3, 4, 2))], lambda a, b: jnp.tensordot(a, b, 2), tol, ints=[2]))
        add(C("tensordot", [rand(dta, (2, 3)), rand(dtb, (4,))], lambda a, b: jnp.tensordot(a, b, 0), tol, ints=[0]))
        add(C("tensordot_axes", [a3, rand(dtb, (4, 5, 2))], lambda a, b: jnp.tensordot(a, b, ((2, 0), (0, 2))),
              tol, axes=[2, 0], ints=[0, 2]))
    specs = [("ij,jk->ik", (3, 4), (4, 5)), ("bij,bjk->bik", (2, 3, 4), (2, 4, 5)), ("ij,kj->ki", (3, 4), (5, 4)),
             ("ij,ij->i", (3, 4), (3, 4)), ("i,j->ji", (3,), (4,)), ("ijk,k->", (2, 3, 4), (4,)),
             ("bhqd,bhkd->bhqk", (2, 2, 3, 4), (2, 2, 5, 4)), ("ij,k->i", (3, 4), (5,)),
             ("abc,cd->dba", (2, 3, 4), (4, 5))]
    for spec, sa, sb in specs:
        for dt in ("f32", "i32"):
            add(C("einsum", [rand(dt, sa), rand(dt, sb)], lambda a, b, s=spec: jnp.einsum(s, a, b),
                  RTOL(1e-5), s=spec))
        add(C("einsum", [rand("f32", sa), rand("f32", sb)], lambda a, b, s=spec: jnp.einsum(s, a, b),
              RTOL(1e-5, 1e-6), s=spec, grad=True))
    for dt in ("f32",):
        add(C("outer", [rand(dt, (3,)), rand(dt, (4,))], jnp.outer, RTOL(1e-6), grad=True))
        add(C("tensordot", [rand(dt, (2, 3, 4)), rand(dt, (3, 4, 2))], lambda a, b: jnp.tensordot(a, b, 2),
              RTOL(1e-5, 1e-6), ints=[2], grad=True))
    # ---- tile, repeat, split
    for dt in ("f32", "i8", "bool", "bf16"):
        x = rand(dt, (2, 3))
        for reps in ((2,), (2, 1), (1, 3), (2, 2, 2), (0, 2)):
            add(C("tile", [x], lambda a, r=reps: jnp.tile(a, r), ULP(0), ints=list(reps)))
        for rep, ax in ((2, 0), (3, 1), (1, -1), (0, 0), (4, -2)):
            add(C("repeat", [x], lambda a, r=rep, ax=ax: jnp.repeat(a, r, axis=ax), ULP(0), ints=[rep, ax]))
    x = rand("f32", (6, 4))
    for sec, ax in ((2, 0), (3, 0), (4, 1), (1, -1), (2, -1)):
        add(C("split", [x], lambda a, s=sec, ax=ax: tuple(jnp.split(a, s, axis=ax)), ULP(0), ints=[sec, ax]))
    for idx, ax in (((2, 5), 0), ((1,), 1), ((6,), 0), ((2, 2), 0), ((0, 6), 0), ((), 1)):
        add(C("split_at", [x], lambda a, i=idx, ax=ax: tuple(jnp.split(a, list(i), axis=ax)), ULP(0),
              axes=list(idx) if idx else "all", ints=[ax]))
    add(C("tile", [rand("f32", (2, 3))], lambda a: jnp.tile(a, (2, 2)), RTOL(1e-6), ints=[2, 2], grad=True))
    add(C("repeat", [rand("f32", (2, 3))], lambda a: jnp.repeat(a, 3, axis=1), RTOL(1e-6), ints=[3, 1], grad=True))
    # ---- softplus' family at 0, +-inf and NaN: logaddexp's custom JVP
    # (exp(x - out), inf replaced by 0) gives 1/2, 1, 0 and NaN there
    for dt in ("f32", "f64"):
        x = with_specials(rand(dt, (2, 6), -8, 8))
        for k, f in (("softplus", jax.nn.softplus), ("log_sigmoid", jax.nn.log_sigmoid)):
            add(C(k, [x], f, RTOL(1e-6 if dt == "f32" else 1e-14, 1e-30), grad=True))
        lab = (R.random((2, 6)) < 0.5).astype(NP[dt])
        add(C("sbce", [x, lab], sigmoid_binary_cross_entropy, RTOL(1e-6 if dt == "f32" else 1e-14, 1e-30),
              grad=True))
    # ---- hstack, vstack (the argument count is ints[0]); dtypes promote. An
    # empty part only first along axis 0: under NABLA_VERIFY_EACH the back
    # end rejects nb_concatenate's other empty parts (zero-element results,
    # being fixed in lowering/cpu; an empty (1, 0) before or after a (1, 2)
    # along axis 1 fails there)
    for shapes, dts in ((((3,), (2,), (4,)), ("f32", "f32", "f32")), (((2, 3), (2, 1)), ("i32", "f32")),
                        (((), ()), ("f32", "f32")), (((2, 3, 4), (2, 1, 4), (2, 2, 4)), ("bf16", "f16", "bf16")),
                        (((3,),), ("i8",)), (((1, 1), (1, 2)), ("i8", "bool"))):
        xs = [rand(d, sh) for d, sh in zip(dts, shapes)]
        add(C("hstack", xs, lambda *a: jnp.hstack(a), ULP(0), ints=[len(xs)]))
    for shapes, dts in ((((3,), (3,), (3,)), ("f32", "i32", "f32")), (((2, 3), (3,)), ("f32", "f32")),
                        (((), ()), ("i64", "i8")), (((1, 2, 2), (3, 2, 2)), ("f64", "f32")),
                        (((0, 4), (2, 4)), ("u8", "u8"))):
        xs = [rand(d, sh) for d, sh in zip(dts, shapes)]
        add(C("vstack", xs, lambda *a: jnp.vstack(a), ULP(0), ints=[len(xs)]))
    add(C("vstack", [rand("f32", (2, 3)), rand("f32", (3,))], lambda a, b: jnp.vstack([a, b]), RTOL(1e-6),
          ints=[2], grad=True))
    add(C("hstack", [rand("f32", (2, 3)), rand("f32", (2, 2))], lambda a, b: jnp.hstack([a, b]), RTOL(1e-6),
          ints=[2], grad=True))
    # ---- gelu(approximate=False) in the far negative tail: 0.5 x erfc(-x/sqrt2)
    # is tiny there (-1e-23 at x = -10 in f32); erfc computed as 1 - erf
    # would give 0 or be off by whole ulps of 1
    for dt in ("f32", "f64"):
        x = R.uniform(-12 if dt == "f32" else -37, -4, (3, 8)).astype(NP[dt])
        f = lambda a: jax.nn.gelu(a, approximate=False)
        add(C("gelu_erf", [x], f, RTOL(4e-6 if dt == "f32" else 1e-13, 1e-300)))
        add(C("gelu_erf", [x], f, RTOL(1e-5 if dt == "f32" else 1e-12, 1e-300), grad=True))
    # ---- linspace bit-exact against XLA's optimized form without the
    # fused multiply-adds (the cases above bound those against jnp itself)
    for start, stop, num, endpoint in ((-2.5, 7.0, 11, 0), (0.1, 0.9, 50, 1), (0.3, -0.7, 1000, 0),
                                       (-1e3, 3.3, 300, 1), (1.0, -3.0, 7, 1)):
        for odt in ("f32", "f64"):
            add(C("linspace", dummy, lambda _, a=start, b=stop, n=num, e=endpoint, o=odt:
                  xla_linspace(a, b, n, e, o), ULP(0), ints=[num, endpoint], d=(start, stop, 0), s=odt))
    for start, stop, num, endpoint in ((0.3, -0.7, 1000, 0), (-1e3, 3.3, 300, 1), (-7.1, 1e4, 4097, 1),
                                       (2.0, -5.0, 3002, 1)):
        for odt in FLOATS:
            add(C("linspace", dummy, lambda _, a=start, b=stop, n=num, e=endpoint, o=odt:
                  jnp.linspace(a, b, n, endpoint=bool(e), dtype=NP[o]), linspace_tol(start, stop, odt),
                  ints=[num, endpoint], d=(start, stop, 0), s=odt))
    for start, stop, step in ((-7.25, 300.0, 0.37), (1e3, -2.0, -1.3)):
        for odt in FLOATS:
            add(C("arange", dummy, lambda _, a=start, b=stop, s=step, o=odt:
                  jnp.arange(a, b, s, dtype=NP[o]), ULP(0), d=(start, stop, step), s=odt))
    for i, c in enumerate(cs):
        c.name = f"{c.kind}_{i}"
    return cs


def np_dtype(name):
    return np.dtype(NP[name]) if name in NP else None


def read_manifest(path):
    out = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            res = []
            for r in parts[2:]:
                dt, shape = r.split(":")
                res.append((np_dtype(dt), tuple(int(v) for v in shape.split(",")) if shape else ()))
            out[parts[0]] = res
    return out


def mlir_of(npdt):
    s = SHORT[np.dtype(npdt)]
    return MLIR.get(s, s)


def check(got, want, tol):
    want = np.asarray(want)
    if got.shape != want.shape or got.dtype != want.dtype:
        return f"got {got.dtype}{got.shape}, JAX gives {want.dtype}{want.shape}"
    if not (got.dtype.kind == "f" or got.dtype == BF16):
        bad = got != want
    else:
        g, w = got.astype(np.float64), want.astype(np.float64)
        special = ~np.isfinite(g) | ~np.isfinite(w)
        bad = special & ~((np.isnan(g) & np.isnan(w)) | (g == w))
        kind, t, atol = tol
        fin = ~special
        if kind == "ulp":
            bad |= fin & (ulp_distance(got, want) > t)
        else:
            bad |= fin & (np.abs(g - w) > atol + t * np.abs(w))
    if np.any(bad):
        i = tuple(np.argwhere(np.atleast_1d(bad))[0])
        return (f"{int(np.sum(bad))} of {got.size} differ; first at {list(i)}: "
                f"nabla {np.atleast_1d(got)[i]!r} jax {np.atleast_1d(want)[i]!r}")
    return None


def main():
    print(jax_reference.describe())
    ap = argparse.ArgumentParser()
    ap.add_argument("--generator", required=True)
    ap.add_argument("--runtime", required=True)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("-k", default="")
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    cs = [c for c in cases() if args.k in c.name]
    spec = os.path.join(args.workdir, "cases.txt")
    with open(spec, "w") as f:
        f.writelines(c.line() for c in cs)
    subprocess.run([args.generator, spec, args.workdir], check=True)
    man = read_manifest(os.path.join(args.workdir, "manifest.txt"))
    failures = []
    wants = {}
    sigs = []
    for c in cs:
        w = c.ref(*[jnp.asarray(x) for x in c.inputs])
        w = [np.asarray(v) for v in (w if isinstance(w, tuple) else (w,))]
        wants[c.name] = w
        got_types = man[c.name]
        want_types = [(np.dtype(v.dtype), v.shape) for v in w]
        if got_types != want_types:
            failures.append(f"{c.name}: nabla gives {got_types}, JAX {want_types}")
            continue
        sigs.append(Case(c.name, [(mlir_of(np.asarray(x).dtype), np.shape(x)) for x in c.inputs],
                         [(mlir_of(dt), sh) for dt, sh in got_types], ""))
    lib = Library.from_object(sigs, os.path.join(args.workdir, "conf_numpy.o"), args.runtime, args.cc,
                              "conf_numpy")
    ok = {s.name for s in sigs}
    for c in cs:
        if c.name not in ok:
            continue
        got = lib(c.name, *c.inputs)
        got = got if isinstance(got, list) else [got]
        for i, (g, w) in enumerate(zip(got, wants[c.name])):
            err = check(g, w, c.tol)
            if err:
                failures.append(f"{c.name}[{i}] ({c.kind} {c.line().split()[2]}): {err}")
    print(f"{len(cs)} helper programs: {len(cs) - len(failures)} match JAX")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
