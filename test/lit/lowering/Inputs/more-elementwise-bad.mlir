func.func @i(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "nabla.floor"(%x) : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @r(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.is_finite"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
