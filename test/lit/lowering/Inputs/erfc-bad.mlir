func.func @i(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "nabla.erfc"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
