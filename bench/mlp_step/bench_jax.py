"""bench_jax.py — P2/P5 of issue 6 in JAX: the same MLP training step as
gen_step.c (value_and_grad + SGD, lr 0.01), jax.jit, on the inputs bench.c
wrote; the step's output weights feed the next step. Prints run.sh lines:
the loss of the first step, the step time (median of 15 rounds of 4 steps)
with XLA on the threads the environment allows, the OpenBLAS time of the
step's eight matmuls (numpy, same shapes), and jit(...).lower().compile().
usage: bench_jax.py INPUTS.f32 LABEL"""
import sys, time, statistics
import numpy as np
import jax, jax.numpy as jnp

path, label = sys.argv[1], sys.argv[2]
shapes = [(784, 512), (512,), (512, 512), (512,), (512, 10), (10,), (128, 784), (128, 10)]
raw = np.fromfile(path, dtype=np.float32)
args, off = [], 0
for s in shapes:
    n = int(np.prod(s)); args.append(raw[off:off + n].reshape(s)); off += n

def loss(w1, b1, w2, b2, w3, b3, x, y):
    h = jnp.tanh(x @ w1 + b1)
    h = jnp.tanh(h @ w2 + b2)
    return jnp.mean(jnp.square(h @ w3 + b3 - y))

def train(w1, b1, w2, b2, w3, b3, x, y):
    l, g = jax.value_and_grad(loss, argnums=(0, 1, 2, 3, 4, 5))(w1, b1, w2, b2, w3, b3, x, y)
    p = (w1, b1, w2, b2, w3, b3)
    return (l,) + tuple(pi - 0.01 * gi for pi, gi in zip(p, g))

def rounds(f, reps=15, inner=4):
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            f()
        ts.append((time.perf_counter() - t0) / inner)
    return statistics.median(ts)

jargs = [jnp.asarray(a) for a in args]
if label == "1t":
    # P5 "cold": the first compile in this process (JAX imported, nothing
    # compiled yet), the counterpart of nabla's generator run in a new process
    t0 = time.perf_counter()
    jax.jit(train).lower(*jargs).compile()
    print(f"compile_mlp_step_jax_cold {time.perf_counter() - t0:.6e} 1 s")
step = jax.jit(train)
first = step(*jargs)
print(f"jax_loss {float(first[0]):.6f} 1 value")
state = list(jargs)
def one():
    out = step(*state)
    state[:6] = out[1:]
    out[0].block_until_ready()
for _ in range(3):
    one()
print(f"mlp_step_jax_{label} {rounds(one):.6e} 1 s")

if label == "1t":
    # OpenBLAS-bound time: the step's matmuls alone, same shapes, numpy
    x, w1, w2, w3 = args[6], args[0], args[2], args[4]
    h1 = np.tanh(x @ w1); h2 = np.tanh(h1 @ w2); g3 = np.ones((128, 10), np.float32)
    g2 = np.ones((128, 512), np.float32)
    mms = [lambda: x @ w1, lambda: h1 @ w2, lambda: h2 @ w3, lambda: g3 @ w3.T,
           lambda: h2.T @ g3, lambda: g2 @ w2.T, lambda: h1.T @ g2, lambda: x.T @ g2]
    print(f"mlp_step_openblas_matmuls {rounds(lambda: [f() for f in mms]):.6e} 1 s")
    # P5 "warm": compiles after the first, in the same process
    def compile_step():  # a fresh function each time: no jit cache hit
        jax.jit(lambda *a: train(*a)).lower(*jargs).compile()
    print(f"compile_mlp_step_jax {rounds(compile_step, reps=5, inner=1):.6e} 1 s")
