func.func @axis(%x: tensor<2x3xf32>) -> tensor<2xi32> {
  %0 = "nabla.argmax"(%x) {axis = 2 : i64} : (tensor<2x3xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @empty(%x: tensor<2x0xf32>) -> tensor<2xi32> {
  %0 = "nabla.argmin"(%x) {axis = 1 : i64} : (tensor<2x0xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @float_index(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  %0 = "nabla.argmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @shape(%x: tensor<2x3xf32>) -> tensor<3xi32> {
  %0 = "nabla.argmax"(%x) {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<3xi32>
  return %0 : tensor<3xi32>
}
