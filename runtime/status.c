/* status.c — the thread-local error state behind nbrt_last_error().
 *
 * One message per thread, in a fixed buffer: reporting an error must work
 * when memory is exhausted, so it never allocates. */
#include "nabla/runtime.h"

#include <string.h>

static _Thread_local int last_status;
static _Thread_local char last_message[256];

const char *nbrt_last_error(void) { return last_message; }

int nbrt_last_status(void) { return last_status; }

void nbrt_clear_error(void) {
  last_status = NBRT_OK;
  last_message[0] = 0;
}

void nbrt__set_error(int status, const char *message) {
  last_status = status;
  size_t n = strlen(message);
  if (n >= sizeof last_message)
    n = sizeof last_message - 1;
  memcpy(last_message, message, n);
  last_message[n] = 0;
}

const char *nbrt_status_name(int status) {
  switch (status) {
  case NBRT_OK: return "ok";
  case NBRT_ERR_OUT_OF_MEMORY: return "out of memory";
  case NBRT_ERR_INVALID: return "invalid call";
  default: return "unknown status";
  }
}
