/* cpu_schedule_text.c — writes the transform script for the ops that
 * nabla-cpu-schedule tagged, with tile sizes from their shapes and the target.
 *
 * The schedules are those measured before nabla existed (docs/cpu-codegen.md,
 * "Starting measurements": 0.97-1.05x OpenBLAS on this machine), adapted to
 * a named target:
 *
 * matmul (C[M,N] += A[M,K] B[K,N]), BLIS loop order jc > kc > ic > jr > ir > k:
 *   NC = N, KC <= 256 (<= 512 from K = 1024: C is loaded and stored K / KC
 *   times; 2048^3 ran at 0.86-0.91x OpenBLAS with 256, 0.94-0.97x with 512,
 *   while at K = 512-784, the MLP step's, 512 was slower), MC = a multiple
 *   of MR near 96-128, MR x NR the register
 *   tile: MR x NR/lanes accumulators must fit the register file with room for
 *   one B row (NR/lanes) and a broadcast A element. AVX2 (16 ymm): 4x16 = 8
 *   accumulators (measured at 1024^3 on Zen 4: 4x16 93 GFLOP/s, 8x8 79,
 *   6x16 27-39: 6 leaves partial tiles at power-of-two M, and a partial tile
 *   is padded row by row; 8x16 spills); AVX-512 (32 zmm): 8x32 = 16. The A (MR x KC) and B (KC x NR)
 *   micro-panels are padded with nofold pads and hoisted two loops out, which
 *   packs them contiguously (power-of-two strides otherwise cost 2x in
 *   L1/TLB conflicts). The packing copies are tiled a row at a time into
 *   loops of 1-D vector copies: vectorized whole they were KC straight-line
 *   loads and stores per panel, on which llc spent most of the compile
 *   (quadratic kill-flag updates in huge blocks: 0.65 s -> 0.19 s for a
 *   1024^3 matmul, same speed).
 * full reductions (to 0-D): see full_reduction() below (4096^2 f32 sum,
 *   best of 15 on this shared 2-core machine: 4.7 GB/s as scalar loops on
 *   1 or 2 threads; split, 14-20 GB/s on one thread, 16-30 on two, against
 *   memcpy's 17-21 GB/s read + write).
 * column sums: see colsum() below.
 * transposes: see transpose() below.
 * elementwise: one loop per outer dim, the innermost dim in chunks of up to
 *   NB_EW_CHUNK elements that divide it (static vector shapes, no masks).
 *
 * matmul epilogue: an elementwise op that is the only user of a packed
 *   matmul's result and reads it element for element (bias + activation,
 *   an SGD update w - lr g) runs on each tile of the result while it is in
 *   registers or cache, IREE-style: the consumer is tiled and the matmul
 *   (and its fill) fused into its loops, then the matmul gets its usual
 *   tiling and packing inside. With K in one cache block (in_regs) down to
 *   the register tile (structured.fuse from the consumer): the MR x NR
 *   accumulators go through the epilogue and are stored once, C never
 *   exists in memory; 1024x128x1024 relu(x W + b) on one core 3.00 -> 2.75
 *   ms (median), the MLP's weight update (784x128x512) ~3% faster. With K
 *   in several cache blocks (the kc loop is outside the register tiles) in
 *   the parallel chunk (tile_using_forall of the consumer,
 *   fuse_into_containing_op of the matmul): the chunk's block of C is
 *   re-read from L2, as it was unfused, so the MLP forward layers
 *   (128x784x512 + tanh) measured the same; it saves a parallel region.
 *   The MLP training step as a whole: the same within this machine's noise
 *   (5.88 ms on one thread with and without it, medians of 12 alternating
 *   runs): its matmuls run near peak and its epilogues are small.
 * Multi-core: an op with enough work first gets an scf.forall over equal
 * chunks of one dimension (tile_using_forall): the matmul's N (each chunk
 * packs its own panels, so threads share nothing but A), an elementwise
 * op's outermost dim, a full reduction's rows (each chunk its own partial
 * result, combined in chunk order). The chunk count is fixed here (about 8,
 * so that 2, 4 or 8 threads share it evenly), the thread count is not: the
 * forall becomes an OpenMP worksharing loop (pipeline.c) whose iterations
 * the threads of the runtime's pool (runtime/parallel.c) claim one at a
 * time, however many nbrt_set_num_threads asked for, so a thread the OS is
 * not running holds nothing up. Each chunk computes the same values in the
 * same order whatever the thread count, so results are bitwise identical.
 *
 * Everything is vectorized op by op (structured.vectorize), never with
 * vectorize_children_and_apply_patterns, which also vectorizes the
 * insert_slices between tile levels into full-tile self-copies. */
