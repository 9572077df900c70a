"""Compiles nabla programs with nablac and calls them from Python.

Conformance tests run the same computation in JAX and in nabla-compiled code
on the same inputs. A batch of cases becomes one module (one public function
per case), one `nablac` run, one shared object linked from the object file
and the runtime archive, loaded with ctypes. Each generated function follows
the destination-passing ABI of the generated header: inputs as pointers,
then one pointer per result, returning an int status.
"""
import argparse
import ctypes
import os
import re
import subprocess
import tempfile

import numpy as np

try:  # bfloat16 comes with JAX
    import ml_dtypes
    BF16 = np.dtype(ml_dtypes.bfloat16)
except ImportError:  # pragma: no cover
    BF16 = None

# nabla dtype name (MLIR element type) -> numpy dtype
MLIR_TO_NP = {
    "f32": np.float32, "f64": np.float64, "f16": np.float16,
    "i1": np.bool_, "i8": np.int8, "i16": np.int16, "i32": np.int32, "i64": np.int64,
    "ui8": np.uint8, "ui16": np.uint16, "ui32": np.uint32, "ui64": np.uint64,
}
if BF16 is not None:
    MLIR_TO_NP["bf16"] = BF16


def tensor_type(dtype, shape):
    dims = "x".join(str(d) for d in shape)
    return f"tensor<{dims}x{dtype}>" if shape else f"tensor<{dtype}>"


class Case:
    """One function: `body` is MLIR text using %arg0.. and defining %r0..;
    args/results are (mlir dtype, shape) pairs."""

    def __init__(self, name, args, results, body):
        self.name, self.args, self.results, self.body = name, args, results, body

    def mlir(self):
        params = ", ".join(f"%arg{i}: {tensor_type(*a)}" for i, a in enumerate(self.args))
        rtypes = ", ".join(tensor_type(*r) for r in self.results)
        rvals = ", ".join(f"%r{i}" for i in range(len(self.results)))
        return (f"func.func @{self.name}({params}) -> ({rtypes}) {{\n{self.body}\n"
                f"  return {rvals} : {rtypes}\n}}\n")


class Library:
    """The compiled form of a list of cases."""

    def __init__(self, cases, nablac, runtime, cc="cc", name="conf", workdir=None):
        """Compiles `cases` (MLIR in the nabla dialect) with nablac."""
        self.dir = workdir or tempfile.mkdtemp(prefix="nabla-conf-")
        os.makedirs(self.dir, exist_ok=True)
        src = os.path.join(self.dir, f"{name}.mlir")
        with open(src, "w") as f:
            f.write("".join(c.mlir() for c in cases))
        # NABLA_CONFORMANCE_NABLAC_FLAGS: e.g. --mcpu=haswell (an AVX2-only
        # CPU) or --mcpu=native, to check that the results do not depend on
        # the CPU the objects are built for (scripts/fresh_check.sh).
        extra = os.environ.get("NABLA_CONFORMANCE_NABLAC_FLAGS", "").split()
        subprocess.run([nablac, src, "-o", self.dir, "--name", name] + extra, check=True)
        self._load(cases, os.path.join(self.dir, f"{name}.o"), runtime, cc, name)

    @classmethod
    def from_object(cls, cases, obj, runtime, cc="cc", name="conf"):
        """Wraps an object file already produced (e.g. by a DSL generator);
        `cases` only describe the signatures (their bodies are unused)."""
        self = cls.__new__(cls)
        self.dir = os.path.dirname(obj)
        self._load(cases, obj, runtime, cc, name)
        return self

    def _load(self, cases, obj, runtime, cc, name):
        self.cases = {c.name: c for c in cases}
        so = os.path.join(self.dir, f"lib{name}.so")
        subprocess.run([cc, "-shared", "-o", so, obj, runtime, "-lm"], check=True)
        self.lib = ctypes.CDLL(so)
        self.prefix = name

    def __call__(self, case_name, *inputs):
        case = self.cases[case_name]
        args = []
        keep = []
        for (dtype, shape), x in zip(case.args, inputs):
            a = np.ascontiguousarray(np.asarray(x, dtype=MLIR_TO_NP[dtype]).reshape(shape))
            keep.append(a)
            args.append(a.ctypes.data_as(ctypes.c_void_p))
        outs = [np.zeros(shape, dtype=MLIR_TO_NP[dtype]) for dtype, shape in case.results]
        args += [o.ctypes.data_as(ctypes.c_void_p) for o in outs]
        fn = getattr(self.lib, f"{self.prefix}_{case_name}")
        fn.restype = ctypes.c_int
        status = fn(*args)
        if status != 0:
            raise RuntimeError(f"{case_name}: status {status}")
        return outs[0] if len(outs) == 1 else outs


def ulp_distance(a, b):
    """Elementwise distance in units in the last place between float arrays of
    the same dtype (NaN == NaN counts as 0)."""
    a = np.asarray(a)
    b = np.asarray(b)
    bits = 8 * a.dtype.itemsize
    utype = {16: np.uint16, 32: np.uint32, 64: np.uint64}[bits]
    mag_mask = utype((1 << (bits - 1)) - 1)

    def line(x):
        # Map the sign-magnitude float encoding to a monotonic integer line.
        u = x.view(utype)
        mag = (u & mag_mask).astype(np.int64)
        return np.where((u >> utype(bits - 1)) != 0, -mag, mag)

    ai, bi = line(a), line(b)
    d = np.abs(ai - bi)
    both_nan = np.isnan(a.astype(np.float64)) & np.isnan(b.astype(np.float64))
    return np.where(both_nan, 0, d)


REDUCED = ("f16", "bf16")


def reference_from_f32(ref, args, inputs, result_dtype):
    """The second reference of a reduced precision case (nabla.h, "Reduced
    precision"): `ref` applied to the f16/bf16 inputs widened to f32 (exact),
    its result rounded once to the dtype. It does not depend on how XLA
    computes float16, so a case that matches it and jax_reference's JAX
    matches nabla's definition, not one machine's. None unless every input
    and the result are f16/bf16 (a mixed case's promotion would change)."""
    import jax.numpy as jnp
    if result_dtype not in REDUCED or any(dt not in REDUCED for dt, _ in args):
        return None
    wide = [jnp.asarray(np.asarray(x, np.float32)) for x in inputs]
    return np.asarray(ref(*wide)).astype(MLIR_TO_NP[result_dtype])


def conformance_args():
    """The command line of the per-op conformance scripts (test_ops.py,
    test_rules.py, test_vmap.py); callers may add their own options."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--nablac", required=True)
    ap.add_argument("--runtime", required=True)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("-k", default="", help="only the cases whose name contains this")
    ap.add_argument("--workdir")
    ap.add_argument("--irdl", help="dialect file: fail if an op has no case")
    return ap


def ops_without_case(irdl_path, seen):
    """The ops the dialect file defines that no case exercised (names
    without the 'nabla.' prefix), sorted."""
    with open(irdl_path) as f:
        defined = set(re.findall(r"irdl.operation @(\w+)", f.read()))
    return sorted(defined - set(seen))
