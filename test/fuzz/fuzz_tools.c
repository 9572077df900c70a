/* fuzz_tools.c — a mutation fuzzer for nablac and nabla-opt as whole
 * processes.
 *
 * usage: fuzz_tools --seconds N --out DIR [--seed S] [--jobs-of-tool T]
 *                   --nablac PATH --nabla-opt PATH SEED.mlir...
 *
 * Each round takes a seed input (the lit tests' .mlir files), applies a few
 * mutations (see mutate()), writes the result to DIR/input.mlir and runs one
 * tool on it through one of the pipelines in `runs`. The tools' contract for
 * any input: exit status 0, or exit status 1 with a diagnostic on stderr.
 * A signal (SIGSEGV, SIGABRT: an assertion or report_fatal_error), any other
 * exit status (ASan's and UBSan's reports exit with 23 here), a timeout, or
 * exit status 1 with nothing on stderr (a silent failure) is a finding: the
 * input is kept as DIR/crash-<n>.mlir with the command line and stderr in
 * DIR/crash-<n>.txt. The run ends with a count of runs and findings and exit
 * status 1 if there were findings.
 *
 * Why a fuzzer of our own, fork/exec per input, rather than libFuzzer or
 * AFL++: the contract is about the process (its exit status and its
 * message), MLIR ends the process on some inputs by design (its own
 * report_fatal_error and assertions), which an in-process fuzzer could not
 * tell from a crash, and this needs no clang: the tools under test are the
 * ASan + UBSan build the test command already makes. Coverage guidance is
 * traded for mutations that know MLIR's text: numbers are replaced by
 * boundary values, dtypes by other dtypes, op names by other ops, lines are
 * dropped or duplicated, and bytes flipped. It finds the "plausible but
 * ill-formed" inputs that reach the passes, which is where nabla's own
 * crashes were.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_SEEDS = 512, MAX_INPUT = 1 << 20, TIMEOUT_S = 20 };

typedef struct {
  char *text;
  size_t len;
} blob;

/* ---- randomness: xorshift64*, seeded from the command line ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) {
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 2685821657736338717ull;
}
static size_t below(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

/* ---- mutations on a growable text ---- */

typedef struct {
  char *s;
  size_t len, cap;
} text;

static void reserve(text *t, size_t extra) {
  if (t->len + extra + 1 <= t->cap)
    return;
  t->cap = (t->len + extra + 1) * 2;
  t->s = realloc(t->s, t->cap);
  if (!t->s) {
    perror("fuzz_tools");
    exit(2);
  }
}

/* Replaces [at, at + n) with `with`. */
static void splice(text *t, size_t at, size_t n, const char *with, size_t wn) {
  reserve(t, wn);
  memmove(t->s + at + wn, t->s + at + n, t->len - at - n + 1);
  memcpy(t->s + at, with, wn);
  t->len = t->len - n + wn;
}

static const char *const numbers[] = {
    "0", "-1", "1", "2", "-2", "7", "255", "256", "65535", "2147483647", "-2147483648",
    "4294967296", "9223372036854775807", "-9223372036854775808", "1000000000000", "1099511627776",
    "0.0", "-0.0", "1.0e+300", "nan", "0x7FC00000", "3"};
static const char *const words[] = {
    "f32", "f64", "f16", "bf16", "i1", "i8", "i32", "i64", "ui8", "ui32", "index",
    "nabla.add", "nabla.exp", "nabla.dot_general", "nabla.transpose", "nabla.slice",
    "nabla.reduce_max", "nabla.broadcast_in_dim", "nabla.convert", "nabla.pad", "nabla.iota",
    "nabla.sort_key_val", "nabla.threefry2x32", "nabla.select", "nabla.reshape",
    "nabla.grad", "nabla.vjp", "nabla.jvp", "nabla.vmap", "func.call", "array<i64>",
    "array<i64: 0>", "array<i64: 1, 0>", "tensor<f32>", "tensor<0xf32>", "tensor<?xf32>",
    "{}", "()", "private", "public"};

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.';
}

/* A random position of a run of characters satisfying `in`; its extent. */
static bool pick_run(const text *t, bool (*in)(char), size_t *at, size_t *n) {
  for (int tries = 0; tries < 64; tries++) {
    size_t i = below(t->len);
    if (!in(t->s[i]))
      continue;
    size_t a = i, b = i;
    while (a > 0 && in(t->s[a - 1])) a--;
    while (b < t->len && in(t->s[b])) b++;
    *at = a;
    *n = b - a;
    return true;
  }
  return false;
}

