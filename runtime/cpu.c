/* cpu.c — STUB. */
int nbrt_stub;
