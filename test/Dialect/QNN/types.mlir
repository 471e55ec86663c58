// RUN: qnn-opt %s | qnn-opt | FileCheck %s
// RUN: qnn-opt %s --mlir-print-op-generic | qnn-opt | FileCheck %s

// Round trip of !qnn.quant in all its forms (QNNTypes.td). Reals print in the
// shortest decimal form that parses back to the same double, always with a
// '.' (FloatSyntax.h), and a zero point that is 0 everywhere is omitted.
// Functions that return their argument under another spelling check that two
// spellings denote the same type: func.return verifies type equality.

// CHECK-LABEL: func.func private @encodings
// CHECK-SAME: !qnn.quant<u1, scale = 1.0>
// CHECK-SAME: !qnn.quant<u4, scale = 0.125>
// CHECK-SAME: !qnn.quant<u8, scale = 0.5>
// CHECK-SAME: !qnn.quant<s2, scale = 0.5>
// CHECK-SAME: !qnn.quant<s8, scale = 0.25>
// CHECK-SAME: !qnn.quant<b1, scale = 0.75>
func.func private @encodings(tensor<4x!qnn.quant<u1, scale = 1.0>>,
                             tensor<4x!qnn.quant<u4, scale = 0.125>>,
                             tensor<4x!qnn.quant<u8, scale = 0.5>>,
                             tensor<4x!qnn.quant<s2, scale = 0.5>>,
                             tensor<4x!qnn.quant<s8, scale = 0.25>>,
                             tensor<4x!qnn.quant<b1, scale = 0.75>>)

// DoReFa's half-integer zero point (2^k - 1) / 2, and negative ones.
// CHECK-LABEL: func.func private @zero_points
// CHECK-SAME: !qnn.quant<u3, scale = 0.25, zero_point = 3.5>
// CHECK-SAME: !qnn.quant<u8, scale = 0.5, zero_point = 127.5>
// CHECK-SAME: !qnn.quant<s4, scale = 0.5, zero_point = -2.0>
// CHECK-SAME: !qnn.quant<u2, scale = 0.5, zero_point = -0.5>
func.func private @zero_points(tensor<4x!qnn.quant<u3, scale = 0.25, zero_point = 3.5>>,
                               tensor<4x!qnn.quant<u8, scale = 0.5, zero_point = 127.5>>,
                               tensor<4x!qnn.quant<s4, scale = 0.5, zero_point = -2.0>>,
                               tensor<4x!qnn.quant<u2, scale = 0.5, zero_point = -0.5>>)

// A zero point of 0 is the omitted one: same type, printed without it.
// CHECK-LABEL: func.func @zero_point_zero_is_omitted
// CHECK-SAME: (%{{.*}}: tensor<4x!qnn.quant<u4, scale = 0.5>>) -> tensor<4x!qnn.quant<u4, scale = 0.5>>
func.func @zero_point_zero_is_omitted(%x: tensor<4x!qnn.quant<u4, scale = 0.5, zero_point = 0.0>>)
    -> tensor<4x!qnn.quant<u4, scale = 0.5>> {
  return %x : tensor<4x!qnn.quant<u4, scale = 0.5, zero_point = 0.0>>
}

// A bipolar code may spell out its zero point 0.
// CHECK-LABEL: func.func @bipolar_zero_point_zero
// CHECK-SAME: -> tensor<4x!qnn.quant<b1, scale = 0.75>>
func.func @bipolar_zero_point_zero(%x: tensor<4x!qnn.quant<b1, scale = 0.75, zero_point = 0.0>>)
    -> tensor<4x!qnn.quant<b1, scale = 0.75>> {
  return %x : tensor<4x!qnn.quant<b1, scale = 0.75>>
}

// -0.0 is a parameter value distinct from 0.0, so it must print: otherwise
// two distinct types print alike and the printed IR no longer verifies.
// CHECK-LABEL: func.func private @negative_zero_zero_point
// CHECK-SAME: !qnn.quant<u4, scale = 0.5, zero_point = -0.0>
// CHECK-SAME: !qnn.quant<u4, scale = 0.5>
func.func private @negative_zero_zero_point(tensor<4x!qnn.quant<u4, scale = 0.5, zero_point = -0.0>>,
                                            tensor<4x!qnn.quant<u4, scale = 0.5>>)

// Scales that a short decimal does not represent exactly must come back as
// the same double. 1/3 needs 16 significant digits, 0.1 + 0.2 17; 0.1 and
// 0.3 print short. The second function spells 0.1 three ways (decimal,
// exponent, IEEE bits 0x3FB999999999999A) that must denote one type.
// CHECK-LABEL: func.func private @exact_scales
// CHECK-SAME: !qnn.quant<u4, scale = 0.1>
// CHECK-SAME: !qnn.quant<u4, scale = 0.3>
// CHECK-SAME: !qnn.quant<u4, scale = 0.30000000000000004>
// CHECK-SAME: !qnn.quant<u4, scale = 0.3333333333333333>
// CHECK-SAME: !qnn.quant<u4, scale = 0.6666666666666666>
// CHECK-SAME: !qnn.quant<u4, scale = 0.1, zero_point = 0.3333333333333333>
func.func private @exact_scales(tensor<4x!qnn.quant<u4, scale = 0.1>>,
                                tensor<4x!qnn.quant<u4, scale = 0.3>>,
                                tensor<4x!qnn.quant<u4, scale = 0.30000000000000004>>,
                                tensor<4x!qnn.quant<u4, scale = 0.33333333333333331>>,
                                tensor<4x!qnn.quant<u4, scale = 0.66666666666666663>>,
                                tensor<4x!qnn.quant<u4, scale = 0.1, zero_point = 0.33333333333333331>>)

