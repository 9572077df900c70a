#!/usr/bin/env bash
# Configures and builds nabla in ./build (or $NABLA_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${NABLA_BUILD_DIR:-build}
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=${NABLA_BUILD_TYPE:-RelWithDebInfo} \
      -DPython3_EXECUTABLE="$(command -v python3)" "$@" >/dev/null
cmake --build "$BUILD" -j "$(nproc)"
