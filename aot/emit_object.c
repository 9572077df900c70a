/* emit_object.c — LLVM IR to an object file through the LLVM C API.
 *
 * The default CPU is a portable baseline, not the build machine: objects are
 * shipped to other machines (DESIGN.md), and on x86-64 "x86-64-v3" (AVX2 +
 * FMA) costs nothing here. "native" asks for the host CPU and its features.
 * Relocations are PIC so an object also links into shared libraries (the
 * conformance tests load them with ctypes). */
#include "aot.h"

#include <stdio.h>
#include <string.h>

#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

static void init_targets(void) {
  static bool done = false;
  if (done)
    return;
  /* All registered targets, so --target-triple can cross-compile to any
   * backend this LLVM was built with. */
  LLVMInitializeAllTargetInfos();
  LLVMInitializeAllTargets();
  LLVMInitializeAllTargetMCs();
  LLVMInitializeAllAsmPrinters();
  done = true;
}

static bool is_x86_64(const char *triple) {
  return strncmp(triple, "x86_64", 6) == 0;
}

LLVMTargetMachineRef nb_target_machine_create(const nb_aot_options *o, char *err,
                                              size_t err_size) {
  init_targets();
  char *host = LLVMGetDefaultTargetTriple();
  char *triple = LLVMNormalizeTargetTriple(o->triple ? o->triple : host);
  LLVMDisposeMessage(host);
  LLVMTargetRef target;
  char *msg = NULL;
  if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
    snprintf(err, err_size, "unknown target '%s': %s", triple, msg ? msg : "");
    LLVMDisposeMessage(msg);
    LLVMDisposeMessage(triple);
    return NULL;
  }
  bool native = o->cpu && strcmp(o->cpu, "native") == 0;
  char *host_cpu = native ? LLVMGetHostCPUName() : NULL;
  char *host_features = native ? LLVMGetHostCPUFeatures() : NULL;
  const char *cpu = native ? host_cpu
                    : o->cpu ? o->cpu
                    : is_x86_64(triple) ? "x86-64-v3"
                                        : "generic";
  /* Explicit features go after the host's so they can override them. */
  char features[4096];
  snprintf(features, sizeof features, "%s%s%s", host_features ? host_features : "",
           host_features && o->features ? "," : "", o->features ? o->features : "");
  LLVMTargetMachineRef tm = LLVMCreateTargetMachine(
      target, triple, cpu, features, LLVMCodeGenLevelAggressive, LLVMRelocPIC,
      LLVMCodeModelDefault);
  if (!tm)
    snprintf(err, err_size, "cannot create a target machine for '%s' (cpu '%s')", triple, cpu);
  LLVMDisposeMessage(host_cpu);
  LLVMDisposeMessage(host_features);
  LLVMDisposeMessage(triple);
  return tm;
}

void nb_module_set_target(LLVMModuleRef mod, LLVMTargetMachineRef tm) {
  char *triple = LLVMGetTargetMachineTriple(tm);
  LLVMSetTarget(mod, triple);
  LLVMDisposeMessage(triple);
  LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(tm);
  LLVMSetModuleDataLayout(mod, layout);
  LLVMDisposeTargetData(layout);
}

bool nb_emit_object(LLVMTargetMachineRef tm, LLVMModuleRef mod, const char *path,
                    char *err, size_t err_size) {
  char *msg = NULL;
  if (LLVMTargetMachineEmitToFile(tm, mod, path, LLVMObjectFile, &msg)) {
    snprintf(err, err_size, "cannot write '%s': %s", path, msg ? msg : "");
    LLVMDisposeMessage(msg);
    return false;
  }
  return true;
}
