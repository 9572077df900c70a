# report.awk — turns run.sh's "<name> <seconds> <work> <unit>" lines into the
# table of bench/RESULTS.md (rates, and ratios against the references).
{ t[$1] = $2; w[$1] = $3 }
END {
  peak = 115  # GFLOP/s per core, measured FMA loop (docs/cpu-codegen.md)
  printf "%-22s %10s %10s %10s %9s %9s %8s\n", "matmul f32 (1 thread)", "nabla", "OpenBLAS", "jax.jit", "/OpenBLAS", "/jax", "of peak"
  for (k in t) if (k ~ /^matmul_[0-9]+$/) {
    nb = w[k] / t[k]; ob = w[k] / t[k "_openblas"]; jx = w[k] / t[k "_jax"]
    printf "%-22s %10.1f %10.1f %10.1f %9.2f %9.2f %7.0f%%\n", k " GFLOP/s", nb, ob, jx, nb / ob, nb / jx, 100 * nb / peak
  }
  printf "\n%-22s %10s %10s\n", "matmul f32, 2 threads", "nabla", "vs 1 thread"
  for (k in t) if (k ~ /^matmul2t_[0-9]+$/) {
    one = "matmul_" substr(k, 10)
    printf "%-22s %10.1f %10.2f\n", one " GFLOP/s", w[k] / t[k], t[one] / t[k]
  }
  if ("ew_chain" in t) {
    printf "\n%-22s %10s %10s %10s %9s %9s %9s\n", "elementwise 4096^2", "nabla", "C -O3", "jax.jit", "/C", "/jax", "of memcpy"
    printf "%-22s %10.1f %10.1f %10.1f %9.2f %9.2f %8.0f%%\n", "relu(x*w+b) GB/s", w["ew_chain"] / t["ew_chain"],
      w["ew_chain"] / t["ew_c_O3_native"], w["ew_chain"] / t["ew_chain_jax"],
      t["ew_c_O3_native"] / t["ew_chain"], t["ew_chain_jax"] / t["ew_chain"],
      100 * (w["ew_chain"] / t["ew_chain"]) / (w["bw_memcpy"] / t["bw_memcpy"])
    printf "%-22s %10.1f\n", "memcpy GB/s (read+write)", w["bw_memcpy"] / t["bw_memcpy"]
  }
  if ("full_sum" in t) {
    printf "\n%-22s %10s %10s %9s\n", "full sum 4096^2", "nabla", "jax.jit", "of memcpy"
    printf "%-22s %10.1f %10.1f %8.0f%%\n", "sum(x) GB/s", w["full_sum"] / t["full_sum"],
      w["full_sum"] / t["full_sum_jax"], 100 * (w["full_sum"] / t["full_sum"]) / (w["bw_memcpy"] / t["bw_memcpy"])
    printf "%-22s %10.1f\n", "sum(x) GB/s, 2 threads", w["full_sum2t"] / t["full_sum2t"]
  }
  if ("linreg_loss" in t) {
    printf "\n%-22s %10s %10s %9s\n", "P1 linreg (100 pts)", "nabla us", "jax us", "jax/nabla"
    printf "%-22s %10.3f %10.3f %9.0f\n", "loss", 1e6 * t["linreg_loss"], 1e6 * t["linreg_loss_jax"], t["linreg_loss_jax"] / t["linreg_loss"]
    printf "%-22s %10.3f %10.3f %9.0f\n", "update (grad)", 1e6 * t["linreg_update"], 1e6 * t["linreg_update_jax"], t["linreg_update_jax"] / t["linreg_update"]
  }
  printf "\n%-22s %10s %10s\n", "P5 compile (s)", "nablac", "jax"
  for (k in t) if (k ~ /^compile_mm_[0-9]+$/) printf "%-22s %10.3f %10.3f\n", "matmul " substr(k, 12), t[k], t[k "_jax"]
  if ("mlp_step_nabla_1t" in t) {
    printf "\n%-22s %10s %10s %10s %9s\n", "P2 MLP step (ms)", "nabla", "jax.jit", "nabla/jax", "OpenBLAS"
    for (n = 1; n <= 2; n++) {
      k = "mlp_step_nabla_" n "t"; j = "mlp_step_jax_" n "t"
      printf "%-22s %10.2f %10.2f %9.2f %9.2f\n", n " thread" (n > 1 ? "s" : ""), 1e3 * t[k], 1e3 * t[j], t[k] / t[j], 1e3 * t["mlp_step_openblas_matmuls"]
    }
    printf "%-22s %10.3f %10s\n", "P5 step, process (s)", t["compile_mlp_step"], "-"
    printf "%-22s %10.3f %10.3f\n", "P5 step, first (s)", t["compile_mlp_step_first"], t["compile_mlp_step_jax_cold"]
    printf "%-22s %10.3f %10.3f\n", "P5 step, warm (s)", t["compile_mlp_step_warm"], t["compile_mlp_step_jax"]
  }
  printf "\nP6 sizes: runtime archive %d B, linreg app %d B, MLP step app %d B (stripped %d B)\n", t["size_runtime_archive"], t["size_linreg_app"], t["size_mlp_step_app"], t["size_mlp_step_app_stripped"]
}
