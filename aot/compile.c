/* compile.c — nb_aot_compile: the whole ahead-of-time path in one list.
 *
 *   read exports (names, dtypes, shapes) from the nabla-level module
 *   nabla -> linalg            (lowering/cpu/pipeline.c)     [--emit=linalg]
 *   linalg -> LLVM dialect     (lowering/cpu/pipeline.c)     [--emit=llvm]
 *   MLIR -> LLVM IR, internalize all but the exported wrappers, LLVM's passes
 *   NAME.o, libNAME.a, NAME.h
 *
 * MLIR's verifier runs after every pass when asked (--verify-each,
 * NABLA_VERIFY_EACH=1), else once on the result; NABLA_TIME_PASSES=1 times
 * the passes and the LLVM phases. --print-ir-after=PASS: MLIR's C API
 * can print after all passes but not after one, so while the pipeline runs
 * stderr goes to a temporary file and afterwards only the dumps of PASS
 * (and any text outside dumps, e.g. diagnostics) are copied back. */
#define _POSIX_C_SOURCE 200809L /* dup, dup2, fileno */
#include "aot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <llvm-c/Core.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <mlir-c/Pass.h>
#include <mlir-c/Target/LLVMIR.h>

#include "lowering.h"

/* ---- --print-ir-after ---- */

/* Copies the captured text back to stderr, keeping only the dumps whose
 * header names `pass` (as "(pass)" or "After pass "); returns how many
 * (-1 if nothing was captured). */
static int print_dumps_of(nb_stderr_capture c, const char *pass) {
  char *text = nb_capture_end(c);
  if (!text)
    return -1;
  int printed = 0;
  char paren[256], after[256];
  snprintf(paren, sizeof paren, "(%s)", pass);
  snprintf(after, sizeof after, "After %s ", pass);
  bool keep = true;
  for (char *line = text; *line;) {
    char *nl = strchr(line, '\n');
    size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
    char save = line[len];
    line[len] = 0; /* this line alone */
    if (strstr(line, "// -----// IR Dump")) {
      keep = strstr(line, paren) || strstr(line, after);
      printed += keep;
    }
    line[len] = save;
    if (keep)
      fwrite(line, 1, len, stderr);
    line += len;
  }
  free(text);
  return printed;
}

static void enable_printing(MlirPassManager pm) {
  MlirOpPrintingFlags flags = mlirOpPrintingFlagsCreate();
  mlirPassManagerEnableIRPrinting(pm, false, true, false, false, false, flags,
                                  (MlirStringRef){NULL, 0});
  mlirOpPrintingFlagsDestroy(flags);
}

/* An environment switch: set, non-empty and not "0". */
static bool env_flag(const char *name) {
  const char *v = getenv(name);
  return v && *v && strcmp(v, "0") != 0;
}

/* NABLA_TIME_PASSES=1: MLIR's per-pass report, and these lines for the
 * phases after it (translation, LLVM's optimizer, code generation). */
static bool timing_wanted(void) { return env_flag("NABLA_TIME_PASSES"); }

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void time_phase(const char *phase, double *since) {
  double now = seconds_now();
  if (timing_wanted())
    fprintf(stderr, "nabla: %-28s %.4f s\n", phase, now - *since);
  *since = now;
}

/* Runs the stages up to `emit` on the module. */
static bool lower(MlirModule module, const nb_aot_options *o, char *err, size_t err_size) {
  MlirContext ctx = mlirModuleGetContext(module);
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  /* Verifying after each of the ~60 passes was a sixth of compiling an MLP
   * step; the tests do it (NABLA_VERIFY_EACH=1), a plain compile verifies
   * the result once. */
  bool each = o->verify_each || env_flag("NABLA_VERIFY_EACH");
  mlirPassManagerEnableVerifier(pm, each);
  if (timing_wanted())
    mlirPassManagerEnableTiming(pm);
  MlirOpPassManager opm = mlirPassManagerGetAsOpPassManager(pm);
  const nb_target_info *target = nb_find_target(o->target);
  if (!target) {
    snprintf(err, err_size, "unknown target '%s' (targets: %s)", o->target, nb_target_names());
    mlirPassManagerDestroy(pm);
    return false;
  }
  nb_target_config config = {.prefix = o->name, .vector_bits = nb_target_vector_bits(o)};
  bool ok = o->emit == NB_EMIT_NABLA ? nb_add_verify_pass(opm)
                                      : nb_add_nabla_front(opm) && target->add_to_linalg(opm);
  if (ok && o->emit != NB_EMIT_NABLA && o->emit != NB_EMIT_LINALG)
    ok = target->add_to_llvm(opm, &config);
  if (!ok) {
    snprintf(err, err_size, "cannot build the pass pipeline");
    mlirPassManagerDestroy(pm);
    return false;
  }
  bool filter = o->print_ir_after && strcmp(o->print_ir_after, "all") != 0;
  if (o->print_ir_after)
    enable_printing(pm);
  nb_stderr_capture cap = filter ? nb_capture_stderr() : (nb_stderr_capture){NULL, -1};
  ok = mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module)));
  int dumps = filter ? print_dumps_of(cap, o->print_ir_after) : -1;
  mlirPassManagerDestroy(pm);
  if (ok && dumps == 0) {
    snprintf(err, err_size, "--print-ir-after=%s: no pass of the pipeline has that name "
                            "(--print-ir-after=all shows them)", o->print_ir_after);
    return false;
  }
  if (!ok) {
    snprintf(err, err_size, "lowering failed");
    return false;
  }
  if (!each && !mlirOperationVerify(mlirModuleGetOperation(module))) {
    snprintf(err, err_size,
             "the lowered module does not verify (NABLA_VERIFY_EACH=1 finds the pass)");
    return false;
  }
  return true;
}

