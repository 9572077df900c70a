"""Numerical tests of every batching rule (the table of lowering/transforms/batch.c; the rules in rules_*.c) and of vmap
composed with grad, against jax.vmap.

Usage: test_vmap.py --nablac PATH --runtime PATH/libnabla_rt.a [--cc CC] [-k FILTER]
                    [--irdl dialect/nabla.irdl.mlir]

Each op case is a function @f applying one op (or a short composition for
ops without operands) and a declaration @f_v tagged nabla.vmap with in_axes
drawn at random (an axis of the batched argument, or -1 = not batched, at
least one batched) and random out_axes, called from a public wrapper and
compiled by nablac. The reference is jax.vmap of the same lax primitive,
with the same in_axes (None for -1) and out_axes, on the same inputs. Each
op gets several draws, so a rule is exercised with its batch dim in front,
in the middle and last, and with unbatched operands.

Tolerances (norm-wise relative): f64 cases 1e-12 for ops that are correctly
rounded or exact (data movement, + - * /, integer ops), 1e-10 for
transcendental ops and sums (libm vs XLA's f64 routines, summation order);
batching changes neither the arithmetic nor its order along the example's
dims, so anything above that is a rule bug, not rounding.

Composition (per-example gradients and friends), f64, rtol 1e-10 against
the same JAX composition: vmap(grad(f)), vmap(value_and_grad(f)),
grad(x -> sum(vmap(f)(x))), jvp(vmap(f)), vmap(vmap(f)).
"""
import re
import sys

import numpy as np

import jax_reference  # before jax: it pins the reference
import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
from jax import lax  # noqa: E402

from nabla_harness import (MLIR_TO_NP, Case, Library, conformance_args,  # noqa: E402
                           ops_without_case, tensor_type)

RNG = np.random.default_rng(20260214)
B = 7          # batch size: no example dim has this size, so a swapped dim cannot pass
DRAWS = 3      # random (in_axes, out_axes) per op
EXACT = 1e-12
TRANSC = 1e-10


def batched_shape(shape, axis):
    return shape if axis < 0 else shape[:axis] + (B,) + shape[axis:]


class VmapCase(Case):
    """@name(batched args) -> batched results, calling @name_v, the
    nabla.vmap of @name_f (f_body: MLIR text using %arg.., defining %r..).
    extra: more functions (declarations the body calls)."""

    def __init__(self, name, args, results, body, in_axes, out_axes, ref, tol, extra=""):
        self.f_args, self.f_results, self.f_body = args, results, body
        self.in_axes, self.out_axes, self.ref, self.tol, self.extra = in_axes, out_axes, ref, tol, extra
        ins = [(dt, batched_shape(s, a)) for (dt, s), a in zip(args, in_axes)]
        outs = [(dt, batched_shape(s, a)) for (dt, s), a in zip(results, out_axes)]
        super().__init__(name, ins, outs, "")

    def mlir(self):
        n = self.name
        at = [tensor_type(*a) for a in self.f_args]
        rt = [tensor_type(*r) for r in self.f_results]
        bt = [tensor_type(*a) for a in self.args]
        brt = [tensor_type(*r) for r in self.results]
        params = ", ".join(f"%arg{i}: {t}" for i, t in enumerate(at))
        rets = ", ".join(f"%r{j}" for j in range(len(rt)))
        axes = lambda v: ", ".join(str(a) for a in v)  # noqa: E731
        vt = f"({', '.join(bt)}) -> ({', '.join(brt)})"
        wparams = ", ".join(f"%w{i}: {t}" for i, t in enumerate(bt))
        wargs = ", ".join(f"%w{i}" for i in range(len(bt)))
        m = len(brt)
        res = "%o" if m == 1 else ", ".join(f"%o#{j}" for j in range(m))
        return (
            self.extra +
            f"func.func private @{n}_f({params}) -> ({', '.join(rt)}) {{\n{self.f_body}\n"
            f"  return {rets} : {', '.join(rt)}\n}}\n"
            f"func.func private @{n}_v{vt} attributes {{nabla.vmap = {{callee = @{n}_f, "
            f"in_axes = array<i64: {axes(self.in_axes)}>, out_axes = array<i64: {axes(self.out_axes)}>, "
            f"axis_size = {B} : i64}}}}\n"
            f"func.func @{n}({wparams}) -> ({', '.join(brt)}) {{\n"
            f"  %o{':' + str(m) if m > 1 else ''} = func.call @{n}_v({wargs}) : {vt}\n"
            f"  return {res} : {', '.join(brt)}\n}}\n")


CASES = []  # (VmapCase, inputs)


def op_text(op, operands, in_types, out_type, attrs=""):
    attr = f" {{{attrs}}}" if attrs else ""
    return (f'  %r0 = "nabla.{op}"({", ".join(operands)}){attr} : '
            f'({", ".join(in_types)}) -> {out_type}')


