func.func @dim(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.sort"(%x) {dimension = 2 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
