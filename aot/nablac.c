/* nablac — STUB. */
int main(void) { return 1; }