def gen(dt, shape, lo=-3, hi=3):
    if dt.startswith("f"):
        return RNG.uniform(lo, hi, size=shape).astype(MLIR_TO_NP[dt])
    if dt == "i1":
        return RNG.random(shape) < 0.5
    return RNG.integers(max(lo, -100), hi + 1, size=shape).astype(MLIR_TO_NP[dt])


def draw_axes(args, results):
    """Random in_axes (at least one batched) and out_axes."""
    while True:
        ins = [int(RNG.integers(-1, len(s) + 1)) for _, s in args]
        if any(a >= 0 for a in ins):
            break
    return ins, [int(RNG.integers(0, len(s) + 1)) for _, s in results]


def add(name, op, args, result, ref, tol=EXACT, attrs="", body=None, gens=None, axes=None):
    """One op on args [(dtype, shape)] giving result (dtype, shape); ref is
    the lax function of the unbatched arguments. Adds DRAWS cases."""
    if body is None:
        body = op_text(op, [f"%arg{i}" for i in range(len(args))],
                       [tensor_type(*a) for a in args], tensor_type(*result), attrs)
    for k, (ins, outs) in enumerate(axes or [draw_axes(args, [result]) for _ in range(DRAWS)]):
        inputs = [(g or (lambda dt, s: gen(dt, s)))(dt, batched_shape(s, a))
                  for (dt, s), a, g in zip(args, ins, gens or [None] * len(args))]
        CASES.append((VmapCase(f"{name}_{k}", args, [result], body, ins, outs, ref, tol), inputs))


S = (3, 4)
F = "f64"

# ---- elementwise ----------------------------------------------------------------
UNARY = {
    "neg": (lax.neg, EXACT, None), "abs": (lax.abs, EXACT, None), "sign": (lax.sign, EXACT, None),
    "exp": (lax.exp, TRANSC, None), "log": (lax.log, TRANSC, (0.5, 5)),
    "log1p": (lax.log1p, TRANSC, (-0.5, 3)), "expm1": (lax.expm1, TRANSC, None),
    "tanh": (lax.tanh, TRANSC, None), "logistic": (lax.logistic, TRANSC, None),
    "sqrt": (lax.sqrt, EXACT, (0.5, 5)), "rsqrt": (lax.rsqrt, TRANSC, (0.5, 5)),
    "sin": (lax.sin, TRANSC, None), "cos": (lax.cos, TRANSC, None),
    "stop_gradient": (lax.stop_gradient, EXACT, None),
}
for op, (ref, tol, dom) in UNARY.items():
    g = (lambda dt, s, dom=dom: gen(dt, s, *dom)) if dom else None
    add(op, op, [(F, S)], (F, S), ref, tol, gens=[g])
add("integer_pow", "integer_pow", [(F, S)], (F, S), lambda x: lax.integer_pow(x, 3), EXACT,
    attrs="y = 3 : i64")

BINARY = {
    "add": lax.add, "sub": lax.sub, "mul": lax.mul, "div": lax.div, "rem": lax.rem,
    "pow": lax.pow, "max": lax.max, "min": lax.min,
}
for op, ref in BINARY.items():
    pos = (lambda dt, s: gen(dt, s, 0.5, 3)) if op in ("pow", "div", "rem") else None
    add(op, op, [(F, S)] * 2, (F, S), ref, TRANSC if op in ("pow", "atan2") else EXACT, gens=[pos, pos])
# Both operands batched at the same dim, and at different dims (a transpose).
add("add_same", "add", [(F, S)] * 2, (F, S), lax.add, axes=[([1, 1], [1]), ([2, 2], [0])])
add("mul_mixed", "mul", [(F, S)] * 2, (F, S), lax.mul,
    axes=[([0, 2], [2]), ([-1, 1], [1])])
add("add_i32", "add", [("i32", S)] * 2, ("i32", S), lax.add)

for d, ref in (("lt", lax.lt), ("eq", lax.eq), ("ge", lax.ge)):
    add(f"compare_{d}", "compare", [(F, S)] * 2, ("i1", S), ref, attrs=f'direction = "{d}"',
        gens=[lambda dt, s: np.round(gen(dt, s))] * 2)  # ties, for eq
add("select", "select", [("i1", S), (F, S), (F, S)], (F, S), lax.select)
add("convert_f2i", "convert", [(F, S)], ("i32", S), lambda x: lax.convert_element_type(x, jnp.int32))
add("convert_i2f", "convert", [("i32", S)], (F, S), lambda x: lax.convert_element_type(x, jnp.float64))

# Bitwise ops, shifts, bit casts, erf_inv, and the two-result Threefry block.
for op, ref in (("and", lax.bitwise_and), ("or", lax.bitwise_or), ("xor", lax.bitwise_xor),
                ("shift_left", lax.shift_left), ("shift_right_logical", lax.shift_right_logical),
                ("shift_right_arithmetic", lax.shift_right_arithmetic)):
    add(op, op, [("i32", S)] * 2, ("i32", S), ref, gens=[None, lambda dt, s: gen(dt, s, 0, 40)])
