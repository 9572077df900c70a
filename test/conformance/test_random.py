"""Conformance of the DSL's PRNG (frontend/random*.c) against jax.random run
here, in both of JAX's layouts (jax_threefry_partitionable True and False).

Every sampler x dtype x a spread of shapes (scalars, odd and even sizes, one
over 2^16 elements) is compiled by random_programs.c into one module per
layout and called with the same key as jax.random. Integers, bools and
keys must be equal. Floats of every dtype, f16 and bf16 included, must be
equal bit for bit to jax_reference's JAX (see there why its ISA is capped);
where they are not, the number of differing elements and the largest distance
in ulp are printed. The seed edge cases (0, 1, -1,
int32 max + 100, int32 min - 100) follow JAX's default x32 mode. fold_in
with data the program computes takes that data as a second argument, of
every integer dtype and bool, alone and vmapped over a batch of steps.

usage: test_random.py --generator PATH --runtime libnabla_rt.a [--cc CC] --workdir DIR [-k FILTER]
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

from nabla_harness import BF16, MLIR_TO_NP, Case, Library, ulp_distance  # noqa: E402

KEYS = [np.array(k, np.uint32) for k in ([0, 0], [0, 42], [123456789, 987654321], [0xFFFFFFFF, 7])]
SHAPES = [(), (1,), (7,), (8,), (3, 5), (2, 3, 4)]
BIG = (70001,)  # > 2^16 elements, odd
NP = {"u8": np.uint8, "u16": np.uint16, "u32": np.uint32, "u64": np.uint64, "i8": np.int8,
      "i16": np.int16, "i32": np.int32, "i64": np.int64, "f16": np.float16, "bf16": BF16,
      "f32": np.float32, "f64": np.float64, "bool": np.bool_}
MLIR = {"u8": "ui8", "u16": "ui16", "u32": "ui32", "u64": "ui64", "bool": "i1"}


def mlir(dt):
    return MLIR.get(dt, dt)


def x64(dt):
    return dt in ("u64", "i64", "f64")


class Draw:
    def __init__(self, kind, dt, shape, a, b, out_dt, out_shape, ref, key=None):
        self.kind, self.dt, self.shape, self.a, self.b = kind, dt, shape, a, b
        self.out = (mlir(out_dt), out_shape)
        self.ref, self.key = ref, key
        self.name = None


def cases():
    cs = []
    add = cs.append
    for seed in (0, 1, -1, 2**31 - 1 + 100, -2**31 - 100):
        add(Draw("key_const", "u32", (), seed, 0, "u32", (2,),
                 lambda k, s=seed: jax.random.PRNGKey(s)))
    for s in (0, 1, -1, 2**31 - 1):
        add(Draw("key_from", "i32", (), 0, 0, "u32", (2,), lambda x: jax.random.PRNGKey(x)))
        cs[-1].seed = np.int32(s)
    for n in (1, 2, 3, 4, 7):
        add(Draw("split", "u32", (), n, 0, "u32", (n, 2), lambda k, n=n: jax.random.split(k, n)))
    for d in (0, 1, 4, 12345, 2**32 - 1):
        add(Draw("fold_in", "u32", (), d, 0, "u32", (2,), lambda k, d=d: jax.random.fold_in(k, d)))
    for dt in ("u8", "u16", "u32", "u64"):
        for s in SHAPES + [BIG]:
            add(Draw("bits", dt, s, 0, 0, dt, s, lambda k, s=s, dt=dt: jax.random.bits(k, s, NP[dt])))
    for dt in ("f32", "f64", "f16", "bf16"):
        for s in SHAPES + [BIG]:
            add(Draw("uniform", dt, s, 0.0, 1.0, dt, s,
                     lambda k, s=s, dt=dt: jax.random.uniform(k, s, NP[dt])))
        add(Draw("uniform", dt, (3, 5), -2.5, 7.0, dt, (3, 5),
                 lambda k, dt=dt: jax.random.uniform(k, (3, 5), NP[dt], -2.5, 7.0)))
        for s in SHAPES + [BIG]:
            add(Draw("normal", dt, s, 0, 0, dt, s, lambda k, s=s, dt=dt: jax.random.normal(k, s, NP[dt])))
    for s in SHAPES + [BIG]:
        add(Draw("bernoulli", "bool", s, 0.3, 0, "bool", s, lambda k, s=s: jax.random.bernoulli(k, 0.3, s)))
    RANGES = [(0, 10), (-5, 5), (3, 3), (10, 2), (0, 256), (-2**31, 2**31 - 1), (-2**31, 2**32),
              (0, 2**32), (100, 1000000007)]
    for dt in ("i32", "u32", "i8", "u8", "i16", "u16", "i64", "u64"):
        for lo, hi in RANGES:
            if dt in ("u8", "u16", "u32", "u64") and lo < 0:
                continue
            if not x64(dt) and not (-2**31 <= lo < 2**31 and -2**31 <= hi < 2**31):
                continue  # x32 JAX rejects Python ints outside int32
            for s in ((3, 3), (7,)):
                add(Draw("randint", dt, s, lo, hi, dt, s,
                         lambda k, s=s, lo=lo, hi=hi, dt=dt: jax.random.randint(k, s, lo, hi, NP[dt])))
    add(Draw("randint", "i32", BIG, 0, 1000, "i32", BIG,
             lambda k: jax.random.randint(k, BIG, 0, 1000, np.int32)))
    for dt in ("f32", "f64"):
        for lo, hi in ((-2.0, 2.0), (-1.0, 3.5), (0.5, 1.0)):
            for s in ((7,), (3, 5), BIG):
                add(Draw("truncated_normal", dt, s, lo, hi, dt, s,
                         lambda k, s=s, lo=lo, hi=hi, dt=dt: jax.random.truncated_normal(k, lo, hi, s, NP[dt])))
    for dt in ("f32",):
        for s in ((5,), (4, 3), (2, 3, 10), (1000, 17)):
            def cat(k, s=s, dt=dt):
                logits = jnp.log(lax.broadcasted_iota(NP[dt], s, len(s) - 1) + 1.0)
                return jax.random.categorical(k, logits, axis=-1).astype(np.int32)
            add(Draw("categorical", dt, s, 0, 0, "i32", s[:-1], cat))
    for rate in (0.1, 0.5):
        for s in ((7,), (4, 6), BIG):
            def drop(k, s=s, rate=rate):
                x = lax.broadcasted_iota(np.float32, s, 0) + 1.0
                keep = jax.random.bernoulli(k, 1.0 - rate, s)
                return jnp.where(keep, x / (1.0 - rate), 0.0)
            add(Draw("dropout", "f32", s, rate, 0, "f32", s, drop))
    # permutation(key, n) shuffles arange(n); shuffle(x, axis) is
    # permutation(..., independent=True), JAX's _shuffle itself. Sizes past
    # 2^16 take two sort rounds.
    for n in (1, 7, 10, 1000, 100000):
        add(Draw("permutation", "i32", (), n, 0, "i32", (n,), lambda k, n=n: jax.random.permutation(k, n)))
    for s, axis in (((6, 5), 0), ((6, 5), 1), ((1000,), 0), ((300, 300), 1), ((300, 300), 0)):
        add(Draw("shuffle", "i32", s, axis, 0, "i32", s,
                 lambda k, s=s, axis=axis: jax.random.permutation(
                     k, jnp.arange(int(np.prod(s)), dtype=np.int32).reshape(s), axis, independent=True)))
    # Keys flow through transforms like any value: vmap(normal) over split
    # keys (JAX's idiom for per-example noise), and grad with respect to x of
    # a function that also takes a key (which gets no gradient).
    for n, s in ((4, (3,)), (5, (2, 3))):
        add(Draw("vmap_normal", "f32", s, n, 0, "f32", (n,) + s,
                 lambda k, n=n, s=s: jax.vmap(lambda kk: jax.random.normal(kk, s, np.float32))(
                     jax.random.split(k, n))))
    add(Draw("grad_key", "f32", (4, 3), 0, 0, "f32", (4, 3),
             lambda k: jax.grad(lambda x: jnp.sum(jnp.sin(x) * jax.random.normal(k, (4, 3), np.float32)))(
                 jnp.ones((4, 3), np.float32))))
    add(Draw("split_then_normal", "f32", (4, 4), 0, 0, "f32", (4, 4),
             lambda k: jax.random.normal(jax.random.split(k, 3)[2], (4, 4), np.float32)))
    cs += published()
    # fold_in with data computed in the program (nb_random_fold_in_value):
    # JAX converts it with jnp.asarray(data, uint32), which keeps the low 32
    # bits (negative values wrap; 64-bit values lose their high word). The
    # reference traces it (jit), as the data of a training step would be.
    folds = {"i32": [0, 7, -1, -2**31, 2**31 - 1], "u32": [3, 2**31, 2**32 - 1], "i8": [-5, 127, -128],
             "u8": [255], "i16": [-300], "u16": [65535], "i64": [-2, 2**40 + 7, -2**63, 2**33 - 1],
             "u64": [2**63 + 9, 2**32 + 1], "bool": [True, False]}
    for dt, values in folds.items():
        for v in values:
            add(Draw("fold_in_value", dt, (), 0, 0, "u32", (2,),
                     lambda k, d: jax.jit(jax.random.fold_in)(k, d)))
            cs[-1].data = np.array(v, NP[dt])
    # vmap over a batch of step counters with the key shared
    for dt, steps in (("i32", [0, 1, 2, -3, 2**31 - 1]), ("u32", [2**32 - 1, 2**31, 5]),
                      ("i64", [2**40 + 7, -1, 12])):
        add(Draw("vmap_fold_in_value", dt, (len(steps),), 0, 0, "u32", (len(steps), 2),
                 lambda k, d: jax.jit(jax.vmap(jax.random.fold_in, in_axes=(None, 0)))(k, d)))
        cs[-1].data = np.array(steps, NP[dt])
    for i, c in enumerate(cs):
        c.name = f"{c.kind}_{i}"
        if c.key is None:
            c.key = KEYS[i % len(KEYS)]
    return cs


# Published vectors (docs/jax-semantics.md §10), compared with the numbers as
# published rather than with jax: a second source. Sources: jax
# tests/random_test.py (testPRNGValues, testRngRandomBits), the
# stateful_rng.py docstring (partitionable split), docs/jep/9263-typed-keys.md
# (uniform), and a third-party hard-coded normal(key(0), (4, 4)).
PUBLISHED = {
    "legacy": [
        ("split", "u32", (), 2, [[4146024105, 967050713], [2718843009, 1272950319]], "u32", (2, 2)),
        ("split", "u32", (), 4, [[2285895361, 1501764800], [1518642379, 4090693311],
                                 [433833334, 4221794875], [839183663, 3740430601]], "u32", (4, 2)),
        ("fold_in", "u32", (), 4, [2285895361, 433833334], "u32", (2,)),
        ("randint", "i32", (3, 3), 0, [[2, 1, 3], [6, 1, 5], [6, 3, 4]], "i32", (3, 3)),
        ("bits1701", "u8", (3,), 0, [216, 115, 43], "u8", (3,)),
        ("bits1701", "u16", (3,), 0, [41682, 1300, 55017], "u16", (3,)),
        ("bits1701", "u32", (3,), 0, [56197195, 4200222568, 961309823], "u32", (3,)),
        ("bits1701", "u64", (3,), 0, [3982329540505020460, 16822122385914693683, 7882654074788531506],
         "u64", (3,)),
        ("permutation", "i32", (), 10, [2, 7, 9, 6, 0, 8, 1, 3, 4, 5], "i32", (10,)),
    ],
    "partitionable": [
        ("split", "u32", (), 2, [[1797259609, 2579123966], [928981903, 3453687069]], "u32", (2, 2)),
        ("uniform", "f32", (3,), 0, [0.947667, 0.9785799, 0.33229148], "f32", (3,)),
        ("normal", "f32", (4, 4), 0, [[1.6226422, 2.0252647, -0.43359444, -0.07861735],
                                     [0.1760909, -0.97208923, -0.49529874, 0.4943786],
                                     [0.6643493, -0.9501635, 2.1795304, -1.9551506],
                                     [0.35857072, 0.15779513, 1.2770847, 1.5104648]], "f32", (4, 4)),
        ("permutation", "i32", (), 10, [0, 1, 8, 5, 6, 4, 3, 2, 7, 9], "i32", (10,)),
    ],
}


def published():
    out = []
    for mode, rows in PUBLISHED.items():
        for kind, dt, shape, a, values, odt, oshape in rows:
            key = np.array([0, 1701] if kind == "bits1701" else [0, 0], np.uint32)
            b = 8 if kind == "randint" else (1.0 if kind == "uniform" else 0)
            k = "bits" if kind == "bits1701" else kind
            want = np.array(values, dtype=NP[odt])
            d = Draw(k, dt, shape, a, b, odt, oshape, lambda key, w=want: w, key=key)
            d.mode = mode
            out.append(d)
    return out


def spec_line(c):
    shape = ",".join(map(str, c.shape)) if c.shape else "-"
    return f"{c.kind} {c.name} {c.dt} {shape} {c.a!r} {c.b!r}\n"


def jax_value(c):
    arg = getattr(c, "seed", None)
    with jax.enable_x64(x64(c.dt)):
        if hasattr(c, "data"):
            return np.asarray(c.ref(jnp.asarray(c.key), jnp.asarray(c.data)))
        v = c.ref(arg if arg is not None else jnp.asarray(c.key))
        return np.asarray(v)


# Every float draw is bit-exact with the reference: uniform's f * span + lo
# is one FMA on XLA:CPU for f32 and f64 (nabla.fma) and op by op, each
# rounded to the dtype, for f16 and bf16; normal, truncated_normal and the
# rest are built on uniform.


def compare(c, got, want, stats):
    want = want.astype(got.dtype) if want.dtype != got.dtype and want.dtype.kind == got.dtype.kind else want
    if got.shape != want.shape or got.dtype != want.dtype:
        return f"got {got.dtype}{got.shape}, JAX gives {want.dtype}{want.shape}"
    if got.dtype.kind == "f" or got.dtype == BF16:
        d = ulp_distance(got, want)
        n, worst = int(np.sum(d > 0)), int(d.max()) if d.size else 0
        if n:
            stats.append(f"{c.name} ({c.kind} {c.dt} {c.shape}): {n} of {got.size} differ, max {worst} ulp")
        return f"{n} elements differ, max {worst} ulp" if n else None
    bad = got != want
    if np.any(bad):
        i = np.argwhere(np.atleast_1d(bad))[0]
        return (f"{int(np.sum(bad))} of {got.size} differ; first at {i.tolist()}: "
                f"nabla {np.atleast_1d(got)[tuple(i)]} jax {np.atleast_1d(want)[tuple(i)]}")
    return None


def run_mode(mode, cs, args):
    partitionable = mode == "partitionable"
    jax.config.update("jax_threefry_partitionable", partitionable)
    wd = os.path.join(args.workdir, mode)
    os.makedirs(wd, exist_ok=True)
    spec = os.path.join(wd, "cases.txt")
    with open(spec, "w") as f:
        f.writelines(spec_line(c) for c in cs)
    subprocess.run([args.generator, spec, wd, mode], check=True)
    sigs = []
    for c in cs:
        if c.kind == "key_from":
            sigs.append(Case(c.name, [(mlir(c.dt), ())], [c.out], ""))
        elif hasattr(c, "data"):
            sigs.append(Case(c.name, [("ui32", (2,)), (mlir(c.dt), c.shape)], [c.out], ""))
        else:
            sigs.append(Case(c.name, [("ui32", (2,))], [c.out], ""))
    lib = Library.from_object(sigs, os.path.join(wd, "conf_random.o"), args.runtime, args.cc, "conf_random")
    failures, stats = [], []
    for c in cs:
        arg = c.seed if hasattr(c, "seed") else c.key
        got = lib(c.name, arg, c.data) if hasattr(c, "data") else lib(c.name, arg)
        err = compare(c, got, jax_value(c), stats)
        if err:
            failures.append(f"[{mode}] {c.name} ({c.kind} {c.dt} {c.shape} {c.a} {c.b}): {err}")
    exact = len(cs) - len(stats) - len(failures)
    print(f"{mode}: {len(cs)} draws, {len(cs) - len(failures)} match jax.random "
          f"({exact} bit for bit; floats that differ: {len(stats)})")
    for s in stats:
        print(f"  [{mode}] {s}")
    return failures


def main():
    print(jax_reference.describe())
    ap = argparse.ArgumentParser()
    ap.add_argument("--generator", required=True)
    ap.add_argument("--runtime", required=True)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("-k", default="")
    args = ap.parse_args()
    cs = [c for c in cases() if args.k in c.name]
    failures = []
    for mode in ("partitionable", "legacy"):
        failures += run_mode(mode, [c for c in cs if getattr(c, "mode", mode) == mode], args)
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
