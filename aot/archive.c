/* archive.c — writes libNAME.a around NAME.o, in the GNU ar format, with a
 * symbol index so `cc main.c libNAME.a` links without running ranlib.
 *
 * Layout: "!<arch>\n", then members, each a 60-byte header plus data padded
 * to an even size. The first member, named "/", is the index: a big-endian
 * u32 count, one big-endian u32 per symbol giving the file offset of the
 * header of the member defining it, then the NUL-terminated names. Member
 * names end in '/'; a name longer than 15 characters goes into a "//"
 * member and the header says "/<offset>". Dates, owners and modes are fixed
 * so builds are reproducible.
 *
 * The symbols come from the LLVM module: definitions with non-local linkage.
 * Names are written as LLVM spells them, which is the object's symbol name
 * on ELF (Mach-O would add a leading underscore; not supported yet). */
#include "aot.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_exported(LLVMValueRef v) {
  if (LLVMIsDeclaration(v))
    return false;
  LLVMLinkage l = LLVMGetLinkage(v);
  return l != LLVMInternalLinkage && l != LLVMPrivateLinkage;
}

/* Exported names of mod, NUL-separated in one malloc'd buffer. */
static char *exported_symbols(LLVMModuleRef mod, uint32_t *count, size_t *bytes) {
  size_t cap = 256, n = 0;
  char *names = malloc(cap);
  *count = 0;
  LLVMValueRef fns = LLVMGetFirstFunction(mod), globals = LLVMGetFirstGlobal(mod);
  for (int pass = 0; pass < 2; pass++) {
    for (LLVMValueRef v = pass ? globals : fns; v;
         v = pass ? LLVMGetNextGlobal(v) : LLVMGetNextFunction(v)) {
      if (!is_exported(v))
        continue;
      size_t len;
      const char *name = LLVMGetValueName2(v, &len);
      while (n + len + 1 > cap)
        names = realloc(names, cap *= 2);
      memcpy(names + n, name, len);
      names[n + len] = 0;
      n += len + 1;
      (*count)++;
    }
  }
  *bytes = n;
  return names;
}

static void header(FILE *f, const char *name, size_t size) {
  fprintf(f, "%-16s%-12s%-6s%-6s%-8s%-10zu`\n", name, "0", "0", "0", "644", size);
}

static void put_be32(FILE *f, uint32_t v) {
  unsigned char b[4] = {v >> 24, v >> 16, v >> 8, v};
  fwrite(b, 1, 4, f);
}

static void pad(FILE *f, size_t size) {
  if (size % 2)
    fputc('\n', f);
}

static char *read_all(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *size = (size_t)n;
  return data;
}

bool nb_write_archive(const char *path, const char *object_path, LLVMModuleRef mod,
                      char *err, size_t err_size) {
  size_t obj_size;
  char *obj = read_all(object_path, &obj_size);
  if (!obj) {
    snprintf(err, err_size, "cannot read '%s'", object_path);
    return false;
  }
  const char *base = strrchr(object_path, '/');
  base = base ? base + 1 : object_path;
  size_t base_len = strlen(base);

  uint32_t count;
  size_t names_size;
  char *names = exported_symbols(mod, &count, &names_size);
  size_t index_size = 4 + 4 * (size_t)count + names_size;

  /* A long member name lives in the "//" table, "name/\n". */
  bool long_name = base_len > 15;
  size_t table_size = long_name ? base_len + 2 : 0;
  size_t offset = 8 + 60 + index_size + index_size % 2;
  if (long_name)
    offset += 60 + table_size + table_size % 2;

  FILE *f = fopen(path, "wb");
  if (!f) {
    snprintf(err, err_size, "cannot write '%s'", path);
    free(obj);
    free(names);
    return false;
  }
  fputs("!<arch>\n", f);
  header(f, "/", index_size);
  put_be32(f, count);
  for (uint32_t i = 0; i < count; i++)
    put_be32(f, (uint32_t)offset); /* every symbol is in the one object */
  fwrite(names, 1, names_size, f);
  pad(f, index_size);
  char member[32];
  if (long_name) {
    header(f, "//", table_size);
    fprintf(f, "%s/\n", base);
    pad(f, table_size);
    snprintf(member, sizeof member, "/0");
  } else {
    snprintf(member, sizeof member, "%s/", base);
  }
  header(f, member, obj_size);
  fwrite(obj, 1, obj_size, f);
  pad(f, obj_size);
  bool ok = !ferror(f);
  ok &= fclose(f) == 0;
  if (!ok)
    snprintf(err, err_size, "error writing '%s'", path);
  free(obj);
  free(names);
  return ok;
}
