/* llvm_guard.c — LLVM work run so that a bad option can neither end the
 * process nor pass silently.
 *
 * Why: LLVM reports some problems by ending the process. An x86-64 triple
 * with --mcpu=i386 or --mattr=-64bit-mode reaches report_fatal_error ("64-bit
 * code requested on a subtarget that doesn't support it", "Do not know how
 * to expand the result of this operator"), which prints "LLVM ERROR" and
 * calls exit or abort, from inside nb_compile. And it only warns for an
 * unknown --mcpu or --mattr ("'bogus' is not a recognized processor for this
 * target (ignoring processor)"), then compiles for a default CPU, which the
 * user did not ask for. The C API offers neither a validation of CPU and
 * feature names nor a recoverable error, so this file:
 *   - installs a fatal-error handler (LLVMInstallFatalErrorHandler) that
 *     jumps back here, turning the fatal error into a returned message;
 *     what LLVM had under way is abandoned (and leaked): the caller reports
 *     the error and discards the module;
 *   - captures stderr while the work runs and fails on "is not a recognized"
 *     warnings, passing anything else through.
 * Neither is reentrant: LLVM's handler and stderr are per process, and the
 * compiler runs one compilation at a time per process (nb_compile's
 * contract). */
#define _POSIX_C_SOURCE 200809L /* fileno, dup */
#include "aot.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/ErrorHandling.h>

/* ---- stderr capture ---- */

nb_stderr_capture nb_capture_stderr(void) {
  nb_stderr_capture c = {tmpfile(), -1};
  if (!c.file)
    return c;
  fflush(stderr);
  c.saved_fd = dup(STDERR_FILENO);
  if (c.saved_fd < 0 || dup2(fileno(c.file), STDERR_FILENO) < 0) {
    if (c.saved_fd >= 0)
      close(c.saved_fd);
    fclose(c.file);
    return (nb_stderr_capture){NULL, -1};
  }
  return c;
}

char *nb_capture_end(nb_stderr_capture c) {
  if (!c.file)
    return NULL;
  fflush(stderr);
  dup2(c.saved_fd, STDERR_FILENO);
  close(c.saved_fd);
  long n = ftell(c.file);
  char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (text) {
    rewind(c.file);
    size_t got = fread(text, 1, (size_t)n, c.file);
    text[got] = 0;
  }
  fclose(c.file);
  return text;
}

/* ---- fatal errors ---- */

static jmp_buf fatal_jump;
static char fatal_reason[512];

static void on_fatal_error(const char *reason) {
  snprintf(fatal_reason, sizeof fatal_reason, "%s", reason ? reason : "(no reason given)");
  longjmp(fatal_jump, 1);
}

/* The first line of `text` holding `needle`, without its newline, into out. */
static bool find_line(const char *text, const char *needle, char *out, size_t size) {
  const char *hit = text ? strstr(text, needle) : NULL;
  if (!hit)
    return false;
  const char *start = hit;
  while (start > text && start[-1] != '\n') start--;
  size_t len = strcspn(start, "\n");
  snprintf(out, size, "%.*s", (int)len, start);
  return true;
}

bool nb_llvm_guarded(nb_llvm_work work, void *user, char *err, size_t err_size, bool *fatal) {
  nb_stderr_capture cap = nb_capture_stderr();
  /* volatile: read after longjmp */
  volatile bool ok = false;
  *fatal = false;
  LLVMInstallFatalErrorHandler(on_fatal_error);
  if (setjmp(fatal_jump) == 0) {
    ok = work(user, err, err_size);
  } else {
    snprintf(err, err_size, "LLVM cannot compile for this target and options: %s", fatal_reason);
    ok = false;
    *fatal = true;
  }
  LLVMResetFatalErrorHandler();
  char *text = nb_capture_end(cap);
  char line[400];
  /* An unknown CPU or feature also explains a fatal error that follows it
   * (LLVM falls back to a generic CPU, which may lack 64-bit mode). */
  if (find_line(text, "is not a recognized", line, sizeof line)) {
    /* "'bogus' is not a recognized processor for this target (ignoring
     * processor)": an error here, not a silent default. */
    char *ign = strstr(line, " (ignoring");
    if (ign)
      *ign = 0;
    snprintf(err, err_size, "%s (llc -mcpu=help / -mattr=help lists them)", line);
    ok = false;
  } else if (text) {
    fputs(text, stderr);
  }
  free(text);
  return ok;
}
