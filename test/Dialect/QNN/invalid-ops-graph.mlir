// RUN: qnn-opt %s --split-input-file --verify-diagnostics

// Errors of the graph-level op verifiers (QNNOps.cpp): Conv2DOp::verify
// (verifyConvolution, verifyWindow), DenseOp::verify (verifyDense),
// ClipOp::verify, MaxPool2DOp::verify and AvgPool2DOp::verify (verifyPool),
// GlobalAvgPoolOp::verify, BatchNormOp::verify, FlattenOp::verify,
// ReshapeOp::verify, SoftmaxOp::verify; with the shared verifyStaticShapes
// and expectShape. A few ODS constraints that state the spec (positive
// groups, two strides) are checked too.
// Not reachable from IR: BatchNormOp's "expects the result type to equal the
// input type" (ODS AllTypesMatch rejects it first) and its expectShape of
// bias, mean and variance (AllTypesMatch makes them the scale's type).

//===----------------------------------------------------------------------===//
// qnn.conv2d
//===----------------------------------------------------------------------===//

func.func @conv2d_dynamic(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects static shapes, got 'tensor<?x3x8x8xf32>'}}
  %y = qnn.conv2d %x, %w : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32>
  return %y : tensor<?x4x6x6xf32>
}

// -----

func.func @conv2d_dynamic_result(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x?x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects static shapes, got 'tensor<1x4x?x6xf32>'}}
  %y = qnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x?x6xf32>
  return %y : tensor<1x4x?x6xf32>
}

// -----

func.func @conv2d_groups_input(%x: tensor<1x6x8x8xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op groups (4) must divide the input channels (6) and the output channels (8)}}
  %y = qnn.conv2d %x, %w {groups = 4} : (tensor<1x6x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}

// -----

func.func @conv2d_groups_output(%x: tensor<1x4x8x8xf32>, %w: tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op groups (4) must divide the input channels (4) and the output channels (6)}}
  %y = qnn.conv2d %x, %w {groups = 4} : (tensor<1x4x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return %y : tensor<1x6x6x6xf32>
}

// -----

func.func @conv2d_groups_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op attribute 'groups' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  %y = qnn.conv2d %x, %w {groups = 0} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

// With groups = 2 each group sees 4 / 2 = 2 input channels.
func.func @conv2d_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects weight dimension 1 to be input channels / groups = 2, got 4}}
  %y = qnn.conv2d %x, %w {groups = 2} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv2d_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects bias of shape 4, got 8}}
  %y = qnn.conv2d %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<8xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

// Without padding a 3x3 kernel shrinks 8 to 6.
func.func @conv2d_result(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects result of shape 1x4x6x6, got 1x4x8x8}}
  %y = qnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}

// -----

// Padding is (top, left, bottom, right): 0 + 2 on the height, 1 + 0 on the width.
func.func @conv2d_result_padding_order(%x: tensor<1x1x5x5xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x4x5xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects result of shape 1x1x5x4, got 1x1x4x5}}
  %y = qnn.conv2d %x, %w {padding = array<i64: 0, 1, 2, 0>} : (tensor<1x1x5x5xf32>, tensor<1x1x3x3xf32>) -> tensor<1x1x4x5xf32>
  return %y : tensor<1x1x4x5xf32>
}

// -----

func.func @conv2d_empty_kernel(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x0x3xf32>) -> tensor<1x4x9x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects a positive kernel size}}
  %y = qnn.conv2d %x, %w : (tensor<1x3x8x8xf32>, tensor<4x3x0x3xf32>) -> tensor<1x4x9x6xf32>
  return %y : tensor<1x4x9x6xf32>
}

// -----