// CHECK-LABEL: func.func @one_tenth_three_ways
// CHECK-SAME: -> tensor<4x!qnn.quant<u4, scale = 0.1>>
func.func @one_tenth_three_ways(%x: tensor<4x!qnn.quant<u4, scale = 1.0e-1>>)
    -> tensor<4x!qnn.quant<u4, scale = 0x3FB999999999999A>> {
  return %x : tensor<4x!qnn.quant<u4, scale = 0.1>>
}

// Small and large scales print with an exponent; the mantissa keeps a '.'
// because MLIR reads "1e-05" as the integer 1 followed by junk.
// CHECK-LABEL: func.func private @exponents
// CHECK-SAME: !qnn.quant<u4, scale = 1.0e-05>
// CHECK-SAME: !qnn.quant<u4, scale = 9.5367431640625e-07>
// CHECK-SAME: !qnn.quant<u4, scale = 1.0e+20>
// CHECK-SAME: !qnn.quant<u4, scale = 1234567.0>
// CHECK-SAME: !qnn.quant<u4, scale = 0.5, zero_point = -1.0e-07>
func.func private @exponents(tensor<4x!qnn.quant<u4, scale = 0.00001>>,
                             tensor<4x!qnn.quant<u4, scale = 9.5367431640625e-07>>,
                             tensor<4x!qnn.quant<u4, scale = 1.0e20>>,
                             tensor<4x!qnn.quant<u4, scale = 1234567.0>>,
                             tensor<4x!qnn.quant<u4, scale = 0.5, zero_point = -1.0e-7>>)

// Per channel: one (scale, zero point) pair per slice along `axis`; zero
// points that are all 0 are omitted, otherwise all are printed.
// CHECK-LABEL: func.func private @per_channel
// CHECK-SAME: !qnn.quant<s8, axis = 0, scale = [0.5, 0.25], zero_point = [0.0, 1.0]>
// CHECK-SAME: !qnn.quant<u4, axis = 1, scale = [0.1, 0.2, 0.3]>
// CHECK-SAME: !qnn.quant<u3, axis = 3, scale = [0.25], zero_point = [3.5]>
// CHECK-SAME: !qnn.quant<b1, axis = 0, scale = [0.75, 1.5]>
// CHECK-SAME: !qnn.quant<u2, axis = 0, scale = [0.3333333333333333, 1.0e-05], zero_point = [-0.5, 1.5]>
func.func private @per_channel(tensor<2x4x!qnn.quant<s8, axis = 0, scale = [0.5, 0.25], zero_point = [0.0, 1.0]>>,
                               tensor<2x3x!qnn.quant<u4, axis = 1, scale = [0.1, 0.2, 0.3], zero_point = [0.0, 0.0, 0.0]>>,
                               tensor<1x1x1x1x!qnn.quant<u3, axis = 3, scale = [0.25], zero_point = [3.5]>>,
                               tensor<2x!qnn.quant<b1, axis = 0, scale = [0.75, 1.5]>>,
                               tensor<2x!qnn.quant<u2, axis = 0, scale = [0.33333333333333331, 1.0e-5], zero_point = [-0.5, 1.5]>>)

// A per-channel type with one channel is not the per-tensor type.
// CHECK-LABEL: func.func private @one_channel_is_not_per_tensor
// CHECK-SAME: !qnn.quant<u4, axis = 0, scale = [0.5]>
// CHECK-SAME: !qnn.quant<u4, scale = 0.5>
func.func private @one_channel_is_not_per_tensor(tensor<1x!qnn.quant<u4, axis = 0, scale = [0.5]>>,
                                                 tensor<1x!qnn.quant<u4, scale = 0.5>>)

// A one-element list without `axis` is the per-tensor type: the parser
// accepts lists there so that the verifier reports a per-tensor type with
// several scales (see invalid-types.mlir).
// CHECK-LABEL: func.func @per_tensor_list_of_one
// CHECK-SAME: -> tensor<4x!qnn.quant<u4, scale = 0.5, zero_point = 1.0>>
func.func @per_tensor_list_of_one(%x: tensor<4x!qnn.quant<u4, scale = [0.5], zero_point = [1.0]>>)
    -> tensor<4x!qnn.quant<u4, scale = 0.5, zero_point = 1.0>> {
  return %x : tensor<4x!qnn.quant<u4, scale = 0.5, zero_point = 1.0>>
}
