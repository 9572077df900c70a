#!/usr/bin/env bash
# The main demo: builds the linear-regression generator, which compiles the
# loss at build time into liblinreg.a + linreg.h, links it into a plain C
# program with the runtime, and runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install_deps.sh
./scripts/build.sh --target linear_regression
"${NABLA_BUILD_DIR:-build}"/examples/linear_regression/linear_regression
