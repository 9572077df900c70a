"""The reference every conformance test compares against: JAX at the version
requirements.txt pins, on XLA:CPU with its instruction set capped at AVX2 and
no excess precision. Import this module before jax.

Why the cap: XLA:CPU picks its code by the CPU it runs on. Where the CPU has
AVX512-FP16 (Intel Sapphire Rapids and later) it does float16 arithmetic in
float16 instructions, and jax.random.uniform(PRNGKey(0), (3, 5), float16,
-2.5, 7.0) comes out up to 4 ulp away from what the same JAX gives on an AMD
Zen 4 or with the cap. Capped at AVX2, XLA computes each float16/bfloat16 op
in float32 and rounds it to the dtype, the same on every x86-64 machine; that
is what nabla defines its reduced precision arithmetic to be
(frontend/include/nabla/nabla.h, "Reduced precision").
xla_allow_excess_precision=false keeps XLA from skipping those roundings
inside a fusion. The whole suite passes with and without the cap on AVX-512
machines without FP16, so float32/float64 references do not depend on it.

Why the pin: the reference also moves with JAX's releases (jax.random's
bfloat16 draw width, XLA's approximations); a different JAX fails here with a
message instead of as a few ulp somewhere in a thousand cases.
"""
import os
import re

_FLAGS = ("--xla_cpu_max_isa=AVX2", "--xla_allow_excess_precision=false")
_existing = os.environ.get("XLA_FLAGS", "")
os.environ["XLA_FLAGS"] = " ".join([_existing] + [f for f in _FLAGS if f.split("=")[0] not in _existing]).strip()

import jax  # noqa: E402
import jaxlib  # noqa: E402

_REQUIREMENTS = os.path.join(os.path.dirname(__file__), "..", "..", "requirements.txt")


def pinned_versions(path=_REQUIREMENTS):
    """{package: version} of requirements.txt's exact pins."""
    pins = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"\s*([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)", line)
            if m:
                pins[re.sub(r"\[.*\]", "", m.group(1)).lower()] = m.group(2)
    return pins


def _check_versions():
    pins = pinned_versions()
    have = {"jax": jax.__version__, "jaxlib": jaxlib.__version__}
    wrong = [f"{p} {have[p]} (requirements.txt pins {pins[p]})" for p in have if have[p] != pins.get(p)]
    if wrong:
        raise SystemExit("conformance: the reference is JAX as requirements.txt pins it, but this "
                         f"Python has {', '.join(wrong)}; run ./scripts/install_deps.sh")


_check_versions()
jax.config.update("jax_platforms", "cpu")

REFERENCE = (f"jax {jax.__version__} / jaxlib {jaxlib.__version__}, XLA:CPU capped at AVX2, "
             "no excess precision (f16/bf16: each op in f32, rounded once)")


def describe():
    """One line saying what the numbers are compared against."""
    return f"reference: {REFERENCE}"