add("not", "not", [("i32", S)], ("i32", S), lax.bitwise_not)
add("bitcast_convert", "bitcast_convert", [(F, S)], ("i64", S),
    lambda x: lax.bitcast_convert_type(x, jnp.int64))
add("erf_inv", "erf_inv", [(F, S)], (F, S), lax.erf_inv, TRANSC, gens=[lambda dt, s: gen(dt, s, -0.9, 0.9)])
_U = tensor_type("ui32", S)


def _threefry_ref(k0, k1, x0, x1):
    from jax._src.random.threefry2x32 import threefry2x32_p
    y0, y1 = threefry2x32_p.bind(k0, k1, x0, x1)
    return y0 ^ y1


add("threefry2x32", None, [("ui32", S)] * 4, ("ui32", S), _threefry_ref,
    body=(f'  %y:2 = "nabla.threefry2x32"(%arg0, %arg1, %arg2, %arg3) : ({_U}, {_U}, {_U}, {_U}) -> ({_U}, {_U})\n'
          f'  %r0 = "nabla.xor"(%y#0, %y#1) : ({_U}, {_U}) -> {_U}'),
    gens=[lambda dt, s: RNG.integers(0, 2**32, size=s, dtype=np.uint32)] * 4)

# iota and constant have no operands: batched through their use.
add("iota", None, [(F, S)], (F, S), lambda x: x + lax.broadcasted_iota(jnp.float64, S, 1),
    body=f'  %i = "nabla.iota"() {{dimension = 1 : i64}} : () -> {tensor_type(F, S)}\n' +
    op_text("add", ["%arg0", "%i"], [tensor_type(F, S)] * 2, tensor_type(F, S)))
add("constant", None, [(F, S)], (F, S), lambda x: x * 2.5,
    body=f'  %c = "nabla.constant"() {{value = dense<2.5> : {tensor_type(F, S)}}} : () -> {tensor_type(F, S)}\n' +
    op_text("mul", ["%arg0", "%c"], [tensor_type(F, S)] * 2, tensor_type(F, S)))

# ---- shape ops ------------------------------------------------------------------
add("broadcast_in_dim", "broadcast_in_dim", [(F, (3, 1))], (F, (2, 3, 4)),
    lambda x: lax.broadcast_in_dim(x, (2, 3, 4), (1, 2)), attrs="broadcast_dimensions = array<i64: 1, 2>")
add("broadcast_in_dim_vec", "broadcast_in_dim", [(F, (4,))], (F, (3, 4)),
    lambda x: lax.broadcast_in_dim(x, (3, 4), (1,)), attrs="broadcast_dimensions = array<i64: 1>")
for k, (src, dst) in enumerate((((3, 4), (12,)), ((2, 3, 4), (6, 4)), ((2, 3, 4), (2, 12)),
                                ((6, 4), (2, 3, 4)), ((3, 4), (4, 3)))):
    add(f"reshape{k}", "reshape", [(F, src)], (F, dst), lambda x, dst=dst: lax.reshape(x, dst))
add("transpose", "transpose", [(F, (2, 3, 4))], (F, (4, 2, 3)),
    lambda x: lax.transpose(x, (2, 0, 1)), attrs="permutation = array<i64: 2, 0, 1>")
add("slice", "slice", [(F, (5, 6))], (F, (2, 2)), lambda x: lax.slice(x, (1, 0), (5, 5), (2, 3)),
    attrs="start_indices = array<i64: 1, 0>, limit_indices = array<i64: 5, 5>, strides = array<i64: 2, 3>")
add("pad", "pad", [(F, (2, 3)), (F, ())], (F, (5, 8)),
    lambda x, v: lax.pad(x, v, ((1, 2, 0), (0, 1, 2))),
    attrs="edge_padding_low = array<i64: 1, 0>, edge_padding_high = array<i64: 2, 1>, "
          "interior_padding = array<i64: 0, 2>")
for op, ref in (("reduce_sum", jnp.sum), ("reduce_max", jnp.max), ("reduce_min", jnp.min)):
    add(op, op, [(F, (2, 3, 4))], (F, (3,)), lambda x, ref=ref: ref(x, axis=(0, 2)),
        TRANSC if op == "reduce_sum" else EXACT, attrs="dimensions = array<i64: 0, 2>")
    add(f"{op}_1", op, [(F, (3, 4))], (F, (3,)), lambda x, ref=ref: ref(x, axis=1),
        TRANSC if op == "reduce_sum" else EXACT, attrs="dimensions = array<i64: 1>")