func.func @conv2d_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects positive strides}}
  %y = qnn.conv2d %x, %w {strides = array<i64: 1, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv2d_negative_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects positive strides}}
  %y = qnn.conv2d %x, %w {strides = array<i64: -1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv2d_three_strides(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements}}
  %y = qnn.conv2d %x, %w {strides = array<i64: 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv2d_zero_dilation(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects positive dilations}}
  %y = qnn.conv2d %x, %w {dilations = array<i64: 0, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv2d_negative_padding(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op expects non-negative padding}}
  %y = qnn.conv2d %x, %w {padding = array<i64: 1, 1, -1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @conv2d_window_height(%x: tensor<1x3x2x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x1x6xf32> {
  // expected-error @+1 {{'qnn.conv2d' op window of extent 3 does not fit the padded height 2}}
  %y = qnn.conv2d %x, %w : (tensor<1x3x2x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x1x6xf32>
  return %y : tensor<1x4x1x6xf32>
}

// -----

// Dilation 3 makes a 3-wide kernel span 7, more than 5 + 0 + 1.
func.func @conv2d_window_width_dilated(%x: tensor<1x3x8x5xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x1xf32> {
  // expected-error @+1 {{'qnn.conv2d' op window of extent 7 does not fit the padded width 6}}
  %y = qnn.conv2d %x, %w {dilations = array<i64: 1, 3>, padding = array<i64: 0, 0, 0, 1>}
      : (tensor<1x3x8x5xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x1xf32>
  return %y : tensor<1x4x6x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.dense
//===----------------------------------------------------------------------===//

func.func @dense_dynamic(%x: tensor<?x64xf32>, %w: tensor<10x64xf32>) -> tensor<?x10xf32> {
  // expected-error @+1 {{'qnn.dense' op expects static shapes, got 'tensor<?x64xf32>'}}
  %y = qnn.dense %x, %w : (tensor<?x64xf32>, tensor<10x64xf32>) -> tensor<?x10xf32>
  return %y : tensor<?x10xf32>
}

// -----

// weight is O x K (transB = 1), not K x O.
func.func @dense_reduction(%x: tensor<1x64xf32>, %w: tensor<64x10xf32>) -> tensor<1x64xf32> {
  // expected-error @+1 {{'qnn.dense' op expects input and weight to share the reduction length, got 64 and 10}}
  %y = qnn.dense %x, %w : (tensor<1x64xf32>, tensor<64x10xf32>) -> tensor<1x64xf32>
  return %y : tensor<1x64xf32>
}

// -----

func.func @dense_bias(%x: tensor<1x64xf32>, %w: tensor<10x64xf32>, %b: tensor<64xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'qnn.dense' op expects bias of shape 10, got 64}}
  %y = qnn.dense %x, %w, %b : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<64xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

func.func @dense_result(%x: tensor<2x64xf32>, %w: tensor<10x64xf32>) -> tensor<1x10xf32> {
  // expected-error @+1 {{'qnn.dense' op expects result of shape 2x10, got 1x10}}
  %y = qnn.dense %x, %w : (tensor<2x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.clip
//===----------------------------------------------------------------------===//

func.func @clip_min_above_max(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  // expected-error @+1 {{'qnn.clip' op expects min <= max, got min 6.000000e+00 and max 0.000000e+00}}
  %y = qnn.clip %x {min = 6.0 : f32, max = 0.0 : f32} : tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}

// -----

// A NaN bound is not <= anything.
func.func @clip_nan_max(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  // expected-error @+1 {{'qnn.clip' op expects min <= max, got min 0.000000e+00 and max nan}}
  %y = qnn.clip %x {min = 0.0 : f32, max = 0x7FC00000 : f32} : tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.max_pool2d, qnn.avg_pool2d
//===----------------------------------------------------------------------===//

func.func @max_pool_dynamic(%x: tensor<1x16x?x8xf32>) -> tensor<1x16x4x4xf32> {
  // expected-error @+1 {{'qnn.max_pool2d' op expects static shapes, got 'tensor<1x16x?x8xf32>'}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x16x?x8xf32> -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}

// -----

func.func @max_pool_zero_kernel(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x4x4xf32> {
  // expected-error @+1 {{'qnn.max_pool2d' op expects a positive kernel size}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 0>} : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}

// -----

func.func @max_pool_no_kernel(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+1 {{'qnn.max_pool2d' op requires attribute 'kernel'}}
  %y = qnn.max_pool2d %x : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

func.func @max_pool_zero_stride(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x4x4xf32> {
  // expected-error @+1 {{'qnn.max_pool2d' op expects positive strides}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 0, 2>} : tensor<1x16x8x8xf32> -> tensor<1x16x4x4xf32>
  return %y : tensor<1x16x4x4xf32>
}

// -----

func.func @max_pool_negative_dilation(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x7x7xf32> {
  // expected-error @+1 {{'qnn.max_pool2d' op expects positive dilations}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, dilations = array<i64: 1, -1>} : tensor<1x16x8x8xf32> -> tensor<1x16x7x7xf32>
  return %y : tensor<1x16x7x7xf32>
}

// -----

func.func @max_pool_negative_padding(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x7x7xf32> {
  // expected-error @+1 {{'qnn.max_pool2d' op expects non-negative padding}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: -1, 0, 0, 0>} : tensor<1x16x8x8xf32> -> tensor<1x16x7x7xf32>
  return %y : tensor<1x16x7x7xf32>
}

// -----

func.func @max_pool_window(%x: tensor<1x16x8x2xf32>) -> tensor<1x16x6x1xf32> {
  // expected-error @+1 {{'qnn.max_pool2d' op window of extent 3 does not fit the padded width 2}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 3, 3>} : tensor<1x16x8x2xf32> -> tensor<1x16x6x1xf32>
  return %y : tensor<1x16x6x1xf32>
}

// -----

// A window made only of padding would have no value to pool.
func.func @max_pool_padding_begin(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x6x5xf32> {
  // expected-error @+1 {{'qnn.max_pool2d' op expects padding smaller than the kernel}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 2, 0, 2, 0>}
      : tensor<1x16x8x8xf32> -> tensor<1x16x6x5xf32>
  return %y : tensor<1x16x6x5xf32>
}

// -----

func.func @max_pool_padding_end(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x7x9xf32> {
  // expected-error @+1 {{'qnn.max_pool2d' op expects padding smaller than the kernel}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 2>}
      : tensor<1x16x8x8xf32> -> tensor<1x16x7x9xf32>
  return %y : tensor<1x16x7x9xf32>
}

// -----

// Pooling keeps N and C: (8 - 2) / 2 + 1 = 4.
func.func @max_pool_result(%x: tensor<1x16x8x8xf32>) -> tensor<1x8x4x4xf32> {
  // expected-error @+1 {{'qnn.max_pool2d' op expects result of shape 1x16x4x4, got 1x8x4x4}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x16x8x8xf32> -> tensor<1x8x4x4xf32>
  return %y : tensor<1x8x4x4xf32>
}

// -----

func.func @avg_pool_dynamic(%x: tensor<1x16x8x8xf32>) -> tensor<1x?x4x4xf32> {
  // expected-error @+1 {{'qnn.avg_pool2d' op expects static shapes, got 'tensor<1x?x4x4xf32>'}}
  %y = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x16x8x8xf32> -> tensor<1x?x4x4xf32>
  return %y : tensor<1x?x4x4xf32>
}

// -----

func.func @avg_pool_padding(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x10x10xf32> {
  // expected-error @+1 {{'qnn.avg_pool2d' op expects padding smaller than the kernel}}
  %y = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, padding = array<i64: 3, 1, 1, 1>, count_include_pad}
      : tensor<1x16x8x8xf32> -> tensor<1x16x10x10xf32>
  return %y : tensor<1x16x10x10xf32>
}

// -----

func.func @avg_pool_zero_kernel(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+1 {{'qnn.avg_pool2d' op expects a positive kernel size}}
  %y = qnn.avg_pool2d %x {kernel = array<i64: 0, 1>} : tensor<1x16x8x8xf32> -> tensor<1x16x8x8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

// (8 + 1 + 1 - 3) / 2 + 1 = 4, not 5.
func.func @avg_pool_result(%x: tensor<1x16x8x8xf32>) -> tensor<1x16x5x5xf32> {
  // expected-error @+1 {{'qnn.avg_pool2d' op expects result of shape 1x16x4x4, got 1x16x5x5}}
  %y = qnn.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
      : tensor<1x16x8x8xf32> -> tensor<1x16x5x5xf32>
  return %y : tensor<1x16x5x5xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.global_avg_pool
//===----------------------------------------------------------------------===//

func.func @global_avg_pool_dynamic(%x: tensor<1x64x?x?xf32>) -> tensor<1x64x1x1xf32> {
  // expected-error @+1 {{'qnn.global_avg_pool' op expects static shapes, got 'tensor<1x64x?x?xf32>'}}
  %y = qnn.global_avg_pool %x : tensor<1x64x?x?xf32> -> tensor<1x64x1x1xf32>
  return %y : tensor<1x64x1x1xf32>
}

// -----

func.func @global_avg_pool_result(%x: tensor<1x64x7x7xf32>) -> tensor<1x64x7x1xf32> {
  // expected-error @+1 {{'qnn.global_avg_pool' op expects result of shape 1x64x1x1, got 1x64x7x1}}
  %y = qnn.global_avg_pool %x : tensor<1x64x7x7xf32> -> tensor<1x64x7x1xf32>
  return %y : tensor<1x64x7x1xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.batch_norm
//===----------------------------------------------------------------------===//

func.func @batch_norm_dynamic(%x: tensor<?x16xf32>, %s: tensor<16xf32>) -> tensor<?x16xf32> {
  // expected-error @+1 {{'qnn.batch_norm' op expects static shapes, got 'tensor<?x16xf32>'}}
  %y = qnn.batch_norm %x, %s, %s, %s, %s : tensor<?x16xf32>, tensor<16xf32>
  return %y : tensor<?x16xf32>
}

// -----

func.func @batch_norm_rank_1(%x: tensor<16xf32>, %s: tensor<16xf32>) -> tensor<16xf32> {
  // expected-error @+1 {{'qnn.batch_norm' op expects an input of rank 2 or more (N x C x ...)}}
  %y = qnn.batch_norm %x, %s, %s, %s, %s : tensor<16xf32>, tensor<16xf32>
  return %y : tensor<16xf32>
}

// -----

// One value per channel, dimension 1 (16), not the last dimension (8).
func.func @batch_norm_channels(%x: tensor<1x16x8x8xf32>, %s: tensor<8xf32>) -> tensor<1x16x8x8xf32> {
  // expected-error @+1 {{'qnn.batch_norm' op expects scale of shape 16, got 8}}
  %y = qnn.batch_norm %x, %s, %s, %s, %s : tensor<1x16x8x8xf32>, tensor<8xf32>
  return %y : tensor<1x16x8x8xf32>
}

// -----

func.func @batch_norm_negative_epsilon(%x: tensor<1x16xf32>, %s: tensor<16xf32>) -> tensor<1x16xf32> {
  // expected-error @+1 {{'qnn.batch_norm' op expects a non-negative epsilon}}
  %y = qnn.batch_norm %x, %s, %s, %s, %s {epsilon = -1.0e-5 : f32} : tensor<1x16xf32>, tensor<16xf32>
  return %y : tensor<1x16xf32>
}

// -----

func.func @batch_norm_nan_epsilon(%x: tensor<1x16xf32>, %s: tensor<16xf32>) -> tensor<1x16xf32> {
  // expected-error @+1 {{'qnn.batch_norm' op expects a non-negative epsilon}}
  %y = qnn.batch_norm %x, %s, %s, %s, %s {epsilon = 0x7FC00000 : f32} : tensor<1x16xf32>, tensor<16xf32>
  return %y : tensor<1x16xf32>
}

// -----

func.func @batch_norm_result(%x: tensor<1x16x8x8xf32>, %s: tensor<16xf32>) -> tensor<1x16x8x4xf32> {
  // expected-error @+1 {{'qnn.batch_norm' op failed to verify that all of {input, output} have same type}}
  %y = "qnn.batch_norm"(%x, %s, %s, %s, %s) : (tensor<1x16x8x8xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<1x16x8x4xf32>
  return %y : tensor<1x16x8x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qnn.flatten, qnn.reshape, qnn.softmax
//===----------------------------------------------------------------------===//

func.func @flatten_dynamic(%x: tensor<?x16xf32>) -> tensor<1x16xf32> {
  // expected-error @+1 {{'qnn.flatten' op expects static shapes, got 'tensor<?x16xf32>'}}
  %y = qnn.flatten %x : tensor<?x16xf32> -> tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}

// -----

func.func @flatten_negative_axis(%x: tensor<2x16x4x4xf32>) -> tensor<32x16xf32> {
  // expected-error @+1 {{'qnn.flatten' op expects axis in [0, 4], got -1}}
  %y = qnn.flatten %x {axis = -1} : tensor<2x16x4x4xf32> -> tensor<32x16xf32>
  return %y : tensor<32x16xf32>
}

// -----

func.func @flatten_axis_past_rank(%x: tensor<2x16x4x4xf32>) -> tensor<512x1xf32> {
  // expected-error @+1 {{'qnn.flatten' op expects axis in [0, 4], got 5}}
  %y = qnn.flatten %x {axis = 5} : tensor<2x16x4x4xf32> -> tensor<512x1xf32>
  return %y : tensor<512x1xf32>
}

// -----

// The default axis is 1: 2 x (16 * 4 * 4).
func.func @flatten_result(%x: tensor<2x16x4x4xf32>) -> tensor<1x512xf32> {
  // expected-error @+1 {{'qnn.flatten' op expects result of shape 2x256, got 1x512}}
  %y = qnn.flatten %x : tensor<2x16x4x4xf32> -> tensor<1x512xf32>
  return %y : tensor<1x512xf32>
}

// -----

func.func @reshape_dynamic(%x: tensor<1x64x1x1xf32>) -> tensor<?x64xf32> {
  // expected-error @+1 {{'qnn.reshape' op expects static shapes, got 'tensor<?x64xf32>'}}
  %y = qnn.reshape %x : tensor<1x64x1x1xf32> -> tensor<?x64xf32>
  return %y : tensor<?x64xf32>
}

// -----

func.func @reshape_elements(%x: tensor<1x64x1x1xf32>) -> tensor<1x32xf32> {
  // expected-error @+1 {{'qnn.reshape' op cannot reshape 64 elements into 32}}
  %y = qnn.reshape %x : tensor<1x64x1x1xf32> -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}

// -----

func.func @softmax_axis_past_rank(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'qnn.softmax' op expects axis in [-2, 2), got 2}}
  %y = qnn.softmax %x {axis = 2} : tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}

// -----

func.func @softmax_axis_before_rank(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  // expected-error @+1 {{'qnn.softmax' op expects axis in [-2, 2), got -3}}
  %y = qnn.softmax %x {axis = -3} : tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}

// -----

func.func @flatten_per_channel_codes(%x: tensor<1x2x1x1x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>>) -> tensor<1x2x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>> {
  // expected-error @+1 {{'qnn.flatten' op expects codes quantized per tensor, got axis 1}}
  %y = qnn.flatten %x {axis = 1} : tensor<1x2x1x1x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>> -> tensor<1x2x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>>
  return %y : tensor<1x2x!qnn.quant<u4, axis = 1, scale = [0.5, 0.25]>>
}

// -----

func.func @max_pool_codes_along_height(%x: tensor<1x1x2x2x!qnn.quant<u4, axis = 2, scale = [0.5, 0.25]>>) -> tensor<1x1x1x1x!qnn.quant<u4, axis = 2, scale = [0.5, 0.25]>> {
  // expected-error @+1 {{'qnn.max_pool2d' op expects codes quantized per tensor or per channel along axis 1, got axis 2}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x1x2x2x!qnn.quant<u4, axis = 2, scale = [0.5, 0.25]>> -> tensor<1x1x1x1x!qnn.quant<u4, axis = 2, scale = [0.5, 0.25]>>
  return %y : tensor<1x1x1x1x!qnn.quant<u4, axis = 2, scale = [0.5, 0.25]>>
}

// -----

func.func @max_pool_changes_codes(%x: tensor<1x1x2x2x!qnn.quant<u4, scale = 0.5>>) -> tensor<1x1x1x1x!qnn.quant<u4, scale = 0.25>> {
  // expected-error @+1 {{'qnn.max_pool2d' op requires the same element type for all operands and results}}
  %y = qnn.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x1x2x2x!qnn.quant<u4, scale = 0.5>> -> tensor<1x1x1x1x!qnn.quant<u4, scale = 0.25>>
  return %y : tensor<1x1x1x1x!qnn.quant<u4, scale = 0.25>>
}
