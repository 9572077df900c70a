/* emit_object.c — LLVM IR to an object file through the LLVM C API.
 *
 * The default CPU is a portable baseline, not the build machine: objects are
 * shipped to other machines (docs/design.md, "C ABI of generated code"),
 * and on x86-64 "x86-64-v3" (AVX2 + FMA) costs nothing here. "native" asks
 * for the host CPU and its features.
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

/* x86 CPUs LLVM knows with AVX-512 (and fast 512-bit FMAs or a 512-bit
 * register file worth using: the 8x32 register tile needs 16 zmm). */
static const char *const avx512_cpus[] = {
    "x86-64-v4",   "skylake-avx512", "cascadelake",    "cooperlake",   "cannonlake",
    "icelake-client", "icelake-server", "tigerlake",   "rocketlake",   "sapphirerapids",
    "emeraldrapids", "graniterapids", "graniterapids-d", "diamondrapids", "znver4",
    "znver5",      NULL};

/* Whether an LLVM feature list ("+a,-b,...") turns `feature` on or off
 * (the last mention wins); -1 when it does not mention it. */
static int feature_state(const char *list, const char *feature) {
  int state = -1;
  size_t n = strlen(feature);
  for (const char *p = list; p && *p;) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == n + 1 && strncmp(p + 1, feature, n) == 0)
      state = p[0] == '+';
    p = end ? end + 1 : NULL;
  }
  return state;
}

int nb_target_vector_bits(const nb_aot_options *o) {
  char *host = LLVMGetDefaultTargetTriple();
  bool x86 = is_x86_64(o->triple ? o->triple : host);
  LLVMDisposeMessage(host);
  if (!x86)
    return 256;
  int state = feature_state(o->features, "avx512f");
  if (state >= 0)
    return state ? 512 : 256;
  if (o->cpu && strcmp(o->cpu, "native") == 0) {
    char *f = LLVMGetHostCPUFeatures();
    int host_state = feature_state(f, "avx512f");
    LLVMDisposeMessage(f);
    return host_state == 1 ? 512 : 256;
  }
  for (int i = 0; o->cpu && avx512_cpus[i]; i++)
    if (strcmp(o->cpu, avx512_cpus[i]) == 0)
      return 512;
  return 256;
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