def dot(name, ls, rs, out, lc, rc, lb=(), rb=()):
    a = lambda v: f"array<i64: {', '.join(map(str, v))}>" if v else "array<i64>"  # noqa: E731
    attrs = (f"lhs_batch_dimensions = {a(lb)}, rhs_batch_dimensions = {a(rb)}, "
             f"lhs_contracting_dimensions = {a(lc)}, rhs_contracting_dimensions = {a(rc)}")
    ref = lambda x, y: lax.dot_general(x, y, ((lc, rc), (lb, rb)))  # noqa: E731
    args = [(F, ls), (F, rs)]
    both_axes = [([0, 0], [0]), ([1, min(2, len(rs))], [min(1, len(out))]), ([len(ls), 1], [len(out)])]
    one_axes = [([0, -1], [0]), ([-1, 1], [len(out)]), ([len(ls), -1], [min(1, len(out))]), ([-1, len(rs)], [0])]
    add(f"dot_{name}", "dot_general", args, (F, out), ref, TRANSC, attrs, axes=both_axes + one_axes)


dot("matmul", (3, 4), (4, 5), (3, 5), (1,), (0,))
dot("matvec", (3, 4), (4,), (3,), (1,), (0,))
dot("inner", (4,), (4,), (), (0,), (0,))
dot("batched", (2, 3, 4), (2, 4, 5), (2, 3, 5), (2,), (1,), (0,), (0,))
dot("rhs_first", (4, 3), (5, 4), (3, 5), (0,), (1,))

# ---- composition: per-example gradients, grad of vmap, jvp of vmap, vmap of vmap

# f(w, x) = sum(tanh(x . w)^2) for one example x (4,), weights w (4, 2).
W, X = (4, 2), (4,)
T = tensor_type
LOSS = (f'  %h = "nabla.dot_general"(%arg1, %arg0) {{lhs_batch_dimensions = array<i64>, '
        f'rhs_batch_dimensions = array<i64>, lhs_contracting_dimensions = array<i64: 0>, '
        f'rhs_contracting_dimensions = array<i64: 0>}} : ({T(F, X)}, {T(F, W)}) -> {T(F, (2,))}\n'
        f'  %t = "nabla.tanh"(%h) : ({T(F, (2,))}) -> {T(F, (2,))}\n'
        f'  %s = "nabla.mul"(%t, %t) : ({T(F, (2,))}, {T(F, (2,))}) -> {T(F, (2,))}\n'
        f'  %r0 = "nabla.reduce_sum"(%s) {{dimensions = array<i64: 0>}} : ({T(F, (2,))}) -> {T(F, ())}')
LOSS_FN = (f"func.func private @loss(%arg0: {T(F, W)}, %arg1: {T(F, X)}) -> {T(F, ())} {{\n"
           f"{LOSS}\n  return %r0 : {T(F, ())}\n}}\n")


def jloss(w, x):
    return jnp.sum(jnp.tanh(x @ w) ** 2)


def compose(name, args, results, body, extra, in_axes, out_axes, ref):
    inputs = [gen(dt, batched_shape(s, a), -1, 1) for (dt, s), a in zip(args, in_axes)]
    body, extra = (re.sub(r"@(loss|bl|lv)", rf"@{name}_\1", t) for t in (body, extra))
    CASES.append((VmapCase(name, args, results, body, in_axes, out_axes, ref, TRANSC, extra), inputs))


# vmap(grad(loss)): per-example gradients, w shared.
compose("per_example_grad", [(F, W), (F, X)], [(F, W)],
        f"  %r0 = func.call @loss_g(%arg0, %arg1) : ({T(F, W)}, {T(F, X)}) -> {T(F, W)}",
        LOSS_FN + f"func.func private @loss_g({T(F, W)}, {T(F, X)}) -> {T(F, W)} attributes "
        f"{{nabla.grad = {{callee = @loss, argnums = array<i64: 0>, has_aux = false}}}}\n",
        [-1, 0], [0], jax.grad(jloss))
compose("per_example_value_and_grad", [(F, W), (F, X)], [(F, ()), (F, W)],
        f"  %r0, %r1 = func.call @loss_vg(%arg0, %arg1) : ({T(F, W)}, {T(F, X)}) -> ({T(F, ())}, {T(F, W)})",
        LOSS_FN + f"func.func private @loss_vg({T(F, W)}, {T(F, X)}) -> ({T(F, ())}, {T(F, W)}) attributes "
        f"{{nabla.value_and_grad = {{callee = @loss, argnums = array<i64: 0>, has_aux = false}}}}\n",
        [-1, 1], [0, 2], jax.value_and_grad(jloss))
