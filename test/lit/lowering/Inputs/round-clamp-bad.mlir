func.func @method(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "nabla.round"(%x) {rounding_method = 2 : i64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @int_round(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "nabla.round"(%x) {rounding_method = 0 : i64} : (tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @bound_shape(%lo: tensor<3xf32>, %x: tensor<2x3xf32>, %hi: tensor<f32>) -> tensor<2x3xf32> {
  %0 = "nabla.clamp"(%lo, %x, %hi) : (tensor<3xf32>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @bound_dtype(%lo: tensor<f32>, %x: tensor<2x3xf32>, %hi: tensor<f64>) -> tensor<2x3xf32> {
  %0 = "nabla.clamp"(%lo, %x, %hi) : (tensor<f32>, tensor<2x3xf32>, tensor<f64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @int_nextafter(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = "nabla.nextafter"(%x, %x) : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
