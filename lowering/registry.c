/* registry.c — the table of nabla pass names and the pipeline-string parser
 * that mixes nabla names with upstream ones (lowering.h).
 *
 * Why a parser of our own: LLVM 22's C API can create passes but not register
 * them by name, and mlirParsePassPipeline replaces a manager's contents. So
 * "builtin.module(nabla-to-linalg,canonicalize,cse)" is split at top-level
 * commas; runs of upstream elements go to mlirOpPassManagerAddPipeline as one
 * string and nabla names are looked up here, keeping the order. */
#include "lowering.h"
#include "cpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool nb_add_nabla_front(MlirOpPassManager pm) {
  /* Verification first: the transforms, the inliner and simplify trust the
   * ops they meet (a dot_general's dims, a reduce's axes); the module may
   * come from outside (nablac, nabla-opt). */
  return nb_add_verify_pass(pm) && nb_add_expand_transforms_pass(pm) && nb_add_inline_pass(pm) &&
         nb_add_simplify_pass(pm);
}
static bool add_cpu_to_linalg(MlirOpPassManager pm) {
  return nb_add_nabla_front(pm) && nb_add_cpu_to_linalg(pm);
}
static bool add_full_cpu(MlirOpPassManager pm) {
  return add_cpu_to_linalg(pm) && nb_add_cpu_linalg_to_llvm(pm, "nabla", 256);
}
/* The schedule pass for the portable x86-64-v3 target (nablac --mcpu picks
 * others); static: the pass keeps a pointer to it. */
static bool add_cpu_schedule(MlirOpPassManager pm) {
  static const nb_cpu_target avx2 = {.vector_bits = 256, .parallel = true};
  return nb_add_cpu_schedule_pass(pm, &avx2);
}
static bool add_export_default(MlirOpPassManager pm) {
  return nb_add_export_abi_pass(pm, "nabla", NB_CPU_CALL_GUARD);
}

const nb_pass_info nb_pass_table[] = {
    {"nabla-expand-transforms", "give jvp/vjp/grad/value_and_grad declarations their bodies",
     nb_add_expand_transforms_pass},
    {"nabla-simplify", "DCE, CSE and splat folding of nabla ops; drop unused private functions",
     nb_add_simplify_pass},
    {"nabla-verify", "check what IRDL cannot: dtypes, shape relations, attributes",
     nb_add_verify_pass},
    {"nabla-to-linalg", "lower every nabla op to linalg/tensor/arith/math",
     nb_add_to_linalg_pass},
    {"nabla-export-abi", "wrap public functions as <prefix>_<name> returning an int status "
                         "(prefix 'nabla' here; nablac uses the library name)",
     add_export_default},
    {"nabla-to-linalg-except-contractions",
     "nabla-to-linalg leaving nabla.dot_general (lowered after elementwise fusion)",
     nb_add_to_linalg_except_contractions_pass},
    {"nabla-inline", "inline every call between nabla functions", nb_add_inline_pass},
    {"nabla-distinct-results", "copy repeated function results (one buffer per result)",
     nb_add_distinct_results_pass},
    {"nabla-nowait-loops", "make every omp.wsloop nowait (runtime/parallel.c: members never "
                           "wait for each other)",
     nb_add_nowait_loops_pass},
    {"nabla-cpu-schedule", "tile and vectorize the linalg ops a CPU schedule takes "
                           "(transform dialect; x86-64-v3 register tiles)",
     add_cpu_schedule},
    {"nabla-cpu-vector-lower", "after bufferization: the schedules' vector.contract to FMAs, "
                               "transfers to 1-D vectors",
     nb_add_cpu_vector_lower_pass},
    {"nabla-front", "pipeline: verify, expand transforms, inline, simplify (every target's start)",
     nb_add_nabla_front},
    {"nabla-cpu-to-linalg", "pipeline: nabla-front, to-linalg, elementwise fusion",
     add_cpu_to_linalg},
    {"nabla-cpu-to-llvm", "pipeline: the whole CPU lowering down to the LLVM dialect",
     add_full_cpu},
    {NULL, NULL, NULL},
};

const nb_pass_info *nb_find_pass(const char *name, size_t len) {
  for (const nb_pass_info *p = nb_pass_table; p->name; p++)
    if (strlen(p->name) == len && strncmp(p->name, name, len) == 0)
      return p;
  return NULL;
}

/* Length of the element starting at s: up to the next comma at depth 0. */
static size_t element_len(const char *s) {
  int depth = 0;
  size_t i = 0;
  for (; s[i]; i++) {
    char c = s[i];
    if (c == '(' || c == '{') depth++;
    else if (c == ')' || c == '}') depth--;
    else if (c == ',' && depth == 0) break;
  }
  return i;
}

static bool flush_upstream(MlirOpPassManager pm, char *buf, size_t *n) {
  if (*n == 0)
    return true;
  buf[*n] = 0;
  *n = 0;
  return nb_add_upstream(pm, buf);
}

bool nb_parse_pipeline(MlirOpPassManager pm, const char *pipeline) {
  const char *s = pipeline;
  size_t len = strlen(s);
  static const char anchor[] = "builtin.module(";
  if (strncmp(s, anchor, sizeof anchor - 1) == 0) {
    if (len < sizeof anchor || s[len - 1] != ')') {
      fprintf(stderr, "nabla: unbalanced pipeline: %s\n", pipeline);
      return false;
    }
    s += sizeof anchor - 1;
    len -= sizeof anchor; /* drop the anchor and the closing paren */
  }
  char *upstream = malloc(len + 1);
  size_t n = 0;
  bool ok = true;
  for (size_t i = 0; ok && i < len;) {
    while (i < len && (s[i] == ' ' || s[i] == ',')) i++;
    if (i >= len) break;
    size_t el = element_len(s + i);
    if (i + el > len) el = len - i;
    const nb_pass_info *p = nb_find_pass(s + i, el);
    if (p) {
      ok = flush_upstream(pm, upstream, &n) && p->add(pm);
    } else {
      if (n) upstream[n++] = ',';
      memcpy(upstream + n, s + i, el);
      n += el;
    }
    i += el;
  }
  ok = ok && flush_upstream(pm, upstream, &n);
  free(upstream);
  return ok;
}
