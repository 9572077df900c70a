// The nabla dialect, defined in IRDL and loaded at compile time through
// mlirLoadIRDLDialects (it also loads into upstream `mlir-opt --irdl-file=`).
//
// Ops follow JAX's lax primitives on statically shaped builtin tensors.
// IRDL states what it can: operand/result kinds, which operands must share
// one type (a reused constraint variable means "equal"), and the attribute
// kinds and enumerations. What IRDL cannot say (element-type classes, shape
// relations such as broadcast_in_dim's) is checked by the C verifier in
// lowering/verify/verify.c, which nabla-opt and nablac run before lowering.
//
// Element types: f32 f64 f16 bf16 i1 i8 i16 i32 i64 ui8 ui16 ui32 ui64.
irdl.dialect @nabla {
  // neg(x), elementwise; result type = operand type
  irdl.operation @neg {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // abs(x), elementwise; result type = operand type
  irdl.operation @abs {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // sign(x), elementwise; result type = operand type
  irdl.operation @sign {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // exp(x), elementwise; result type = operand type
  irdl.operation @exp {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // log(x), elementwise; result type = operand type
  irdl.operation @log {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // log1p(x), elementwise; result type = operand type
  irdl.operation @log1p {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // expm1(x), elementwise; result type = operand type
  irdl.operation @expm1 {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // tanh(x), elementwise; result type = operand type
  irdl.operation @tanh {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // logistic(x), elementwise; result type = operand type
  irdl.operation @logistic {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // sqrt(x), elementwise; result type = operand type
  irdl.operation @sqrt {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // rsqrt(x), elementwise; result type = operand type
  irdl.operation @rsqrt {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // sin(x), elementwise; result type = operand type
  irdl.operation @sin {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // cos(x), elementwise; result type = operand type
  irdl.operation @cos {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // add(lhs, rhs), elementwise on equal types (the DSL broadcasts first)
  irdl.operation @add {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // sub(lhs, rhs), elementwise on equal types (the DSL broadcasts first)
  irdl.operation @sub {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // mul(lhs, rhs), elementwise on equal types (the DSL broadcasts first)
  irdl.operation @mul {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // div(lhs, rhs), elementwise on equal types (the DSL broadcasts first)
  irdl.operation @div {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // rem(lhs, rhs), elementwise on equal types (the DSL broadcasts first)
  irdl.operation @rem {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // pow(lhs, rhs), elementwise on equal types (the DSL broadcasts first)
  irdl.operation @pow {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // max(lhs, rhs), elementwise on equal types (the DSL broadcasts first)
  irdl.operation @max {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // min(lhs, rhs), elementwise on equal types (the DSL broadcasts first)
  irdl.operation @min {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // x ** y for a constant integer exponent y (lax.integer_pow)
  irdl.operation @integer_pow {
    %t = irdl.base "!builtin.tensor"
    %y = irdl.base "#builtin.integer"
    irdl.operands(x: %t)
    irdl.results(result: %t)
    irdl.attributes { "y" = %y }
  }
  // a dense tensor literal
  irdl.operation @constant {
    %t = irdl.base "!builtin.tensor"
    %v = irdl.base "#builtin.dense_int_or_fp_elements"
    irdl.results(result: %t)
    irdl.attributes { "value" = %v }
  }
  // result[i_0..i_n] = i_dimension
  irdl.operation @iota {
    %t = irdl.base "!builtin.tensor"
    %d = irdl.base "#builtin.integer"
    irdl.results(result: %t)
    irdl.attributes { "dimension" = %d }
  }
  // elementwise comparison; result is i1 of the operands' shape
  irdl.operation @compare {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %eq = irdl.is "eq"
    %ne = irdl.is "ne"
    %lt = irdl.is "lt"
    %le = irdl.is "le"
    %gt = irdl.is "gt"
    %ge = irdl.is "ge"
    %dir = irdl.any_of(%eq, %ne, %lt, %le, %gt, %ge)
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %r)
    irdl.attributes { "direction" = %dir }
  }
  // pred ? on_true : on_false, elementwise; pred is i1 of the same shape
  irdl.operation @select {
    %t = irdl.base "!builtin.tensor"
    %p = irdl.base "!builtin.tensor"
    irdl.operands(pred: %p, on_true: %t, on_false: %t)
    irdl.results(result: %t)
  }
  // element type conversion (lax.convert_element_type); same shape
  irdl.operation @convert {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %r)
  }
  // operand dim i becomes result dim broadcast_dimensions[i] (size equal or 1)
  irdl.operation @broadcast_in_dim {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.dense_array"
    irdl.operands(x: %t)
    irdl.results(result: %r)
    irdl.attributes { "broadcast_dimensions" = %a }
  }
  // row-major reshape to the result type; same element count
  irdl.operation @reshape {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %r)
  }
  // result dim i = operand dim permutation[i]
  irdl.operation @transpose {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.dense_array"
    irdl.operands(x: %t)
    irdl.results(result: %r)
    irdl.attributes { "permutation" = %a }
  }
  // lax.slice: result[i] = x[start + i*stride] per dimension
  irdl.operation @slice {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %s = irdl.base "#builtin.dense_array"
    %l = irdl.base "#builtin.dense_array"
    %st = irdl.base "#builtin.dense_array"
    irdl.operands(x: %t)
    irdl.results(result: %r)
    irdl.attributes { "start_indices" = %s, "limit_indices" = %l, "strides" = %st }
  }
  // lax.pad with a scalar (rank-0) padding_value of x's element type:
  // result dim = low + size + (size - 1) * interior + high. Unlike lax, every
  // padding amount must be >= 0 (negative edges are slices).
  irdl.operation @pad {
    %t = irdl.base "!builtin.tensor"
    %p = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %lo = irdl.base "#builtin.dense_array"
    %hi = irdl.base "#builtin.dense_array"
    %in = irdl.base "#builtin.dense_array"
    irdl.operands(x: %t, padding_value: %p)
    irdl.results(result: %r)
    irdl.attributes {
      "edge_padding_low" = %lo,
      "edge_padding_high" = %hi,
      "interior_padding" = %in
    }
  }
  // reduce_sum over the listed dimensions, which are removed from the shape
  irdl.operation @reduce_sum {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.dense_array"
    irdl.operands(x: %t)
    irdl.results(result: %r)
    irdl.attributes { "dimensions" = %a }
  }
  // reduce_max over the listed dimensions, which are removed from the shape
  irdl.operation @reduce_max {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.dense_array"
    irdl.operands(x: %t)
    irdl.results(result: %r)
    irdl.attributes { "dimensions" = %a }
  }
  // reduce_min over the listed dimensions, which are removed from the shape
  irdl.operation @reduce_min {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.dense_array"
    irdl.operands(x: %t)
    irdl.results(result: %r)
    irdl.attributes { "dimensions" = %a }
  }
  // lax.dot_general: result dims = batch, lhs free, rhs free (in order)
  irdl.operation @dot_general {
    %l = irdl.base "!builtin.tensor"
    %rh = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    // One constraint variable per attribute: a shared one would force equality.
    %lb = irdl.base "#builtin.dense_array"
    %rb = irdl.base "#builtin.dense_array"
    %lc = irdl.base "#builtin.dense_array"
    %rc = irdl.base "#builtin.dense_array"
    irdl.operands(lhs: %l, rhs: %rh)
    irdl.results(result: %r)
    irdl.attributes {
      "lhs_batch_dimensions" = %lb,
      "rhs_batch_dimensions" = %rb,
      "lhs_contracting_dimensions" = %lc,
      "rhs_contracting_dimensions" = %rc
    }
  }

  // ---- bitwise, shifts, bit casts (lax semantics) ----
  // and(lhs, rhs): bitwise on integers, logical on bool
  irdl.operation @and {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // or(lhs, rhs): bitwise on integers, logical on bool
  irdl.operation @or {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // xor(lhs, rhs): bitwise on integers, logical on bool
  irdl.operation @xor {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // not(x): bitwise complement on integers, logical not on bool
  irdl.operation @not {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // lhs << rhs on integers; an amount outside [0, bits) gives 0 (XLA)
  irdl.operation @shift_left {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // lhs >> rhs filling with zeros; an amount outside [0, bits) gives 0 (XLA)
  irdl.operation @shift_right_logical {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // lhs >> rhs filling with the sign bit; an amount outside [0, bits) gives
  // 0 or -1 by the sign (XLA)
  irdl.operation @shift_right_arithmetic {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }
  // lax.bitcast_convert_type between element types of one bit width; same
  // shape
  irdl.operation @bitcast_convert {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %r)
  }
  // erf_inv(x), elementwise on floats; XLA's ErfInv32 / ErfInv64
  irdl.operation @erf_inv {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // a * b + c rounded once (IEEE fusedMultiplyAdd), elementwise on floats:
  // the contraction XLA:CPU forms, so samplers can match it bit for bit
  irdl.operation @fma {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(a: %t, b: %t, c: %t)
    irdl.results(result: %t)
  }
  // lax.sort_key_val: sorts keys (integers, ascending; unsigned compare for
  // ui types) along `dimension` and moves values with them; stable, so
  // equal keys keep their order. Keys and values have one shape; results
  // are (sorted keys, values).
  irdl.operation @sort_key_val {
    %k = irdl.base "!builtin.tensor"
    %v = irdl.base "!builtin.tensor"
    %d = irdl.base "#builtin.integer"
    irdl.operands(keys: %k, values: %v)
    irdl.results(sorted_keys: %k, sorted_values: %v)
    irdl.attributes { "dimension" = %d }
  }
  // The Threefry-2x32 block function (20 rounds), elementwise: every operand
  // and result is ui32 of one shape (the DSL broadcasts a key to the counts'
  // shape). (y0, y1) = block((key0, key1), (x0, x1)).
  irdl.operation @threefry2x32 {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(key0: %t, key1: %t, x0: %t, x1: %t)
    irdl.results(y0: %t, y1: %t)
  }

  // ---- more elementwise ops (lax.tan, exp2, erf, erfc, floor, ceil, is_finite,
  // atan2); float operands (nabla-verify checks) ----
  // tan(x), elementwise; result type = operand type
  irdl.operation @tan {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // exp2(x) = 2^x, elementwise; result type = operand type
  irdl.operation @exp2 {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // erf(x), elementwise; result type = operand type
  irdl.operation @erf {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // erfc(x) = 1 - erf(x) (lax.erfc), elementwise, computed directly: accurate
  // where 1 - erf(x) cancels (x above about 4: jax.nn.gelu's erfc(-x/sqrt2)
  // for x below about -4); result type = operand type
  irdl.operation @erfc {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // floor(x), elementwise; result type = operand type
  irdl.operation @floor {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // ceil(x), elementwise; result type = operand type
  irdl.operation @ceil {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
  // is_finite(x): bool of x's shape, true where x is neither inf nor NaN
  irdl.operation @is_finite {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %r)
  }
  // atan2(lhs, rhs) = the angle of (rhs, lhs), elementwise on equal types
  irdl.operation @atan2 {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(lhs: %t, rhs: %t)
    irdl.results(result: %t)
  }

  // ---- indexing (lax.dynamic_slice, dynamic_update_slice, gather,
  // scatter*); index operands are integers (nabla-verify checks) ----
  // lax.dynamic_slice: result = x[s_0 : s_0 + slice_sizes[0], ...] with one
  // rank-0 integer start per dimension (all of one type: IRDL binds one
  // variable to a variadic list), each clamped into [0, dim - size] so the
  // slice fits, as XLA does.
  irdl.operation @dynamic_slice {
    %t = irdl.base "!builtin.tensor"
    %i = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %s = irdl.base "#builtin.dense_array"
    irdl.operands(x: %t, start_indices: variadic %i)
    irdl.results(result: %r)
    irdl.attributes { "slice_sizes" = %s }
  }
  // lax.dynamic_update_slice: x with update written at the starts (one
  // rank-0 integer per dimension, clamped as dynamic_slice's)
  irdl.operation @dynamic_update_slice {
    %t = irdl.base "!builtin.tensor"
    %u = irdl.base "!builtin.tensor"
    %i = irdl.base "!builtin.tensor"
    irdl.operands(x: %t, update: %u, start_indices: variadic %i)
    irdl.results(result: %t)
  }
  // lax.gather: result[out] = x[start(out) + offset(out)], where the
  // indices' last axis is the index vector (start_index_map names the
  // operand dims it starts), the other axes are batch axes; offset_dims are
  // the result dims of the window (slice_sizes with collapsed_slice_dims and
  // operand_batching_dims dropped). mode "clip": starts clamped into
  // [0, dim - size] (XLA's); "fill": a window not wholly in bounds reads
  // JAX's default fill value (FILL_OR_DROP: NaN, the signed minimum, the
  // unsigned maximum, true); "fill_zero": reads 0 (the fill_value=0 of
  // JAX's JVP and transpose rules). Shape rules: nabla-verify.
  irdl.operation @gather {
    %t = irdl.base "!builtin.tensor"
    %i = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %a0 = irdl.base "#builtin.dense_array"
    %a1 = irdl.base "#builtin.dense_array"
    %a2 = irdl.base "#builtin.dense_array"
    %a3 = irdl.base "#builtin.dense_array"
    %a4 = irdl.base "#builtin.dense_array"
    %a5 = irdl.base "#builtin.dense_array"
    %clip = irdl.is "clip"
    %fill = irdl.is "fill"
    %zero = irdl.is "fill_zero"
    %mode = irdl.any_of(%clip, %fill, %zero)
    irdl.operands(x: %t, start_indices: %i)
    irdl.results(result: %r)
    irdl.attributes { "offset_dims" = %a0, "collapsed_slice_dims" = %a1, "start_index_map" = %a2,
                      "operand_batching_dims" = %a3, "start_indices_batching_dims" = %a4,
                      "slice_sizes" = %a5, "mode" = %mode }
  }
  // The scatters mirror gather's dimension numbers (update_window_dims,
  // inserted_window_dims, scatter_dims_to_operand_dims, operand_batching_dims,
  // scatter_indices_batching_dims; index vector = the indices' last axis).
  // mode "drop": an update window not wholly in bounds is skipped (XLA's);
  // "clip": indices clamped so the window fits (lax's _clamp_scatter_indices).
  // lax.scatter: x with each update window written at its index (for
  // duplicate indices the last update in row-major order wins, as XLA:CPU)
  irdl.operation @scatter {
    %t = irdl.base "!builtin.tensor"
    %i = irdl.base "!builtin.tensor"
    %u = irdl.base "!builtin.tensor"
    %a0 = irdl.base "#builtin.dense_array"
    %a1 = irdl.base "#builtin.dense_array"
    %a2 = irdl.base "#builtin.dense_array"
    %a3 = irdl.base "#builtin.dense_array"
    %a4 = irdl.base "#builtin.dense_array"
    %clip = irdl.is "clip"
    %drop = irdl.is "drop"
    %mode = irdl.any_of(%clip, %drop)
    irdl.operands(x: %t, scatter_indices: %i, updates: %u)
    irdl.results(result: %t)
    irdl.attributes { "update_window_dims" = %a0, "inserted_window_dims" = %a1,
                      "scatter_dims_to_operand_dims" = %a2, "operand_batching_dims" = %a3,
                      "scatter_indices_batching_dims" = %a4, "mode" = %mode }
  }
  // lax.scatter_add: updates added into x (duplicates all add)
  irdl.operation @scatter_add {
    %t = irdl.base "!builtin.tensor"
    %i = irdl.base "!builtin.tensor"
    %u = irdl.base "!builtin.tensor"
    %a0 = irdl.base "#builtin.dense_array"
    %a1 = irdl.base "#builtin.dense_array"
    %a2 = irdl.base "#builtin.dense_array"
    %a3 = irdl.base "#builtin.dense_array"
    %a4 = irdl.base "#builtin.dense_array"
    %clip = irdl.is "clip"
    %drop = irdl.is "drop"
    %mode = irdl.any_of(%clip, %drop)
    irdl.operands(x: %t, scatter_indices: %i, updates: %u)
    irdl.results(result: %t)
    irdl.attributes { "update_window_dims" = %a0, "inserted_window_dims" = %a1,
                      "scatter_dims_to_operand_dims" = %a2, "operand_batching_dims" = %a3,
                      "scatter_indices_batching_dims" = %a4, "mode" = %mode }
  }
  // lax.scatter_mul: x multiplied by the updates
  irdl.operation @scatter_mul {
    %t = irdl.base "!builtin.tensor"
    %i = irdl.base "!builtin.tensor"
    %u = irdl.base "!builtin.tensor"
    %a0 = irdl.base "#builtin.dense_array"
    %a1 = irdl.base "#builtin.dense_array"
    %a2 = irdl.base "#builtin.dense_array"
    %a3 = irdl.base "#builtin.dense_array"
    %a4 = irdl.base "#builtin.dense_array"
    %clip = irdl.is "clip"
    %drop = irdl.is "drop"
    %mode = irdl.any_of(%clip, %drop)
    irdl.operands(x: %t, scatter_indices: %i, updates: %u)
    irdl.results(result: %t)
    irdl.attributes { "update_window_dims" = %a0, "inserted_window_dims" = %a1,
                      "scatter_dims_to_operand_dims" = %a2, "operand_batching_dims" = %a3,
                      "scatter_indices_batching_dims" = %a4, "mode" = %mode }
  }
  // lax.scatter_min: the minimum of x and the updates
  irdl.operation @scatter_min {
    %t = irdl.base "!builtin.tensor"
    %i = irdl.base "!builtin.tensor"
    %u = irdl.base "!builtin.tensor"
    %a0 = irdl.base "#builtin.dense_array"
    %a1 = irdl.base "#builtin.dense_array"
    %a2 = irdl.base "#builtin.dense_array"
    %a3 = irdl.base "#builtin.dense_array"
    %a4 = irdl.base "#builtin.dense_array"
    %clip = irdl.is "clip"
    %drop = irdl.is "drop"
    %mode = irdl.any_of(%clip, %drop)
    irdl.operands(x: %t, scatter_indices: %i, updates: %u)
    irdl.results(result: %t)
    irdl.attributes { "update_window_dims" = %a0, "inserted_window_dims" = %a1,
                      "scatter_dims_to_operand_dims" = %a2, "operand_batching_dims" = %a3,
                      "scatter_indices_batching_dims" = %a4, "mode" = %mode }
  }
  // lax.scatter_max: the maximum of x and the updates
  irdl.operation @scatter_max {
    %t = irdl.base "!builtin.tensor"
    %i = irdl.base "!builtin.tensor"
    %u = irdl.base "!builtin.tensor"
    %a0 = irdl.base "#builtin.dense_array"
    %a1 = irdl.base "#builtin.dense_array"
    %a2 = irdl.base "#builtin.dense_array"
    %a3 = irdl.base "#builtin.dense_array"
    %a4 = irdl.base "#builtin.dense_array"
    %clip = irdl.is "clip"
    %drop = irdl.is "drop"
    %mode = irdl.any_of(%clip, %drop)
    irdl.operands(x: %t, scatter_indices: %i, updates: %u)
    irdl.results(result: %t)
    irdl.attributes { "update_window_dims" = %a0, "inserted_window_dims" = %a1,
                      "scatter_dims_to_operand_dims" = %a2, "operand_batching_dims" = %a3,
                      "scatter_indices_batching_dims" = %a4, "mode" = %mode }
  }

  // ---- more shape ops (lax.rev, lax.concatenate) ----
  // lax.rev: x with each listed dimension reversed; result type = operand
  // type
  irdl.operation @rev {
    %t = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.dense_array"
    irdl.operands(x: %t)
    irdl.results(result: %t)
    irdl.attributes { "dimensions" = %a }
  }
  // lax.concatenate of two operands along `dimension`: lhs then rhs, equal
  // element types and sizes on every other dim. Binary, not variadic: IRDL
  // binds one constraint variable to every element of a variadic operand,
  // so a variadic op could only join operands of one type (equal sizes along
  // the axis too); the DSL chains binary concatenations instead (n - 1 ops
  // for n arrays, each a copy that nabla-to-linalg turns into two
  // tensor.insert_slice into one buffer).
  irdl.operation @concatenate {
    %l = irdl.base "!builtin.tensor"
    %rh = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %d = irdl.base "#builtin.integer"
    irdl.operands(lhs: %l, rhs: %rh)
    irdl.results(result: %r)
    irdl.attributes { "dimension" = %d }
  }

  // ---- index reductions (lax.argmax, lax.argmin) ----
  // The index along `axis` (removed from the shape) of the largest element:
  // NaN counts as the largest, and the first of equal elements wins. The
  // result's integer element type is lax's index_dtype.
  irdl.operation @argmax {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.integer"
    irdl.operands(x: %t)
    irdl.results(result: %r)
    irdl.attributes { "axis" = %a }
  }
  // argmax's twin for the smallest element (NaN counts as the smallest).
  irdl.operation @argmin {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.integer"
    irdl.operands(x: %t)
    irdl.results(result: %r)
    irdl.attributes { "axis" = %a }
  }

  // ---- rounding and clamping (lax.round, lax.clamp, lax.nextafter) ----
  // round(x) to an integral value, on floats; rounding_method is lax's
  // RoundingMethod: 0 = halves away from zero, 1 = halves to even.
  irdl.operation @round {
    %t = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.integer"
    irdl.operands(x: %t)
    irdl.results(result: %t)
    irdl.attributes { "rounding_method" = %a }
  }
  // lax.clamp(min, x, max) = min(max(x, min), max): min and max are each
  // rank 0 or x's shape (nabla-verify checks); result type = x's type.
  irdl.operation @clamp {
    %lo = irdl.base "!builtin.tensor"
    %t = irdl.base "!builtin.tensor"
    %hi = irdl.base "!builtin.tensor"
    irdl.operands(min: %lo, x: %t, max: %hi)
    irdl.results(result: %t)
  }
  // nextafter(x, y): the float next to x in the direction of y (y if equal,
  // NaN if either is NaN), elementwise on equal float types
  irdl.operation @nextafter {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t, y: %t)
    irdl.results(result: %t)
  }

  // ---- products (lax.reduce_prod) ----
  // reduce_prod over the listed dimensions, which are removed from the
  // shape; numbers only (not bool)
  irdl.operation @reduce_prod {
    %t = irdl.base "!builtin.tensor"
    %r = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.dense_array"
    irdl.operands(x: %t)
    irdl.results(result: %r)
    irdl.attributes { "dimensions" = %a }
  }

  // ---- cumulative reductions (lax.cumsum, cumprod, cummax, cummin) ----
  // Element i along `axis` is the reduction of elements 0..i (i..n-1 when
  // `reverse` is true); result type = operand type; numbers only (not bool).
  // the running sum along axis
  irdl.operation @cumsum {
    %t = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.integer"
    %v = irdl.base "#builtin.integer"
    irdl.operands(x: %t)
    irdl.results(result: %t)
    irdl.attributes { "axis" = %a, "reverse" = %v }
  }
  // the running product along axis
  irdl.operation @cumprod {
    %t = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.integer"
    %v = irdl.base "#builtin.integer"
    irdl.operands(x: %t)
    irdl.results(result: %t)
    irdl.attributes { "axis" = %a, "reverse" = %v }
  }
  // the running maximum (NaN propagates) along axis
  irdl.operation @cummax {
    %t = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.integer"
    %v = irdl.base "#builtin.integer"
    irdl.operands(x: %t)
    irdl.results(result: %t)
    irdl.attributes { "axis" = %a, "reverse" = %v }
  }
  // the running minimum (NaN propagates) along axis
  irdl.operation @cummin {
    %t = irdl.base "!builtin.tensor"
    %a = irdl.base "#builtin.integer"
    %v = irdl.base "#builtin.integer"
    irdl.operands(x: %t)
    irdl.results(result: %t)
    irdl.attributes { "axis" = %a, "reverse" = %v }
  }

  // ---- sorting (lax.sort of one operand) ----
  // x sorted ascending along `dimension`, stably, in lax.sort's order:
  // floats by JAX's total order (-0.0 and 0.0 equal, so they keep their
  // input order; NaNs last), unsigned integers unsigned, bool false first;
  // result type = operand type
  irdl.operation @sort {
    %t = irdl.base "!builtin.tensor"
    %d = irdl.base "#builtin.integer"
    irdl.operands(x: %t)
    irdl.results(result: %t)
    irdl.attributes { "dimension" = %d }
  }

  // ---- function transforms ----
  // grad, value_and_grad, vjp, jvp (and vmap) are not ops: IRDL binds one
  // constraint variable to every element of a variadic operand list, so an
  // op cannot take a callee's arguments of different types. A transformed
  // function is instead a func.func declaration tagged with one dictionary
  // attribute naming the transform, e.g.
  //   func.func private @loss_grad_a0(tensor<2xf32>, tensor<100xf32>)
  //       -> tensor<2xf32>
  //       attributes {nabla.grad = {callee = @loss, argnums = array<i64: 0>,
  //                                 has_aux = false}}
  // called with func.call like any function (so it can be transformed again,
  // exported, or called from several places), and given its body by
  // nabla-expand-transforms, innermost first. See lowering/transforms/autodiff.h for
  // each transform's signature.
  // stop_gradient: the identity whose derivative is zero.
  irdl.operation @stop_gradient {
    %t = irdl.base "!builtin.tensor"
    irdl.operands(x: %t)
    irdl.results(result: %t)
  }
}
