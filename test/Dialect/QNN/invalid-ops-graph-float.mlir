// RUN: qnn-opt %s --split-input-file --verify-diagnostics

// Errors of the verifiers of the graph-level ops of the float operators
// (QNNOps.cpp): LogSoftmaxOp (verifySoftmax), TransposeOp, ConcatOp,
// PadOp, SliceOp, ReduceSumOp and ReduceMeanOp (verifyReduction),
// UpsampleNearestOp, with the shared expectPerDimension and expectShape.

func.func @log_softmax_axis(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'qnn.log_softmax' op expects axis in [-2, 2), got 2}}
  %y = qnn.log_softmax %x {axis = 2} : tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'qnn.transpose' op expects a permutation of the input's dimensions}}
  %y = qnn.transpose %x {permutation = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

func.func @transpose_rank(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'qnn.transpose' op expects 2 values in 'permutation' (one per dimension), got 3}}
  %y = qnn.transpose %x {permutation = array<i64: 1, 0, 2>} : tensor<2x3xf32> -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

func.func @transpose_result(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'qnn.transpose' op expects result of shape 3x2, got 2x3}}
  %y = qnn.transpose %x {permutation = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @concat_shapes(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+1 {{'qnn.concat' op expects inputs that agree in every dimension but 1, got 2x3 and 3x3}}
  %y = qnn.concat %a, %b {axis = 1} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return %y : tensor<2x6xf32>
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'qnn.concat' op expects axis in [0, 2), got 2}}
  %y = qnn.concat %a {axis = 2} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @concat_result(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'qnn.concat' op expects result of shape 2x4, got 2x5}}
  %y = qnn.concat %a, %b {axis = 1} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
  return %y : tensor<2x5xf32>
}

// -----

func.func @pad_negative(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'qnn.pad' op expects non-negative padding}}
  %y = qnn.pad %x {low = array<i64: 0, -1>, high = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @pad_result(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'qnn.pad' op expects result of shape 3x5, got 2x3}}
  %y = qnn.pad %x {low = array<i64: 1, 1>, high = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @slice_outside(%x: tensor<2x8xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'qnn.slice' op expects a box inside the input with positive sizes and strides, got dimension 1 offset 2 size 4 stride 2 of 8}}
  %y = qnn.slice %x {offsets = array<i64: 0, 2>, sizes = array<i64: 1, 4>, strides = array<i64: 1, 2>} : tensor<2x8xf32> -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

func.func @slice_result(%x: tensor<2x8xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'qnn.slice' op expects result of shape 1x3, got 1x2}}
  %y = qnn.slice %x {offsets = array<i64: 0, 2>, sizes = array<i64: 1, 3>, strides = array<i64: 1, 2>} : tensor<2x8xf32> -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

func.func @reduce_axes_order(%x: tensor<2x3x4xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'qnn.reduce_sum' op expects distinct axes of the input in increasing order}}
  %y = qnn.reduce_sum %x {axes = array<i64: 2, 0>} : tensor<2x3x4xf32> -> tensor<3xf32>
  return %y : tensor<3xf32>
}

// -----

func.func @reduce_result(%x: tensor<2x3x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'qnn.reduce_mean' op expects result of shape 2x3, got 2x4}}
  %y = qnn.reduce_mean %x {axes = array<i64: 2>} : tensor<2x3x4xf32> -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

func.func @upsample_scale(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'qnn.upsample_nearest' op expects positive scales}}
  %y = qnn.upsample_nearest %x {scales = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

func.func @upsample_result(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'qnn.upsample_nearest' op expects result of shape 2x6, got 2x3}}
  %y = qnn.upsample_nearest %x {scales = array<i64: 1, 2>} : tensor<2x3xf32> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