static void print_cb(MlirStringRef s, void *file) { fwrite(s.data, 1, s.length, file); }

static bool print_module(MlirModule module, const char *path, char *err, size_t err_size) {
  FILE *f = path ? fopen(path, "w") : stdout;
  if (!f) {
    snprintf(err, err_size, "cannot write '%s'", path);
    return false;
  }
  mlirOperationPrint(mlirModuleGetOperation(module), print_cb, f);
  fputc('\n', f);
  if (f != stdout)
    fclose(f);
  else
    fflush(f);
  return true;
}

/* Gives every definition but the exported wrappers internal linkage, so the
 * object defines nothing but <lib>_<fn> (helpers that passes outline, such
 * as math-to-funcs', would otherwise be global). */
static void internalize(LLVMModuleRef mod, const char *lib, const nb_exports *ex) {
  LLVMValueRef fns = LLVMGetFirstFunction(mod), globals = LLVMGetFirstGlobal(mod);
  for (int pass = 0; pass < 2; pass++) {
    for (LLVMValueRef v = pass ? globals : fns; v;
         v = pass ? LLVMGetNextGlobal(v) : LLVMGetNextFunction(v)) {
      if (LLVMIsDeclaration(v))
        continue;
      size_t len;
      const char *name = LLVMGetValueName2(v, &len);
      bool exported = false;
      size_t lib_len = strlen(lib);
      for (int i = 0; !exported && i < ex->n; i++)
        exported = len == lib_len + 1 + strlen(ex->fns[i].c_name) &&
                   strncmp(name, lib, lib_len) == 0 && name[lib_len] == '_' &&
                   strcmp(name + lib_len + 1, ex->fns[i].c_name) == 0;
      if (!exported) {
        LLVMSetLinkage(v, LLVMInternalLinkage);
        LLVMSetVisibility(v, LLVMDefaultVisibility);
      }
    }
  }
}

static char *out_path(const nb_aot_options *o, const char *pre, const char *ext) {
  const char *dir = o->out_dir ? o->out_dir : ".";
  size_t n = strlen(dir) + strlen(pre) + strlen(o->name) + strlen(ext) + 2;
  char *p = malloc(n);
  snprintf(p, n, "%s/%s%s%s", dir, pre, o->name, ext);
  return p;
}

/* LLVM's passes over the translated module. MLIR has already tiled,
 * vectorized and unrolled what the schedules cover, so what is left for
 * LLVM is scalar clean-up (the memref descriptors' insert/extractvalue,
 * index arithmetic: SROA, InstCombine, EarlyCSE, GVN, LICM), inlining (the
 * helpers math-to-funcs outlines, e.g. integer powers, are called per
 * element) and vectorizing the loops no schedule covers (the PRNG's
 * threefry rounds: loop-rotate puts MLIR's loops in the form the loop
 * vectorizer takes). default<O3> did the same and much else: an MLP
 * training step's LLVM optimization took 0.09-0.15 s instead of 0.03-0.04,
 * and ran at the same speed, as did matmul, elementwise, reduction and PRNG
 * kernels (bench/RESULTS.md, session 3). NABLA_LLVM_PASSES replaces it (an
 * LLVM pass pipeline, e.g. "default<O3>"). InstCombine named in a pipeline
 * string checks that it reached a fixed point and aborts the process when
 * not (default<O3>'s does not check), hence no-verify-fixpoint. */
static const char llvm_passes[] =
    "cgscc(inline),"
    "function(sroa,early-cse,instcombine<no-verify-fixpoint>,simplifycfg,loop-mssa(licm),gvn,"
    "loop(loop-rotate),loop-vectorize,instcombine<no-verify-fixpoint>,simplifycfg)";

/* LLVM IR -> optimized -> NAME.o + libNAME.a. Under nb_llvm_guarded: a bad
 * --mcpu/--mattr is an error, never the end of the process. */