# grad over a batch loss that calls vmap(loss): d/dw sum_b loss(w, x_b).
BX = (B, 4)
compose("grad_of_vmap", [(F, W), (F, BX)], [(F, W)],
        f"  %r0 = func.call @bl_g(%arg0, %arg1) : ({T(F, W)}, {T(F, BX)}) -> {T(F, W)}",
        LOSS_FN +
        f"func.func private @loss_v({T(F, W)}, {T(F, BX)}) -> {T(F, (B,))} attributes "
        f"{{nabla.vmap = {{callee = @loss, in_axes = array<i64: -1, 0>, out_axes = array<i64: 0>, axis_size = {B} : i64}}}}\n"
        f"func.func private @bl(%w: {T(F, W)}, %x: {T(F, BX)}) -> {T(F, ())} {{\n"
        f"  %l = func.call @loss_v(%w, %x) : ({T(F, W)}, {T(F, BX)}) -> {T(F, (B,))}\n"
        f'  %s = "nabla.reduce_sum"(%l) {{dimensions = array<i64: 0>}} : ({T(F, (B,))}) -> {T(F, ())}\n'
        f"  return %s : {T(F, ())}\n}}\n"
        f"func.func private @bl_g({T(F, W)}, {T(F, BX)}) -> {T(F, W)} attributes "
        f"{{nabla.grad = {{callee = @bl, argnums = array<i64: 0>, has_aux = false}}}}\n",
        [0, 0], [0], jax.grad(lambda w, x: jnp.sum(jax.vmap(jloss, (None, 0))(w, x))))
# jvp(vmap(loss)) in w along v, vmapped again over (w, v) pairs.
compose("jvp_of_vmap", [(F, W), (F, W), (F, BX)], [(F, (B,)), (F, (B,))],
        f"  %r0, %r1 = func.call @lv_jvp(%arg0, %arg2, %arg1, %z) : ({T(F, W)}, {T(F, BX)}, {T(F, W)}, {T(F, BX)}) -> ({T(F, (B,))}, {T(F, (B,))})",
        LOSS_FN +
        f"func.func private @loss_v({T(F, W)}, {T(F, BX)}) -> {T(F, (B,))} attributes "
        f"{{nabla.vmap = {{callee = @loss, in_axes = array<i64: -1, 0>, out_axes = array<i64: 0>, axis_size = {B} : i64}}}}\n"
        f"func.func private @lv_jvp({T(F, W)}, {T(F, BX)}, {T(F, W)}, {T(F, BX)}) -> ({T(F, (B,))}, {T(F, (B,))}) "
        f"attributes {{nabla.jvp = {{callee = @loss_v}}}}\n",
        [0, 0, -1], [0, 1],
        lambda w, v, x: jax.jvp(lambda w_: jax.vmap(jloss, (None, 0))(w_, x), (w,), (v,)))
CASES[-1][0].f_body = (f'  %z = "nabla.constant"() {{value = dense<0.0> : {T(F, BX)}}} : () -> {T(F, BX)}\n'
                       + CASES[-1][0].f_body)
# vmap(vmap(loss)): a grid of (w, x) pairs, the inner batch at dim 1.
compose("vmap_of_vmap", [(F, W), (F, BX)], [(F, (B,))],
        f"  %r0 = func.call @loss_v(%arg0, %arg1) : ({T(F, W)}, {T(F, BX)}) -> {T(F, (B,))}",
        LOSS_FN +
        f"func.func private @loss_v({T(F, W)}, {T(F, BX)}) -> {T(F, (B,))} attributes "
        f"{{nabla.vmap = {{callee = @loss, in_axes = array<i64: -1, 0>, out_axes = array<i64: 0>, axis_size = {B} : i64}}}}\n",
        [2, 1], [1], jax.vmap(jloss, (None, 0)))

# fma (elementwise, three operands) vs the unfused a*b + c, which XLA may
# or may not contract: TRANSC. Last, so the cases above keep their draws.
add("fma", "fma", [(F, S)] * 3, (F, S), lambda a, b, c: a * b + c, TRANSC)

# sort_key_val along each dim; keys with ties (stability), either operand
# unbatched; the two results combined so both are checked. Last, as above.
for _d in (0, 1):
    add(f"sort_key_val_d{_d}", None, [("ui32", S), (F, S)], (F, S),
        lambda k, v, _d=_d: (lambda r: r[1] + lax.convert_element_type(r[0] - np.uint32(2**32 - 4), jnp.float64))(
            lax.sort_key_val(k, v, dimension=_d)),
        body=(f'  %s:2 = "nabla.sort_key_val"(%arg0, %arg1) {{dimension = {_d} : i64}} : '
              f'({_U}, {tensor_type(F, S)}) -> ({_U}, {tensor_type(F, S)})\n'
              f'  %o = "nabla.constant"() {{value = dense<4294967292> : {_U}}} : () -> {_U}\n'
              f'  %k = "nabla.sub"(%s#0, %o) : ({_U}, {_U}) -> {_U}\n'
              f'  %c = "nabla.convert"(%k) : ({_U}) -> {tensor_type(F, S)}\n'
              f'  %r0 = "nabla.add"(%s#1, %c) : ({tensor_type(F, S)}, {tensor_type(F, S)}) -> {tensor_type(F, S)}'),
        gens=[lambda dt, s: RNG.integers(2**32 - 4, 2**32, size=s, dtype=np.uint32), None])

