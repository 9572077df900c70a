# bench/lib.sh — what every bench/<name>/run.sh does before measuring;
# sourced, not run. After `bench_setup NAME DEFAULT_BUILD "$@"`: $here (the
# benchmark's folder), $root, $build (a configured nabla build, with libnabla
# and the runtime built), $work ($build/bench/NAME), $cc.

bench_setup() {
  local name="$1" default_build="$2"
  shift 2
  here="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)"
  root="$(cd "$here/../.." && pwd)"
  bench_build_dir "${1:-${NABLA_BUILD_DIR:-$root/$default_build}}"
  work="$build/bench/$name"
  mkdir -p "$work"
  cc="${CC:-cc}"
  cmake --build "$build" --target nabla nabla_rt -j2 >/dev/null
}

# bench_build_dir DIR: sets $build to DIR, first installing the dependencies
# (JAX included) and configuring a Release build there if DIR has none, so
# that a benchmark runs with one command on a fresh clone.
bench_build_dir() {
  local dir="$1" top
  top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    "$top/scripts/install_deps.sh"
    NABLA_BUILD_DIR="$dir" NABLA_BUILD_TYPE=Release "$top/scripts/build.sh" --target nabla nabla_rt nablac >/dev/null
  fi
  build="$(cd "$dir" && pwd)"
}

# bench_generator GEN: builds $here/GEN.c (a DSL program; bench/ is on its
# include path for mlp_loss.h) into $work/GEN.
bench_generator() {
  "$cc" -std=c11 -O2 -I"$root/include" -I"$root/frontend/include" -I"$root/bench" "$here/$1.c" -L"$build" \
    -Wl,-rpath,"$build" -lnabla -o "$work/$1"
}

# bench_driver LIB: builds $here/bench.c against $work/libLIB.a and the
# runtime into $work/bench.
bench_driver() {
  "$cc" -std=c11 -O2 -I"$work" -I"$root/runtime/include" -I"$root/include" -I"$root/frontend/include" \
    "$here/bench.c" "$work/lib$1.a" "$build/libnabla_rt.a" -lm -pthread -o "$work/bench"
}
