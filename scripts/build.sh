#!/usr/bin/env bash
# Configures and builds nabla in ./build (or $NABLA_BUILD_DIR). Arguments go
# to `cmake --build` (e.g. --target linear_regression); configure options go
# in $NABLA_CMAKE_ARGS (e.g. -DNABLA_SANITIZE=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${NABLA_BUILD_DIR:-build}
# shellcheck disable=SC2086
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE="${NABLA_BUILD_TYPE:-RelWithDebInfo}" \
      -DPython3_EXECUTABLE="$(command -v python3)" ${NABLA_CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD" -j "$(nproc)" "$@"