# ---- tan, exp2, erf, floor, ceil, is_finite, atan2 (last: their draws leave
# every earlier case's axes and inputs as they were) -----------------------------
for op, (ref, tol, dom) in {"tan": (lax.tan, TRANSC, (-1.2, 1.2)), "exp2": (lax.exp2, TRANSC, None),
                            "erf": (lax.erf, TRANSC, None), "floor": (lax.floor, EXACT, None),
                            "ceil": (lax.ceil, EXACT, None)}.items():
    g = (lambda dt, s, dom=dom: gen(dt, s, *dom)) if dom else None
    add(op, op, [(F, S)], (F, S), ref, tol, gens=[g])
add("is_finite", "is_finite", [(F, S)], ("i1", S), lax.is_finite, EXACT)
add("atan2", "atan2", [(F, S)] * 2, (F, S), lax.atan2, TRANSC)


# ---- dynamic_slice / dynamic_update_slice: batched operand (and update),
# unbatched starts; batched starts need gather/scatter ----
_I = ("i32", ())
_start = lambda dt, s: RNG.integers(-2, 5, size=s).astype(np.int32)
for _axes in ([[0, -1, -1]], [[1, -1, -1]], [[2, -1, -1]]):
    add(f"dynamic_slice_a{_axes[0][0]}", "dynamic_slice", [(F, (4, 5)), _I, _I], (F, (2, 3)),
        lambda x, i, j: lax.dynamic_slice(x, (i, j), (2, 3), allow_negative_indices=False),
        attrs="slice_sizes = array<i64: 2, 3>", gens=[None, _start, _start],
        axes=[(_axes[0], [int(RNG.integers(0, 3))])])
for _k, _ins in enumerate(([0, 0, -1, -1], [-1, 1, -1, -1], [2, -1, -1, -1], [1, 0, -1, -1])):
    add(f"dynamic_update_slice_{_k}", "dynamic_update_slice", [(F, (4, 5)), (F, (2, 3)), _I, _I], (F, (4, 5)),
        lambda x, u, i, j: lax.dynamic_update_slice(x, u, (i, j), allow_negative_indices=False),
        gens=[None, None, _start, _start], axes=[(_ins, [int(RNG.integers(0, 3))])])

# ---- rev, concatenate (last, as above) ----------------------------------------
for _i, (_src, _dims) in enumerate([((3, 4), (1,)), ((2, 3, 4), (0, 2)), ((5,), (0,))]):
    add(f"rev_{_i}", "rev", [(F, _src)], (F, _src), lambda x, d=_dims: lax.rev(x, d),
        attrs=f"dimensions = array<i64: {', '.join(map(str, _dims))}>")
for _i, (_a, _b, _d) in enumerate([((2, 3), (2, 5), 1), ((1, 4), (3, 4), 0), ((2, 1, 3), (2, 2, 3), 1)]):
    _out = tuple(x + y if k == _d else x for k, (x, y) in enumerate(zip(_a, _b)))
    add(f"concatenate_{_i}", "concatenate", [(F, _a), (F, _b)], (F, _out),
        lambda x, y, d=_d: lax.concatenate([x, y], d), attrs=f"dimension = {_d} : i64")
add("concatenate_i32", "concatenate", [("i32", (2, 3)), ("i32", (2, 2))], ("i32", (2, 5)),
    lambda x, y: lax.concatenate([x, y], 1), attrs="dimension = 1 : i64")

# ---- argmax, argmin (last, as above): ties so the first index must win -----------
for _op, _ref in (("argmax", lax.argmax), ("argmin", lax.argmin)):
    for _ax in (0, 1, 2):
        _out = tuple(n for k, n in enumerate((3, 4, 5)) if k != _ax)
        add(f"{_op}_a{_ax}", _op, [(F, (3, 4, 5))], ("i32", _out), lambda x, a=_ax, r=_ref: r(x, a, np.int32),
            attrs=f"axis = {_ax} : i64", gens=[lambda dt, s: RNG.integers(-2, 3, size=s).astype(np.float64)])
# ---- round, clamp, nextafter (last, as above): clamp's bounds x-shaped and rank 0,
# each batched or not (_clamp_batch_rule's cases) -----------------------------------
for _m in (0, 1):
    add(f"round_m{_m}", "round", [(F, S)], (F, S), lambda x, m=_m: lax.round(x, lax.RoundingMethod(m)),
        attrs=f"rounding_method = {_m} : i64", gens=[lambda dt, s: np.round(RNG.uniform(-3, 3, size=s) * 4) / 4])
add("clamp_full", "clamp", [(F, S)] * 3, (F, S), lax.clamp)
add("clamp_scalar", "clamp", [(F, ()), (F, S), (F, ())], (F, S), lax.clamp)
add("clamp_scalar_lo", "clamp", [(F, ()), (F, S), (F, S)], (F, S), lax.clamp)
add("clamp_i32", "clamp", [("i32", ()), ("i32", S), ("i32", S)], ("i32", S), lax.clamp)
add("nextafter", "nextafter", [(F, S)] * 2, (F, S), lax.nextafter)
# ---- reduce_prod (last, as above) --------------------------------------------------
for _i, (_src, _axes) in enumerate([((3, 4, 5), (1,)), ((3, 4, 5), (0, 2)), ((4, 3), ())]):
    _out = tuple(n for k, n in enumerate(_src) if k not in _axes)
    add(f"reduce_prod_{_i}", "reduce_prod", [(F, _src)], (F, _out), lambda x, a=_axes: lax.reduce_prod(x, a),
        TRANSC, attrs=f"dimensions = array<i64{': ' + ', '.join(map(str, _axes)) if _axes else ''}>")
