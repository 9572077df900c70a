# lit configuration for nabla. One folder per stage: dialect/ frontend/
# lowering/ aot/ e2e/. Tools are found in the build tree (lit.site.cfg.py).
import os
import lit.formats

config.name = "nabla"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".c", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nabla_build_dir, "test", "lit")

# Our tools first, then LLVM's FileCheck / not / split-file.
config.environment["PATH"] = os.pathsep.join(
    [config.nabla_build_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])

# The MLIR verifier after every pass of nablac and the DSL's nb_compile
# (nabla-opt always does it).
config.environment["NABLA_VERIFY_EACH"] = "1"

config.substitutions.append(("%nabla_src", config.nabla_src_dir))
config.substitutions.append(("%nabla_build", config.nabla_build_dir))
config.substitutions.append(("%nabla_irdl", os.path.join(config.nabla_src_dir, "dialect", "nabla.irdl.mlir")))
# Compile and link a C driver against the DSL (frontend tests) or against a
# generated library + the runtime (e2e tests).
# A sanitized build (-DNABLA_SANITIZE=ON) links test programs the same way.
san = " -fsanitize=address,undefined" if config.sanitize else ""
inc = san + " " + " ".join("-I" + os.path.join(config.nabla_src_dir, d) for d in
               ["include", "frontend/include", "runtime/include"])
config.substitutions.append(("%cc_dsl", f"{config.cc} -std=c11 {inc} -Wl,-rpath,{config.nabla_build_dir} "
                             f"-L{config.nabla_build_dir}"))
config.substitutions.append(("%nabla_lib", "-lnabla"))
config.substitutions.append(("%cc", f"{config.cc} -std=c11 {inc}"))
config.substitutions.append(("%nabla_rt", os.path.join(config.nabla_build_dir, "libnabla_rt.a")))
config.substitutions.append(("%mlir_opt", os.path.join(config.llvm_tools_dir, "mlir-opt")))
if config.sanitize:
    config.available_features.add("sanitize")
# The host can run AVX-512 code (tests that compile with --mcpu=native for it).
try:
    with open("/proc/cpuinfo") as f:
        if " avx512f" in f.read():
            config.available_features.add("avx512f")
except OSError:
    pass
