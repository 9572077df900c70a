// RUN: not nabla-opt %s --split-input-file --pass-pipeline='builtin.module(nabla-export-abi)' 2>&1 | FileCheck %s
// nabla-export-abi refuses what the C ABI cannot express.

// -----
// CHECK: export-abi-errors.mlir:[[@LINE+1]]:1: error: nabla-export-abi: exported function still returns values
func.func @h(%a: memref<2xf32>) -> memref<2xf32> {
  return %a : memref<2xf32>
}

// -----
// CHECK: export-abi-errors.mlir:[[@LINE+2]]:1: error: nabla-export-abi: exported name 'nabla_k' is already a symbol of the module
func.func private @nabla_k(%a: memref<2xf32>)
func.func @k(%a: memref<2xf32>) {
  return
}