add("reduce_prod_i32", "reduce_prod", [("i32", (3, 4))], ("i32", (3,)), lambda x: lax.reduce_prod(x, (1,)),
    attrs="dimensions = array<i64: 1>")
# ---- cumsum, cumprod, cummax, cummin (last, as above) --------------------------------
for _op, _ref in (("cumsum", lax.cumsum), ("cumprod", lax.cumprod), ("cummax", lax.cummax),
                  ("cummin", lax.cummin)):
    for _ax, _rv in ((0, False), (1, True), (2, False)):
        add(f"{_op}_a{_ax}", _op, [(F, (3, 4, 5))], (F, (3, 4, 5)), lambda x, a=_ax, r=_rv, f=_ref: f(x, a, r),
            TRANSC, attrs=f"axis = {_ax} : i64, reverse = {'true' if _rv else 'false'}")
# ---- sort (last, as above) -----------------------------------------------------------
for _d in (0, 1, 2):
    add(f"sort_d{_d}", "sort", [(F, (3, 4, 5))], (F, (3, 4, 5)),
        lambda x, d=_d: lax.sort(x, dimension=d, is_stable=True), attrs=f"dimension = {_d} : i64")
add("sort_i32", "sort", [("i32", (3, 4))], ("i32", (3, 4)), lambda x: lax.sort(x, dimension=1, is_stable=True),
    attrs="dimension = 1 : i64")

# ---- gather / scatter*: batched operand, batched indices, both (JAX's
# rules turn them into window dims or operand/indices batching dims).
# Draws from a generator of their own. ----
_VG = np.random.default_rng(20261205)
_vidx = lambda lo, hi: lambda dt, s: _VG.integers(lo, hi, size=s).astype(np.int32)  # noqa: E731
_vval = lambda dt, s: _VG.uniform(-3, 3, size=s).astype(MLIR_TO_NP[dt])  # noqa: E731
_VM = {"clip": lax.GatherScatterMode.CLIP, "fill": lax.GatherScatterMode.FILL_OR_DROP,
       "drop": lax.GatherScatterMode.FILL_OR_DROP}
_vnames_g = ("offset_dims", "collapsed_slice_dims", "start_index_map", "operand_batching_dims",
             "start_indices_batching_dims")
_vnames_s = ("update_window_dims", "inserted_window_dims", "scatter_dims_to_operand_dims",
             "operand_batching_dims", "scatter_indices_batching_dims")
_varr = lambda v: f"array<i64: {', '.join(map(str, v))}>" if len(v) else "array<i64>"  # noqa: E731
_VGATHER = [((6, 3), (4, 1), ((1,), (0,), (0,), (), ()), (1, 3), (4, 3)),
            ((3, 5, 2), (3, 2, 1), ((2,), (1,), (1,), (0,), (0,)), (1, 1, 2), (3, 2, 2)),
            ((5, 6), (2, 2), ((1, 2), (), (0, 1), (), ()), (2, 3), (2, 2, 3))]
for _i, (_os, _is, _dims, _sz, _out) in enumerate(_VGATHER):
    for _m in ("clip", "fill"):
        _dn = lax.GatherDimensionNumbers(*_dims)
        _attrs = ", ".join(f"{n} = {_varr(v)}" for n, v in zip(_vnames_g, _dims))
        _attrs += f', slice_sizes = {_varr(_sz)}, mode = "{_m}"'
        _axes = [([0, -1], [int(_VG.integers(0, 3))]), ([-1, 0], [int(_VG.integers(0, 3))]),
                 ([1, 1], [0]), ([len(_os), 0], [int(_VG.integers(0, 3))])]
        add(f"gather_{_i}_{_m}", "gather", [(F, _os), ("i32", _is)], (F, _out),
            (lambda dn, sz, m: lambda x, i: lax.gather(x, i, dn, sz, mode=_VM[m]))(_dn, _sz, _m),
            attrs=_attrs, gens=[_vval, _vidx(-2, 8)], axes=_axes)
_VSCATTER = [((6, 3), (5, 1), (5, 3), ((1,), (0,), (0,), (), ())),
             ((3, 5), (3, 2, 1), (3, 2), ((), (1,), (1,), (0,), (0,)))]
_VSREF = {"scatter": lax.scatter, "scatter_add": lax.scatter_add, "scatter_mul": lax.scatter_mul,
          "scatter_min": lax.scatter_min, "scatter_max": lax.scatter_max}
