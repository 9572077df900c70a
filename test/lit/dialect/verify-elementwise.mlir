// RUN: not nabla-opt --split-input-file --pass-pipeline='builtin.module(nabla-verify)' %s 2>&1 | FileCheck %s
// nabla-verify: element-type classes and the elementwise ops' relations.

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.exp: expected a float element type, got tensor<4xi32>
  %0 = "nabla.exp"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.log: expected a float element type, got tensor<4xi32>
  %0 = "nabla.log"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.log1p: expected a float element type, got tensor<4xi32>
  %0 = "nabla.log1p"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.expm1: expected a float element type, got tensor<4xi32>
  %0 = "nabla.expm1"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.tanh: expected a float element type, got tensor<4xi32>
  %0 = "nabla.tanh"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.logistic: expected a float element type, got tensor<4xi32>
  %0 = "nabla.logistic"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.sqrt: expected a float element type, got tensor<4xi32>
  %0 = "nabla.sqrt"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.rsqrt: expected a float element type, got tensor<4xi32>
  %0 = "nabla.rsqrt"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.sin: expected a float element type, got tensor<4xi32>
  %0 = "nabla.sin"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.cos: expected a float element type, got tensor<4xi32>
  %0 = "nabla.cos"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.neg: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.neg"(%x) : (tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @f(%x: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.abs: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.abs"(%x) : (tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @f(%x: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.sign: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.sign"(%x) : (tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @f(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.add: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.add"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @f(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.sub: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.sub"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @f(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.mul: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.mul"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @f(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.div: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.div"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @f(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.rem: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.rem"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @f(%x: tensor<4xi1>, %y: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.pow: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.pow"(%x, %y) : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.exp: operand 0 must be a statically shaped ranked tensor, got tensor<?xf32>
  %0 = "nabla.exp"(%x) : (tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @f(%x: tensor<4xsi32>) -> tensor<4xsi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.neg: operand 0 has element type si32, which is not a nabla dtype
  %0 = "nabla.neg"(%x) : (tensor<4xsi32>) -> tensor<4xsi32>
  return %0 : tensor<4xsi32>
}

// -----

func.func @f(%x: tensor<4xi1>) -> tensor<4xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.integer_pow: expected an integer or float element type, got tensor<4xi1>
  %0 = "nabla.integer_pow"(%x) {y = 2 : i64} : (tensor<4xi1>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @f(%x: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.integer_pow: negative exponent -2 needs a float operand, got tensor<4xi32>
  %0 = "nabla.integer_pow"(%x) {y = -2 : i64} : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f() -> tensor<2xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.constant: value has type tensor<2xi64> but the result is tensor<2xi32>
  %0 = "nabla.constant"() {value = dense<[1, 2]> : tensor<2xi64>} : () -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f() -> tensor<2x3xf32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.iota: dimension 2 is out of range for result shape (2,3)
  %0 = "nabla.iota"() {dimension = 2 : i64} : () -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f() -> tensor<3xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.iota: expected an integer or float element type, got tensor<3xi1>
  %0 = "nabla.iota"() {dimension = 0 : i64} : () -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @f(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.compare: result must be i1 with the operands' shape (4,), got tensor<4xi32>
  %0 = "nabla.compare"(%x, %y) {direction = "lt"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @f(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<2x2xi1> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.compare: result must be i1 with the operands' shape (4,), got tensor<2x2xi1>
  %0 = "nabla.compare"(%x, %y) {direction = "eq"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<2x2xi1>
  return %0 : tensor<2x2xi1>
}

// -----

func.func @f(%p: tensor<4xi32>, %x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.select: pred must be i1 with the shape (4,) of the branches, got tensor<4xi32>
  %0 = "nabla.select"(%p, %x, %y) : (tensor<4xi32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%p: tensor<2xi1>, %x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.select: pred must be i1 with the shape (4,) of the branches, got tensor<2xi1>
  %0 = "nabla.select"(%p, %x, %y) : (tensor<2xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%x: tensor<4xf32>) -> tensor<2x2xi32> {
  // CHECK: verify-elementwise.mlir:[[@LINE+1]]:{{[0-9]+}}: error: nabla.convert: result shape (2,2) differs from operand shape (4,)
  %0 = "nabla.convert"(%x) : (tensor<4xf32>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}