#include "cpu.h"
#include "ir.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest divisor of n that is <= limit (at least 1). */
static int64_t divisor_below(int64_t n, int64_t limit) {
  for (int64_t d = limit < n ? limit : n; d > 1; d--)
    if (n % d == 0)
      return d;
  return 1;
}

#define NB_EW_CHUNK 64
/* Work below which an op stays on one thread: waking the pool costs a few
 * microseconds, about what 2^20 FLOP or 2^16 elements take on one core. */
#define NB_PAR_MIN_FLOP (1LL << 22)
#define NB_PAR_MIN_ELEMS (1LL << 16)
#define NB_PAR_CHUNKS 8
#define NB_MM_MIN_CHUNK 512

/* Size of one parallel chunk of a dim of extent n: the largest multiple of
 * `unit`, at least `least`, that divides n into NB_PAR_CHUNKS chunks, or 4,
 * or 2; 0 when n cannot be split so. */
static int64_t par_chunk(int64_t n, int64_t unit, int64_t least) {
  for (int64_t want = NB_PAR_CHUNKS; want >= 2; want /= 2)
    for (int64_t c = (n / want) / unit * unit; c >= unit && c >= least; c -= unit)
      if (n % c == 0)
        return c;
  return 0;
}

/* Emits `%<name><id> = forall-tiled op` with tile size `chunk` on `dim`
 * (0 elsewhere) and returns true, or nothing when chunk is 0. */
static bool forall(nb_strbuf *b, const char *name, int id, const char *src, int rank, int dim,
                   int64_t chunk) {
  if (chunk == 0)
    return false;
  nb_strbuf_printf(b, "  %%%s%d, %%%sl%d = transform.structured.tile_using_forall %%%s%d tile_sizes [",
      name, id, name, id, src, id);
  for (int i = 0; i < rank; i++)
    nb_strbuf_printf(b, "%s%lld", i ? ", " : "", (long long)(i == dim ? chunk : 0));
  nb_strbuf_printf(b, "] : (!op) -> (!op, !op)\n");
  return true;
}

/* The fill `%<name><id>` written a row at a time, vectorized. */
static void fill_rows(nb_strbuf *b, const char *name, int id) {
  nb_strbuf_printf(b, "  %%r%s%d, %%lr%s%d = transform.structured.tile_using_for %%%s%d tile_sizes [1, 0]"
         " : (!op) -> (!op, !op)\n", name, id, name, id, name, id);
  nb_strbuf_printf(b, "  transform.annotate %%r%s%d \"nabla.vec\" : !op\n", name, id);
}

/* The epilogue's tile %<src><id> (all rows x cols, the matmul's parallel
 * chunk) as an elementwise op: a row at a time, in vector chunks. */
static void epilogue(nb_strbuf *b, int id, const char *src, int64_t cols) {
  nb_strbuf_printf(b, "  %%et%d, %%el%d:2 = transform.structured.tile_using_for %%%s%d tile_sizes [1, %lld]"
         " : (!op) -> (!op, !op, !op)\n",
      id, id, src, id, (long long)(cols > NB_EW_CHUNK ? divisor_below(cols, NB_EW_CHUNK) : cols));
}

/* The matmul schedule for the op tagged mm<id>, or, with `from`, for the
 * op in handle %<from><id> (a batched matmul's per-batch 2-D matmul, whose
 * batch loop is already the parallel one). */
static bool matmul_from(nb_strbuf *b, const nb_sched_op *op, const nb_cpu_target *t,
                        const char *from, int64_t m, int64_t n, const nb_sched_op *ep);

/* The matmul, with its elementwise consumer `ep` (or NULL) as its epilogue;
 * false when `ep` was left to its own schedule. */
static bool matmul(nb_strbuf *b, const nb_sched_op *op, const nb_cpu_target *t,
                   const nb_sched_op *ep) {
  return matmul_from(b, op, t, NULL, op->shape[0], op->shape[1], ep);
}

/* Batched matmul C[b] = A[b] B[b]: a loop over the batch (parallel when
 * there is enough work), unit dims folded away inside it so that the body
 * is a plain 2-D matmul, which then gets the matmul schedule. */
