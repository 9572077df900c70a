#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test (lit, cmocka, conformance
# against JAX, the out-of-tree install test, the valgrind check).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install_deps.sh
./scripts/build.sh
ctest --test-dir "${NABLA_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
