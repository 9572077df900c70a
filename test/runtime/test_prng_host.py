"""The runtime's host PRNG (nbrt_prng_key/split/fold_in) against jax.random,
in both of JAX's layouts, on many seeds and sizes: keys must be equal.

usage: test_prng_host.py --runtime libnabla_rt.a [--cc CC] --workdir DIR
"""
import argparse
import ctypes
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import jax_reference  # noqa: E402  (before jax: it pins the reference)
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

SEEDS = [0, 1, -1, 42, 1701, 2**31 - 1, 2**31 + 99, -(2**31) - 100, 123456789012]
SPLITS = [1, 2, 3, 4, 7, 16, 33]
FOLDS = [0, 1, 4, 2**31, 2**32 - 1]


def main():
    print(jax_reference.describe())
    ap = argparse.ArgumentParser()
    ap.add_argument("--runtime", required=True)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--workdir", required=True)
    args = ap.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    so = os.path.join(args.workdir, "libnabla_rt_test.so")
    subprocess.run([args.cc, "-shared", "-o", so, "-Wl,--whole-archive", args.runtime,
                    "-Wl,--no-whole-archive"], check=True)
    rt = ctypes.CDLL(so)
    u32p = np.ctypeslib.ndpointer(np.uint32, flags="C_CONTIGUOUS")
    rt.nbrt_prng_key.argtypes = [ctypes.c_int64, u32p]
    rt.nbrt_prng_split.argtypes = [u32p, ctypes.c_size_t, ctypes.c_int, u32p]
    rt.nbrt_prng_fold_in.argtypes = [u32p, ctypes.c_uint32, u32p]

    failures, checks = [], 0
    for partitionable, mode in ((True, 0), (False, 1)):
        jax.config.update("jax_threefry_partitionable", partitionable)
        for seed in SEEDS:
            key = np.zeros(2, np.uint32)
            rt.nbrt_prng_key(seed, key)
            # JAX's x32 mode takes the seed's low 32 bits (as int32).
            want_key = np.asarray(jax.random.key_data(
                jax.random.PRNGKey(np.int64(seed).astype(np.int32))))
            checks += 1
            if not np.array_equal(key, want_key):
                failures.append(f"key({seed}): nabla {key} jax {want_key}")
            for n in SPLITS:
                out = np.zeros(2 * n, np.uint32)
                assert rt.nbrt_prng_split(key, n, mode, out) == 0
                want = np.asarray(jax.random.key_data(jax.random.split(jnp.asarray(key), n))).ravel()
                checks += 1
                if not np.array_equal(out, want):
                    failures.append(f"split(key({seed}), {n}) partitionable={partitionable}")
            for d in FOLDS:
                out = np.zeros(2, np.uint32)
                rt.nbrt_prng_fold_in(key, d, out)
                want = np.asarray(jax.random.key_data(jax.random.fold_in(jnp.asarray(key), np.uint32(d))))
                checks += 1
                if not np.array_equal(out, want):
                    failures.append(f"fold_in(key({seed}), {d}) partitionable={partitionable}")
    print(f"{checks} host PRNG checks: {checks - len(failures)} equal to jax.random")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