/* Start and length of the line holding position i (with its newline). */
static void line_at(const text *t, size_t i, size_t *at, size_t *n) {
  size_t a = i, b = i;
  while (a > 0 && t->s[a - 1] != '\n') a--;
  while (b < t->len && t->s[b] != '\n') b++;
  if (b < t->len) b++;
  *at = a;
  *n = b - a;
}

static void mutate_once(text *t) {
  size_t at, n;
  switch (below(7)) {
  case 0: /* a number becomes a boundary value */
    if (pick_run(t, is_digit, &at, &n)) {
      const char *w = numbers[below(sizeof numbers / sizeof *numbers)];
      splice(t, at, n, w, strlen(w));
    }
    break;
  case 1: /* a word becomes a dtype, an op, a transform, a type */
    if (pick_run(t, is_word, &at, &n)) {
      const char *w = words[below(sizeof words / sizeof *words)];
      splice(t, at, n, w, strlen(w));
    }
    break;
  case 2: /* a line goes */
    if (t->len) {
      line_at(t, below(t->len), &at, &n);
      splice(t, at, n, "", 0);
    }
    break;
  case 3: /* a line is repeated */
    if (t->len) {
      line_at(t, below(t->len), &at, &n);
      char *copy = malloc(n + 1);
      memcpy(copy, t->s + at, n);
      splice(t, at, 0, copy, n);
      free(copy);
    }
    break;
  case 4: /* a byte changes */
    if (t->len)
      t->s[below(t->len)] = (char)(" ()<>{}[],:=%@\"x0-"[below(18)]);
    break;
  case 5: /* a span is cut */
    if (t->len) {
      at = below(t->len);
      n = below(t->len - at < 40 ? t->len - at : 40);
      splice(t, at, n, "", 0);
    }
    break;
  default: /* a dimension list changes: "4x" becomes another size */
    if (pick_run(t, is_digit, &at, &n) && at + n < t->len && t->s[at + n] == 'x') {
      const char *w = numbers[below(8)];
      splice(t, at, n, w, strlen(w));
    }
    break;
  }
}

/* ---- running a tool ---- */

typedef struct {
  const char *tool; /* "nablac" or "nabla-opt" */
  const char *args[6];
} run_spec;

static const run_spec runs[] = {
    {"nablac", {"--emit=llvm", NULL}},
    {"nablac", {"--emit=linalg", NULL}},
    {"nablac", {"--emit=obj", NULL}}, /* -o DIR added */
    {"nabla-opt", {"--pass-pipeline=builtin.module(nabla-verify)", NULL}},
    {"nabla-opt", {"--pass-pipeline=builtin.module(nabla-expand-transforms,nabla-inline,nabla-simplify)", NULL}},
    {"nabla-opt", {"--pass-pipeline=builtin.module(nabla-to-linalg)", NULL}},
    {"nabla-opt", {"--pass-pipeline=builtin.module(nabla-cpu-to-llvm)", NULL}},
};

typedef enum { OK, FINDING } verdict;

/* Runs the tool on `input`, stderr into `err_path`; describes a finding. */
static verdict run_one(const char *exe, const run_spec *r, const char *input, const char *out_dir,
                       const char *err_path, char *why, size_t why_size) {
  const char *argv[16];
  int k = 0;
  argv[k++] = exe;
  argv[k++] = input;
  for (int i = 0; r->args[i]; i++)
    argv[k++] = r->args[i];
  if (strcmp(r->args[0], "--emit=obj") == 0) {
    argv[k++] = "-o";
    argv[k++] = out_dir;
  }
  argv[k] = NULL;
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(2);
  }
  if (pid == 0) {
    int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int devnull = open("/dev/null", O_WRONLY);
    if (fd < 0 || devnull < 0)
      _exit(120);
    dup2(fd, 2);
    dup2(devnull, 1);
    alarm(TIMEOUT_S);
    execv(exe, (char *const *)argv);
    _exit(121);
  }
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  struct stat st;
  bool said = stat(err_path, &st) == 0 && st.st_size > 0;
  if (WIFSIGNALED(status)) {
    snprintf(why, why_size, "%s", WTERMSIG(status) == SIGALRM ? "timeout" : strsignal(WTERMSIG(status)));
    return FINDING;
  }
  int code = WEXITSTATUS(status);
  if (code == 0)
    return OK;
  if (code == 1 && said)
    return OK;
  snprintf(why, why_size, code == 1 ? "exit 1 without a message" : "exit status %d", code);
  return FINDING;
}