static void batch_matmul(nb_strbuf *b, const nb_sched_op *op, const nb_cpu_target *t) {
  int id = op->id;
  int64_t batch = op->shape[0], m = op->shape[1], n = op->shape[2];
  nb_strbuf_printf(b, "  %%bg%d = transform.structured.match attributes{nabla.sched = \"bmm%d\"} in %%root"
         " : (!op) -> !op\n", id, id);
  bool par = t->parallel && batch >= 2 && 2 * batch * m * n * op->k >= NB_PAR_MIN_FLOP;
  nb_strbuf_printf(b, "  %%bt%d, %%bl%d = transform.structured.%s %%bg%d tile_sizes [1, 0, 0, 0]"
         " : (!op) -> (!op, !op)\n", id, id, par ? "tile_using_forall" : "tile_using_for", id);
  nb_strbuf_printf(b, "  transform.apply_patterns to %%bl%d {\n"
         "    transform.apply_patterns.linalg.fold_unit_extent_dims_via_slices } : !op\n", id);
  nb_strbuf_printf(b, "  %%bm%d = transform.structured.match ops{[\"linalg.generic\"]} in %%bl%d"
         " : (!op) -> !op\n", id, id);
  nb_cpu_target serial = *t;
  serial.parallel = false; /* the batch loop is the parallel one */
  matmul_from(b, op, &serial, "bm", m, n, NULL);
}