for _k in ("scatter_add", "scatter", "scatter_mul", "scatter_min", "scatter_max"):
    for _i, (_os, _is, _us, _dims) in enumerate(_VSCATTER):
        for _m in ("drop", "clip"):
            _dn = lax.ScatterDimensionNumbers(*_dims)
            _attrs = ", ".join(f"{n} = {_varr(v)}" for n, v in zip(_vnames_s, _dims)) + f', mode = "{_m}"'
            _axes = [([0, -1, -1], [0]), ([-1, 0, -1], [int(_VG.integers(0, 3))]),
                     ([-1, -1, 1], [1]), ([1, 0, 0], [int(_VG.integers(0, 3))]),
                     ([-1, 1, 0], [0])]
            add(f"{_k}_{_i}_{_m}", _k, [(F, _os), ("i32", _is), (F, _us)], (F, _os),
                (lambda k, dn, m: lambda x, i, u: _VSREF[k](x, i, u, dn, mode=_VM[m]))(_k, _dn, _m),
                attrs=_attrs, gens=[_vval, _vidx(-2, 8), _vval], axes=_axes)
# ---- erfc (last, as above) --------------------------------------------------------
add("erfc", "erfc", [(F, S)], (F, S), lax.erfc, TRANSC, gens=[lambda dt, s: gen(dt, s, -2, 4)])

# dynamic_slice / dynamic_update_slice with batched starts: a gather / a
# scatter, as JAX's rules
_VI = ("i32", ())
for _k, _ins in enumerate(([-1, 0, -1], [0, 0, 0], [1, -1, 0], [-1, 0, 0])):
    add(f"dynamic_slice_batched_starts_{_k}", "dynamic_slice", [(F, (4, 5)), _VI, _VI], (F, (2, 3)),
        lambda x, i, j: lax.dynamic_slice(x, (i, j), (2, 3), allow_negative_indices=False),
        attrs="slice_sizes = array<i64: 2, 3>", gens=[_vval, _vidx(-2, 6), _vidx(-2, 6)],
        axes=[(_ins, [int(_VG.integers(0, 3))])])
for _k, _ins in enumerate(([-1, -1, 0, -1], [0, 1, 0, 0], [1, -1, -1, 0], [-1, 0, 0, 0])):
    add(f"dynamic_update_slice_batched_starts_{_k}", "dynamic_update_slice",
        [(F, (4, 5)), (F, (2, 3)), _VI, _VI], (F, (4, 5)),
        lambda x, u, i, j: lax.dynamic_update_slice(x, u, (i, j), allow_negative_indices=False),
        gens=[_vval, _vval, _vidx(-2, 6), _vidx(-2, 6)], axes=[(_ins, [int(_VG.integers(0, 3))])])


def rel_err(got, want):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    if got.shape != want.shape:
        return float("inf")
    scale = max(np.linalg.norm(want), 1e-300)
    return float(np.linalg.norm(got - want) / scale) if want.size else 0.0


def check(lib, case, inputs):
    ins = [None if a < 0 else a for a in case.in_axes]
    outs = case.out_axes[0] if len(case.out_axes) == 1 else tuple(case.out_axes)
    want = jax.vmap(case.ref, in_axes=tuple(ins), out_axes=outs)(*[jnp.asarray(x) for x in inputs])
    got = lib(case.name, *inputs)
    if len(case.results) == 1:
        got, want = [got], [want]
    errs = []
    for j, (g, w) in enumerate(zip(got, want)):
        w = np.asarray(w)
        if g.dtype.kind in "biu" or w.dtype.kind in "biu":
            if g.shape != w.shape or not np.array_equal(g, w):
                errs.append(f"result {j} differs from jax.vmap (in_axes {case.in_axes}, out_axes "
                            f"{case.out_axes}): nabla {g.ravel()[:6]} jax {w.ravel()[:6]}")
            continue
        e = rel_err(g, w)
        if e > case.tol:
            errs.append(f"result {j}: relative error {e:.2e} > {case.tol} vs jax.vmap (in_axes "
                        f"{case.in_axes}, out_axes {case.out_axes}; shapes {g.shape} {w.shape})")
    return errs


def main():
    print(jax_reference.describe())
    ap = conformance_args()
    args = ap.parse_args()
    cases = [c for c in CASES if args.k in c[0].name]
    lib = Library([c[0] for c in cases], args.nablac, args.runtime, args.cc, "conf_vmap", args.workdir)
    failures, ops_seen = [], set()
    for case, inputs in cases:
        ops_seen.update(re.findall(r'"nabla\.(\w+)"', case.f_body))
        failures += [f"{case.name}: {e}" for e in check(lib, case, inputs)]
    if args.irdl and not args.k:
        failures += [f"op nabla.{op} has no vmap case"
                     for op in ops_without_case(args.irdl, ops_seen)]
    print(f"{len(cases)} cases over {len(ops_seen)} ops: "
          f"{len(cases) - len(set(f.split(':')[0] for f in failures))} pass")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
