/* c_names.c — which user-given names can appear in the generated C.
 *
 * Function, argument, tree and tree item names end up verbatim in the
 * header aot/emit_header.c writes (as parameters, struct members, function
 * names), so each must be a C identifier and not a keyword: `int` or
 * `_Bool` as an argument name would give a header that does not compile,
 * and the user would only hear of it from the C compiler. The header
 * includes <stdbool.h>, which makes bool, true and false macros. */
#include "frontend.h"

#include <ctype.h>
#include <string.h>

/* C11's 44 keywords (6.4.1), then the <stdbool.h> macros. */
static const char *const keywords[] = {
    "auto",       "break",     "case",           "char",          "const",
    "continue",   "default",   "do",             "double",        "else",
    "enum",       "extern",    "float",          "for",           "goto",
    "if",         "inline",    "int",            "long",          "register",
    "restrict",   "return",    "short",          "signed",        "sizeof",
    "static",     "struct",    "switch",         "typedef",       "union",
    "unsigned",   "void",      "volatile",       "while",         "_Alignas",
    "_Alignof",   "_Atomic",   "_Bool",          "_Complex",      "_Generic",
    "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local", "bool",
    "true",       "false",
};

const char *nb_fe_bad_c_name(const char *s) {
  if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
    return "is not a C identifier";
  for (const char *p = s; *p; p++)
    if (!isalnum((unsigned char)*p) && *p != '_')
      return "is not a C identifier";
  for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
    if (strcmp(s, keywords[i]) == 0)
      return "is a C keyword";
  return NULL;
}
