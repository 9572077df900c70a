/* target.c — the CPU target: its pipelines (pipeline.c) behind the target
 * interface (lowering/target/target.h). */
#include "cpu.h"
#include "target.h"

static bool to_llvm(MlirOpPassManager pm, const nb_target_config *config) {
  return nb_add_cpu_linalg_to_llvm(pm, config->prefix, config->vector_bits);
}

const nb_target_info nb_cpu_target_info = {
    .name = "cpu",
    .summary = "x86-64 (AVX2 by default, AVX-512 with --mcpu) and other LLVM CPUs; "
               "multi-core through libnabla_rt's thread pool",
    .add_to_linalg = nb_add_cpu_to_linalg,
    .add_to_llvm = to_llvm,
    .runtime_library = "nabla_rt",
    .runtime_header = NULL,
};
