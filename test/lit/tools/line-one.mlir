func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> { %0 = "nabla.exp"(%x) : (tensor<4xi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32> }
// RUN: not nablac %s --emit=nabla 2>&1 | FileCheck %s
// RUN: not nabla-opt %s 2>&1 | FileCheck %s
// A diagnostic on the first line has the file's own column (the tools no
// longer insert an implicit "module {" into the text they parse).
// CHECK: line-one.mlir:1:69: error: use of value '%x' expects different type than prior uses
// CHECK: line-one.mlir:1:14: note: prior use here
