"""jax.jit of the same draws as bench.c (2^24 uint32 bits, f32 normal, key
0, partitionable layout): best of 10 timed calls after a warm-up; prints
elements/s and the last element of each, as bench.c does."""
import time

import jax
import numpy as np

jax.config.update("jax_platforms", "cpu")
N = 1 << 24
key = jax.random.PRNGKey(0)
bits = jax.jit(lambda k: jax.random.bits(k, (N,), np.uint32))
normal = jax.jit(lambda k: jax.random.normal(k, (N,), np.float32))


def best(f):
    f(key).block_until_ready()
    t = 1e30
    for _ in range(10):
        t0 = time.perf_counter()
        r = f(key).block_until_ready()
        t = min(t, time.perf_counter() - t0)
    return N / t, r


rb, b = best(bits)
rn, z = best(normal)
print(f"{rb:.4g} {rn:.4g} {int(b[-1])} {float(z[-1]):.8g}")
