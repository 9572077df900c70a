"""The same MLP in JAX: times jax.jit(loss) and jax.jit(jax.value_and_grad(loss,
argnums=(0..5))) exactly as bench.c times nabla's: each round times a few
forward calls, then a few value_and_grad calls (block_until_ready on every
result), so both see the same moment of a shared machine; medians over the
rounds of each time and of the per-round ratio. Inputs come from the file
bench.c wrote (argv[1]), so the losses agree. Prints "jax <forward ms>
<value_and_grad ms> <median ratio> <loss>" for run.sh."""
import sys
import time

import numpy as np

import jax

jax.config.update("jax_platforms", "cpu")
import jax.numpy as jnp  # noqa: E402

BATCH, IN, HIDDEN, OUT = 128, 784, 512, 10
ROUNDS, CALLS = 21, 4


def loss(w1, b1, w2, b2, w3, b3, x, y):
    h = jnp.tanh(x @ w1 + b1)
    h = jnp.tanh(h @ w2 + b2)
    return jnp.mean((h @ w3 + b3 - y) ** 2)


def mean_ms(fn, args):
    t0 = time.perf_counter()
    for _ in range(CALLS):
        jax.block_until_ready(fn(*args))
    return (time.perf_counter() - t0) * 1e3 / CALLS


def interleaved(fwd, vg, args):
    for _ in range(3):
        jax.block_until_ready(fwd(*args))
        jax.block_until_ready(vg(*args))
    f, g = [], []
    for _ in range(ROUNDS):
        f.append(mean_ms(fwd, args))
        g.append(mean_ms(vg, args))
    ratio = np.median(np.array(g) / np.array(f))
    return float(np.median(f)), float(np.median(g)), float(ratio)


def main():
    shapes = [(IN, HIDDEN), (HIDDEN,), (HIDDEN, HIDDEN), (HIDDEN,), (HIDDEN, OUT), (OUT,),
              (BATCH, IN), (BATCH, OUT)]
    flat = np.fromfile(sys.argv[1], np.float32)
    args, k = [], 0
    for shape in shapes:
        n = int(np.prod(shape))
        args.append(jnp.asarray(flat[k:k + n].reshape(shape)))
        k += n
    assert k == flat.size, "inputs file does not match the shapes"
    fwd = jax.jit(loss)
    vg = jax.jit(jax.value_and_grad(loss, argnums=(0, 1, 2, 3, 4, 5)))
    f, g, ratio = interleaved(fwd, vg, args)
    print(f"jax {f:.4f} {g:.4f} {ratio:.4f} {float(fwd(*args)):.6f}")


if __name__ == "__main__":
    main()