static bool matmul_from(nb_strbuf *b, const nb_sched_op *op, const nb_cpu_target *t,
                        const char *from, int64_t m, int64_t n, const nb_sched_op *ep) {
  int lanes = t->vector_bits / 32;
  int64_t k = op->k;
  int64_t mr = t->vector_bits >= 512 ? 8 : 4, nr = 2 * lanes;
  /* A dim smaller than the register tile is taken whole: padded to the
   * tile, every tile was copied in and out of a padded buffer through the
   * generic strided memrefCopy (an MLP's 10-wide output layer ran at
   * 3.5 GFLOP/s) */
  if (n < nr)
    nr = n;
  if (m < mr)
    mr = m;
  /* KC and MC divide K and M when a divisor is near: a partial cache tile
   * packs through dynamic pads (a copy per row through the runtime) */
  int64_t kc_max = k >= 1024 ? 512 : 256;
  int64_t kc = k <= kc_max ? k : divisor_below(k, kc_max), mc = 128, nc = n;
  if (kc < 96)
    kc = kc_max;
  for (int64_t d = 128; d >= 64; d -= mr)
    if (m % d == 0) {
      mc = d;
      break;
    }
  int id = op->id;
  if (from)
    nb_strbuf_printf(b, "  %%g%d = transform.cast %%%s%d : !op to !op\n", id, from, id);
  else
    nb_strbuf_printf(b, "  %%g%d = transform.structured.match attributes{nabla.sched = \"mm%d\"} in %%root"
           " : (!op) -> !op\n", id, id);
  /* specialize mistakes A^T B for a plain matmul: that one stays generic */
  if (op->ta)
    nb_strbuf_printf(b, "  %%mm%d = transform.cast %%g%d : !op to !op\n", id, id);
  else
    nb_strbuf_printf(b, "  %%mm%d = transform.structured.specialize %%g%d : (!op) -> !op\n", id, id);
  if (op->fill_init)
    nb_strbuf_printf(b, "  %%fi%d = transform.get_producer_of_operand %%mm%d[2] : (!op) -> !op\n", id, id);
  bool fill_done = false;
  /* m * n * k small: one register-tile level, no packing (hoisting pads out
   * of loops that have one iteration buys nothing). */
  bool pack = m > mr && n > nr && k >= 64;
  /* K in one cache block: the zero fill is fused down to the register tile
   * (structured.fuse at every level), where it becomes the accumulators'
   * initial value: C is written once, never zeroed in memory and read back
   * (a weight gradient's 784x512 C cost a memset and a re-read). Whole
   * tiles only: a fill on a partial tile has dynamic sizes, which the
   * vectorizer refuses. */
  bool in_regs = op->fill_init && pack && kc >= k && m % mc == 0 && m % mr == 0 && n % nr == 0;
  const char *tile_op = in_regs ? "fuse" : "tile_using_for";
  const char *eq = in_regs ? "" : " =";
  const char *src = "mm";
  /* Each chunk packs all of A again, about one cycle per element of A
   * against n_chunk / 16 cycles of FMAs per element: chunks of at least
   * NB_MM_MIN_CHUNK columns keep that under ~3% (measured on one
   * thread: 128x784x512 in 8 chunks of 64 ran at 81 GFLOP/s, in 2 of 256
   * at 94; 2048^3 in 8 chunks at 0.88x OpenBLAS, in 4 at 0.91x), and at
   * least two chunks are always allowed. */
  int64_t tn = pack && t->parallel && 2 * m * n * k >= NB_PAR_MIN_FLOP
                   ? par_chunk(n, nr, n / 2 < NB_MM_MIN_CHUNK ? n / 2 : NB_MM_MIN_CHUNK) : 0;
  /* The epilogue (the header comment says why) is fused where the
   * accumulators are final: the register tile when K is one cache block
   * (in_regs) and the consumer brings no other producer along (`fuse` is
   * greedy), else the parallel chunk; else it keeps its own schedule. */
  bool ep_regs = ep && in_regs && op->ep_alone;
  bool ep_fused = ep && pack && (ep_regs || tn);
  const char *ep_src = "ep";
  if (ep_fused) {
    nb_strbuf_printf(b, "  %%ep%d = transform.structured.match attributes{nabla.sched = \"ew%d\"} in %%root"
           " : (!op) -> !op\n", id, ep->id);
    /* specialize made a new op, without the tag: the register tile is
     * found by it inside the consumer's loops */
    nb_strbuf_printf(b, "  %%mmn%d = transform.param.constant \"mm%d\" -> !transform.any_param\n", id, id);
    nb_strbuf_printf(b, "  transform.annotate %%mm%d \"nabla.sched\" = %%mmn%d : !op, !transform.any_param\n",
        id, id);
  }
  if (tn) {
    if (ep_fused) {
      /* the consumer's chunks, the matmul's computed in each */
      forall(b, "par", id, "ep", 2, 1, tn);
      nb_strbuf_printf(b, "  %%pm%d, %%pml%d = transform.structured.fuse_into_containing_op %%mm%d into"
             " %%parl%d : (!op, !op) -> (!op, !op)\n", id, id, id, id);
      ep_src = "par";
      src = "pm";
    } else {
      forall(b, "par", id, "mm", 3, 1, tn);
      src = "par";
    }
    nc = tn;
    /* each chunk zeroes its own columns of C, in place of one pass over
     * all of C before the matmul (which also made bufferization copy a
     * zero fill shared by several matmuls) */
    if (op->fill_init) {
      nb_strbuf_printf(b, "  %%ff%d, %%fl%d = transform.structured.fuse_into_containing_op %%fi%d into"
             " %%parl%d : (!op, !op) -> (!op, !op)\n", id, id, id, id);
      if (in_regs) /* its tiled clones inherit the tag */
        nb_strbuf_printf(b, "  transform.annotate %%ff%d \"nabla.vec\" : !op\n", id);
      else
        fill_rows(b, "ff", id);
      fill_done = true;
    }
  }
  if (op->fill_init && !fill_done) {
    if (in_regs)
      nb_strbuf_printf(b, "  transform.annotate %%fi%d \"nabla.vec\" : !op\n", id);
    else
      fill_rows(b, "fi", id);
  }
  if (ep_fused && !ep_regs)
    epilogue(b, id, ep_src, nc);
  if (ep_regs) {
    /* the consumer tiled down to the register tile, the matmul and its
     * fill fused into each tile: the accumulators go through the epilogue
     * and are stored once (N is one block here: nc is the chunk) */
    nb_strbuf_printf(b, "  %%b%d, %%lb%d = transform.structured.fuse %%%s%d tile_sizes"
           " [%lld, 0] : (!op) -> (!op, !op)\n", id, id, ep_src, id, (long long)mc);
    nb_strbuf_printf(b, "  %%ce%d, %%lc%d:2 = transform.structured.fuse %%b%d tile_sizes"
           " [%lld, %lld] interchange [1, 0] : (!op) -> (!op, !op, !op)\n",
        id, id, id, (long long)mr, (long long)nr);
    nb_strbuf_printf(b, "  %%c%d = transform.structured.match attributes{nabla.sched = \"mm%d\"} in %%lc%d#0"
           " : (!op) -> !op\n", id, id, id);
  } else if (pack && in_regs) {
    nb_strbuf_printf(b, "  %%a%d, %%la%d = transform.structured.fuse %%%s%d tile_sizes"
           " [0, %lld, 0] : (!op) -> (!op, !op)\n", id, id, src, id, (long long)nc);
  } else if (pack) {
    nb_strbuf_printf(b, "  %%a%d, %%la%d:2 = transform.structured.tile_using_for %%%s%d tile_sizes"
           " [0, %lld, %lld] interchange = [1, 2, 0] : (!op) -> (!op, !op, !op)\n",
        id, id, src, id, (long long)nc, (long long)kc);
  }
  if (pack && !ep_regs) {
    nb_strbuf_printf(b, "  %%b%d, %%lb%d = transform.structured.%s %%a%d tile_sizes"
           " [%lld, 0, 0] : (!op) -> (!op, !op)\n", id, id, tile_op, id, (long long)mc);
    nb_strbuf_printf(b, "  %%c%d, %%lc%d:2 = transform.structured.%s %%b%d tile_sizes"
           " [%lld, %lld, 0] interchange%s [1, 0] : (!op) -> (!op, !op, !op)\n",
        id, id, tile_op, id, (long long)mr, (long long)nr, eq);
  } else if (!pack) {
    nb_strbuf_printf(b, "  %%c%d, %%lc%d:2 = transform.structured.tile_using_for %%mm%d tile_sizes"
           " [%lld, %lld, 0] interchange = [1, 0] : (!op) -> (!op, !op, !op)\n",
        id, id, id, (long long)mr, (long long)nr);
  }
  nb_strbuf_printf(b, "  %%p%d, %%pads%d, %%cb%d = transform.structured.pad %%c%d {padding_values = "
         "[0.0 : f32, 0.0 : f32, 0.0 : f32], padding_dimensions = [0, 1, 2], "
         "nofold_flags = [%d, %d, 0], copy_back_op = \"none\"} : (!op) -> (!op, !op, !op)\n",
      id, id, id, id, pack, pack);
  if (pack) {
    nb_strbuf_printf(b, "  %%pa%d = transform.get_producer_of_operand %%p%d[0] : (!op) -> !op\n", id, id);
    nb_strbuf_printf(b, "  %%pb%d = transform.get_producer_of_operand %%p%d[1] : (!op) -> !op\n", id, id);
    nb_strbuf_printf(b, "  %%lps%d = transform.structured.match ops{[\"scf.for\"]} in %%root"
           " : (!op) -> !op\n", id);
    nb_strbuf_printf(b, "  transform.apply_licm to %%lps%d : !op\n", id);
    nb_strbuf_printf(b, "  %%hb%d = transform.structured.hoist_pad %%pb%d by 2 loops : (!op) -> !op\n",
        id, id);
    nb_strbuf_printf(b, "  %%ha%d = transform.structured.hoist_pad %%pa%d by 2 loops : (!op) -> !op\n",
        id, id);
    /* the packing copies, a row at a time in a loop: vectorized whole,
     * a KC x NR panel is KC straight-line loads and stores per panel, which
     * llc takes seconds over (quadratic kill-flag updates) */
    nb_strbuf_printf(b, "  %%tha%d, %%lha%d = transform.structured.tile_using_for %%ha%d tile_sizes [1]"
           " : (!op) -> (!op, !op)\n", id, id, id);
    nb_strbuf_printf(b, "  %%thb%d, %%lhb%d = transform.structured.tile_using_for %%hb%d tile_sizes [1]"
           " : (!op) -> (!op, !op)\n", id, id, id);
  }
  nb_strbuf_printf(b, "  %%k%d, %%lk%d = transform.structured.tile_using_for %%p%d tile_sizes [0, 0, 1]"
         " : (!op) -> (!op, !op)\n", id, id, id);
  /* specialize made a new op, without the tag */
  nb_strbuf_printf(b, "  transform.annotate %%k%d \"nabla.vec\" : !op\n", id);
  return ep_fused;
}

