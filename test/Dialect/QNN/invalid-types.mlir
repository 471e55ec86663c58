// RUN: qnn-opt %s --split-input-file --verify-diagnostics

// Errors of !qnn.quant (QNNTypes.cpp): every diagnostic of QuantType::verify
// and of QuantType::parse, and malformed inputs that must give a diagnostic,
// never a crash. The per-channel checks against a tensor's shape belong to
// the ops (invalid-ops-quantized.mlir).

//===----------------------------------------------------------------------===//
// QuantType::verify
//===----------------------------------------------------------------------===//

// expected-error @+1 {{bitwidth must be in [1, 8], got 0}}
func.func private @bits_0(tensor<4x!qnn.quant<u0, scale = 1.0>>)

// -----

// expected-error @+1 {{bitwidth must be in [1, 8], got 9}}
func.func private @bits_9(tensor<4x!qnn.quant<u9, scale = 1.0>>)

// -----

// expected-error @+1 {{bitwidth must be in [1, 8], got 33}}
func.func private @bits_33(tensor<4x!qnn.quant<s33, scale = 1.0>>)

// -----

// The range is checked before the encoding's own rule.
// expected-error @+1 {{bitwidth must be in [1, 8], got 0}}
func.func private @bipolar_bits_0(tensor<4x!qnn.quant<b0, scale = 1.0>>)

// -----

// expected-error @+1 {{a bipolar code has 1 bit, got 2}}
func.func private @bipolar_2_bits(tensor<4x!qnn.quant<b2, scale = 1.0>>)

// -----

// expected-error @+1 {{a signed code needs at least 2 bits}}
func.func private @signed_1_bit(tensor<4x!qnn.quant<s1, scale = 1.0>>)

// -----

// expected-error @+1 {{needs at least one scale}}
func.func private @no_scale(tensor<4x!qnn.quant<u4, axis = 0, scale = []>>)

// -----

// expected-error @+1 {{has 2 scales but 1 zero points}}
func.func private @per_channel_count_mismatch(tensor<2x!qnn.quant<u4, axis = 0, scale = [0.5, 0.25], zero_point = [1.0]>>)

// -----

// expected-error @+1 {{has 1 scales but 2 zero points}}
func.func private @per_tensor_two_zero_points(tensor<2x!qnn.quant<u4, scale = 0.5, zero_point = [1.0, 2.0]>>)

// -----

// A list of scales without 'axis' is a per-tensor type with several scales.
// expected-error @+1 {{a per-tensor type has one scale, got 2 (give 'axis' for per-channel)}}
func.func private @per_tensor_two_scales(tensor<2x!qnn.quant<u4, scale = [0.5, 0.25]>>)

// -----

// expected-error @+1 {{axis must be non-negative, got -2}}
func.func private @negative_axis(tensor<2x!qnn.quant<u4, axis = -2, scale = [0.5]>>)

// -----

// expected-error @+1 {{scale must be positive and finite, got 0.000000e+00}}
func.func private @zero_scale(tensor<4x!qnn.quant<u4, scale = 0.0>>)

// -----

// expected-error @+1 {{scale must be positive and finite, got -0.000000e+00}}
func.func private @negative_zero_scale(tensor<4x!qnn.quant<u4, scale = -0.0>>)

// -----

// expected-error @+1 {{scale must be positive and finite, got -5.000000e-01}}
func.func private @negative_scale(tensor<4x!qnn.quant<u4, scale = -0.5>>)

// -----

// MLIR's float syntax has no 'inf': the IEEE bits of +infinity.
// expected-error @+1 {{scale must be positive and finite, got INF}}
func.func private @infinite_scale(tensor<4x!qnn.quant<u4, scale = 0x7FF0000000000000>>)

// -----

// expected-error @+1 {{scale must be positive and finite, got nan}}
func.func private @nan_scale(tensor<4x!qnn.quant<u4, scale = 0x7FF8000000000000>>)

// -----

// Every channel is checked, not only the first.
// expected-error @+1 {{scale must be positive and finite, got -2.500000e-01}}
func.func private @per_channel_negative_scale(tensor<2x!qnn.quant<u4, axis = 0, scale = [0.5, -0.25]>>)

// -----

// expected-error @+1 {{zero point must be finite, got -INF}}
func.func private @infinite_zero_point(tensor<4x!qnn.quant<u4, scale = 0.5, zero_point = 0xFFF0000000000000>>)

// -----

// expected-error @+1 {{zero point must be finite, got nan}}
func.func private @nan_zero_point(tensor<2x!qnn.quant<s4, axis = 0, scale = [0.5, 0.5], zero_point = [0.0, 0x7FF8000000000000]>>)

// -----

// expected-error @+1 {{a bipolar code has zero point 0, got 5.000000e-01}}
func.func private @bipolar_zero_point(tensor<4x!qnn.quant<b1, scale = 1.0, zero_point = 0.5>>)

// -----

