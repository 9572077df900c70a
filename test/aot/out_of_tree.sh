#!/bin/sh
# out_of_tree.sh BUILD_DIR PROJECT_SRC WORK_DIR CMAKE
# Installs the nabla build into a fresh prefix, then configures, builds and
# runs a small project that finds it with find_package(nabla) and compiles a
# function with nabla_add_library.
set -eu
build=$1 src=$2 work=$3 cmake=$4
rm -rf "$work"
"$cmake" --install "$build" --prefix "$work/prefix" >/dev/null
"$cmake" -S "$src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
"$cmake" --build "$work/build" -j2
out=$("$work/build/app")
echo "$out"
# f(x) = 2x + 1 on x = (0, 1, 2)
[ "$out" = "status 0: 1 3 5" ]
