func.func @rev_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.rev"(%x) {dimensions = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @rev_twice(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "nabla.rev"(%x) {dimensions = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @concat_shapes(%x: tensor<2x3xf32>, %y: tensor<3x3xf32>) -> tensor<2x6xf32> {
  %0 = "nabla.concatenate"(%x, %y) {dimension = 1 : i64} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concat_dim(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x6xf32> {
  %0 = "nabla.concatenate"(%x, %y) {dimension = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concat_dtypes(%x: tensor<2x3xf32>, %y: tensor<2x3xf64>) -> tensor<2x6xf32> {
  %0 = "nabla.concatenate"(%x, %y) {dimension = 1 : i64} : (tensor<2x3xf32>, tensor<2x3xf64>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}
