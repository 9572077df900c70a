"""Numerical tests of every JVP and VJP rule (the tables of lowering/transforms/jvp.c and vjp.c; the rules in rules_*.c).

Usage: test_rules.py --nablac PATH --runtime PATH/libnabla_rt.a [--cc CC] [-k FILTER]
                     [--irdl dialect/nabla.irdl.mlir]

Each case is a function @f applying one op (or a short composition, for ops
without operands), with tagged declarations @f_jvp (nabla.jvp) and @f_vjp
(nabla.vjp) and a public wrapper returning (f(x), jvp(x; t), vjp(x; ct)...),
all compiled by nablac (nabla-expand-transforms gives the declarations their
bodies) and called through ctypes.

f64 cases, at random points away from kinks (|x| for abs, ties for max/min,
integer quotients for rem):
  * the Jacobian J is built column by column with central finite differences
    of the compiled primal; the JVP must match J t and the VJP J^T ct with
    a norm-wise relative error below 1e-6. Steps (STEP_*): linear and
    bilinear ops use h = 1, where central differences are exact up to
    rounding (f(x+t) - f(x-t) = 2 J t for any quadratic f); smooth ops use
    h = 1e-4, which balances truncation (h^2 |f'''| / 6 ~ 1e-8 relative on
    the domains below) against rounding (eps |f| / h ~ 1e-12); piecewise
    linear ops (abs, max, min, rem, reduce_max/min) use h = 1e-4 too, with
    points at least 1e-2 from a kink, so a step never crosses one.
  * the dot-product identity <vjp(ct), t> = <ct, jvp(t)> (rtol 1e-10: both
    sides are the same sums in another order).
f32 cases: JVP and VJP against jax.jvp / jax.vjp of the lax primitive on
the same inputs; each case's tolerance (norm-wise relative) says why.
Integer and bool operands and results have no derivative: their tangents
and cotangents must be exactly zero.
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

RNG = np.random.default_rng(20261123)
SHAPE = (3, 4)

# FD steps (see the docstring).
STEP_LINEAR = 1.0
STEP_SMOOTH = 1e-4

# f32 tolerances against JAX (norm-wise relative error).
ROUNDED = 1e-6  # a few correctly rounded ops (+ - * / sqrt): a few ulp (eps = 6e-8)
TRANSC = 2e-5   # transcendental primal or partial: XLA's f32 approximations differ from
                # LLVM's/libm's by a few ulp and derivative formulas such as
                # (1 - tanh)(1 + tanh) amplify that where the factor is small
SUMS = 1e-5     # reductions / contractions: summation order is unspecified (n eps)


def is_float(dt):
    return dt.startswith("f") or dt == "bf16"


class RuleCase(Case):
    """The public wrapper @name(args, tangents, ct) -> (r, tr, ca...) plus
    the primal function and its two tagged declarations."""

    def __init__(self, name, args, result, body, ref, step, tol32):
        self.f_args, self.f_result, self.f_body = args, result, body
        self.ref, self.step, self.tol32 = ref, step, tol32
        ins = list(args) + list(args) + [result]
        outs = [result, result] + list(args)
        super().__init__(name, ins, outs, "")

    def mlir(self):
        n, a, r = self.name, self.f_args, self.f_result
        at = [tensor_type(*x) for x in a]
        rt = tensor_type(*r)
        params = ", ".join(f"%arg{i}: {t}" for i, t in enumerate(at))
        jvp_t = f"({', '.join(at + at)}) -> ({rt}, {rt})"
        vjp_t = f"({', '.join(at + [rt])}) -> ({', '.join([rt] + at)})"
        k = len(a)
        wargs = ", ".join(f"%w{i}: {t}" for i, t in enumerate(at + at + [rt]))
        jv = ", ".join(f"%w{i}" for i in range(2 * k))
        vj = ", ".join([f"%w{i}" for i in range(k)] + [f"%w{2 * k}"])
        outs = ", ".join(["%j#0", "%j#1"] + [f"%v#{i + 1}" for i in range(k)])
        out_t = ", ".join([rt, rt] + at)
        return (
            f"func.func private @{n}_f({params}) -> {rt} {{\n{self.f_body}\n  return %r0 : {rt}\n}}\n"
            f"func.func private @{n}_jvp{jvp_t.replace(' -> ', ' -> ')} "
            f"attributes {{nabla.jvp = {{callee = @{n}_f}}}}\n"
            f"func.func private @{n}_vjp{vjp_t} attributes {{nabla.vjp = {{callee = @{n}_f}}}}\n"
            f"func.func @{n}({wargs}) -> ({out_t}) {{\n"
            f"  %j:2 = func.call @{n}_jvp({jv}) : {jvp_t}\n"
            f"  %v:{k + 1} = func.call @{n}_vjp({vj}) : {vjp_t}\n"
            f"  return {outs} : {out_t}\n}}\n")


CASES = []  # (RuleCase, inputs)


def op_text(op, operands, in_types, out_type, attrs=""):
    attr = f" {{{attrs}}}" if attrs else ""
    return (f'  %r0 = "nabla.{op}"({", ".join(operands)}){attr} : '
            f'({", ".join(in_types)}) -> {out_type}')


def add(name, op, args, inputs, result, ref, step, tol32, attrs="", body=None):
    """args: [(dtype, shape)], result: (dtype, shape); inputs: numpy arrays."""
    if body is None:
        body = op_text(op, [f"%arg{i}" for i in range(len(args))],
                       [tensor_type(*a) for a in args], tensor_type(*result), attrs)
    CASES.append((RuleCase(name, args, result, body, ref, step, tol32), inputs))


def uniform(dt, shape, lo, hi):
    return RNG.uniform(lo, hi, size=shape).astype(MLIR_TO_NP[dt])


def away_from_zero(dt, shape, lo, hi):
    """|x| in [lo, hi] with a random sign."""
    s = np.where(RNG.random(shape) < 0.5, -1.0, 1.0)
    return (s * RNG.uniform(lo, hi, size=shape)).astype(MLIR_TO_NP[dt])


def both(fn):
    """Adds a case per float dtype: fn(dt, suffix)."""
    for dt in ("f64", "f32"):
        fn(dt)


# ---- elementwise unary --------------------------------------------------------
UNARY = {
    # op: (lax fn, input generator, FD step, f32 tolerance)
    "neg": (lax.neg, lambda dt: uniform(dt, SHAPE, -3, 3), STEP_LINEAR, 0),
    "abs": (lax.abs, lambda dt: away_from_zero(dt, SHAPE, 0.1, 3), STEP_SMOOTH, 0),
    "sign": (lax.sign, lambda dt: away_from_zero(dt, SHAPE, 0.1, 3), STEP_SMOOTH, 0),
    "exp": (lax.exp, lambda dt: uniform(dt, SHAPE, -2, 2), STEP_SMOOTH, TRANSC),
    "log": (lax.log, lambda dt: uniform(dt, SHAPE, 0.5, 5), STEP_SMOOTH, ROUNDED),
    "log1p": (lax.log1p, lambda dt: uniform(dt, SHAPE, -0.5, 3), STEP_SMOOTH, ROUNDED),
    "expm1": (lax.expm1, lambda dt: uniform(dt, SHAPE, -2, 2), STEP_SMOOTH, TRANSC),
    "tanh": (lax.tanh, lambda dt: uniform(dt, SHAPE, -2, 2), STEP_SMOOTH, TRANSC),
    "logistic": (lax.logistic, lambda dt: uniform(dt, SHAPE, -4, 4), STEP_SMOOTH, TRANSC),
    "sqrt": (lax.sqrt, lambda dt: uniform(dt, SHAPE, 0.5, 5), STEP_SMOOTH, ROUNDED),
    "rsqrt": (lax.rsqrt, lambda dt: uniform(dt, SHAPE, 0.5, 5), STEP_SMOOTH, TRANSC),
    "sin": (lax.sin, lambda dt: uniform(dt, SHAPE, -3, 3), STEP_SMOOTH, TRANSC),
    "cos": (lax.cos, lambda dt: uniform(dt, SHAPE, -3, 3), STEP_SMOOTH, TRANSC),
    "erf_inv": (lax.erf_inv, lambda dt: uniform(dt, SHAPE, -0.9, 0.9), STEP_SMOOTH, TRANSC),
    "tan": (lax.tan, lambda dt: uniform(dt, SHAPE, -1.2, 1.2), STEP_SMOOTH, TRANSC),
    "exp2": (lax.exp2, lambda dt: uniform(dt, SHAPE, -3, 3), STEP_SMOOTH, TRANSC),
    "erf": (lax.erf, lambda dt: uniform(dt, SHAPE, -2, 2), STEP_SMOOTH, TRANSC),
    # piecewise constant: zero derivative away from the integers
    "floor": (lax.floor, lambda dt: (RNG.integers(-3, 3, size=SHAPE) + uniform(dt, SHAPE, 0.2, 0.8)).astype(MLIR_TO_NP[dt]),
              STEP_SMOOTH, 0),
    "ceil": (lax.ceil, lambda dt: (RNG.integers(-3, 3, size=SHAPE) + uniform(dt, SHAPE, 0.2, 0.8)).astype(MLIR_TO_NP[dt]),
             STEP_SMOOTH, 0),
    # zero derivative by definition, though the primal is the identity: JAX only
    "stop_gradient": (lax.stop_gradient, lambda dt: uniform(dt, SHAPE, -3, 3), None, 0),
}
for op, (ref, gen, step, tol) in UNARY.items():
    both(lambda dt: add(f"{op}_{dt}", op, [(dt, SHAPE)], [gen(dt)], (dt, SHAPE), ref, step, tol))
for y in (0, 1, 2, 3, -2):
    both(lambda dt: add(f"integer_pow_{'m' if y < 0 else ''}{abs(y)}_{dt}", "integer_pow",
                        [(dt, SHAPE)], [uniform(dt, SHAPE, 0.5, 2)], (dt, SHAPE),
                        lambda x, y=y: lax.integer_pow(x, y), STEP_LINEAR if y in (0, 1) else STEP_SMOOTH,
                        ROUNDED, attrs=f"y = {y} : i64"))

# ---- elementwise binary ----------------------------------------------------------


def rem_inputs(dt):
    """x/y at least 0.2 away from an integer: rem is linear in between."""
    y = away_from_zero(dt, SHAPE, 1, 2)
    q = RNG.integers(-2, 3, size=SHAPE) + RNG.uniform(0.2, 0.8, size=SHAPE)
    return [(q * y).astype(y.dtype), y]


def max_min_inputs(dt):
    a = uniform(dt, SHAPE, -3, 3)
    d = away_from_zero(dt, SHAPE, 0.1, 1)
    return [a, (a + d).astype(a.dtype)]


BINARY = {
    "add": (lax.add, lambda dt: [uniform(dt, SHAPE, -3, 3)] * 2, STEP_LINEAR, 0),
    "sub": (lax.sub, lambda dt: [uniform(dt, SHAPE, -3, 3), uniform(dt, SHAPE, -3, 3)], STEP_LINEAR, 0),
    "mul": (lax.mul, lambda dt: [uniform(dt, SHAPE, -3, 3), uniform(dt, SHAPE, -3, 3)], STEP_LINEAR, ROUNDED),
    "div": (lax.div, lambda dt: [uniform(dt, SHAPE, -3, 3), away_from_zero(dt, SHAPE, 0.5, 3)],
            STEP_SMOOTH, ROUNDED),
    # rem's y partial is -g * trunc(x/y); nabla forms trunc(x/y) as
    # (x - rem(x, y)) / y (no floor op), JAX as sign(x/y) * floor(|x/y|): one rounding apart.
    "rem": (lax.rem, rem_inputs, STEP_SMOOTH, ROUNDED),
    "pow": (lax.pow, lambda dt: [uniform(dt, SHAPE, 0.5, 3), uniform(dt, SHAPE, -2, 2)], STEP_SMOOTH, TRANSC),
    "max": (lax.max, max_min_inputs, STEP_SMOOTH, 0),
    "atan2": (lax.atan2, lambda dt: [away_from_zero(dt, SHAPE, 0.5, 3), away_from_zero(dt, SHAPE, 0.5, 3)],
              STEP_SMOOTH, TRANSC),
    "min": (lax.min, max_min_inputs, STEP_SMOOTH, 0),
}
for op, (ref, gen, step, tol) in BINARY.items():
    both(lambda dt: add(f"{op}_{dt}", op, [(dt, SHAPE)] * 2, gen(dt), (dt, SHAPE), ref, step, tol))

# fma(a, b, c) = a*b + c rounded once: JAX has no fma primitive, so the
# reference is the unfused expression (one rounding apart, hence ROUNDED).
both(lambda dt: add(f"fma_{dt}", "fma", [(dt, SHAPE)] * 3, [uniform(dt, SHAPE, -3, 3) for _ in range(3)],
                    (dt, SHAPE), lambda a, b, c: a * b + c, STEP_LINEAR, ROUNDED))

# Conventions at non-differentiable points, against JAX only (no finite
# difference exists there): max/min split ties evenly; abs' derivative at 0
# is +1 (JAX's _abs_jvp_rule selects on x >= 0).
tie = np.array([1.0, 2.0, -1.0, 0.5], np.float32)
tie_b = np.array([1.0, 3.0, -1.0, 0.25], np.float32)
for op in ("max", "min"):
    add(f"{op}_ties_f32", op, [("f32", (4,))] * 2, [tie, tie_b], ("f32", (4,)), BINARY[op][0], None, 0)
add("abs_zero_f32", "abs", [("f32", (3,))], [np.array([0.0, -0.0, 2.0], np.float32)], ("f32", (3,)),
    lax.abs, None, 0)

# ---- select / compare / convert / constants ---------------------------------------
both(lambda dt: CASES.append((RuleCase(
    f"select_{dt}", [("i1", SHAPE), (dt, SHAPE), (dt, SHAPE)], (dt, SHAPE),
    op_text("select", ["%arg0", "%arg1", "%arg2"], [tensor_type("i1", SHAPE)] + [tensor_type(dt, SHAPE)] * 2,
            tensor_type(dt, SHAPE)), lax.select, STEP_LINEAR, 0),
    [RNG.random(SHAPE) < 0.5, uniform(dt, SHAPE, -3, 3), uniform(dt, SHAPE, -3, 3)])))
both(lambda dt: add(f"compare_{dt}", "compare", [(dt, SHAPE)] * 2,
                    [uniform(dt, SHAPE, -3, 3), uniform(dt, SHAPE, -3, 3)], ("i1", SHAPE), lax.lt,
                    STEP_LINEAR, 0, attrs='direction = "lt"'))
both(lambda dt: add(f"is_finite_{dt}", "is_finite", [(dt, SHAPE)], [uniform(dt, SHAPE, -3, 3)],
                    ("i1", SHAPE), lax.is_finite, STEP_LINEAR, 0))
# float -> float converts the tangent; dyadic inputs keep x +- t exact in f32.
dyadic = lambda shape: (RNG.integers(-64, 64, size=shape) / 16.0)
add("convert_f32_f64", "convert", [("f32", SHAPE)], [dyadic(SHAPE).astype(np.float32)], ("f64", SHAPE),
    lambda x: lax.convert_element_type(x, np.float64), STEP_LINEAR, 0)
add("convert_f64_f32", "convert", [("f64", SHAPE)], [dyadic(SHAPE)], ("f32", SHAPE),
    lambda x: lax.convert_element_type(x, np.float32), STEP_LINEAR, 0)
# int <-> float: no derivative on either side.
add("convert_f64_i32", "convert", [("f64", SHAPE)], [uniform("f64", SHAPE, 0.2, 5)], ("i32", SHAPE),
    lambda x: lax.convert_element_type(x, np.int32), STEP_LINEAR, 0)
add("convert_i32_f64", "convert", [("i32", SHAPE)], [RNG.integers(-9, 9, size=SHAPE).astype(np.int32)],
    ("f64", SHAPE), lambda x: lax.convert_element_type(x, np.float64), STEP_LINEAR, 0)
add("add_i32", "add", [("i32", SHAPE)] * 2, [RNG.integers(-9, 9, size=SHAPE).astype(np.int32)] * 2,
    ("i32", SHAPE), lax.add, STEP_LINEAR, 0)
# Bitwise ops, shifts, bit casts and the Threefry block: integer results
# (or a bit cast of a float), so no derivative at all.
for op in ("and", "or", "xor", "shift_left", "shift_right_logical", "shift_right_arithmetic"):
    add(f"{op}_i32", op, [("i32", SHAPE)] * 2, [RNG.integers(0, 9, size=SHAPE).astype(np.int32)] * 2,
        ("i32", SHAPE), None, STEP_LINEAR, 0)
add("not_ui8", "not", [("ui8", SHAPE)], [RNG.integers(0, 255, size=SHAPE).astype(np.uint8)],
    ("ui8", SHAPE), None, STEP_LINEAR, 0)
add("bitcast_convert_f32_i32", "bitcast_convert", [("f32", SHAPE)], [uniform("f32", SHAPE, -3, 3)],
    ("i32", SHAPE), None, STEP_LINEAR, 0)
add("bitcast_convert_i32_f32", "bitcast_convert", [("i32", SHAPE)],
    [RNG.integers(0, 2**20, size=SHAPE).astype(np.int32)], ("f32", SHAPE), None, STEP_LINEAR, 0)
_t = tensor_type("ui32", SHAPE)
add("threefry2x32", None, [("ui32", SHAPE)] * 4,
    [RNG.integers(0, 2**32, size=SHAPE, dtype=np.uint32) for _ in range(4)], ("ui32", SHAPE), None,
    STEP_LINEAR, 0,
    body=(f'  %y:2 = "nabla.threefry2x32"(%arg0, %arg1, %arg2, %arg3) : ({_t}, {_t}, {_t}, {_t}) -> ({_t}, {_t})\n'
          f'  %r0 = "nabla.xor"(%y#0, %y#1) : ({_t}, {_t}) -> {_t}'))
# sort_key_val: ui32 keys (no derivative) with ties; the values' tangent is
# sorted by the same keys and their cotangent scattered back. Squared after
# the sort, so a cotangent sent to the wrong position shows.
def _sort_case(dt, d):
    kt, vt = tensor_type("ui32", SHAPE), tensor_type(dt, SHAPE)
    body = (f'  %s:2 = "nabla.sort_key_val"(%arg0, %arg1) {{dimension = {d} : i64}} : ({kt}, {vt}) -> ({kt}, {vt})\n'
            f'  %r0 = "nabla.mul"(%s#1, %s#1) : ({vt}, {vt}) -> {vt}')
    add(f"sort_key_val_d{d}_{dt}", None, [("ui32", SHAPE), (dt, SHAPE)],
        [RNG.integers(2**32 - 3, 2**32, size=SHAPE, dtype=np.uint32), uniform(dt, SHAPE, -3, 3)],
        (dt, SHAPE), lambda k, v: lax.sort_key_val(k, v, dimension=d)[1] ** 2, STEP_SMOOTH, ROUNDED, body=body)


for _d in (0, 1):
    both(lambda dt: _sort_case(dt, _d))
# constant and iota have no operands: x * constant + convert(iota).
for dt in ("f64", "f32"):
    t = tensor_type(dt, SHAPE)
    body = (f'  %c = "nabla.constant"() {{value = dense<2.5> : {t}}} : () -> {t}\n'
            f'  %i = "nabla.iota"() {{dimension = 1 : i64}} : () -> {t}\n'
            f'  %m = "nabla.mul"(%arg0, %c) : ({t}, {t}) -> {t}\n'
            f'  %r0 = "nabla.add"(%m, %i) : ({t}, {t}) -> {t}')
    add(f"constant_iota_{dt}", None, [(dt, SHAPE)], [uniform(dt, SHAPE, -3, 3)], (dt, SHAPE),
        lambda x: x * 2.5 + lax.broadcasted_iota(x.dtype, SHAPE, 1), STEP_LINEAR, ROUNDED, body=body)

# ---- shape ops ----------------------------------------------------------------------
j = lambda v: ", ".join(map(str, v))
arr = lambda v: f"array<i64{': ' + j(v) if len(v) else ''}>"
for i, (src, dst, dims) in enumerate([((3,), (2, 3), [1]), ((3, 1), (3, 4), [0, 1]), ((), (2, 2), []),
                                      ((1, 3), (2, 4, 3), [1, 2])]):
    both(lambda dt: add(f"broadcast_in_dim_{i}_{dt}", "broadcast_in_dim", [(dt, src)],
                        [uniform(dt, src, -3, 3)], (dt, dst),
                        lambda x, dst=dst, dims=dims: lax.broadcast_in_dim(x, dst, dims), STEP_LINEAR, SUMS,
                        attrs=f"broadcast_dimensions = {arr(dims)}"))
for i, (src, dst) in enumerate([((2, 3), (3, 2)), ((2, 3, 4), (4, 6)), ((1, 1), ())]):
    both(lambda dt: add(f"reshape_{i}_{dt}", "reshape", [(dt, src)], [uniform(dt, src, -3, 3)], (dt, dst),
                        lambda x, dst=dst: lax.reshape(x, dst), STEP_LINEAR, 0))
for i, (src, perm) in enumerate([((2, 3, 4), (2, 0, 1)), ((3, 5), (1, 0))]):
    both(lambda dt: add(f"transpose_{i}_{dt}", "transpose", [(dt, src)], [uniform(dt, src, -3, 3)],
                        (dt, tuple(src[p] for p in perm)), lambda x, perm=perm: lax.transpose(x, perm),
                        STEP_LINEAR, 0, attrs=f"permutation = {arr(perm)}"))
for i, (src, start, limit, strides) in enumerate([((5, 6), (1, 2), (4, 6), (1, 2)), ((7,), (0,), (7,), (3,)),
                                                  ((7,), (1,), (6,), (2,)), ((4, 4), (0, 0), (4, 4), (1, 1))]):
    dst = tuple(-(-(l - s) // st) for s, l, st in zip(start, limit, strides))
    both(lambda dt: add(f"slice_{i}_{dt}", "slice", [(dt, src)], [uniform(dt, src, -3, 3)], (dt, dst),
                        lambda x, s=start, l=limit, st=strides: lax.slice(x, s, l, st), STEP_LINEAR, 0,
                        attrs=f"start_indices = {arr(start)}, limit_indices = {arr(limit)}, "
                              f"strides = {arr(strides)}"))
for i, (src, cfg) in enumerate([((2, 3), [(1, 0, 1), (0, 2, 0)]), ((4,), [(2, 3, 2)]), ((3,), [(0, 0, 0)])]):
    dst = tuple(lo + hi + d + max(d - 1, 0) * it for d, (lo, hi, it) in zip(src, cfg))
    both(lambda dt: add(f"pad_{i}_{dt}", "pad", [(dt, src), (dt, ())],
                        [uniform(dt, src, -3, 3), uniform(dt, (), -3, 3)], (dt, dst),
                        lambda x, v, cfg=cfg: lax.pad(x, v, cfg), STEP_LINEAR, SUMS,
                        attrs=f"edge_padding_low = {arr([c[0] for c in cfg])}, "
                              f"edge_padding_high = {arr([c[1] for c in cfg])}, "
                              f"interior_padding = {arr([c[2] for c in cfg])}"))

# ---- reductions ------------------------------------------------------------------------
RED = {"reduce_sum": lax.reduce_sum, "reduce_max": lax.reduce_max, "reduce_min": lax.reduce_min}
for op, ref in RED.items():
    for i, dims in enumerate([(1,), (0, 2), (0, 1, 2)]):
        src = (3, 4, 2)
        dst = tuple(s for k, s in enumerate(src) if k not in dims)

        def gen(dt):
            # distinct values 0.05 apart at least: no tie, no step crosses a kink
            v = RNG.permutation(np.prod(src)).reshape(src) * 0.05 - 0.6
            return [v.astype(MLIR_TO_NP[dt])]
        step = STEP_LINEAR if op == "reduce_sum" else STEP_SMOOTH
        tol = SUMS if op == "reduce_sum" else 0
        both(lambda dt: add(f"{op}_{i}_{dt}", op, [(dt, src)], gen(dt), (dt, dst),
                            lambda x, dims=dims, ref=ref: ref(x, dims), step, tol,
                            attrs=f"dimensions = {arr(dims)}"))
    # Ties: the cotangent is shared among the tied extrema (JAX's chooser rule).
    tied = np.array([[1.0, 3.0, 3.0, -1.0], [2.0, 2.0, 2.0, 0.0], [-5.0, -5.0, 4.0, 4.0]], np.float32)
    add(f"{op}_ties_f32", op, [("f32", (3, 4))], [tied], ("f32", (3,)), lambda x, ref=ref: ref(x, (1,)),
        None, SUMS, attrs="dimensions = array<i64: 1>")

# ---- dot_general -------------------------------------------------------------------------
DOTS = [  # lhs shape, rhs shape, lhs contracting, rhs contracting, lhs batch, rhs batch
    ((4, 3), (3, 5), [1], [0], [], []),
    ((2, 4, 3), (2, 3, 5), [2], [1], [0], [0]),
    ((7,), (7,), [0], [0], [], []),
    ((3, 4), (5, 3), [0], [1], [], []),
    ((2, 3, 4), (3, 2, 4, 5), [1, 2], [0, 2], [0], [1]),
    ((3, 2, 4), (4, 3), [2, 0], [0, 1], [], []),
]
for i, (ls, rs, lc, rc, lb, rb) in enumerate(DOTS):
    lfree = [d for k, d in enumerate(ls) if k not in lc and k not in lb]
    rfree = [d for k, d in enumerate(rs) if k not in rc and k not in rb]
    dst = tuple([ls[k] for k in lb] + lfree + rfree)
    attrs = (f"lhs_batch_dimensions = {arr(lb)}, rhs_batch_dimensions = {arr(rb)}, "
             f"lhs_contracting_dimensions = {arr(lc)}, rhs_contracting_dimensions = {arr(rc)}")
    both(lambda dt: add(f"dot_general_{i}_{dt}", "dot_general", [(dt, ls), (dt, rs)],
                        [uniform(dt, ls, -3, 3), uniform(dt, rs, -3, 3)], (dt, dst),
                        lambda a, b, dn=((lc, rc), (lb, rb)): lax.dot_general(a, b, dn), STEP_LINEAR, SUMS,
                        attrs=attrs))


# ---- rev, concatenate (last: their draws leave earlier cases as they were) ----------
for i, (src, dims) in enumerate([((3, 4), (1,)), ((2, 3, 4), (0, 2)), ((5,), (0,))]):
    both(lambda dt: add(f"rev_{i}_{dt}", "rev", [(dt, src)], [uniform(dt, src, -3, 3)], (dt, src),
                        lambda x, dims=dims: lax.rev(x, dims), STEP_LINEAR, 0, attrs=f"dimensions = {arr(dims)}"))
for i, (a, b, d) in enumerate([((2, 3), (2, 5), 1), ((1, 4), (3, 4), 0), ((2, 1, 3), (2, 2, 3), 1)]):
    out = tuple(x + y if k == d else x for k, (x, y) in enumerate(zip(a, b)))
    both(lambda dt: add(f"concatenate_{i}_{dt}", "concatenate", [(dt, a), (dt, b)],
                        [uniform(dt, a, -3, 3), uniform(dt, b, -3, 3)], (dt, out),
                        lambda x, y, d=d: lax.concatenate([x, y], d), STEP_LINEAR, 0, attrs=f"dimension = {d} : i64"))
# An integer concatenation has no derivative at all.
add("concatenate_i32", "concatenate", [("i32", (2,)), ("i32", (3,))],
    [RNG.integers(-9, 9, size=(2,)).astype(np.int32), RNG.integers(-9, 9, size=(3,)).astype(np.int32)],
    ("i32", (5,)), None, STEP_LINEAR, 0, attrs="dimension = 0 : i64")

# ---- argmax, argmin: integer results, no derivative (ad.defjvp_zero) --------------------
for _op in ("argmax", "argmin"):
    add(f"{_op}_f64", _op, [("f64", SHAPE)], [uniform("f64", SHAPE, -3, 3)], ("i32", (SHAPE[0],)), None,
        STEP_LINEAR, 0, attrs="axis = 1 : i64")

# ---- round, clamp, nextafter. Inputs from a generator of their own (the checks draw
# tangents from RNG). round: zero derivative (ad.defjvp_zero) away from the halves.
# clamp: bounds apart from x by more than the FD step (the kinks), lo < hi; x-shaped
# bounds against jax too; rank-0 bounds in f64 only (JAX's own rule selects a rank-0
# tangent against x's shape and fails; nabla broadcasts it, as lax's _brcast did).
# nextafter has no derivative in JAX: the case only holds it where none flows. ----
_CL_RNG = np.random.default_rng(20261204)


def _away(dt, shape, lo, hi, avoid):
    """Uniform in [lo, hi], at least 0.01 from every value of `avoid`."""
    x = _CL_RNG.uniform(lo, hi, size=shape)
    for _ in range(100):
        near = np.zeros(shape, bool)
        for a in avoid:
            near |= np.abs(x - a) < 0.01
        if not near.any():
            break
        x = np.where(near, _CL_RNG.uniform(lo, hi, size=shape), x)
    return x.astype(MLIR_TO_NP[dt])


for _m in (0, 1):
    both(lambda dt: add(f"round_m{_m}_{dt}", "round", [(dt, SHAPE)],
                        [(_CL_RNG.integers(-3, 3, size=SHAPE) + _CL_RNG.uniform(0.1, 0.4, size=SHAPE)).astype(
                            MLIR_TO_NP[dt])], (dt, SHAPE),
                        lambda x, m=_m: lax.round(x, lax.RoundingMethod(m)), 1e-3, 0,
                        attrs=f"rounding_method = {_m} : i64"))


def _clamp_inputs(dt, lo_shape, hi_shape):
    lo = _CL_RNG.uniform(-2, -0.1, size=lo_shape)
    hi = _CL_RNG.uniform(0.1, 2, size=hi_shape)
    x = _away("f64", SHAPE, -3, 3, [np.broadcast_to(lo, SHAPE), np.broadcast_to(hi, SHAPE)])
    return [lo.astype(MLIR_TO_NP[dt]), x.astype(MLIR_TO_NP[dt]), hi.astype(MLIR_TO_NP[dt])]


both(lambda dt: add(f"clamp_full_{dt}", "clamp", [(dt, SHAPE)] * 3, _clamp_inputs(dt, SHAPE, SHAPE), (dt, SHAPE),
                    lax.clamp, 1e-3, 0))
add("clamp_scalar_bounds_f64", "clamp", [("f64", ()), ("f64", SHAPE), ("f64", ())],
    _clamp_inputs("f64", (), ()), ("f64", SHAPE), None, 1e-3, 0)
add("clamp_scalar_lo_f64", "clamp", [("f64", ()), ("f64", SHAPE), ("f64", SHAPE)],
    _clamp_inputs("f64", (), SHAPE), ("f64", SHAPE), None, 1e-3, 0)
# min > x everywhere: only min's tangent passes (broadcast, then summed back).
add("clamp_scalar_lo_active_f64", "clamp", [("f64", ()), ("f64", SHAPE), ("f64", ())],
    [np.array(0.5), _CL_RNG.uniform(-3, 0, size=SHAPE), np.array(2.0)], ("f64", SHAPE), None, 1e-3, 0)
# f32: against jax.jvp/vjp (finite differences would see nextafter's own slope).
_t = tensor_type("f32", SHAPE)
add("nextafter_no_flow_f32", "nextafter", [("f32", SHAPE)] * 2,
    [_CL_RNG.uniform(-3, 3, size=SHAPE).astype(np.float32), _CL_RNG.uniform(-3, 3, size=SHAPE).astype(np.float32)],
    ("f32", SHAPE),
    lambda x, y: lax.stop_gradient(lax.nextafter(lax.stop_gradient(x), lax.stop_gradient(y))), 1e-3, 0,
    body=(f'  %a = "nabla.stop_gradient"(%arg0) : ({_t}) -> {_t}\n'
          f'  %b = "nabla.stop_gradient"(%arg1) : ({_t}) -> {_t}\n'
          f'  %n = "nabla.nextafter"(%a, %b) : ({_t}, {_t}) -> {_t}\n'
          f'  %r0 = "nabla.stop_gradient"(%n) : ({_t}) -> {_t}'))

# ---- reduce_prod: JAX's product tree, exact at zeros (one zero in a row: the
# cotangent there is the product of the others; two zeros: all zero), odd and even
# lengths (the pad row), several axes. Inputs from a generator of their own. ----
_PR_RNG = np.random.default_rng(20261205)


def _prod_input(dt, shape, zeros=()):
    x = (_PR_RNG.uniform(0.5, 1.5, size=shape) * np.where(_PR_RNG.random(shape) < 0.3, -1, 1))
    for z in zeros:
        x[z] = 0.0
    return x.astype(MLIR_TO_NP[dt])


for _i, (_shape, _axes, _zeros) in enumerate([((3, 4), (1,), ()), ((3, 5), (1,), ((0, 2),)),
                                              ((3, 5), (1,), ((1, 0), (1, 4), (2, 3))), ((7,), (0,), ((6,),)),
                                              ((2, 3, 4), (0, 2), ((1, 1, 1),)), ((3, 4), (0, 1), ()),
                                              ((3, 4), (), ()), ((4, 1), (1,), ((2, 0),))]):
    _out = tuple(n for k, n in enumerate(_shape) if k not in _axes)
    both(lambda dt: add(f"reduce_prod_{_i}_{dt}", "reduce_prod", [(dt, _shape)], [_prod_input(dt, _shape, _zeros)],
                        (dt, _out), lambda x, a=_axes: lax.reduce_prod(x, a), 1e-4, ROUNDED,
                        attrs=f"dimensions = {arr(_axes)}"))

# ---- cumsum, cumprod, cummax, cummin: JAX's associative scan differentiated (ties
# of cummax/cummin share as lax.max's JVP does inside that scan), zeros in cumprod,
# odd and even lengths, both directions. Inputs from a generator of their own. ----
_CU_RNG = np.random.default_rng(20261206)
_CUMS = {"cumsum": lax.cumsum, "cumprod": lax.cumprod, "cummax": lax.cummax, "cummin": lax.cummin}
for _op, _ref in _CUMS.items():
    for _i, (_shape, _ax, _rv) in enumerate([((3, 5), 1, False), ((3, 5), 1, True), ((4, 3), 0, False),
                                             ((6,), 0, True), ((2, 7, 2), 1, False), ((1, 4), 0, False)]):
        _x = _CU_RNG.uniform(0.5, 1.5, size=_shape) * np.where(_CU_RNG.random(_shape) < 0.3, -1, 1)
        if _op == "cumprod" and _i in (0, 4):
            _x.reshape(-1)[3] = 0.0
        _at = f"axis = {_ax} : i64, reverse = {'true' if _rv else 'false'}"
        both(lambda dt: add(f"{_op}_{_i}_{dt}", _op, [(dt, _shape)], [_x.astype(MLIR_TO_NP[dt])], (dt, _shape),
                            lambda v, a=_ax, r=_rv, f=_ref: f(v, a, r), 1e-4, ROUNDED, attrs=_at))
# ties: the f32 check against jax.jvp/vjp only (finite differences are one-sided there)
for _op in ("cummax", "cummin"):
    _x = np.array([[1.0, 3.0, 3.0, 2.0, 3.0, 0.5, 3.0], [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0],
                   [-1.0, -1.0, 0.5, -1.0, 4.0, 4.0, -3.0]], np.float32)
    for _rv in (False, True):
        add(f"{_op}_ties{'_rev' if _rv else ''}_f32", _op, [("f32", (3, 7))], [_x], ("f32", (3, 7)),
            lambda v, r=_rv, f=_CUMS[_op]: f(v, 1, r), 1e-4, ROUNDED,
            attrs=f"axis = 1 : i64, reverse = {'true' if _rv else 'false'}")
add("cumsum_i32", "cumsum", [("i32", (2, 3))], [np.array([[1, 2, 3], [4, 5, 6]], np.int32)], ("i32", (2, 3)),
    None, 1.0, 0, attrs="axis = 1 : i64, reverse = false")

# ---- sort: tangents permuted as x (_sort_jvp), cotangents scattered back; distinct
# values (finite differences), and ties of -0.0/0.0 in f32 against jax. Inputs from
# a generator of their own. ----
_SO_RNG = np.random.default_rng(20261207)
for _i, (_shape, _d) in enumerate([((3, 5), 1), ((4, 3), 0), ((7,), 0), ((2, 6, 2), 1)]):
    _x = _SO_RNG.permutation(int(np.prod(_shape))).reshape(_shape) * 0.37 - 1.0
    both(lambda dt: add(f"sort_{_i}_{dt}", "sort", [(dt, _shape)], [_x.astype(MLIR_TO_NP[dt])], (dt, _shape),
                        lambda v, d=_d: lax.sort(v, dimension=d, is_stable=True), 1e-3, ROUNDED,
                        attrs=f"dimension = {_d} : i64"))
add("sort_signed_zeros_f32", "sort", [("f32", (2, 5))],
    [np.array([[0.0, -0.0, 1.0, -0.0, -1.0], [np.inf, 2.0, -0.0, 0.0, 0.5]], np.float32)], ("f32", (2, 5)),
    lambda v: lax.sort(v, dimension=1, is_stable=True), 1e-3, ROUNDED, attrs="dimension = 1 : i64")

# ---- checking ------------------------------------------------------------------------------
WORST = {}  # case name -> largest relative error seen (for -v)
CURRENT = [None]


# ---- dynamic_slice / dynamic_update_slice. i32 starts, one in range, one
# clamped, one negative (clamped to 0: the op, unlike lax's wrapper, does not
# wrap). Their inputs come from a generator of their own: the checks draw
# tangents from RNG, so a draw here would change every earlier case's. ----
_IDX_RNG = np.random.default_rng(20261203)
_idx_uniform = lambda dt, shape: _IDX_RNG.uniform(-3, 3, size=shape).astype(MLIR_TO_NP[dt])  # noqa: E731
for _i, (_src, _starts, _sizes) in enumerate([((5, 6), (1, 4), (2, 3)), ((4, 3), (-2, 1), (3, 2)),
                                             ((6,), (9,), (2,))]):
    _targs = [("i32", ())] * len(_starts)
    _tin = [np.array(s, np.int32) for s in _starts]
    both(lambda dt: add(f"dynamic_slice_{_i}_{dt}", "dynamic_slice", [(dt, _src)] + _targs,
                        [_idx_uniform(dt, _src)] + _tin, (dt, _sizes),
                        lambda x, *s, sz=_sizes: lax.dynamic_slice(x, s, sz, allow_negative_indices=False),
                        STEP_LINEAR, 0, attrs=f"slice_sizes = {arr(_sizes)}"))
    both(lambda dt: add(f"dynamic_update_slice_{_i}_{dt}", "dynamic_update_slice",
                        [(dt, _src), (dt, _sizes)] + _targs,
                        [_idx_uniform(dt, _src), _idx_uniform(dt, _sizes)] + _tin, (dt, _src),
                        lambda x, u, *s: lax.dynamic_update_slice(x, u, s, allow_negative_indices=False),
                        STEP_LINEAR, 0))

# ---- erfc: -2/sqrt(pi) exp(-x^2), into the tail where 1 - erf(x) would have
# cancelled. Its inputs come from a generator of its own (as above). ----
_ERFC_RNG = np.random.default_rng(20261204)
both(lambda dt: add(f"erfc_{dt}", "erfc", [(dt, SHAPE)],
                    [_ERFC_RNG.uniform(-2, 3.5, size=SHAPE).astype(MLIR_TO_NP[dt])], (dt, SHAPE),
                    lax.erfc, STEP_SMOOTH, TRANSC))


# ---- gather / scatter*: JAX's rules, both modes, out-of-bounds and
# duplicate indices. Inputs from a generator of their own (see above). ----
_G_RNG = np.random.default_rng(20261204)
_g_uniform = lambda dt, shape: _G_RNG.uniform(-3, 3, size=shape).astype(MLIR_TO_NP[dt])  # noqa: E731
_GM = {"clip": lax.GatherScatterMode.CLIP, "fill": lax.GatherScatterMode.FILL_OR_DROP,
       "drop": lax.GatherScatterMode.FILL_OR_DROP}
_GNAMES = ("offset_dims", "collapsed_slice_dims", "start_index_map", "operand_batching_dims",
           "start_indices_batching_dims")
_SNAMES = ("update_window_dims", "inserted_window_dims", "scatter_dims_to_operand_dims",
           "operand_batching_dims", "scatter_indices_batching_dims")
_SREF = {"scatter": lax.scatter, "scatter_add": lax.scatter_add, "scatter_mul": lax.scatter_mul,
         "scatter_min": lax.scatter_min, "scatter_max": lax.scatter_max}
_GCASES = [  # operand shape, indices, dims, slice sizes
    ((6, 3), [[1], [4], [1], [-1], [7]], ((1,), (0,), (0,), (), ()), (1, 3)),
    ((5, 6), [[[1, 2], [4, 5]], [[0, 0], [3, -2]]], ((2, 3), (), (0, 1), (), ()), (2, 3)),
    ((3, 5, 2), [[[1], [4]], [[0], [6]], [[2], [2]]], ((2,), (1,), (1,), (0,), (0,)), (1, 1, 2)),
]
for _i, (_src, _idx, _dims, _sizes) in enumerate(_GCASES):
    _idx = np.array(_idx, np.int32)
    for _m in ("clip", "fill"):
        _dn = lax.GatherDimensionNumbers(*_dims)
        _ref = (lambda dn, sz, m: lambda x, i: lax.gather(x, i, dn, sz, mode=_GM[m],
                                                         fill_value=0))(_dn, _sizes, _m)
        _out = tuple(jax.eval_shape(_ref, np.zeros(_src, np.float32), _idx).shape)
        _attrs = ", ".join(f"{n} = {arr(v)}" for n, v in zip(_GNAMES, _dims))
        # "fill" reads NaN out of bounds; the rules' fill_zero is what JAX's
        # fill_value=0 gives, so the case's reference takes 0 there too
        _attrs += f', slice_sizes = {arr(_sizes)}, mode = "{"fill_zero" if _m == "fill" else _m}"'
        both(lambda dt: add(f"gather_{_i}_{_m}_{dt}", "gather", [(dt, _src), ("i32", _idx.shape)],
                            [_g_uniform(dt, _src), _idx], (dt, _out), _ref, STEP_LINEAR, 0, attrs=_attrs))
_SCASES = [  # operand shape, indices, updates shape, dims
    ((6, 3), [[1], [4], [1], [-1], [7], [1]], (6, 3), ((1,), (0,), (0,), (), ())),
    ((5, 6), [[1, 2], [4, 5], [1, 2], [0, 1]], (4, 2, 3), ((1, 2), (), (0, 1), (), ())),
    ((3, 5), [[[1], [1]], [[0], [9]], [[4], [-3]]], (3, 2), ((), (1,), (1,), (0,), (0,))),
]
_SCLIP = [(5,), (3, 3), (4,)]  # the largest start of each case's window (start_map order)
for _k in ("scatter_add", "scatter", "scatter_min", "scatter_max"):
    for _i, (_src, _idx0, _ush, _dims) in enumerate(_SCASES):
        for _m in ("drop", "clip"):
            _idx = np.array(_idx0, np.int32)
            if _m == "clip" and _k in ("scatter_min", "scatter_max"):
                # JAX's extremal JVP counts the updates in FILL_OR_DROP mode, so
                # clamped out-of-bounds updates get inf there (nabla counts in
                # the op's mode); compare on in-bounds indices
                _idx = np.clip(_idx, 0, np.array(_SCLIP[_i])).astype(np.int32)
            _dn = lax.ScatterDimensionNumbers(*_dims)
            _ref = (lambda k, dn, m: lambda x, i, u: _SREF[k](x, i, u, dn, mode=_GM[m]))(_k, _dn, _m)
            _attrs = ", ".join(f"{n} = {arr(v)}" for n, v in zip(_SNAMES, _dims)) + f', mode = "{_m}"'
            _smooth = _k in ("scatter_min", "scatter_max")
            both(lambda dt: add(f"{_k}_{_i}_{_m}_{dt}", _k, [(dt, _src), ("i32", _idx.shape), (dt, _ush)],
                                [_g_uniform(dt, _src), _idx, _g_uniform(dt, _ush)], (dt, _src), _ref,
                                STEP_SMOOTH if _smooth else STEP_LINEAR, ROUNDED, attrs=_attrs))
# scatter_mul: JAX differentiates the updates only for unique indices, so
# they are a constant here (the operand's derivative is scatter_mul(ct)).
for _i, (_src, _idx, _ush, _dims) in enumerate(_SCASES):
    _idx = np.array(_idx, np.int32)
    for _m in ("drop", "clip"):
        for _dt in ("f64", "f32"):
            _u = _g_uniform(_dt, _ush)
            _attrs = ", ".join(f"{n} = {arr(v)}" for n, v in zip(_SNAMES, _dims)) + f', mode = "{_m}"'
            _xt, _it, _ut = tensor_type(_dt, _src), tensor_type("i32", _idx.shape), tensor_type(_dt, _ush)
            _vals = ", ".join(repr(float(v)) for v in _u.reshape(-1))
            _body = (f'  %u = "nabla.constant"() {{value = dense<[{_vals}]> : tensor<{_u.size}x{_dt}>}} : () -> '
                     f'tensor<{_u.size}x{_dt}>\n'
                     f'  %ur = "nabla.reshape"(%u) : (tensor<{_u.size}x{_dt}>) -> {_ut}\n'
                     f'  %r0 = "nabla.scatter_mul"(%arg0, %arg1, %ur) {{{_attrs}}} : ({_xt}, {_it}, {_ut}) -> {_xt}')
            _dn = lax.ScatterDimensionNumbers(*_dims)
            add(f"scatter_mul_{_i}_{_m}_{_dt}", None, [(_dt, _src), ("i32", _idx.shape)],
                [_g_uniform(_dt, _src), _idx], (_dt, _src),
                (lambda dn, m, u: lambda x, i: lax.scatter_mul(x, i, jnp.asarray(u), dn, mode=_GM[m]))(_dn, _m, _u),
                STEP_LINEAR, ROUNDED, body=_body)


def rel_err(got, want):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    scale = np.max(np.abs(want)) if want.size else 0.0
    diff = np.max(np.abs(got - want)) if want.size else 0.0
    e = diff / scale if scale > 0 else diff
    WORST[CURRENT[0]] = max(WORST.get(CURRENT[0], 0.0), e)
    return e


def zeros_like_arg(dt, shape):
    return np.zeros(shape, MLIR_TO_NP[dt])


def has_derivative(case):
    return is_float(case.f_result[0]) and any(is_float(dt) for dt, _ in case.f_args)


def check_zero(lib, case, inputs):
    """An int/bool result or operands: every tangent and cotangent is zero."""
    args, (rdt, rshape) = case.f_args, case.f_result
    t = [np.ones(s, MLIR_TO_NP[dt]) for dt, s in args]
    out = lib(case.name, *inputs, *t, np.ones(rshape, MLIR_TO_NP[rdt]))
    return [f"output {k + 1} should be zero, got {v}" for k, v in enumerate(out[1:])
            if np.any(np.asarray(v) != 0)]


def check_f64(lib, case, inputs):
    """Finite differences + the dot-product identity; returns error strings."""
    errs = []
    args, (rdt, rshape) = case.f_args, case.f_result
    fl = [is_float(dt) for dt, _ in args]
    t = [uniform(dt, s, -1, 1) if f else zeros_like_arg(dt, s) for (dt, s), f in zip(args, fl)]
    ct = uniform(rdt, rshape, -1, 1)
    zt = [zeros_like_arg(dt, s) for dt, s in args]
    zct = zeros_like_arg(rdt, rshape)
    out = lib(case.name, *inputs, *t, ct)
    jvp, vjp = out[1], out[2:]

    def primal(xs):
        return np.asarray(lib(case.name, *xs, *zt, zct)[0], np.float64)

    # Jacobian by central differences, one input element at a time.
    h = case.step
    cols = []  # (arg index, flat index, column)
    for a, ((dt, s), f) in enumerate(zip(args, fl)):
        if not f:
            continue
        for e in range(int(np.prod(s))):
            plus = [np.array(x, copy=True) for x in inputs]
            minus = [np.array(x, copy=True) for x in inputs]
            plus[a].reshape(-1)[e] += h
            minus[a].reshape(-1)[e] -= h
            cols.append((a, e, ((primal(plus) - primal(minus)) / (2 * h)).ravel()))
    jt = sum(c * np.asarray(t[a], np.float64).reshape(-1)[e] for a, e, c in cols)
    e1 = rel_err(np.asarray(jvp).ravel(), jt)
    if e1 >= 1e-6:
        errs.append(f"jvp vs finite differences: relative error {e1:.2e}")
    for a, ((dt, s), f) in enumerate(zip(args, fl)):
        if not f:
            if np.any(np.asarray(vjp[a]) != 0):
                errs.append(f"vjp of non-float operand {a} should be zero")
            continue
        want = np.array([c @ np.asarray(ct, np.float64).ravel() for aa, e, c in cols if aa == a])
        e2 = rel_err(np.asarray(vjp[a]).ravel(), want)
        if e2 >= 1e-6:
            errs.append(f"vjp operand {a} vs finite differences: relative error {e2:.2e}")
    lhs = sum(float(np.sum(np.asarray(v, np.float64) * np.asarray(tt, np.float64)))
              for v, tt, f in zip(vjp, t, fl) if f)
    rhs = float(np.sum(np.asarray(ct, np.float64) * np.asarray(jvp, np.float64)))
    scale = sum(float(np.sum(np.abs(np.asarray(v, np.float64) * np.asarray(tt, np.float64))))
                for v, tt, f in zip(vjp, t, fl) if f) + 1e-300
    if abs(lhs - rhs) > 1e-10 * scale:
        errs.append(f"<vjp(ct), t> = {lhs!r} but <ct, jvp(t)> = {rhs!r}")
    return errs


def check_f32(lib, case, inputs):
    """Against jax.jvp / jax.vjp of the lax primitive."""
    errs = []
    args, (rdt, rshape) = case.f_args, case.f_result
    fl = [is_float(dt) for dt, _ in args]
    t = [uniform(dt, s, -1, 1) if f else zeros_like_arg(dt, s) for (dt, s), f in zip(args, fl)]
    ct = uniform(rdt, rshape, -1, 1)
    out = lib(case.name, *inputs, *t, ct)
    jvp, vjp = out[1], out[2:]
    # Integer operands are closed over: JAX would want float0 tangents for them.
    idx = [k for k, f in enumerate(fl) if f]

    def fn(*fargs):
        full = list(inputs)
        for k, v in zip(idx, fargs):
            full[k] = v
        return case.ref(*[jnp.asarray(v) for v in full])
    prim = [jnp.asarray(inputs[k]) for k in idx]
    _, want_jvp = jax.jvp(fn, prim, [jnp.asarray(t[k]) for k in idx])
    _, pull = jax.vjp(fn, *prim)
    want_vjp = pull(jnp.asarray(ct))
    e = rel_err(jvp, want_jvp)
    if e > case.tol32:
        errs.append(f"jvp vs jax.jvp: relative error {e:.2e} > {case.tol32}")
    for k, w in zip(idx, want_vjp):
        e = rel_err(vjp[k], w)
        if e > case.tol32:
            errs.append(f"vjp operand {k} vs jax.vjp: relative error {e:.2e} > {case.tol32}: "
                        f"nabla {np.asarray(vjp[k]).ravel()[:4]} jax {np.asarray(w).ravel()[:4]}")
    return errs


def main():
    print(jax_reference.describe())
    ap = conformance_args()
    ap.add_argument("-v", action="store_true", help="print each case's largest error")
    args = ap.parse_args()
    cases = [c for c in CASES if args.k in c[0].name]
    lib = Library([c[0] for c in cases], args.nablac, args.runtime, args.cc, "conf_rules", args.workdir)
    failures, ops_seen = [], set()
    for case, inputs in cases:
        ops_seen.update(re.findall(r'"nabla\.(\w+)"', case.f_body))
        CURRENT[0] = case.name
        f64 = all(dt in ("f64", "i1", "i32") for dt, _ in case.f_args + [case.f_result]) and case.step
        if not has_derivative(case):
            errs = check_zero(lib, case, inputs)
        else:
            errs = check_f64(lib, case, inputs) if f64 else check_f32(lib, case, inputs)
        failures += [f"{case.name}: {e}" for e in errs]
    if args.irdl and not args.k:
        failures += [f"op nabla.{op} has no rule case"
                     for op in ops_without_case(args.irdl, ops_seen)]
    if args.v:
        for name, e in sorted(WORST.items(), key=lambda kv: str(kv[0])):
            print(f"  {name}: {e:.2e}")
    print(f"{len(cases)} cases over {len(ops_seen)} ops: {len(cases) - len(set(f.split(':')[0] for f in failures))} pass")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
