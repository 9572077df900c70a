#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test (lit, cmocka, conformance
# against JAX, the out-of-tree install test, the valgrind checks), then runs
# the compiler, the runtime and generated code again under AddressSanitizer +
# UndefinedBehaviorSanitizer (set NABLA_SKIP_SANITIZERS=1 to skip that part).
set -euo pipefail
cd "$(dirname "$0")/.."
# every compile in the tests runs MLIR's verifier after each pass
export NABLA_VERIFY_EACH=1
./scripts/install_deps.sh
./scripts/build.sh
ctest --test-dir "${NABLA_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"

if [ -z "${NABLA_SKIP_SANITIZERS:-}" ]; then
  # Valgrind and sanitizers do not mix; the conformance tests load generated
  # code into an uninstrumented Python; the aot_ tests check an uninstrumented
  # binary's dependencies. Everything else runs sanitized.
  NABLA_BUILD_DIR=build-asan NABLA_BUILD_TYPE=Debug NABLA_CMAKE_ARGS=-DNABLA_SANITIZE=ON \
    ./scripts/build.sh
  # allocator_may_return_null: the out-of-memory tests need malloc to fail
  # with NULL, as it does without ASan, rather than abort.
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -E 'valgrind|conformance|aot_'
fi