// expected-error @+1 {{a bipolar code has zero point 0, got -1.000000e+00}}
func.func private @bipolar_per_channel_zero_point(tensor<2x!qnn.quant<b1, axis = 0, scale = [1.0, 1.0], zero_point = [0.0, -1.0]>>)

// -----

//===----------------------------------------------------------------------===//
// QuantType::parse
//===----------------------------------------------------------------------===//

// expected-error @+1 {{code must start with 'u' (unsigned), 's' (signed) or 'b' (bipolar), got 'x4'}}
func.func private @bad_code_letter(tensor<4x!qnn.quant<x4, scale = 1.0>>)

// -----

// expected-error @+1 {{code must start with 'u' (unsigned), 's' (signed) or 'b' (bipolar), got 'i4'}}
func.func private @integer_type_as_code(tensor<4x!qnn.quant<i4, scale = 1.0>>)

// -----

// expected-error @+1 {{expected a code such as 'u4', 's8' or 'b1', got 'u'}}
func.func private @code_without_bits(tensor<4x!qnn.quant<u, scale = 1.0>>)

// -----

// expected-error @+1 {{expected a code such as 'u4', 's8' or 'b1', got 'u4x'}}
func.func private @code_with_junk(tensor<4x!qnn.quant<u4x, scale = 1.0>>)

// -----

// A bitwidth that does not fit 32 bits is not mistaken for a small one.
// expected-error @+1 {{expected a code such as 'u4', 's8' or 'b1', got 'u4294967297'}}
func.func private @code_bits_overflow(tensor<4x!qnn.quant<u4294967297, scale = 1.0>>)

// -----

// -1 stands for "per tensor" inside the type; written out it is an error,
// not a silent per-tensor type.
// expected-error @+1 {{axis must be non-negative, got -1}}
func.func private @axis_minus_one(tensor<4x!qnn.quant<u4, axis = -1, scale = 0.5>>)

// -----

// expected-error @+1 {{expected '<'}}
func.func private @no_parameters(tensor<4x!qnn.quant>)

// -----

// expected-error @+1 {{expected valid keyword}}
func.func private @empty_parameters(tensor<4x!qnn.quant<>>)

// -----

// expected-error @+1 {{expected ','}}
func.func private @no_scale_at_all(tensor<4x!qnn.quant<u4>>)

// -----

// expected-error @+1 {{expected 'scale'}}
func.func private @zero_point_before_scale(tensor<4x!qnn.quant<u4, zero_point = 1.0, scale = 0.5>>)

// -----

// expected-error @+1 {{expected 'zero_point'}}
func.func private @axis_after_scale(tensor<4x!qnn.quant<u4, scale = [0.5], axis = 0>>)

// -----

// expected-error @+1 {{expected 'zero_point'}}
func.func private @junk_after_scale(tensor<4x!qnn.quant<u4, scale = 0.5, junk>>)

// -----

// expected-error @+1 {{expected '>'}}
func.func private @junk_after_zero_point(tensor<4x!qnn.quant<u4, scale = 0.5, zero_point = 1.0, 2.0>>)

// -----

// expected-error @+1 {{expected '>'}}
func.func private @junk_before_greater(tensor<4x!qnn.quant<u4, scale = 0.5 junk>>)

// -----

// A per-channel type takes lists.
// expected-error @+1 {{expected '['}}
func.func private @per_channel_without_brackets(tensor<4x!qnn.quant<u4, axis = 0, scale = 0.5>>)

// -----

// expected-error @+1 {{expected '['}}
func.func private @per_channel_zero_point_without_brackets(tensor<4x!qnn.quant<u4, axis = 0, scale = [0.5], zero_point = 1.0>>)

// -----

// expected-error @+1 {{unbalanced '[' character in pretty dialect name}}
func.func private @unclosed_list(tensor<4x!qnn.quant<u4, axis = 0, scale = [0.5, 0.25>>)

// -----

// expected-error @+1 {{expected floating point literal}}
func.func private @empty_per_tensor_list(tensor<4x!qnn.quant<u4, scale = []>>)

// -----

// expected-error @+1 {{expected integer value}}
func.func private @axis_not_integer(tensor<4x!qnn.quant<u4, axis = x, scale = [0.5]>>)

// -----

// expected-error @+1 {{integer value too large}}
func.func private @axis_too_large(tensor<4x!qnn.quant<u4, axis = 99999999999999999999, scale = [0.5]>>)

// -----

// expected-error @+2 {{unexpected decimal integer literal for a floating point value}}
// expected-note @+1 {{add a trailing dot to make the literal a float}}
func.func private @integer_scale(tensor<4x!qnn.quant<u4, scale = 1>>)

// -----

// expected-error @+1 {{expected floating point literal}}
func.func private @scale_not_a_number(tensor<4x!qnn.quant<u4, scale = big>>)

// -----

// expected-error @+1 {{unknown  type `quantized` in dialect `qnn`}}
func.func private @unknown_type(tensor<4x!qnn.quantized<u4, scale = 1.0>>)
