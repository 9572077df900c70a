"""Random well-typed nabla programs, each from one description that renders
both to nabla MLIR (generic syntax) and to the JAX code (jax.lax) computing
the same thing: test_random_programs.py compiles the first with nablac and
runs the second in JAX.

A program is a list of ops on named values v0, v1, ... (the first ones are
the arguments), each value with a dtype and shape and, for the generator,
an interval bounding its elements and an `exact` flag. The generator keeps
every op inside its domain by building guards from ops (log of abs(x)+0.3,
a denominator abs(y)+0.5, exp of a value squashed by tanh or scaled by a
constant), never by special-casing the reference; magnitudes stay small
(|v| <= a few hundred) so that float tolerances stay meaningful.

`exact` marks values nabla and JAX must compute bit for bit (arguments,
constants, data movement, IEEE-rounded arithmetic on such values): only
those feed the ops whose result jumps on a one-ulp change (float -> int
conversion, bit casts), so an ulp of difference in exp does not become a
difference of 1 in an integer.

The JAX code of a program is Python text run with exec in a namespace that
maps each dtype name to a numpy dtype (D). The "wide" run maps every float
dtype to float64 and the "narrow" one f64 to f32: they estimate JAX's own
rounding error, which calibrates the tolerances (test_random_programs.py).

Functions (Fn) compose: the program itself, then grad / value_and_grad /
jvp / vjp / vmap of a function, and `scalarize` (a float scalar from a
function's result, reduce_sum(r * W) with a constant W) so grad applies to
anything. Each Fn renders as a func.func (a body, or a declaration tagged
nabla.grad/...; lowering/transforms/autodiff.h) and as a Python function
built with the matching jax transform (helpers below keep nabla's
convention that integer tangents/cotangents are zeros of their own type,
where JAX uses float0).
"""
import numpy as np

FLOATS = ("f32", "f64", "f16", "bf16")
INTS = ("i32", "ui32")
EPS = {"f32": 2.0 ** -23, "f64": 2.0 ** -52, "f16": 2.0 ** -10, "bf16": 2.0 ** -7}

# The elementwise families the generator draws from. With --irdl the driver
# fails when an op of dialect/nabla.irdl.mlir never appears in the sample,
# so a new op of the dialect has to get a generator here (a method op_*).
UNARY_FLOAT = ("neg", "abs", "sign", "exp", "log", "log1p", "expm1", "tanh", "logistic",
               "sqrt", "rsqrt", "sin", "cos", "erf_inv", "tan", "exp2", "erf", "erfc")
BINARY_FLOAT = ("add", "sub", "mul", "div", "rem", "pow", "max", "min", "atan2")
TRANSCENDENTAL = {"exp", "log", "log1p", "expm1", "tanh", "logistic", "rsqrt", "sin", "cos",
                  "pow", "erf_inv", "tan", "exp2", "erf", "erfc", "atan2"}
# ulp weight of one op in the composed tolerance (test_random_programs.py)
OP_WEIGHT = {op: 4 for op in TRANSCENDENTAL}
OP_WEIGHT.update({"add": 1, "sub": 1, "mul": 1, "div": 1, "sqrt": 1, "rem": 1, "fma": 1,
                  "integer_pow": 3, "convert": 1})


def is_float(dt):
    return dt in FLOATS


def ttype(dt, shape):
    return f"tensor<{'x'.join(map(str, shape))}x{dt}>" if shape else f"tensor<{dt}>"


def arr(v):
    return f"array<i64: {', '.join(map(str, v))}>" if len(v) else "array<i64>"


def dense_text(a, dt):
    """MLIR dense literal of numpy array a (values already of dtype dt)."""
    def el(x):
        if dt == "i1":
            return "true" if x else "false"
        if is_float(dt):
            return repr(float(x))
        return str(int(x))

    def rec(x):
        if isinstance(x, list):
            return "[" + ", ".join(rec(y) for y in x) + "]"
        return el(x)
    a = np.asarray(a)
    if a.ndim == 0:
        return el(a.item() if dt != "i1" else bool(a))
    return rec(a.tolist())


class Val:
    def __init__(self, name, dt, shape, lo, hi, exact, deps, mref=None):
        # name: the Python expression (v3, v7[0]); mref: the MLIR one (v3, v7#0)
        self.name, self.dt, self.shape, self.mref = name, dt, tuple(shape), mref or name
        self.lo, self.hi, self.exact, self.deps = float(lo), float(hi), exact, frozenset(deps)

    @property
    def mag(self):
        return max(abs(self.lo), abs(self.hi))

    @property
    def size(self):
        return int(np.prod(self.shape)) if self.shape else 1


