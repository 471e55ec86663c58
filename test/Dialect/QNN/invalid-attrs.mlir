// RUN: qnn-opt %s --split-input-file --verify-diagnostics

// Errors of the qnn attributes (QNNAttrs.cpp: BitwidthAttr::verify,
// SeparabilityAttr::verify, SeparabilityAttr::parse; the generated parsers
// of #qnn.bits and the enums) and of the dialect's discardable attributes
// (QNNDialect.cpp: QNNDialect::verifyOperationAttribute).

//===----------------------------------------------------------------------===//
// BitwidthAttr::verify
//===----------------------------------------------------------------------===//

// expected-error @+1 {{weight bitwidth must be in [1, 8], got 0}}
func.func private @weight_0() attributes {bits = #qnn.bits<weight = 0, activation = 4>}

// -----

// expected-error @+1 {{weight bitwidth must be in [1, 8], got 9}}
func.func private @weight_9() attributes {bits = #qnn.bits<weight = 9, activation = 4>}

// -----

// expected-error @+1 {{weight bitwidth must be in [1, 8], got 33}}
func.func private @weight_33() attributes {bits = #qnn.bits<weight = 33, activation = 4>}

// -----

// expected-error @+1 {{activation bitwidth must be in [1, 8], got 0}}
func.func private @activation_0() attributes {bits = #qnn.bits<weight = 4, activation = 0>}

// -----

// expected-error @+1 {{activation bitwidth must be in [1, 8], got 9}}
func.func private @activation_9() attributes {bits = #qnn.bits<weight = 4, activation = 9>}

// -----

// expected-error @+1 {{activation bitwidth must be in [1, 8], got 33}}
func.func private @activation_33() attributes {bits = #qnn.bits<weight = 4, activation = 33>}

// -----

// The generated parser reads an unsigned: -1 wraps to 2^32 - 1 (still rejected).
// expected-error @+1 {{weight bitwidth must be in [1, 8], got 4294967295}}
func.func private @weight_negative() attributes {bits = #qnn.bits<weight = -1, activation = 4>}

// -----

// expected-error @+2 {{integer value too large}}
// expected-error @+1 {{failed to parse QNN_BitwidthAttr parameter 'weight'}}
func.func private @weight_too_large() attributes {bits = #qnn.bits<weight = 4294967297, activation = 4>}

// -----

// expected-error @+1 {{expected ','}}
func.func private @bits_missing_activation() attributes {bits = #qnn.bits<weight = 4>}

// -----

// expected-error @+1 {{expected 'weight'}}
func.func private @bits_swapped() attributes {bits = #qnn.bits<activation = 4, weight = 4>}

// -----

//===----------------------------------------------------------------------===//
// SeparabilityAttr::verify and ::parse
//===----------------------------------------------------------------------===//

// expected-error @+1 {{separability needs a measure name}}
func.func private @no_measure() attributes {s = #qnn.separability<"" = 1.0>}

// -----

// expected-error @+1 {{separability must be finite and non-negative, got -1.000000e+00}}
func.func private @negative() attributes {s = #qnn.separability<fisher = -1.0>}

// -----

// expected-error @+1 {{separability must be finite and non-negative, got INF}}
func.func private @infinite() attributes {s = #qnn.separability<fisher = 0x7FF0000000000000>}

// -----

// expected-error @+1 {{separability must be finite and non-negative, got nan}}
func.func private @nan() attributes {s = #qnn.separability<fisher = 0x7FF8000000000000>}

// -----

// expected-error @+1 {{expected valid keyword or string}}
func.func private @no_parameters() attributes {s = #qnn.separability<>}

// -----

// expected-error @+1 {{expected '='}}
func.func private @no_value() attributes {s = #qnn.separability<fisher>}

// -----

// expected-error @+1 {{expected '>'}}
func.func private @two_measures() attributes {s = #qnn.separability<fisher = 1.0, nearest_mean = 0.5>}

// -----

// expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
// expected-note @+1 {{add a trailing dot to make the literal a float}}
func.func private @integer_value() attributes {s = #qnn.separability<fisher = 2>}

// -----

//===----------------------------------------------------------------------===//
// Enums (generated parsers)
//===----------------------------------------------------------------------===//

// expected-error @+2 {{expected ::mlir::qnn::Encoding to be one of: unsigned, signed, bipolar}}
// expected-error @+1 {{failed to parse QNN_EncodingAttr parameter 'value'}}
func.func private @bad_encoding() attributes {e = #qnn<encoding twos_complement>}

// -----

// expected-error @+2 {{expected ::mlir::qnn::RoundingMode to be one of: round, ceil, floor, round_to_zero}}
// expected-error @+1 {{failed to parse QNN_RoundingModeAttr parameter 'value'}}
func.func private @bad_rounding() attributes {r = #qnn<rounding half_up>}

// -----

// expected-error @+1 {{unknown attribute `bitwidth` in dialect `qnn`}}
func.func private @unknown_attribute() attributes {b = #qnn.bitwidth<weight = 4, activation = 4>}

// -----

//===----------------------------------------------------------------------===//
// QNNDialect::verifyOperationAttribute
//===----------------------------------------------------------------------===//

// expected-error @+1 {{'qnn.bitwidth' must be a #qnn.bits attribute}}
func.func private @bitwidth_not_bits() attributes {qnn.bitwidth = 4 : i64}

// -----

// expected-error @+1 {{'qnn.bitwidth' must be a #qnn.bits attribute}}
func.func private @bitwidth_is_separability() attributes {qnn.bitwidth = #qnn.separability<fisher = 1.0>}

// -----

// expected-error @+1 {{'qnn.separability' must be a #qnn.separability attribute}}
func.func private @separability_not_attr() attributes {qnn.separability = 1.5 : f64}

// -----

// expected-error @+1 {{'qnn.input_shape' must be an array<i64> of positive sizes}}
func.func private @input_shape_zero() attributes {qnn.input_shape = array<i64: 1, 0, 4>}

// -----

// expected-error @+1 {{'qnn.input_shape' must be an array<i64> of positive sizes}}
func.func private @input_shape_negative() attributes {qnn.input_shape = array<i64: 1, -3>}

// -----

// expected-error @+1 {{'qnn.input_shape' must be an array<i64> of positive sizes}}
func.func private @input_shape_i32() attributes {qnn.input_shape = array<i32: 1, 3>}

// -----

// expected-error @+1 {{'qnn.output_shape' must be an array<i64> of positive sizes}}
func.func private @output_shape_array_attr() attributes {qnn.output_shape = [1, 10]}

// -----

// expected-error @+1 {{'qnn.output_shape' must be an array<i64> of positive sizes}}
func.func private @output_shape_zero() attributes {qnn.output_shape = array<i64: 0>}

// -----

// expected-error @+1 {{'qnn.workspace_bytes' must be a non-negative i64 on a module}}
module attributes {qnn.workspace_bytes = -64 : i64} {
}

// -----

// expected-error @+1 {{'qnn.workspace_bytes' must be a non-negative i64 on a module}}
func.func private @workspace_on_function() attributes {qnn.workspace_bytes = 64 : i64}

// -----

// expected-error @+1 {{'qnn.layers' must be an array of {name, weight_bits, activation_bits}}}
module attributes {qnn.layers = {name = "conv1", weight_bits = 4, activation_bits = 4}} {
}

// -----

// expected-error @+1 {{'qnn.layers' must be an array of {name, weight_bits, activation_bits}}}
module attributes {qnn.layers = [{name = "conv1", weight_bits = 4}]} {
}

// -----

// expected-error @+1 {{'qnn.layers' must be an array of {name, weight_bits, activation_bits}}}
module attributes {qnn.layers = [{name = "conv1", weight_bits = 4, activation_bits = 4}, "fc"]} {
}

// -----

// expected-error @+1 {{'qnn.layers' must be an array of {name, weight_bits, activation_bits}}}
module attributes {qnn.layers = [{name = 1, weight_bits = 4, activation_bits = 4}]} {
}

// -----

// expected-error @+1 {{'qnn.layers' must be an array of {name, weight_bits, activation_bits}}}
module attributes {qnn.layers = [{name = "conv1", weight_bits = 4.0, activation_bits = 4}]} {
}

// -----

// The bitwidths lie in [1, 8], as in #qnn.bits.
// expected-error @+1 {{'qnn.layers': weight_bits of layer "fc" must be in [1, 8], got 0}}
module attributes {qnn.layers = [{name = "conv1", weight_bits = 8, activation_bits = 8},
                                 {name = "fc", weight_bits = 0, activation_bits = 2}]} {
}

// -----

// expected-error @+1 {{'qnn.layers': activation_bits of layer "conv1" must be in [1, 8] (or 32: float), got 16}}
module attributes {qnn.layers = [{name = "conv1", weight_bits = 8, activation_bits = 16}]} {
}

// -----

// expected-error @+1 {{'qnn.layers': weight_bits of layer "conv1" must be in [1, 8], got -1}}
module attributes {qnn.layers = [{name = "conv1", weight_bits = -1, activation_bits = 8}]} {
}

// -----

// A value wider than 64 bits is compared, not truncated to its low word (1).
// expected-error @+1 {{'qnn.layers': activation_bits of layer "conv1" must be in [1, 8] (or 32: float), got 18446744073709551617}}
module attributes {qnn.layers = [{name = "conv1", weight_bits = 8, activation_bits = 18446744073709551617 : i128}]} {
}

// -----

// expected-error @+1 {{unknown qnn attribute 'qnn.bit_width'}}
func.func private @unknown_discardable() attributes {qnn.bit_width = #qnn.bits<weight = 4, activation = 4>}

// -----

// Discardable attributes are verified on any operation, here a qnn op.
func.func @on_an_op(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  // expected-error @+1 {{'qnn.separability' must be a #qnn.separability attribute}}
  %y = qnn.relu %x {qnn.separability = #qnn.bits<weight = 4, activation = 4>} : tensor<1x16xf32>
  return %y : tensor<1x16xf32>
}

// -----

//===----------------------------------------------------------------------===//
// KernelAttr::verify and the qnn.kernel / qnn.target attributes
//===----------------------------------------------------------------------===//

// expected-error @+1 {{kernel 'bitserial' cannot read weights stored as 'codes'}}
func.func private @bitserial_codes() attributes {k = #qnn.kernel<bitserial, weights = codes, layout = nc>}

// -----

// expected-error @+1 {{kernel 'int_gemm' cannot read weights stored as 'channel_planes'}}
func.func private @int_gemm_planes() attributes {k = #qnn.kernel<int_gemm, weights = channel_planes, layout = nc>}

// -----

// expected-error @+1 {{kernel 'f32_gemm' cannot read weights stored as 'bitplanes'}}
func.func private @f32_gemm_bitplanes() attributes {k = #qnn.kernel<f32_gemm, weights = bitplanes, layout = nc>}

// -----

// expected-error @+1 {{'qnn.kernel' belongs on qnn.qconv2d, qnn.qdense or qnn.conv2d}}
func.func private @kernel_on_function() attributes {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc>}

// -----

// expected-error @+1 {{'qnn.kernel' must be a #qnn.kernel attribute}}
func.func private @kernel_not_kernel() attributes {qnn.kernel = 3}

// -----

// expected-error @+1 {{'qnn.target' must be a #qnn.target attribute}}
module attributes {qnn.target = "x86_64"} {}

// -----

// expected-error @+1 {{a panel of 8 channels needs a bitserial kernel and a width of 2, 4 or 8}}
func.func private @panel_f32_gemm() attributes {k = #qnn.kernel<f32_gemm, weights = codes, layout = nc, panel = 8>}

// -----

// expected-error @+1 {{a panel of 3 channels needs a bitserial kernel and a width of 2, 4 or 8}}
func.func private @panel_width() attributes {k = #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 3>}

// -----

// expected-error @+1 {{kernel 'f32_fma' needs an fma (avx512, avx2 or neon)}}
func.func private @f32_fma_without_fma() attributes {k = #qnn.kernel<f32_fma, weights = f32, layout = nchw>}

// -----

// expected-error @+1 {{kernel 'f32_fma' cannot read weights stored as 'codes'}}
func.func private @f32_fma_codes() attributes {k = #qnn.kernel<f32_fma, weights = codes, layout = nchw, fma = avx2>}

// -----

// expected-error @+1 {{kernel 'int_gemm' takes no fma}}
func.func private @int_gemm_fma() attributes {k = #qnn.kernel<int_gemm, weights = codes, layout = nc, fma = avx512>}

// -----

func.func @gemm_kernel_on_conv2d(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'qnn.kernel' must be kernel 'f32_fma', or 'direct_conv' with f32 weights, on qnn.conv2d}}
  %y = qnn.conv2d %x, %w {qnn.kernel = #qnn.kernel<f32_gemm, weights = codes, layout = nchw>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %y : tensor<1x4x6x6xf32>
}

// -----

func.func @f32_fma_on_grouped_conv2d(%x: tensor<1x8x8x8xf32>, %w: tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32> {
  // expected-error @+1 {{'qnn.kernel': kernel 'f32_fma' on a grouped qnn.conv2d needs a depthwise one (one channel per group) and layout nhwc}}
  %y = qnn.conv2d %x, %w {groups = 2, qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nhwc, fma = avx2>} : (tensor<1x8x8x8xf32>, tensor<16x4x3x3xf32>) -> tensor<1x16x6x6xf32>
  return %y : tensor<1x16x6x6xf32>
}

// -----

func.func @f32_fma_on_nchw_depthwise(%x: tensor<1x8x8x8xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+1 {{'qnn.kernel': kernel 'f32_fma' on a grouped qnn.conv2d needs a depthwise one (one channel per group) and layout nhwc}}
  %y = qnn.conv2d %x, %w {groups = 8, qnn.kernel = #qnn.kernel<f32_fma, weights = f32, layout = nchw, fma = avx2>} : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %y : tensor<1x8x6x6xf32>
}

// -----

func.func @float_direct_conv_on_qconv2d(%x: tensor<1x4x6x6x!qnn.quant<u4, scale = 0.1>>, %w: tensor<4x1x3x3x!qnn.quant<s4, scale = 0.05>>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'qnn.kernel': kernel 'direct_conv' on f32 weights is for float convolutions}}
  %y = qnn.qconv2d %x, %w {groups = 4, qnn.kernel = #qnn.kernel<direct_conv, weights = f32, layout = nhwc>}
      : (tensor<1x4x6x6x!qnn.quant<u4, scale = 0.1>>, tensor<4x1x3x3x!qnn.quant<s4, scale = 0.05>>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// expected-error @+1 {{kernel 'direct_conv' with an fma needs layout nhwc}}
func.func private @direct_conv_fma_nchw() attributes {k = #qnn.kernel<direct_conv, weights = codes, layout = nchw, fma = avx2>}

// -----

func.func @direct_conv_fma_grouped(%x: tensor<1x4x6x6x!qnn.quant<u4, scale = 0.1>>, %w: tensor<4x2x3x3x!qnn.quant<s4, scale = 0.05>>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{'qnn.kernel': kernel 'direct_conv' with an fma needs a depthwise qnn.qconv2d (one channel per group)}}
  %y = qnn.qconv2d %x, %w {groups = 2, qnn.kernel = #qnn.kernel<direct_conv, weights = codes, layout = nhwc, fma = avx2>}
      : (tensor<1x4x6x6x!qnn.quant<u4, scale = 0.1>>, tensor<4x2x3x3x!qnn.quant<s4, scale = 0.05>>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
