#!/usr/bin/env bash
# The main demo: builds the linear-regression generator, which compiles the
# loss and its gradient-descent step at build time into liblinreg.a +
# linreg.h, links them into a plain C program with the runtime, and runs it
# (1000 training steps: it prints w: 3.00, b: -0.99 and the loss).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install_deps.sh
./scripts/build.sh --target linear_regression
"${NABLA_BUILD_DIR:-build}"/examples/linear_regression/linear_regression