static void elementwise(nb_strbuf *b, const nb_sched_op *op, const nb_cpu_target *t) {
  int id = op->id, loops = 0;
  char sizes[128] = "";
  size_t len = 0;
  for (int i = 0; i < op->rank; i++) {
    int64_t s = i + 1 < op->rank ? (op->shape[i] > 1 ? 1 : 0)
                                 : (op->shape[i] > NB_EW_CHUNK
                                        ? divisor_below(op->shape[i], NB_EW_CHUNK) : 0);
    loops += s != 0;
    len += snprintf(sizes + len, sizeof sizes - len, "%s%lld", i ? ", " : "", (long long)s);
  }
  nb_strbuf_printf(b, "  %%e%d = transform.structured.match attributes{nabla.sched = \"ew%d\"} in %%root"
         " : (!op) -> !op\n", id, id);
  int64_t elems = 1;
  for (int i = 0; i < op->rank; i++)
    elems *= op->shape[i];
  const char *src = "e";
  if (t->parallel && op->rank >= 2 && elems >= NB_PAR_MIN_ELEMS &&
      forall(b, "pe", id, "e", op->rank, 0, par_chunk(op->shape[0], 1, 1)))
    src = "pe";
  if (loops == 0)
    return;
  nb_strbuf_printf(b, "  %%te%d", id);
  for (int i = 0; i < loops; i++)
    nb_strbuf_printf(b, ", %%le%d_%d", id, i);
  nb_strbuf_printf(b, " = transform.structured.tile_using_for %%%s%d tile_sizes [%s] : (!op) -> (!op", src,
      id, sizes);
  for (int i = 0; i < loops; i++)
    nb_strbuf_printf(b, ", !op");
  nb_strbuf_printf(b, ")\n");
}