class Program:
    """The base function: args, ops, outputs."""

    def __init__(self, rng, name, np_dtypes):
        self.rng, self.name, self.NP = rng, name, np_dtypes
        self.vals, self.args, self.mlir, self.py, self.consts = [], [], [], [], {}
        self.ops_used, self.weight, self.outputs = set(), 0, []
        self.reduced_terms = 1   # largest number of terms of one sum (reductions, dots)

    # ---- values ------------------------------------------------------------
    def _new(self, dt, shape, lo, hi, exact, deps):
        v = Val(f"v{len(self.vals)}", dt, shape, lo, hi, exact, deps)
        self.vals.append(v)
        return v

    def add_arg(self, dt, shape):
        lo, hi = ARG_RANGE[dt]
        v = self._new(dt, shape, lo, hi, True, {len(self.args)})
        self.args.append(v)
        return v

    def emit(self, op, operands, dt, shape, lo, hi, exact, py, attrs="", weight=None):
        deps = set().union(*[o.deps for o in operands]) if operands else set()
        v = self._new(dt, shape, lo, hi, exact, deps)
        attr = f" {{{attrs}}}" if attrs else ""
        ins = ", ".join(ttype(o.dt, o.shape) for o in operands)
        self.mlir.append(f'    %{v.name} = "nabla.{op}"({", ".join("%" + o.mref for o in operands)}){attr} : '
                         f"({ins}) -> {ttype(dt, shape)}")
        self.py.append(f"    {v.name} = {py}")
        self.ops_used.add(op)
        self.weight += OP_WEIGHT.get(op, 0) if weight is None else weight
        return v

    def const(self, dt, shape, values, lo=None, hi=None):
        a = np.asarray(values).astype(self.NP[dt]).reshape(shape)
        k = f"c{len(self.consts)}"
        self.consts[k] = a
        if lo is None:
            f = a.astype(np.float64)
            lo, hi = (float(f.min()), float(f.max())) if a.size else (0.0, 0.0)
        return self.emit("constant", [], dt, shape, lo, hi, True, f"K['{k}'](D)",
                         attrs=f"value = dense<{dense_text(a, dt)}> : {ttype(dt, shape)}")

    def scalar(self, dt, x, shape):
        """A weak scalar: a rank-0 constant broadcast to `shape`."""
        c = self.const(dt, (), x)
        return self.broadcast(c, shape, [])

    # ---- shape helpers ----------------------------------------------------------
    def broadcast(self, x, shape, dims):
        if tuple(shape) == x.shape and list(dims) == list(range(len(shape))):
            return x
        return self.emit("broadcast_in_dim", [x], x.dt, shape, x.lo, x.hi, x.exact,
                         f"lax.broadcast_in_dim({x.name}, {tuple(shape)}, {tuple(dims)})",
                         attrs=f"broadcast_dimensions = {arr(dims)}")

    def np_broadcast(self, x, shape):
        """NumPy broadcasting of x to shape (trailing alignment)."""
        off = len(shape) - len(x.shape)
        return self.broadcast(x, shape, list(range(off, len(shape))))

    def convert(self, x, dt):
        if x.dt == dt:
            return x
        if is_float(x.dt) and dt in INTS:
            # in range: out-of-range float -> int conversions differ (XLA
            # saturates, NaN -> 0; nabla gives the CPU's cvtt result), a
            # difference reported to the compiler's owners
            if x.mag >= 2.0 ** 31:
                x = self.bounded(x, 1000)
            if dt == "ui32" and x.lo < 0:
                x = self.unary("abs", x)
        lo, hi = x.lo, x.hi
        if dt == "i1":
            lo, hi = 0, 1
        elif not is_float(dt) and is_float(x.dt):
            lo, hi = np.trunc(lo), np.trunc(hi)
        if dt == "f16":
            lo, hi = max(lo, -65504), min(hi, 65504)
        exact = x.exact  # a conversion rounds correctly: exact if its input is
        return self.emit("convert", [x], dt, x.shape, lo, hi, exact,
                         f"cv({x.name}, '{dt}')")

    # ---- guards (domains built from ops) -------------------------------------------
    def positive(self, x, at_least=0.5):
        """abs(x) + c, every element >= at_least."""
        if x.lo >= at_least:
            return x
        a = self.unary("abs", x) if x.lo < 0 else x
        c = self.scalar(x.dt, at_least, x.shape)
        return self.binary("add", a, c)

    def bounded(self, x, m):
        """x with |x| <= m (m >= 1): scaled by a power of two, or squashed."""
        if x.mag <= m:
            return x
        r = self.rng
        if x.mag <= 16 * m and r.random() < 0.5:
            s = 2.0 ** -int(np.ceil(np.log2(x.mag / m)))
            return self.binary("mul", x, self.scalar(x.dt, s, x.shape))
        y = self.unary(r.choice(["tanh", "sin", "cos", "logistic"]), x)
        return y

    def away_from_zero(self, x):
        """|x| >= 0.5 elementwise: abs(x)+0.5, its negation, or x itself."""
        if x.lo >= 0.5 or x.hi <= -0.5:
            return x
        y = self.positive(x)
        return self.unary("neg", y) if self.rng.random() < 0.3 else y

    # ---- ops ----------------------------------------------------------------------
    def unary(self, op, x):
        """One elementwise op on x, whose domain the caller ensured."""
        lo, hi, ex = x.lo, x.hi, False
        dt = x.dt
        py = f"lax.{op}({x.name})"
        if op == "neg":
            lo, hi, ex = -hi, -lo, x.exact
            if dt == "ui32":
                lo, hi = 0, 2.0 ** 32
        elif op == "abs":
            lo, hi, ex = (0 if lo < 0 < hi else min(abs(lo), abs(hi))), x.mag, x.exact
            if dt == "ui32":
                py = f"jnp.abs({x.name})"
        elif op == "sign":
            lo, hi, ex = -1, 1, x.exact
            if dt == "ui32":
                py = f"jnp.sign({x.name})"
        elif op == "exp":
            lo, hi = np.exp(lo), np.exp(hi)
        elif op == "expm1":
            lo, hi = np.expm1(lo), np.expm1(hi)
        elif op == "log":
            lo, hi = np.log(lo), np.log(hi)
        elif op == "log1p":
            lo, hi = np.log1p(lo), np.log1p(hi)
        elif op in ("tanh", "sin", "cos"):
            lo, hi = -1, 1
        elif op == "logistic":
            lo, hi = 0, 1
        elif op == "sqrt":
            lo, hi, ex = np.sqrt(lo), np.sqrt(hi), x.exact
        elif op == "rsqrt":
            lo, hi = 1 / np.sqrt(hi), 1 / np.sqrt(lo)
        elif op == "erf_inv":
            lo, hi = -2, 2
        elif op == "tan":
            lo, hi = np.tan(lo), np.tan(hi)
        elif op == "exp2":
            lo, hi = 2.0 ** lo, 2.0 ** hi
        elif op == "erf":
            lo, hi = -1, 1
        elif op == "erfc":
            lo, hi = 0, 2
        elif op in ("floor", "ceil"):
            lo, hi, ex = np.floor(lo), np.ceil(hi), x.exact
        elif op == "is_finite":
            return self.emit(op, [x], "i1", x.shape, 0, 1, x.exact, py)
        elif op == "not":
            py = f"lax.bitwise_not({x.name})"
            (lo, hi), ex = (0, 1) if dt == "i1" else ((0, 2.0 ** 32) if dt == "ui32" else (-hi - 1, -lo - 1)), x.exact
        elif op == "stop_gradient":
            ex = x.exact
        return self.emit(op, [x], dt, x.shape, lo, hi, ex, py)

    def binary(self, op, x, y):
        lo, hi = x.lo, x.hi
        ex = x.exact and y.exact
        py = f"lax.{op}({x.name}, {y.name})"
        if op == "add":
            lo, hi = x.lo + y.lo, x.hi + y.hi
        elif op == "sub":
            lo, hi = x.lo - y.hi, x.hi - y.lo
        elif op == "mul":
            c = [x.lo * y.lo, x.lo * y.hi, x.hi * y.lo, x.hi * y.hi]
            lo, hi = min(c), max(c)
        elif op == "div":
            if is_float(x.dt):
                m = x.mag / max(min(abs(y.lo), abs(y.hi)), 1e-3)
            else:
                m = x.mag
            lo, hi = -m, m
        elif op == "rem":
            m = min(x.mag, max(abs(y.lo), abs(y.hi)))
            lo, hi = (-m if x.lo < 0 else 0), (m if x.hi > 0 else 0)
        elif op == "pow":
            c = [a ** b for a in (x.lo, x.hi) for b in (y.lo, y.hi)]
            lo, hi, ex = min(c), max(c), False
        elif op in ("max", "min"):
            f = max if op == "max" else min
            lo, hi = f(x.lo, y.lo), f(x.hi, y.hi)
        elif op == "atan2":
            lo, hi, ex = -np.pi / 2, np.pi / 2, False
        elif op in ("and", "or", "xor"):
            py = f"lax.bitwise_{op}({x.name}, {y.name})"
            if x.dt == "i1":
                lo, hi = 0, 1
            elif op == "and" and x.lo >= 0:
                lo, hi = 0, x.hi
            elif op == "and" and y.lo >= 0:
                lo, hi = 0, y.hi
            else:
                lo, hi = FULL_RANGE[x.dt]
        elif op.startswith("shift"):
            lo, hi = FULL_RANGE[x.dt]
            if op != "shift_left" and x.lo >= 0:
                lo, hi = 0, x.hi if op == "shift_right_arithmetic" else FULL_RANGE[x.dt][1]
        if not is_float(x.dt) and x.dt != "i1":
            flo, fhi = FULL_RANGE[x.dt]
            if lo < flo or hi > fhi:  # may wrap
                lo, hi = flo, fhi
        return self.emit(op, [x, y], x.dt, x.shape, lo, hi, ex, py)

    def pick(self, pred=lambda v: True, recent=True):
        cands = [v for v in self.vals if pred(v)]
        if not cands:
            return None
        if recent and self.rng.random() < 0.6:
            cands = cands[-4:]
        return cands[int(self.rng.integers(len(cands)))]

    def same_shape_operand(self, x, dt=None, pred=lambda v: True):
        """Another value of x's dtype (or dt) that broadcasts with x, made
        into x's shape; else a weak scalar or a fresh argument."""
        dt = dt or x.dt
        r = self.rng
        if r.random() < 0.7:
            c = self.pick(lambda v: v.dt == dt and len(v.shape) <= len(x.shape) and pred(v) and
                          all(a == b or a == 1 for a, b in zip(v.shape[::-1], x.shape[::-1])))
            if c is not None:
                return self.np_broadcast(c, x.shape)
        if r.random() < 0.5 and len(self.args) < 5:
            return self.add_arg(dt, x.shape)
        return self.scalar(dt, draw_value(r, dt), x.shape)

    # ---- random ops ---------------------------------------------------------------------
    def random_op(self):
        r = self.rng
        kinds = [("float_unary", 14), ("float_binary", 12), ("integer_pow", 2), ("compare_select", 3),
                 ("convert", 3), ("broadcast", 2), ("reshape", 2), ("transpose", 2), ("slice", 2),
                 ("pad", 2), ("reduce", 3), ("dot", 3), ("iota", 1), ("stop_gradient", 1),
                 ("int_ops", 4), ("bitcast", 1), ("fma", 1), ("sort", 1), ("threefry", 0.7),
                 ("int_unary", 1.5), ("round", 1.5), ("dynamic_slice", 1), ("dynamic_update_slice", 1),
                 ("rev", 1), ("concatenate", 1), ("argminmax", 1), ("gather", 1), ("scatter", 1.5),
                 ("round_half", 1), ("clamp", 1), ("nextafter", 0.5), ("reduce_prod", 1),
                 ("cumulative", 1.5), ("sort_one", 1)]
        names, w = zip(*kinds)
        w = np.array(w, float)
        for _ in range(10):
            k = names[int(r.choice(len(names), p=w / w.sum()))]
            if getattr(self, "op_" + k)() is not None:
                return

    def op_float_unary(self):
        x = self.pick(lambda v: is_float(v.dt))
        if x is None:
            return None
        op = UNARY_FLOAT[int(self.rng.integers(len(UNARY_FLOAT)))]
        if op in ("exp", "expm1", "exp2"):
            x = self.bounded(x, 3)
        elif op == "tan":   # away from the poles at +-pi/2
            x = self.bounded(x, 1)
        elif op in ("log", "sqrt", "rsqrt"):
            x = self.bounded(x, 100)
            x = self.positive(x, 0.3 if op == "log" else 0.25)
        elif op == "log1p":
            x = self.bounded(x, 100)
            if x.lo < -0.6:
                x = self.positive(x, 0.0)
        elif op == "erfc":  # erfc(2) ~ 0.005: no relative error blown up in the tail
            x = self.bounded(x, 2)
        elif op == "erf_inv":
            if x.mag > 0.9:
                x = self.bounded(x, 1)
                if x.mag > 0.9:
                    x = self.binary("mul", x, self.scalar(x.dt, 0.875, x.shape))
        else:
            x = self.bounded(x, 200)
        return self.unary(op, x)

    def op_float_binary(self):
        x = self.pick(lambda v: is_float(v.dt))
        if x is None:
            return None
        op = BINARY_FLOAT[int(self.rng.integers(len(BINARY_FLOAT)))]
        y = self.same_shape_operand(x)
        if op in ("mul",):
            x, y = self.bounded(x, 20), self.bounded(y, 20)
        elif op in ("add", "sub", "max", "min"):
            x, y = self.bounded(x, 200), self.bounded(y, 200)
        elif op in ("div", "rem"):
            x, y = self.bounded(x, 20), self.away_from_zero(self.bounded(y, 20))
        elif op == "pow":
            x = self.positive(self.bounded(x, 4), 0.25)
            y = self.bounded(y, 2)
        elif op == "atan2":   # atan2(y, x) with x > 0: away from the branch cut
            x, y = self.bounded(x, 200), self.positive(self.bounded(y, 200), 0.25)
        if self.rng.random() < 0.5 and op not in ("div", "rem", "pow", "atan2"):
            x, y = y, x
        return self.binary(op, x, y)

    def op_integer_pow(self):
        x = self.pick(lambda v: is_float(v.dt) or v.dt == "i32")
        if x is None:
            return None
        n = int(self.rng.choice([-2, -1, 0, 1, 2, 3, 4]))
        if not is_float(x.dt):
            n = abs(n)
            x = self.int_small(x, 30)
        else:
            x = self.bounded(x, 3)
            if n < 0:
                x = self.away_from_zero(x)
        m = x.mag ** abs(n) if n >= 0 else 1 / min(abs(x.lo), abs(x.hi)) ** abs(n)
        lo = -m if (n % 2 and x.lo < 0) else (0 if n % 2 == 0 or x.lo >= 0 else -m)
        if n == 0:
            lo, m = 1, 1
        return self.emit("integer_pow", [x], x.dt, x.shape, lo, m, x.exact and n in (0, 1),
                         f"lax.integer_pow({x.name}, {n})", attrs=f"y = {n} : i64")

    def int_small(self, x, m):
        """An integer value with |x| <= m (masked with and, shifted if need be)."""
        if x.mag <= m:
            return x
        if x.dt == "ui32" or x.lo >= 0:
            mask = (1 << int(np.log2(m + 1))) - 1
            return self.binary("and", x, self.scalar(x.dt, mask, x.shape))
        y = self.binary("and", x, self.scalar(x.dt, (1 << int(np.log2(m + 1))) - 1, x.shape))
        return self.binary("sub", y, self.scalar(x.dt, (m + 1) // 2, x.shape))

    def op_compare_select(self):
        x = self.pick(lambda v: v.dt != "i1")
        if x is None:
            return None
        y = self.same_shape_operand(x)
        d = str(self.rng.choice(["eq", "ne", "lt", "le", "gt", "ge"]))
        p = self.emit("compare", [x, y], "i1", x.shape, 0, 1, x.exact and y.exact,
                      f"lax.{d}({x.name}, {y.name})", attrs=f'direction = "{d}"')
        if self.rng.random() < 0.2:
            return p
        a = self.pick(lambda v: v.shape == x.shape and v.dt != "i1") or x
        b = self.same_shape_operand(a)
        return self.emit("select", [p, a, b], a.dt, a.shape, min(a.lo, b.lo), max(a.hi, b.hi),
                         a.exact and b.exact and p.exact, f"lax.select({p.name}, {a.name}, {b.name})")

    def op_convert(self):
        r = self.rng
        x = self.pick()
        if x is None:
            return None
        dt = draw_dtype(r)
        if dt == x.dt:
            return None
        if is_float(x.dt) and not is_float(dt):
            if not x.exact:
                return None   # a one-ulp difference would become a difference of 1
            if dt == "ui32" and x.lo < 0:
                x = self.unary("abs", x)
        if not is_float(x.dt) and dt in ("f16", "bf16") and x.mag > 2 ** 11:
            x = self.int_small(x, 2047)
        if is_float(x.dt) and dt in ("f16", "bf16"):
            x = self.bounded(x, 1000)
        return self.convert(x, dt)

    def op_broadcast(self):
        x = self.pick(lambda v: len(v.shape) < 3)
        if x is None:
            return None
        r = self.rng
        rank = int(r.integers(len(x.shape) + (0 if x.shape else 1), 4))
        dims = sorted(r.choice(rank, size=len(x.shape), replace=False).tolist())
        shape = [int(r.integers(1, 5)) for _ in range(rank)]
        for i, d in zip(dims, x.shape):
            shape[i] = d if d != 1 else int(r.integers(1, 5))
        return self.broadcast(x, tuple(shape), dims)

    def op_reshape(self):
        x = self.pick()
        if x is None:
            return None
        n = x.size
        factors = []
        k, p = n, 2
        while k > 1:
            while k % p == 0:
                factors.append(p)
                k //= p
            p += 1
        r = self.rng
        rank = int(r.integers(max(1 if factors else 0, min(len(factors), 1)), 4))
        shape = [1] * rank
        for f in factors:
            if rank == 0:
                break
            shape[int(r.integers(rank))] *= f
        if rank == 0 and n != 1:
            return None
        if tuple(shape) == x.shape:
            return None
        return self.emit("reshape", [x], x.dt, tuple(shape), x.lo, x.hi, x.exact,
                         f"lax.reshape({x.name}, {tuple(shape)})")

    def op_transpose(self):
        x = self.pick(lambda v: len(v.shape) >= 2)
        if x is None:
            return None
        perm = self.rng.permutation(len(x.shape)).tolist()
        shape = tuple(x.shape[p] for p in perm)
        return self.emit("transpose", [x], x.dt, shape, x.lo, x.hi, x.exact,
                         f"lax.transpose({x.name}, {tuple(perm)})", attrs=f"permutation = {arr(perm)}")

    def op_slice(self):
        x = self.pick(lambda v: len(v.shape) >= 1)
        if x is None:
            return None
        r = self.rng
        st, li, sd = [], [], []
        for d in x.shape:
            s = int(r.integers(0, d))
            l = int(r.integers(s + 1, d + 1))
            st.append(s), li.append(l), sd.append(int(r.integers(1, 4)))
        shape = tuple(-(-(l - s) // k) for s, l, k in zip(st, li, sd))
        return self.emit("slice", [x], x.dt, shape, x.lo, x.hi, x.exact,
                         f"lax.slice({x.name}, {tuple(st)}, {tuple(li)}, {tuple(sd)})",
                         attrs=f"start_indices = {arr(st)}, limit_indices = {arr(li)}, strides = {arr(sd)}")

    def op_pad(self):
        x = self.pick(lambda v: len(v.shape) >= 1 and max(v.shape) <= 6)
        if x is None:
            return None
        r = self.rng
        pv = self.pick(lambda v: v.shape == () and v.dt == x.dt) if r.random() < 0.5 else None
        if pv is None:
            pv = self.const(x.dt, (), draw_value(r, x.dt))
        cfg = [(int(r.integers(0, 3)), int(r.integers(0, 3)), int(r.integers(0, 2))) for _ in x.shape]
        shape = tuple(lo + hi + d + (d - 1) * it for d, (lo, hi, it) in zip(x.shape, cfg))
        j = lambda k: [c[k] for c in cfg]  # noqa: E731
        return self.emit("pad", [x, pv], x.dt, shape, min(x.lo, pv.lo), max(x.hi, pv.hi),
                         x.exact and pv.exact, f"lax.pad({x.name}, {pv.name}, {tuple(cfg)})",
                         attrs=f"edge_padding_low = {arr(j(0))}, edge_padding_high = {arr(j(1))}, "
                               f"interior_padding = {arr(j(2))}")

    def op_rev(self):
        x = self.pick(lambda v: len(v.shape) >= 1)
        if x is None:
            return None
        r = self.rng
        dims = sorted(r.choice(len(x.shape), size=int(r.integers(1, len(x.shape) + 1)), replace=False).tolist())
        return self.emit("rev", [x], x.dt, x.shape, x.lo, x.hi, x.exact, f"lax.rev({x.name}, {tuple(dims)})",
                         attrs=f"dimensions = {arr(dims)}")

    def op_concatenate(self):
        x = self.pick(lambda v: len(v.shape) >= 1)
        if x is None:
            return None
        r = self.rng
        d = int(r.integers(len(x.shape)))
        y = self.pick(lambda v: v.dt == x.dt and len(v.shape) == len(x.shape) and
                      all(a == b for k, (a, b) in enumerate(zip(v.shape, x.shape)) if k != d))
        if (y is None or r.random() < 0.3) and len(self.args) < 5:
            y = self.add_arg(x.dt, tuple(int(r.integers(1, 4)) if k == d else n for k, n in enumerate(x.shape)))
        y = y or x
        shape = tuple(a + b if k == d else a for k, (a, b) in enumerate(zip(x.shape, y.shape)))
        if r.random() < 0.5:
            x, y = y, x
        return self.emit("concatenate", [x, y], x.dt, shape, min(x.lo, y.lo), max(x.hi, y.hi),
                         x.exact and y.exact, f"lax.concatenate([{x.name}, {y.name}], {d})",
                         attrs=f"dimension = {d} : i64")

    def op_round_half(self):
        """lax.round either way (of an exact value: it jumps at the halves)."""
        x = self.pick(lambda v: is_float(v.dt) and v.exact)
        if x is None:
            return None
        m = int(self.rng.integers(2))
        return self.emit("round", [x], x.dt, x.shape, np.floor(x.lo), np.ceil(x.hi), True,
                         f"lax.round({x.name}, lax.RoundingMethod({m}))", attrs=f"rounding_method = {m} : i64")

    def op_clamp(self):
        """lax.clamp of an exact x (its tangent switches at the bounds): each
        bound a rank-0 constant or a value of x's shape; a rank-0 bound is
        never a function of the arguments (JAX's JVP cannot take its tangent)."""
        x = self.pick(lambda v: v.exact and v.dt != "i1")
        if x is None:
            return None
        r = self.rng
        mid = (x.lo + x.hi) / 2
        if not is_float(x.dt):
            mid = float(np.floor(mid))
        bounds = []
        for lo, hi in ((x.lo, mid), (mid, x.hi)):
            y = self.pick(lambda v: v.dt == x.dt and v.shape == x.shape and v.exact and v is not x)
            if y is None or r.random() < 0.5:
                c = r.uniform(lo, hi) if is_float(x.dt) else float(r.integers(int(lo), int(hi) + 1))
                y = self.const(x.dt, (), c)
            bounds.append(y)
        lo, hi = bounds
        return self.emit("clamp", [lo, x, hi], x.dt, x.shape, min(lo.lo, hi.lo), hi.hi, True,
                         f"lax.clamp({lo.name}, {x.name}, {hi.name})")

    def op_nextafter(self):
        """lax.nextafter between stop_gradients (JAX defines no derivative)."""
        x = self.pick(lambda v: is_float(v.dt))
        if x is None:
            return None
        y = self.pick(lambda v: v.dt == x.dt and v.shape == x.shape and v is not x)
        if y is None:
            y = self.broadcast(self.const(x.dt, (), float(self.rng.uniform(-3, 3))), x.shape, [])
        a, b = self.unary("stop_gradient", x), self.unary("stop_gradient", y)
        n = self.emit("nextafter", [a, b], x.dt, x.shape, x.lo - abs(x.lo) * 0.01 - 1e-30,
                      x.hi + abs(x.hi) * 0.01 + 1e-30, x.exact and y.exact, f"lax.nextafter({a.name}, {b.name})")
        return self.unary("stop_gradient", n)

    def op_reduce_prod(self):
        """lax.reduce_prod over at most 12 elements of a value bounded by 1.5
        (floats) or 3 (ints; the product may wrap, as XLA's does)."""
        x = self.pick(lambda v: len(v.shape) >= 1 and v.dt != "i1")
        if x is None:
            return None
        r = self.rng
        axes = sorted(r.choice(len(x.shape), size=int(r.integers(1, len(x.shape) + 1)), replace=False).tolist())
        n = int(np.prod([x.shape[a] for a in axes]))
        if n > 12:
            return None
        x = self.bounded(x, 1.5) if is_float(x.dt) else self.int_small(x, 3)
        shape = tuple(d for k, d in enumerate(x.shape) if k not in axes)
        m = max(x.mag, 1.0) ** n
        lo, hi = (0 if x.lo >= 0 else -m), m
        if not is_float(x.dt) and hi > FULL_RANGE[x.dt][1]:
            lo, hi = FULL_RANGE[x.dt]
        return self.emit("reduce_prod", [x], x.dt, shape, lo, hi, x.exact and not is_float(x.dt),
                         f"lax.reduce_prod({x.name}, {tuple(axes)})", attrs=f"dimensions = {arr(axes)}",
                         weight=n if is_float(x.dt) else 0)

    def op_cumulative(self):
        """lax.cumsum / cumprod / cummax / cummin along one axis, either way:
        cumsum of bounded values, cumprod of values within 1.5 (at most 8
        factors), cummax/cummin of exact values (their tangent follows ties)."""
        r = self.rng
        op = str(r.choice(["cumsum", "cumprod", "cummax", "cummin"]))
        x = self.pick(lambda v: len(v.shape) >= 1 and v.dt != "i1" and (op in ("cumsum", "cumprod") or v.exact))
        if x is None:
            return None
        ax = int(r.integers(len(x.shape)))
        n = x.shape[ax]
        rv = bool(r.integers(2))
        lo, hi, ex, w = x.lo, x.hi, x.exact, 0
        if op == "cumsum":
            x = self.bounded(x, 20) if is_float(x.dt) else self.int_small(x, 1000)
            lo, hi = min(x.lo * n, x.lo), max(x.hi * n, x.hi)
            ex, w = not is_float(x.dt) and x.exact, (n if is_float(x.dt) else 0)
        elif op == "cumprod":
            if n > 8:
                return None
            x = self.bounded(x, 1.5) if is_float(x.dt) else self.int_small(x, 3)
            m = max(x.mag, 1.0) ** n
            lo, hi = (0 if x.lo >= 0 else -m), m
            ex, w = not is_float(x.dt) and x.exact, (n if is_float(x.dt) else 0)
        if not is_float(x.dt) and (hi > FULL_RANGE[x.dt][1] or lo < FULL_RANGE[x.dt][0]):
            lo, hi = FULL_RANGE[x.dt]
        return self.emit(op, [x], x.dt, x.shape, lo, hi, ex, f"lax.{op}({x.name}, {ax}, {rv})",
                         attrs=f"axis = {ax} : i64, reverse = {'true' if rv else 'false'}", weight=w)

    def op_sort_one(self):
        """lax.sort of one exact value (an inexact one may order ties
        differently, and the tangents follow the order)."""
        x = self.pick(lambda v: len(v.shape) >= 1 and v.exact)
        if x is None:
            return None
        d = int(self.rng.integers(len(x.shape)))
        return self.emit("sort", [x], x.dt, x.shape, x.lo, x.hi, True,
                         f"lax.sort({x.name}, dimension={d}, is_stable=True)", attrs=f"dimension = {d} : i64")

    def op_argminmax(self):
        x = self.pick(lambda v: len(v.shape) >= 1 and v.exact)  # an inexact value may tie differently
        if x is None:
            return None
        r = self.rng
        op = str(r.choice(["argmax", "argmin"]))
        ax = int(r.integers(len(x.shape)))
        shape = tuple(n for k, n in enumerate(x.shape) if k != ax)
        return self.emit(op, [x], "i32", shape, 0, x.shape[ax] - 1, True,
                         f"lax.{op}({x.name}, {ax}, jnp.int32)", attrs=f"axis = {ax} : i64")

    def op_reduce(self):
        x = self.pick(lambda v: len(v.shape) >= 1 and v.dt != "i1")
        if x is None:
            return None
        r = self.rng
        op = str(r.choice(["reduce_sum", "reduce_max", "reduce_min"]))
        k = int(r.integers(1, len(x.shape) + 1))
        dims = sorted(r.choice(len(x.shape), size=k, replace=False).tolist())
        shape = tuple(d for i, d in enumerate(x.shape) if i not in dims)
        n = int(np.prod([x.shape[d] for d in dims]))
        lo, hi, ex = x.lo, x.hi, x.exact
        if op == "reduce_sum":
            if is_float(x.dt):
                x = self.bounded(x, 20)
                lo, hi = min(x.lo * n, x.lo), max(x.hi * n, x.hi)
                ex = False
                self.reduced_terms = max(self.reduced_terms, n)
                self.weight += 1
            else:
                x = self.int_small(x, 1000)
                lo, hi = min(x.lo * n, x.lo), max(x.hi * n, x.hi)
            py = f"jnp.sum({x.name}, axis={tuple(dims)}, dtype={x.name}.dtype)"
        else:
            py = f"jnp.{op[7:]}({x.name}, axis={tuple(dims)})"
        return self.emit(op, [x], x.dt, shape, lo, hi, ex, py, attrs=f"dimensions = {arr(dims)}")

    def op_dot(self):
        r = self.rng
        x = self.pick(lambda v: len(v.shape) >= 1 and v.dt in ("f32", "f64", "f16", "bf16", "i32"))
        if x is None:
            return None
        rank = len(x.shape)
        perm = r.permutation(rank).tolist()
        nb = int(r.integers(0, rank))           # batch dims
        nc = int(r.integers(0 if rank - nb > 0 else 0, rank - nb + 1))
        if nc == 0 and r.random() < 0.8:
            nc = min(1, rank - nb)
        lb, lc = perm[:nb], perm[nb:nb + nc]
        lfree = [i for i in range(rank) if i not in lb and i not in lc]
        nfree = int(r.integers(0, 2))
        if nb + len(lfree) + nfree > 4:
            return None
        rdims = [("b", i) for i in range(nb)] + [("c", i) for i in range(nc)] + [("f", i) for i in range(nfree)]
        order = r.permutation(len(rdims)).tolist()
        rshape, rb, rc = [None] * len(rdims), [None] * nb, [None] * nc
        for pos, k in enumerate(order):
            kind, i = rdims[k]
            if kind == "b":
                rshape[pos], rb[i] = x.shape[lb[i]], pos
            elif kind == "c":
                rshape[pos], rc[i] = x.shape[lc[i]], pos
            else:
                rshape[pos] = int(r.integers(1, 5))
        rshape = tuple(rshape)
        y = self.pick(lambda v: v.dt == x.dt and v.shape == rshape)
        if y is None:
            y = self.add_arg(x.dt, rshape) if len(self.args) < 5 else None
        if y is None:
            return None
        if x.dt == "i32":
            x, y = self.int_small(x, 100), self.int_small(y, 100)
        else:
            x, y = self.bounded(x, 10), self.bounded(y, 10)
        out = tuple([x.shape[i] for i in lb] + [x.shape[i] for i in lfree] +
                    [rshape[i] for i in range(len(rshape)) if i not in rb and i not in rc])
        n = int(np.prod([x.shape[i] for i in lc])) if lc else 1
        m = x.mag * y.mag * n
        self.reduced_terms = max(self.reduced_terms, n)
        dn = f"(({tuple(lc)}, {tuple(rc)}), ({tuple(lb)}, {tuple(rb)}))"
        return self.emit("dot_general", [x, y], x.dt, out, -m, m, not is_float(x.dt),
                         f"lax.dot_general({x.name}, {y.name}, {dn}, preferred_element_type={x.name}.dtype)",
                         attrs=f"lhs_batch_dimensions = {arr(lb)}, rhs_batch_dimensions = {arr(rb)}, "
                               f"lhs_contracting_dimensions = {arr(lc)}, rhs_contracting_dimensions = {arr(rc)}",
                         weight=1 + (2 if is_float(x.dt) else 0))

    def op_iota(self):
        r = self.rng
        shape = draw_shape(r, min_rank=1)
        dim = int(r.integers(len(shape)))
        dt = str(r.choice(["f32", "i32", "ui32", "f64", "f16", "bf16"]))
        v = self.emit("iota", [], dt, shape, 0, shape[dim] - 1, True,
                      f"lax.broadcasted_iota(D['{dt}'], {shape}, {dim})", attrs=f"dimension = {dim} : i64")
        x = self.pick(lambda u: u.dt == dt and u.shape == shape and u is not v)
        return self.binary("add", x, v) if x is not None and r.random() < 0.7 else v

    def op_round(self):
        """floor / ceil (of an exact value: they jump where an ulp crosses an
        integer), or is_finite."""
        op = str(self.rng.choice(["floor", "ceil", "is_finite"]))
        x = self.pick(lambda v: is_float(v.dt) and (v.exact or op == "is_finite"))
        if x is None:
            return None
        return self.unary(op, x)

    def op_stop_gradient(self):
        x = self.pick()
        return None if x is None else self.unary("stop_gradient", x)

    def op_int_unary(self):
        x = self.pick(lambda v: not is_float(v.dt))
        if x is None:
            return None
        op = str(self.rng.choice(["not", "neg", "abs", "sign"] if x.dt != "i1" else ["not"]))
        return self.unary(op, x)

    def op_int_ops(self):
        r = self.rng
        x = self.pick(lambda v: not is_float(v.dt))
        if x is None:
            # an integer from a float: compare, or convert of an exact value
            x = self.pick(lambda v: is_float(v.dt) and v.exact)
            if x is None:
                return None
            x = self.convert(self.bounded(x, 100) if x.mag > 100 else x, str(r.choice(["i32", "ui32", "i1"])))
        ops = ["and", "or", "xor"] if x.dt == "i1" else \
            ["add", "sub", "mul", "div", "rem", "max", "min", "and", "or", "xor",
             "shift_left", "shift_right_logical", "shift_right_arithmetic"]
        op = str(r.choice(ops))
        y = self.same_shape_operand(x)
        if op in ("div", "rem"):
            # no division by 0 (undefined in nabla, docs/jax-semantics.md §14)
            # nor INT_MIN / -1: small numerators, odd (nonzero) denominators
            x = self.int_small(x, 1 << 20)
            y = self.binary("or", y, self.scalar(y.dt, 1, y.shape))
        elif op.startswith("shift") and r.random() < 0.7:
            y = self.int_small(y, 40) if y.dt == "ui32" else self.int_small(y, 40)
        return self.binary(op, x, y)

    def op_bitcast(self):
        r = self.rng
        if r.random() < 0.5:
            x = self.pick(lambda v: v.dt == "f32" and v.exact)
            if x is None:
                return None
            dt = str(r.choice(["i32", "ui32"]))
            return self.emit("bitcast_convert", [x], dt, x.shape, *FULL_RANGE[dt], True,
                             f"bc({x.name}, 'f32', '{dt}')")
        x = self.pick(lambda v: v.dt in ("i32", "ui32"))
        if x is None:
            return None
        if r.random() < 0.3:
            dt = "ui32" if x.dt == "i32" else "i32"
            return self.emit("bitcast_convert", [x], dt, x.shape, *FULL_RANGE[dt], x.exact,
                             f"bc({x.name}, '{x.dt}', '{dt}')")
        # floats in [1, 2) from the mantissa bits (the uniform sampler's trick)
        m = self.binary("and", x, self.scalar(x.dt, 0x7FFFFF, x.shape))
        b = self.binary("or", m, self.scalar(x.dt, 0x3F800000, x.shape))
        return self.emit("bitcast_convert", [b], "f32", x.shape, 1, 2, b.exact,
                         f"bc({b.name}, '{x.dt}', 'f32')")

    def op_fma(self):
        x = self.pick(lambda v: is_float(v.dt))
        if x is None:
            return None
        x = self.bounded(x, 10)
        y = self.bounded(self.same_shape_operand(x), 10)
        z = self.bounded(self.same_shape_operand(x), 100)
        m = x.mag * y.mag + z.mag
        return self.emit("fma", [x, y, z], x.dt, x.shape, -m, m, False,
                         f"lax.add(lax.mul({x.name}, {y.name}), {z.name})")

    def op_sort(self):
        r = self.rng
        v = self.pick(lambda u: len(u.shape) >= 1)
        if v is None:
            return None
        k = self.pick(lambda u: u.dt in ("i32", "ui32") and u.shape == v.shape and u is not v)
        if k is None:
            kdt = str(r.choice(["i32", "ui32"]))
            k = self.const(kdt, v.shape, r.integers(0, 4, size=v.shape) + (2 ** 32 - 3 if kdt == "ui32" else -2))
        d = int(r.integers(len(v.shape)))
        kt, vt = ttype(k.dt, k.shape), ttype(v.dt, v.shape)
        name = f"v{len(self.vals)}"
        self.mlir.append(f'    %{name}:2 = "nabla.sort_key_val"(%{k.mref}, %{v.mref}) {{dimension = {d} : i64}} : '
                         f"({kt}, {vt}) -> ({kt}, {vt})")
        self.py.append(f"    {name} = lax.sort_key_val({k.name}, {v.name}, dimension={d})")
        self.ops_used.add("sort_key_val")
        # both results depend on both operands (the batching rules of JAX and
        # nabla batch the sorted keys when only the values are batched)
        ks = Val(f"{name}[0]", k.dt, k.shape, k.lo, k.hi, k.exact, k.deps | v.deps, f"{name}#0")
        vs = Val(f"{name}[1]", v.dt, v.shape, v.lo, v.hi, v.exact, k.deps | v.deps, f"{name}#1")
        self.vals += [ks, vs]
        return vs

    def starts(self, shape, sizes):
        """Constant i32 start indices, some out of range (clamped by the op)."""
        r = self.rng
        return [self.const("i32", (), int(r.integers(-2, d - z + 3))) for d, z in zip(shape, sizes)]

    def op_dynamic_slice(self):
        x = self.pick(lambda v: len(v.shape) >= 1)
        if x is None:
            return None
        r = self.rng
        sizes = [int(r.integers(1, d + 1)) for d in x.shape]
        ss = self.starts(x.shape, sizes)
        return self.emit("dynamic_slice", [x] + ss, x.dt, tuple(sizes), x.lo, x.hi, x.exact,
                         f"lax.dynamic_slice({x.name}, ({''.join(s.name + ', ' for s in ss)}), {tuple(sizes)}, "
                         f"allow_negative_indices=False)", attrs=f"slice_sizes = {arr(sizes)}")

    def op_dynamic_update_slice(self):
        x = self.pick(lambda v: len(v.shape) >= 1)
        if x is None:
            return None
        r = self.rng
        sizes = tuple(int(r.integers(1, d + 1)) for d in x.shape)
        u = self.pick(lambda v: v.dt == x.dt and v.shape == sizes and v is not x)
        if u is None:
            u = self.add_arg(x.dt, sizes) if len(self.args) < 5 else self.const(
                x.dt, sizes, [draw_value(r, x.dt) for _ in range(int(np.prod(sizes)))])
        ss = self.starts(x.shape, sizes)
        return self.emit("dynamic_update_slice", [x, u] + ss, x.dt, x.shape, min(x.lo, u.lo),
                         max(x.hi, u.hi), x.exact and u.exact,
                         f"lax.dynamic_update_slice({x.name}, {u.name}, ({''.join(s.name + ', ' for s in ss)}), "
                         f"allow_negative_indices=False)")

    def row_indices(self, d, in_range=False):
        """Constant i32 indices (n, 1) into an axis of size d: clip mode gets
        some out of range and negative ones, fill/drop mode in-range ones
        (a filled NaN or an integer minimum would leave the value intervals)."""
        r = self.rng
        n = int(r.integers(1, 4))
        mode = str(r.choice(["clip", "fill"]))
        lo, hi = (-2, d + 2) if mode == "clip" and not in_range else (0, d - 1)
        return self.const("i32", (n, 1), r.integers(lo, hi, size=(n, 1), endpoint=True)), n, mode

    def index_layout(self, x, in_range=False):
        """A random gather/scatter layout on x: an axis lookup (x[idx] along
        axis a, the embedding pattern) or, for rank >= 2, windows of random
        sizes started at (i, j) points in the first two dims. Returns the
        indices, (offset/window dims, collapsed/inserted dims, start map),
        the window size per dim, the number of windows and the mode."""
        r = self.rng
        rank = len(x.shape)
        if rank >= 2 and r.random() < 0.4:
            sizes = tuple(int(r.integers(1, d + 1)) if k < 2 else d for k, d in enumerate(x.shape))
            n = int(r.integers(1, 4))
            mode = str(r.choice(["clip", "fill"]))
            cols = []
            for k in range(2):
                top = x.shape[k] - sizes[k]
                lo, hi = (-2, top + 2) if mode == "clip" and not in_range else (0, top)
                cols.append(r.integers(lo, hi, size=(n, 1), endpoint=True))
            idx = self.const("i32", (n, 2), np.concatenate(cols, axis=1))
            return idx, (tuple(range(1, rank + 1)), (), (0, 1)), sizes, n, mode
        a = int(r.integers(rank))
        idx, n, mode = self.row_indices(x.shape[a], in_range)
        sizes = tuple(1 if k == a else d for k, d in enumerate(x.shape))
        return idx, (tuple(range(1, rank)), (a,), (a,)), sizes, n, mode

    def op_gather(self):
        x = self.pick(lambda v: len(v.shape) >= 1)
        if x is None:
            return None
        idx, (offs, col, smap), sizes, n, mode = self.index_layout(x)
        out = (n,) + tuple(z for k, z in enumerate(sizes) if k not in col)
        dn = f"lax.GatherDimensionNumbers({offs}, {col}, {smap})"
        jmode = "lax.GatherScatterMode." + ("CLIP" if mode == "clip" else "FILL_OR_DROP")
        attrs = (f"offset_dims = {arr(offs)}, collapsed_slice_dims = {arr(col)}, start_index_map = {arr(smap)}, "
                 f"operand_batching_dims = array<i64>, start_indices_batching_dims = array<i64>, "
                 f'slice_sizes = {arr(sizes)}, mode = "{mode}"')
        return self.emit("gather", [x, idx], x.dt, out, x.lo, x.hi, x.exact,
                         f"lax.gather({x.name}, {idx.name}, {dn}, {sizes}, mode={jmode})", attrs=attrs)

    def op_scatter(self):
        """x.at[idx].set/add/mul/min/max in a random layout (duplicates allowed);
        scatter_mul's updates are small constants (JAX differentiates them only
        for unique indices)."""
        x = self.pick(lambda v: len(v.shape) >= 1 and v.dt != "i1")
        if x is None:
            return None
        r = self.rng
        kind = str(r.choice(["scatter", "scatter_add", "scatter_mul", "scatter_min", "scatter_max"]))
        # JAX's scatter_min/max JVP counts clamped out-of-range updates as
        # dropped (an inf derivative): in-range indices for those
        idx, (offs, ins, smap), sizes, n, mode = self.index_layout(x, kind in ("scatter_min", "scatter_max"))
        mode = "drop" if mode == "fill" else mode
        ushape = (n,) + tuple(z for k, z in enumerate(sizes) if k not in ins)
        if kind == "scatter_mul":
            vals = [float(r.choice([0.5, -1.0, 1.5, 0.75])) if is_float(x.dt) else int(r.integers(-2, 3))
                    for _ in range(int(np.prod(ushape)))]
            u = self.const(x.dt, ushape, vals)
        else:
            u = self.pick(lambda v: v.dt == x.dt and v.shape == ushape and v is not x)
            if u is None:
                u = self.add_arg(x.dt, ushape) if len(self.args) < 5 else self.const(
                    x.dt, ushape, [draw_value(r, x.dt) for _ in range(int(np.prod(ushape)))])
        m = max(abs(x.lo), abs(x.hi))
        um = max(abs(u.lo), abs(u.hi))
        if kind == "scatter_add":
            lo, hi = x.lo - n * um, x.hi + n * um
        elif kind == "scatter_mul":
            lo, hi = -m * max(1.0, um) ** n, m * max(1.0, um) ** n
        else:
            lo, hi = min(x.lo, u.lo), max(x.hi, u.hi)
        # duplicates add (multiply) in the order of the updates on both sides,
        # but a batched or transposed program may order them otherwise
        exact = x.exact and u.exact and (kind in ("scatter", "scatter_min", "scatter_max") or not is_float(x.dt))
        dn = f"lax.ScatterDimensionNumbers({offs}, {ins}, {smap})"
        jmode = "lax.GatherScatterMode." + ("CLIP" if mode == "clip" else "FILL_OR_DROP")
        attrs = (f"update_window_dims = {arr(offs)}, inserted_window_dims = {arr(ins)}, "
                 f"scatter_dims_to_operand_dims = {arr(smap)}, operand_batching_dims = array<i64>, "
                 f'scatter_indices_batching_dims = array<i64>, mode = "{mode}"')
        return self.emit(kind, [x, idx, u], x.dt, x.shape, lo, hi, exact,
                         f"lax.{kind}({x.name}, {idx.name}, {u.name}, {dn}, mode={jmode})", attrs=attrs)

    def op_threefry(self):
        r = self.rng
        x = self.pick(lambda u: u.dt == "ui32")
        if x is None:
            x = self.pick(lambda u: u.dt == "i32")
            if x is None:
                return None
            x = self.emit("bitcast_convert", [x], "ui32", x.shape, *FULL_RANGE["ui32"], x.exact,
                          f"bc({x.name}, 'i32', 'ui32')")
        ops = [self.scalar("ui32", int(r.integers(0, 2 ** 32)), x.shape) for _ in range(2)]
        ops += [x, self.same_shape_operand(x)]
        t = ttype("ui32", x.shape)
        name = f"v{len(self.vals)}"
        self.mlir.append(f'    %{name}:2 = "nabla.threefry2x32"({", ".join("%" + o.mref for o in ops)}) : '
                         f"({t}, {t}, {t}, {t}) -> ({t}, {t})")
        self.py.append(f"    {name} = threefry2x32({', '.join(o.name for o in ops)})")
        self.ops_used.add("threefry2x32")
        deps = set().union(*[o.deps for o in ops])
        self.vals += [Val(f"{name}[{j}]", "ui32", x.shape, *FULL_RANGE["ui32"], True, deps, f"{name}#{j}")
                      for j in range(2)]
        return self.vals[-1]


ARG_RANGE = {"f32": (-3, 3), "f64": (-3, 3), "f16": (-3, 3), "bf16": (-3, 3),
             "i32": (-20, 20), "ui32": (0, 40), "i1": (0, 1)}
FULL_RANGE = {"i32": (-2.0 ** 31, 2.0 ** 31 - 1), "ui32": (0, 2.0 ** 32 - 1), "i1": (0, 1)}


def draw_dtype(r, float_only=False):
    if float_only:
        return str(r.choice(FLOATS, p=[0.7, 0.1, 0.1, 0.1]))
    return str(r.choice(["f32", "f64", "f16", "bf16", "i32", "ui32", "i1"],
                        p=[0.55, 0.1, 0.08, 0.07, 0.1, 0.05, 0.05]))


def draw_shape(r, min_rank=0):
    rank = int(r.choice([0, 1, 2, 3], p=[0.15, 0.3, 0.35, 0.2]))
    rank = max(rank, min_rank)
    return tuple(int(r.integers(1, 6)) for _ in range(rank))


def draw_value(r, dt):
    if is_float(dt):
        return float(r.choice([0.5, 2.0, -1.5, 0.25, 3.0])) if r.random() < 0.5 else float(r.uniform(-2, 2))
    if dt == "i1":
        return bool(r.random() < 0.5)
    if dt == "ui32":
        return int(r.integers(0, 9))
    return int(r.integers(-9, 9))


# ---- functions and transforms ----------------------------------------------------
class Fn:
    """A function both sides can call: name, args [(dt, shape)], arg kinds
    ("primal" or "tangent", for drawing inputs), results [(dt, shape)],
    MLIR text (its definition and its callees'), Python text, which args
    each result depends on (None: unknown), the ulp weight of its ops, and
    how many AD transforms it has gone through."""

    def __init__(self, name, args, kinds, results, mlir, py, deps, weight, ad_depth, desc, terms=1):
        self.name, self.args, self.kinds, self.results = name, list(args), list(kinds), list(results)
        self.mlir, self.py, self.deps, self.weight, self.ad_depth = mlir, py, deps, weight, ad_depth
        self.desc, self.terms = desc, terms


def program_fn(p, rng):
    """The base program as an Fn: 1-3 outputs, the last value first."""
    outs = [p.vals[-1]]
    for _ in range(int(rng.integers(0, 3))):
        v = p.vals[int(rng.integers(len(p.vals)))]
        if v not in outs:
            outs.append(v)
    p.outputs = outs
    name = f"{p.name}_f"
    params = ", ".join(f"%{a.name}: {ttype(a.dt, a.shape)}" for a in p.args)
    rt = ", ".join(ttype(o.dt, o.shape) for o in outs)
    mlir = (f"func.func private @{name}({params}) -> ({rt}) {{\n" + "\n".join(p.mlir) +
            f"\n    return {', '.join('%' + o.mref for o in outs)} : {rt}\n}}\n")
    py = (f"def {name}({', '.join(a.name for a in p.args)}):\n" + "\n".join(p.py) +
          f"\n    return ({''.join(o.name + ', ' for o in outs)})\n")
    return Fn(name, [(a.dt, a.shape) for a in p.args], ["primal"] * len(p.args),
              [(o.dt, o.shape) for o in outs], mlir, py, [set(o.deps) for o in outs], p.weight, 0,
              name, p.reduced_terms)


def _decl(name, f, args, results, attr):
    at = ", ".join(ttype(*a) for a in args)
    rt = ", ".join(ttype(*r) for r in results)
    return f"func.func private @{name}({at}) -> ({rt}) attributes {{{attr}}}\n"


def t_grad(f, argnums, has_aux, value):
    kind = "value_and_grad" if value else "grad"
    name = f"{f.name}_{'vg' if value else 'g'}"
    aux = f.results[1:] if has_aux else []
    grads = [f.args[k] for k in argnums]
    results = ([f.results[0]] + aux + grads) if value else (grads + aux)
    attr = (f"nabla.{kind} = {{callee = @{f.name}, argnums = {arr(argnums)}, "
            f"has_aux = {'true' if has_aux else 'false'}}}")
    return Fn(name, f.args, f.kinds, results, f.mlir + _decl(name, f, f.args, results, attr),
              f.py + f"{name} = h_grad({f.name}, {tuple(argnums)}, {has_aux}, {value})\n",
              None, f.weight, f.ad_depth + 1,
              f"{kind}({f.desc}, argnums={tuple(argnums)}, has_aux={has_aux})", f.terms)


def t_jvp(f):
    name = f"{f.name}_jvp"
    args, results = f.args + f.args, f.results + f.results
    return Fn(name, args, f.kinds + ["tangent"] * len(f.args), results,
              f.mlir + _decl(name, f, args, results, f"nabla.jvp = {{callee = @{f.name}}}"),
              f.py + f"{name} = h_jvp({f.name}, {len(f.args)})\n", None, f.weight, f.ad_depth + 1,
              f"jvp({f.desc})", f.terms)


def t_vjp(f):
    name = f"{f.name}_vjp"
    args, results = f.args + f.results, f.results + f.args
    return Fn(name, args, f.kinds + ["tangent"] * len(f.results), results,
              f.mlir + _decl(name, f, args, results, f"nabla.vjp = {{callee = @{f.name}}}"),
              f.py + f"{name} = h_vjp({f.name}, {len(f.args)})\n", None, f.weight, f.ad_depth + 1,
              f"vjp({f.desc})", f.terms)


def _batched(shape, axis, b):
    return tuple(shape) if axis < 0 else tuple(shape[:axis]) + (b,) + tuple(shape[axis:])


def t_vmap(f, rng, none_out=True):
    """none_out: results that do not depend on the batch may get out_axes
    -1. Only for a vmap no other transform differentiates: JAX 0.10.2's grad
    of vmap(lambda x, c: (lax.pad(ones, c, cfg), x), out_axes=(None, 0))
    raises a TypeError (reduce_sum of None) in its transpose."""
    b = int(rng.integers(1, 5))
    while True:
        in_axes = [int(rng.integers(-1, len(s) + 1)) if rng.random() < 0.8 else -1 for _, s in f.args]
        if any(a >= 0 for a in in_axes):
            break
    batched = {i for i, a in enumerate(in_axes) if a >= 0}
    out_axes = []
    for j, (_, s) in enumerate(f.results):
        free = f.deps is not None and not (f.deps[j] & batched)
        out_axes.append(-1 if free and none_out and rng.random() < 0.6 else int(rng.integers(0, len(s) + 1)))
    name = f"{f.name}_v"
    args = [(dt, _batched(s, a, b)) for (dt, s), a in zip(f.args, in_axes)]
    results = [(dt, _batched(s, a, b)) for (dt, s), a in zip(f.results, out_axes)]
    attr = (f"nabla.vmap = {{callee = @{f.name}, in_axes = {arr(in_axes)}, out_axes = {arr(out_axes)}, "
            f"axis_size = {b} : i64}}")
    deps = None if f.deps is None else [set(d) for d in f.deps]
    return Fn(name, args, f.kinds, results, f.mlir + _decl(name, f, args, results, attr),
              f.py + f"{name} = h_vmap({f.name}, {tuple(in_axes)}, {tuple(out_axes)}, {b})\n",
              deps, f.weight, f.ad_depth,
              f"vmap({f.desc}, in_axes={tuple(in_axes)}, out_axes={tuple(out_axes)}, axis_size={b})", f.terms)


def t_scalarize(f, rng, consts, np_dtypes, keep_aux):
    """s = reduce_sum(r * W) of a float result r (W a random constant), then
    the other results if keep_aux. None if f has no float result."""
    fl = [j for j, (dt, _) in enumerate(f.results) if is_float(dt)]
    if not fl:
        return None
    j = fl[int(rng.integers(len(fl)))]
    dt, shape = f.results[j]
    name = f"{f.name}_s"
    k = f"w_{name}"
    w = np.round(rng.uniform(-2, 2, size=shape) * 4) / 4
    consts[k] = np.asarray(w).astype(np_dtypes[dt]).reshape(shape)
    aux = [r for i, r in enumerate(f.results) if i != j] if keep_aux else []
    results = [(dt, ())] + aux
    t = ttype(dt, shape)
    at = ", ".join(ttype(*a) for a in f.args)
    rt = ", ".join(ttype(*r) for r in f.results)
    m = len(f.results)
    res = (lambda i: f"%r#{i}") if m > 1 else (lambda i: "%r")
    lines = [f"    %r{':' + str(m) if m > 1 else ''} = func.call @{f.name}"
             f"({', '.join(f'%a{i}' for i in range(len(f.args)))}) : ({at}) -> ({rt})",
             f'    %w = "nabla.constant"() {{value = dense<{dense_text(consts[k], dt)}> : {t}}} : () -> {t}',
             f'    %m = "nabla.mul"({res(j)}, %w) : ({t}, {t}) -> {t}']
    if shape:
        lines.append(f'    %s = "nabla.reduce_sum"(%m) {{dimensions = {arr(list(range(len(shape))))}}} : '
                     f"({t}) -> {ttype(dt, ())}")
    outs = ["%s" if shape else "%m"] + [res(i) for i in range(m) if i != j and keep_aux]
    params = ", ".join(f"%a{i}: {ttype(*a)}" for i, a in enumerate(f.args))
    mlir = (f"func.func private @{name}({params}) -> ({', '.join(ttype(*r) for r in results)}) {{\n" +
            "\n".join(lines) + f"\n    return {', '.join(outs)} : {', '.join(ttype(*r) for r in results)}\n}}\n")
    py = (f"def {name}(*a):\n    r = {f.name}(*a)\n"
          f"    s = jnp.sum(lax.mul(r[{j}], K['{k}'](D)), dtype=r[{j}].dtype)\n"
          f"    return (s,{''.join(f' r[{i}],' for i in range(m) if i != j and keep_aux)})\n")
    deps = None if f.deps is None else [f.deps[j]] + [f.deps[i] for i in range(m) if i != j and keep_aux]
    return Fn(name, f.args, f.kinds, results, f.mlir + mlir, f.py + py, deps, f.weight + 1, f.ad_depth,
              f"sum({f.desc}[{j}] * W)", max(f.terms, int(np.prod(shape)) if shape else 1))


def apply_transform(kind, f, rng, consts, np_dtypes, outermost=True):
    """One transform of f, or None where it does not apply."""
    if kind in ("grad", "value_and_grad"):
        fa = [i for i, (dt, _) in enumerate(f.args) if is_float(dt) and f.kinds[i] == "primal"]
        if not fa:
            fa = [i for i, (dt, _) in enumerate(f.args) if is_float(dt)]
        if not fa:
            return None
        if not (f.results and is_float(f.results[0][0]) and f.results[0][1] == () and
                len(f.results) == 1 and rng.random() < 0.5):
            f = t_scalarize(f, rng, consts, np_dtypes, keep_aux=rng.random() < 0.4)
            if f is None:
                return None
        k = int(rng.integers(1, len(fa) + 1))
        argnums = [int(a) for a in rng.choice(fa, size=k, replace=False)]
        # argnums are >= 0: the nabla.grad tag refuses negative ones (the DSL,
        # frontend/transforms.c, normalizes them before it writes the tag)
        return t_grad(f, argnums, len(f.results) > 1, kind == "value_and_grad")
    if kind == "jvp":
        return t_jvp(f)
    if kind == "vjp":
        return t_vjp(f)
    if kind == "vmap":
        return t_vmap(f, rng, none_out=outermost)
    raise ValueError(kind)
