func.func @axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.cumsum"(%x) {axis = 2 : i64, reverse = false} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @bool(%x: tensor<3xi1>) -> tensor<3xi1> {
  %0 = "nabla.cummax"(%x) {axis = 0 : i64, reverse = false} : (tensor<3xi1>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @reverse(%x: tensor<3xf32>) -> tensor<3xf32> {
  %0 = "nabla.cumprod"(%x) {axis = 0 : i64, reverse = "no"} : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}