/* Transposes: square tiles of one vector's lanes (8x8 f32 with AVX2), each
 * read as rows, transposed in registers and written as rows. Tiled by
 * 1 x chunk like an elementwise op, every read was a strided scalar load
 * (0.6 ms for a 512^2 f32 transpose, against 0.06 ms this way). Rows of
 * tiles are the parallel chunks. */
static void transpose(nb_strbuf *b, const nb_sched_op *op, const nb_cpu_target *t) {
  int id = op->id, r = op->rank;
  int64_t lanes = t->vector_bits / op->elem_bits, elems = 1;
  for (int i = 0; i < r; i++)
    elems *= op->shape[i];
  nb_strbuf_printf(b, "  %%t%d = transform.structured.match attributes{nabla.sched = \"tr%d\"} in %%root"
         " : (!op) -> !op\n", id, id);
  /* parallel over the rows, or over the batch of a batched transpose */
  const char *src = "t";
  if (t->parallel && elems >= NB_PAR_MIN_ELEMS &&
      forall(b, "pt", id, "t", r, 0,
             r == 2 ? par_chunk(op->shape[0], lanes, lanes) : par_chunk(op->shape[0], 1, 1)))
    src = "pt";
  nb_strbuf_printf(b, "  %%tt%d, %%lt%d:%d = transform.structured.tile_using_for %%%s%d tile_sizes [", id, id,
      r, src, id);
  for (int i = 0; i < r; i++)
    nb_strbuf_printf(b, "%s%lld", i ? ", " : "", (long long)(i < r - 2 ? 1 : lanes));
  nb_strbuf_printf(b, "] : (!op) -> (!op");
  for (int i = 0; i < r; i++)
    nb_strbuf_printf(b, ", !op");
  nb_strbuf_printf(b, ")\n");
}

/* Row reductions (sum, max, ... along the contiguous dim) in the split
 * form the vectorizer needs: per row, a vector of `chunk` partial results
 * combined with each next chunk of the row (independent lanes, no
 * loop-carried scalar chain), then reduced across lanes once
 * (tile_reduction_using_for). The order of additions is no longer the naive
 * one; XLA does not add sequentially either. Rows are the parallel chunks. */
static void row_reduction(nb_strbuf *b, const nb_sched_op *op, const nb_cpu_target *t) {
  int id = op->id;
  int64_t rows = op->shape[0], cols = op->shape[1];
  int64_t chunk = divisor_below(cols, NB_EW_CHUNK);
  nb_strbuf_printf(b, "  %%rr%d = transform.structured.match attributes{nabla.sched = \"rr%d\"} in %%root"
         " : (!op) -> !op\n", id, id);
  const char *src = "rr";
  if (t->parallel && rows * cols >= NB_PAR_MIN_ELEMS &&
      forall(b, "prr", id, "rr", 2, 0, par_chunk(rows, 1, 1)))
    src = "prr";
  nb_strbuf_printf(b, "  %%rt%d, %%rl%d = transform.structured.tile_using_for %%%s%d tile_sizes [1, 0]"
         " : (!op) -> (!op, !op)\n", id, id, src, id);
  if (chunk < t->vector_bits / 32 || chunk == cols)
    return; /* too narrow to split: rows one at a time, vectorized whole */
  nb_strbuf_printf(b, "  %%rf%d, %%rs%d, %%rc%d, %%rlp%d = transform.structured.tile_reduction_using_for"
         " %%rt%d by tile_sizes = [0, %lld] : (!op) -> (!op, !op, !op, !op)\n",
      id, id, id, id, id, (long long)chunk);
  nb_strbuf_printf(b, "  transform.annotate %%rf%d \"nabla.vec\" : !op\n", id);
  nb_strbuf_printf(b, "  transform.annotate %%rs%d \"nabla.vec\" : !op\n", id);
  nb_strbuf_printf(b, "  transform.annotate %%rc%d \"nabla.vec\" : !op\n", id);
}

/* Full reductions (sum, max, ... of a whole tensor, viewed as [rows, cols]
 * by cpu_schedule.c, cols a multiple of the vector width): each of a fixed
 * number of row chunks (tile_reduction_using_forall, NB_PAR_CHUNKS or
 * fewer, the parallel chunks) sums its rows into a cols-wide vector of
 * partial results (tile_reduction_using_for: one vector add per `cols`
 * elements, independent lanes), reduces it across lanes into its slot of a
 * small partials tensor, and the partials are combined in chunk order. The
 * chunks do not depend on the thread count, so neither does the result.
 * Scalar loops (one loop-carried add chain) ran a 4096^2 f32 sum at
 * ~4.8 GB/s. */