static blob read_file(const char *path) {
  blob b = {NULL, 0};
  FILE *f = fopen(path, "rb");
  if (!f)
    return b;
  b.text = malloc(MAX_INPUT + 1);
  b.len = fread(b.text, 1, MAX_INPUT, f);
  b.text[b.len] = 0;
  fclose(f);
  return b;
}

static void copy_file(const char *from, const char *to) {
  blob b = read_file(from);
  FILE *f = fopen(to, "wb");
  if (f && b.text)
    fwrite(b.text, 1, b.len, f);
  if (f)
    fclose(f);
  free(b.text);
}

int main(int argc, char **argv) {
  double seconds = 60;
  const char *out = NULL, *nablac = NULL, *opt = NULL;
  blob seeds[MAX_SEEDS];
  int n_seeds = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--seconds") && i + 1 < argc) seconds = atof(argv[++i]);
    else if (!strcmp(argv[i], "--out") && i + 1 < argc) out = argv[++i];
    else if (!strcmp(argv[i], "--seed") && i + 1 < argc) rng_state = strtoull(argv[++i], NULL, 0) | 1;
    else if (!strcmp(argv[i], "--nablac") && i + 1 < argc) nablac = argv[++i];
    else if (!strcmp(argv[i], "--nabla-opt") && i + 1 < argc) opt = argv[++i];
    else if (n_seeds < MAX_SEEDS) {
      seeds[n_seeds] = read_file(argv[i]);
      if (seeds[n_seeds].text && seeds[n_seeds].len)
        n_seeds++;
    }
  }
  if (!out || !nablac || !opt || n_seeds == 0) {
    fprintf(stderr, "usage: fuzz_tools --seconds N --out DIR [--seed S] --nablac PATH "
                    "--nabla-opt PATH SEED.mlir...\n");
    return 2;
  }
  /* Sanitizer reports must not look like a diagnostic with exit status 1
   * (ASan's default); leaks are valgrind's job (the fatal-error path of
   * llvm_guard.c leaks what LLVM abandoned, by design). */
  setenv("ASAN_OPTIONS", "exitcode=23:detect_leaks=0:allocator_may_return_null=1", 0);
  setenv("UBSAN_OPTIONS", "halt_on_error=1:exitcode=23:print_stacktrace=1", 0);
  mkdir(out, 0777);
  char input[4096], err_path[4096], obj_dir[4096];
  snprintf(input, sizeof input, "%s/input.mlir", out);
  snprintf(err_path, sizeof err_path, "%s/stderr.txt", out);
  snprintf(obj_dir, sizeof obj_dir, "%s/obj", out);
  mkdir(obj_dir, 0777);
  time_t start = time(NULL);
  long rounds = 0, findings = 0;
  while (difftime(time(NULL), start) < seconds) {
    const blob *s = &seeds[below((size_t)n_seeds)];
    text t = {NULL, 0, 0};
    reserve(&t, s->len);
    memcpy(t.s, s->text, s->len + 1);
    t.len = s->len;
    for (size_t m = 1 + below(4); m > 0; m--)
      mutate_once(&t);
    FILE *f = fopen(input, "wb");
    if (!f) {
      perror(input);
      return 2;
    }
    fwrite(t.s, 1, t.len, f);
    fclose(f);
    const run_spec *r = &runs[below(sizeof runs / sizeof *runs)];
    char why[128];
    if (run_one(strcmp(r->tool, "nablac") ? opt : nablac, r, input, obj_dir, err_path, why,
                sizeof why) == FINDING) {
      char keep[4096], note[4096];
      snprintf(keep, sizeof keep, "%s/crash-%ld.mlir", out, findings);
      snprintf(note, sizeof note, "%s/crash-%ld.txt", out, findings);
      copy_file(input, keep);
      FILE *nf = fopen(note, "w");
      if (nf) {
        fprintf(nf, "%s: %s %s", why, r->tool, keep);
        for (int i = 0; r->args[i]; i++)
          fprintf(nf, " '%s'", r->args[i]);
        fputs("\n--- stderr ---\n", nf);
        blob e = read_file(err_path);
        if (e.text)
          fwrite(e.text, 1, e.len, nf);
        free(e.text);
        fclose(nf);
      }
      fprintf(stderr, "finding %ld: %s (%s)\n", findings, why, keep);
      findings++;
    }
    free(t.s);
    rounds++;
  }
  printf("fuzz_tools: %ld runs in %.0f s, %ld findings\n", rounds, seconds, findings);
  for (int i = 0; i < n_seeds; i++)
    free(seeds[i].text);
  return findings ? 1 : 0;
}
