// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s | FileCheck %s --check-prefix=NONE
// RUN: nabla-opt --pass-pipeline='builtin.module(nabla-verify,nabla-to-linalg)' %s \
// RUN:   | %mlir_opt --one-shot-bufferize=bufferize-function-boundaries --convert-linalg-to-loops \
// RUN:   | FileCheck %s --check-prefix=BUF
// Bitwise ops, XLA's total shifts, bit casts, erf_inv and the fused
// Threefry block. No nabla op or unsigned type is left, and the result
// bufferizes to loops.
// NONE-NOT: nabla.
// NONE-NOT: {{ui[0-9]+}}
// BUF-NOT: linalg.generic

// CHECK-LABEL: func.func @bitwise(
// CHECK: arith.andi %{{.*}}, %{{.*}} : i32
// CHECK: arith.ori %{{.*}}, %{{.*}} : i32
// CHECK: arith.xori %{{.*}}, %{{.*}} : i32
// CHECK: %[[ONES:.*]] = arith.constant -1 : i32
// CHECK: arith.xori %{{.*}}, %[[ONES]] : i32
func.func @bitwise(%x: tensor<4xui32>, %y: tensor<4xui32>) -> tensor<4xui32> {
  %0 = "nabla.and"(%x, %y) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %1 = "nabla.or"(%0, %y) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %2 = "nabla.xor"(%1, %y) : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xui32>
  %3 = "nabla.not"(%2) : (tensor<4xui32>) -> tensor<4xui32>
  return %3 : tensor<4xui32>
}

// Amounts >= the bit width (compared unsigned) select 0, or the sign fill.
// CHECK-LABEL: func.func @shifts(
// CHECK: ^bb0(%[[X:[^:]*]]: i32, %[[N:[^:]*]]: i32, %{{.*}}: i32):
// CHECK: %[[W:.*]] = arith.constant 32 : i32
// CHECK: %[[OK:.*]] = arith.cmpi ult, %[[N]], %[[W]] : i32
// CHECK: %[[S:.*]] = arith.shli %[[X]], %[[N]] : i32
// CHECK: %[[Z:.*]] = arith.constant 0 : i32
// CHECK: arith.select %[[OK]], %[[S]], %[[Z]] : i32
// CHECK: arith.shrui
// CHECK: ^bb0(%[[X2:[^:]*]]: i32, %[[N2:[^:]*]]: i32, %{{.*}}: i32):
// CHECK: %[[OK2:.*]] = arith.cmpi ult, %[[N2]], %{{.*}} : i32
// CHECK: %[[S2:.*]] = arith.shrsi %[[X2]], %[[N2]] : i32
// CHECK: %[[C31:.*]] = arith.constant 31 : i32
// CHECK: %[[FILL:.*]] = arith.shrsi %[[X2]], %[[C31]] : i32
// CHECK: arith.select %[[OK2]], %[[S2]], %[[FILL]] : i32
func.func @shifts(%x: tensor<4xi32>, %n: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "nabla.shift_left"(%x, %n) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = "nabla.shift_right_logical"(%0, %n) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = "nabla.shift_right_arithmetic"(%1, %n) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %2 : tensor<4xi32>
}

// CHECK-LABEL: func.func @bitcast(
// CHECK: arith.bitcast %{{.*}} : i32 to f32
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @bitcast(%x: tensor<4xui32>) -> (tensor<4xf32>, tensor<4xi32>) {
  %0 = "nabla.bitcast_convert"(%x) : (tensor<4xui32>) -> tensor<4xf32>
  %1 = "nabla.bitcast_convert"(%x) : (tensor<4xui32>) -> tensor<4xi32>
  return %0, %1 : tensor<4xf32>, tensor<4xi32>
}

// XLA's ErfInv32: log1p's rational branch and XLA's own logf, Horner steps
// as FMAs.
// CHECK-LABEL: func.func @erf_inv(
// CHECK: linalg.generic
// CHECK: arith.negf
// CHECK: math.fma
// CHECK: arith.divf
// CHECK: math.sqrt
// CHECK: arith.select
// CHECK: linalg.yield
func.func @erf_inv(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.erf_inv"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// One generic, two outputs, the 20 rounds straight-line in its body: the
// first group's rotations 13, 15, 26, 6 (as shli r / shrui 32-r), the key
// parity constant 0x1BD11BDA = 466688986, and nothing tensor-sized inside.
// CHECK-LABEL: func.func @threefry(
// CHECK: %[[G:.*]]:2 = linalg.generic
// CHECK-SAME: ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} : tensor<6xi32>, tensor<6xi32>, tensor<6xi32>, tensor<6xi32>)
// CHECK-SAME: outs(%{{.*}}, %{{.*}} : tensor<6xi32>, tensor<6xi32>)
// CHECK: ^bb0(%[[K0:[^:]*]]: i32, %[[K1:[^:]*]]: i32, %[[X0:[^:]*]]: i32, %[[X1:[^:]*]]: i32,
// CHECK-DAG: arith.xori %[[K0]], %[[K1]] : i32
// CHECK-DAG: arith.constant 466688986 : i32
// CHECK: arith.addi %[[X0]], %[[K0]] : i32
// CHECK: arith.addi %[[X1]], %[[K1]] : i32
// CHECK: arith.constant 13 : i32
// CHECK: arith.constant 19 : i32
// CHECK: arith.constant 15 : i32
// CHECK: arith.constant 17 : i32
// CHECK: arith.constant 26 : i32
// CHECK: arith.constant 6 : i32
// CHECK: arith.constant 6 : i32
// CHECK: arith.constant 26 : i32
// CHECK-NOT: tensor.
// CHECK-NOT: linalg.generic
// CHECK: linalg.yield %{{.*}}, %{{.*}} : i32, i32
// CHECK: return %[[G]]#0, %[[G]]#1
func.func @threefry(%k0: tensor<6xui32>, %k1: tensor<6xui32>, %x0: tensor<6xui32>, %x1: tensor<6xui32>) -> (tensor<6xui32>, tensor<6xui32>) {
  %0:2 = "nabla.threefry2x32"(%k0, %k1, %x0, %x1) : (tensor<6xui32>, tensor<6xui32>, tensor<6xui32>, tensor<6xui32>) -> (tensor<6xui32>, tensor<6xui32>)
  return %0#0, %0#1 : tensor<6xui32>, tensor<6xui32>
}