static bool emit_llvm_unguarded(LLVMModuleRef mod, const nb_aot_options *o, const nb_exports *ex,
                                char *err, size_t err_size) {
  LLVMTargetMachineRef tm = nb_target_machine_create(o, err, err_size);
  if (!tm)
    return false;
  nb_module_set_target(mod, tm);
  internalize(mod, o->name, ex);
  LLVMPassBuilderOptionsRef pbo = LLVMCreatePassBuilderOptions();
  /* The schedules already unrolled what pays (register tiles, vector
   * chunks); LLVM's unroller then fully unrolled the small constant-trip
   * loops around them (packing rows, k steps, tiles) into huge blocks whose
   * instruction scheduling took most of the compile: the MLP training step
   * compiled in 2.2 s with it, 1.0 s without, and ran at the same speed. */
  LLVMPassBuilderOptionsSetLoopUnrolling(pbo, 0);
  const char *env = getenv("NABLA_LLVM_PASSES");
  double t = seconds_now();
  LLVMErrorRef e = LLVMRunPasses(mod, env && *env ? env : llvm_passes, tm, pbo);
  time_phase("LLVM optimizer", &t);
  LLVMDisposePassBuilderOptions(pbo);
  bool ok = true;
  if (e) {
    char *msg = LLVMGetErrorMessage(e);
    snprintf(err, err_size, "LLVM optimization failed: %s", msg);
    LLVMDisposeErrorMessage(msg);
    ok = false;
  }
  char *obj = out_path(o, "", ".o"), *lib = out_path(o, "lib", ".a");
  ok = ok && nb_emit_object(tm, mod, obj, err, err_size);
  time_phase("LLVM code generation", &t);
  ok = ok && nb_write_archive(lib, obj, mod, err, err_size);
  free(obj);
  free(lib);
  LLVMDisposeTargetMachine(tm);
  return ok;
}

typedef struct {
  LLVMModuleRef mod;
  const nb_aot_options *o;
  const nb_exports *ex;
} emit_job;

static bool run_emit(void *user, char *err, size_t err_size) {
  emit_job *j = user;
  return emit_llvm_unguarded(j->mod, j->o, j->ex, err, err_size);
}

/* The module is disposed of by the caller unless a fatal error abandoned
 * it mid-way (then it is leaked: LLVM's state around it is unknown). */
static bool emit_llvm(LLVMModuleRef mod, const nb_aot_options *o, const nb_exports *ex,
                      char *err, size_t err_size, bool *abandoned) {
  emit_job j = {mod, o, ex};
  err[0] = 0;
  return nb_llvm_guarded(run_emit, &j, err, err_size, abandoned);
}

static bool valid_c_identifier(const char *s) {
  if (!s || !*s || (*s >= '0' && *s <= '9'))
    return false;
  for (; *s; s++)
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
          (*s >= '0' && *s <= '9')))
      return false;
  return true;
}

int nb_aot_compile(MlirModule module, const nb_aot_options *opts, char *err,
                   size_t err_size) {
  if (!valid_c_identifier(opts->name)) {
    snprintf(err, err_size, "library name '%s' is not a C identifier",
             opts->name ? opts->name : "");
    return 1;
  }
  if (opts->emit != NB_EMIT_OBJ) {
    bool ok = lower(module, opts, err, err_size) &&
              print_module(module, opts->emit_path, err, err_size);
    return ok ? 0 : 1;
  }

  /* The header comes from the nabla-level module: lowering erases names,
   * dtypes and shapes. Verify first so the header never describes an
   * invalid module. */
  nb_aot_options verify_only = *opts;
  verify_only.emit = NB_EMIT_NABLA;
  verify_only.print_ir_after = NULL;
  nb_exports ex;
  if (!lower(module, &verify_only, err, err_size))
    return 1;
  if (!nb_collect_exports(module, &ex, err, err_size)) {
    nb_exports_free(&ex);
    return 1;
  }
  double t = seconds_now();
  bool ok = lower(module, opts, err, err_size);
  time_phase("MLIR passes", &t);
  if (ok) {
    LLVMContextRef llctx = LLVMContextCreate();
    LLVMModuleRef mod = mlirTranslateModuleToLLVMIR(mlirModuleGetOperation(module), llctx);
    time_phase("translation to LLVM IR", &t);
    if (!mod) {
      snprintf(err, err_size, "translation to LLVM IR failed");
      ok = false;
    } else {
      bool abandoned = false;
      ok = emit_llvm(mod, opts, &ex, err, err_size, &abandoned);
      if (!abandoned)
        LLVMDisposeModule(mod);
    }
    LLVMContextDispose(llctx);
  }
  if (ok) {
    char *h = out_path(opts, "", ".h");
    const nb_target_info *target = nb_find_target(opts->target); /* lower() found it */
    nb_header_target ht = {target->runtime_library, target->runtime_header};
    ok = nb_write_header(h, opts->name, &ht, &ex, err, err_size);
    free(h);
  }
  nb_exports_free(&ex);
  return ok ? 0 : 1;
}
