#!/bin/sh
# check_run_time_deps.sh LIBNABLA_RT PROGRAM
# The runtime and a program built with nabla carry no MLIR/LLVM: the only
# symbols mentioning them are the allocation entry points MLIR's lowering
# names and the runtime defines (_mlir_memref_to_llvm_*), and the program
# needs nothing beyond the C library at run time.
set -eu
rt=$1 prog=$2
status=0

for f in "$rt" "$prog"; do
  bad=$(nm "$f" | grep -i -E 'mlir|llvm' | grep -v -E '_mlir_memref_to_llvm_(aligned_alloc|alloc|free)$' || true)
  if [ -n "$bad" ]; then
    echo "FAIL: $f has MLIR/LLVM symbols:"; echo "$bad"; status=1
  fi
done

# Shared libraries: libc, libm, libpthread, the loader and the vDSO only.
bad=$(ldd "$prog" | grep -v -E '^\s*(linux-vdso\.so|libc\.so|libm\.so|libpthread\.so|/lib.*/ld-linux[^ ]*\.so)' || true)
if [ -n "$bad" ]; then
  echo "FAIL: $prog needs other shared libraries:"; echo "$bad"; status=1
fi
[ $status -eq 0 ] && echo "ok: no compiler at run time"
exit $status
