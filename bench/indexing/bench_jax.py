"""jax.jit of bench.c's kernels, same shapes and names; median of 15 timed
calls after a warm-up (block_until_ready), one "name seconds" line each.
set_Nd is x.at[i].set(v) with x donated (donate_argnums), the in-place
update JAX can do when the caller gives up its buffer."""
import time

import jax
import jax.numpy as jnp
import numpy as np

jax.config.update("jax_platforms", "cpu")
rng = np.random.default_rng(0)
table = jnp.asarray(rng.uniform(-0.5, 0.5, (50000, 256)).astype(np.float32))
idx = jnp.asarray(rng.integers(0, 50000, 4096).astype(np.int32))
w = jnp.asarray(rng.uniform(-0.5, 0.5, (4096, 256)).astype(np.float32))
data = jnp.asarray(rng.uniform(-0.5, 0.5, (60000, 784)).astype(np.float32))


def median(f, *args, fresh=None):
    f(*(fresh() if fresh else args)).block_until_ready()
    ts = []
    for _ in range(15):
        a = fresh() if fresh else args
        t0 = time.perf_counter()
        f(*a).block_until_ready()
        ts.append(time.perf_counter() - t0)
    return sorted(ts)[7]


lookup = jax.jit(lambda t, i: t[i])
grad = jax.jit(jax.grad(lambda t, i, w: jnp.sum(t[i] * w)))
print("lookup", median(lookup, table, idx))
print("lookup_grad", median(grad, table, idx, w))
scale = jax.jit(lambda x: x * 2)
setd = jax.jit(lambda x, i, v: (x * 2).at[i].set(v))
setdon = jax.jit(lambda x, i, v: x.at[i].set(v), donate_argnums=0)
for name, n in (("4m", 1 << 22), ("16m", 1 << 24)):
    x = jnp.asarray(rng.uniform(-0.5, 0.5, n).astype(np.float32))
    print(f"scale_{name}", median(scale, x))
    print(f"set_{name}", median(setd, x, jnp.int32(12345), jnp.float32(7)))
    # a donated buffer is consumed: give each call a fresh one (made outside
    # the timing)
    print(f"set_{name}_donated", median(setdon, fresh=lambda: (
        (x + 0).block_until_ready(), jnp.int32(12345), jnp.float32(7))))
batch = jax.jit(lambda d, i: jnp.mean(jax.lax.dynamic_slice(d, (i * 128, 0), (128, 784)), axis=0))
print("batch_mean", median(batch, data, jnp.int32(77)))
