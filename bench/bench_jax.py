"""bench_jax.py — the same computations as kernels.c in JAX (jax.jit, CPU)
and numpy (OpenBLAS), printed in kernels.c's format, plus JAX's compile time.
usage: bench_jax.py N EW_ROWS EW_COLS"""
import sys, time, statistics
import numpy as np
import jax, jax.numpy as jnp

n, rows, cols = (int(a) for a in sys.argv[1:4])
rng = np.random.default_rng(0)

def med(f, reps=15, inner=1):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            f()
        ts.append((time.perf_counter() - t0) / inner)
    return statistics.median(ts)

a = rng.random((n, n), dtype=np.float32); b = rng.random((n, n), dtype=np.float32)
inner = 20 if n <= 512 else 1
print(f"matmul_{n}_openblas {med(lambda: a @ b, inner=inner):.6e} {2*n**3/1e9:.6e} GFLOP")
mm = jax.jit(jnp.matmul); ja, jb = jnp.asarray(a), jnp.asarray(b)
mm(ja, jb).block_until_ready()
print(f"matmul_{n}_jax {med(lambda: mm(ja, jb).block_until_ready(), inner=inner):.6e} {2*n**3/1e9:.6e} GFLOP")

x = jnp.asarray(rng.random((rows, cols), dtype=np.float32) - 0.5)
w = jnp.asarray(rng.random((rows, cols), dtype=np.float32) - 0.5)
bias = jnp.asarray(rng.random(cols, dtype=np.float32))
chain = jax.jit(lambda x, w, b: jnp.maximum(x * w + b, 0.0))
chain(x, w, bias).block_until_ready()
print(f"ew_chain_jax {med(lambda: chain(x, w, bias).block_until_ready(), inner=3):.6e} "
      f"{(3*rows*cols+cols)*4/1e9:.6e} GB")

full_sum = jax.jit(jnp.sum)
full_sum(x).block_until_ready()
print(f"full_sum_jax {med(lambda: full_sum(x).block_until_ready(), inner=3):.6e} {rows*cols*4/1e9:.6e} GB")

def loss(theta, x, y):
    return jnp.mean(jnp.square(theta[0] * x + theta[1] - y))
update = lambda theta, x, y: theta - 0.1 * jax.grad(loss)(theta, x, y)
lx = jnp.arange(100, dtype=jnp.float32) / 100; ly = 2 * lx + 1
theta = jnp.asarray([0.5, -0.2], dtype=jnp.float32)
for name, f in (("linreg_loss_jax", jax.jit(loss)), ("linreg_update_jax", jax.jit(update))):
    f(theta, lx, ly).block_until_ready()
    print(f"{name} {med(lambda: f(theta, lx, ly).block_until_ready(), inner=2000):.6e} 1 call")

# P5: JAX's ahead-of-time compile of the same matmul module (fresh each time)
def compile_mm():
    jax.jit(lambda p, q: jnp.matmul(p, q) + 0.0).lower(ja, jb).compile()
print(f"compile_mm_{n}_jax {med(compile_mm, reps=5):.6e} 1 s")