static void full_reduction(nb_strbuf *b, const nb_sched_op *op, const nb_cpu_target *t) {
  int id = op->id;
  int64_t rows = op->shape[0], cols = op->shape[1];
  nb_strbuf_printf(b, "  %%fr%d = transform.structured.match attributes{nabla.sched = \"fr%d\"} in %%root"
         " : (!op) -> !op\n", id, id);
  const char *src = "fr";
  int64_t chunk = par_chunk(rows, 1, 1);
  if (t->parallel && rows * cols >= NB_PAR_MIN_ELEMS && chunk) {
    nb_strbuf_printf(b, "  %%pfi%d, %%pfr%d, %%pfc%d, %%pfl%d = transform.structured.tile_reduction_using_forall"
           " %%fr%d reduction_dims = [0] by num_threads = [%lld, 0]"
           " : (!op) -> (!op, !op, !op, !op)\n", id, id, id, id, id, (long long)(rows / chunk));
    nb_strbuf_printf(b, "  transform.annotate %%pfi%d \"nabla.vec\" : !op\n", id);
    nb_strbuf_printf(b, "  transform.annotate %%pfc%d \"nabla.vec\" : !op\n", id);
    src = "pfr";
  }
  nb_strbuf_printf(b, "  %%ffi%d, %%ffr%d, %%ffc%d, %%ffl%d = transform.structured.tile_reduction_using_for"
         " %%%s%d by tile_sizes = [1, %lld] : (!op) -> (!op, !op, !op, !op)\n",
      id, id, id, id, src, id, (long long)cols);
  nb_strbuf_printf(b, "  transform.annotate %%ffi%d \"nabla.vec\" : !op\n", id);
  nb_strbuf_printf(b, "  transform.annotate %%ffr%d \"nabla.vec\" : !op\n", id);
  nb_strbuf_printf(b, "  transform.annotate %%ffc%d \"nabla.vec\" : !op\n", id);
}

/* Column sums: rows one at a time (the naive order of additions) into a
 * vector of up to NB_EW_CHUNK columns; the chunk loop outside, so the
 * accumulator stays in registers across the rows. */
static void colsum(nb_strbuf *b, const nb_sched_op *op) {
  int id = op->id;
  int64_t cols = op->shape[1];
  int64_t chunk = cols > NB_EW_CHUNK ? divisor_below(cols, NB_EW_CHUNK) : 0;
  nb_strbuf_printf(b, "  %%cs%d = transform.structured.match attributes{nabla.sched = \"cs%d\"} in %%root"
         " : (!op) -> !op\n", id, id);
  if (chunk)
    nb_strbuf_printf(b, "  %%tcs%d, %%lcs%d:2 = transform.structured.tile_using_for %%cs%d tile_sizes"
           " [1, %lld] interchange = [1, 0] : (!op) -> (!op, !op, !op)\n",
        id, id, id, (long long)chunk);
  else
    nb_strbuf_printf(b, "  %%tcs%d, %%lcs%d = transform.structured.tile_using_for %%cs%d tile_sizes [1, 0]"
           " : (!op) -> (!op, !op)\n", id, id, id);
}

char *nb_cpu_schedule_text(const nb_sched_list *ops, const nb_cpu_target *t) {
  nb_strbuf b = {0};
  bool *fused = calloc(ops->n ? ops->n : 1, sizeof *fused); /* per matmul id */
  nb_strbuf_printf(&b, "!op = !transform.any_op\n"
          "module attributes {transform.with_named_sequence} {\n"
          " transform.named_sequence @__nabla_cpu(%%root: !op {transform.readonly}) {\n");
  for (int i = 0; i < ops->n; i++) {
    const nb_sched_op *op = &ops->ops[i];
    if (op->epilogue_of && fused[op->epilogue_of - 1])
      continue; /* scheduled with its matmul */
    switch (op->kind) {
    case NB_SCHED_MATMUL:
      fused[i] = matmul(&b, op, t, op->epilogue ? &ops->ops[op->epilogue - 1] : NULL);
      break;
    case NB_SCHED_COLSUM: colsum(&b, op); break;
    case NB_SCHED_TRANSPOSE: transpose(&b, op, t); break;
    case NB_SCHED_BATCH_MATMUL: batch_matmul(&b, op, t); break;
    case NB_SCHED_ROW_REDUCTION: row_reduction(&b, op, t); break;
    case NB_SCHED_FULL_REDUCTION: full_reduction(&b, op, t); break;
    case NB_SCHED_ELEMENTWISE: elementwise(&b, op, t); break;
    }
  }
  /* Clean up the tile plumbing before vectorizing (otherwise the vectorizer
   * sees dynamic slices), then vectorize exactly the tagged ops: tiling and
   * padding clone an op with its attributes, so the tag follows it. */
  nb_strbuf_printf(&b, "  %%f = transform.structured.match ops{[\"func.func\"]} in %%root : (!op) -> !op\n"
          "  transform.apply_patterns to %%f { transform.apply_patterns.canonicalization } : !op\n"
          "  transform.apply_cse to %%f : !op\n"
          "  transform.apply_patterns to %%f { transform.apply_patterns.linalg.pad_vectorization }"
          " : !op\n"
          "  %%v = transform.structured.match attributes{nabla.vec} in %%root : (!op) -> !op\n"
          "  transform.structured.vectorize %%v {vectorize_nd_extract} : !op\n"
          "  transform.apply_patterns to %%f {\n"
          "    transform.apply_patterns.vector.cast_away_vector_leading_one_dim\n"
          "    transform.apply_patterns.vector.reduction_to_contract\n"
          "    transform.apply_patterns.vector.transfer_permutation_patterns } : !op\n"
          "  transform.apply_patterns to %%f {\n"
          "    transform.apply_patterns.canonicalization\n"
          "    transform.apply_patterns.tensor.fold_tensor_subset_ops_into_vector_transfers }"
          " : !op\n"
          "  transform.apply_cse to %%f : !op\n"
          /* the C register tile stays in registers across the k loop */
          "  %%loops = transform.structured.match ops{[\"scf.for\"]} in %%root : (!op) -> !op\n"
          "  transform.loop.hoist_loop_invariant_subsets %%loops : !op\n"
          /* an epilogue in the register tile reads the accumulators that the
           * hoisted write stores: forwarded, they stay in registers */
          "  transform.apply_patterns to %%f { transform.apply_patterns.canonicalization } : !op\n"
          /* the row-tiled packing copies write into a fresh tensor that is
           * then inserted into the panel: write into the panel itself
           * (otherwise an alloc and a memref.copy per panel) */
          "  transform.bufferization.eliminate_empty_tensors %%f : !op\n"
          "  transform.yield\n"
          " }\n"
          "}\n");
  free(fused);
  return b.s;
}

/* After bufferization. Canonicalize first: lowering the vectors before it
 * leaves 256-scalar to_elements/from_elements chains (docs/cpu-codegen.md,
 * "Pitfalls"); the
 * second canonicalization, after CSE has merged equal subviews, drops the
 * tile-into-itself copies that insert_slice bufferizes to. */
const char nb_cpu_vector_lower_text[] =
    "!op = !transform.any_op\n"
    "module attributes {transform.with_named_sequence} {\n"
    " transform.named_sequence @__nabla_cpu(%root: !op {transform.readonly}) {\n"
    "  %f = transform.structured.match ops{[\"func.func\"]} in %root : (!op) -> !op\n"
    "  transform.apply_patterns to %f { transform.apply_patterns.canonicalization } : !op\n"
    "  transform.apply_cse to %f : !op\n"
    "  transform.apply_patterns to %f { transform.apply_patterns.canonicalization } : !op\n"
    "  transform.apply_patterns to %f {\n"
    "    transform.apply_patterns.vector.lower_contraction lowering_strategy = \"outerproduct\"\n"
    "    transform.apply_patterns.vector.transfer_permutation_patterns\n"
    "    transform.apply_patterns.vector.lower_transfer max_transfer_rank = 1\n"
    "    transform.apply_patterns.vector.lower_shape_cast\n"
    "    transform.apply_patterns.vector.lower_broadcast\n"
    /* 16x16 f32 tiles (AVX-512 transposes) as shuffles of 16-wide rows
     * (512^2 f32: 0.085 -> 0.057 ms on one core); other shapes as before */
    "    transform.apply_patterns.vector.lower_transpose lowering_strategy = \"shuffle_16x16\" } : !op\n"
    "  transform.apply_patterns to %f { transform.apply_patterns.vector.lower_outerproduct }"
    " : !op\n"
    /* what is left: the row reductions' lane reductions, to vector.reduction
     * (after the contractions, whose lowering stays as it was) */
    "  transform.apply_patterns to %f {\n"
    "    transform.apply_patterns.vector.lower_multi_reduction lowering_strategy = \"innerreduction\"\n"
    "  } : !op\n"
    "  transform.yield\n"
    " }\n"
    "}\n";
