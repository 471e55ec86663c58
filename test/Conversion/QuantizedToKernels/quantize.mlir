// RUN: qnn-opt %s --convert-qnn-quantized-to-kernels --split-input-file | FileCheck %s

// qnn.quantize and qnn.dequantize lower on their own, whatever consumes
// them: elementwise maps between f32 and i8 codes. Per channel, the scales
// and zero points are vectors read along the axis. NaN gives code 0 (the
// select on `ord`); the clamp is to the narrow signed range [-7, 7].
// CHECK: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK: #[[AXIS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @per_channel
// CHECK-DAG: %[[S:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[Z:.*]] = arith.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK: %[[Q:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[AXIS]], #[[AXIS]], #[[ID]]], {{.*}}} ins(%arg0, %[[S]], %[[Z]] : tensor<2x3xf32>, tensor<2xf32>, tensor<2xf32>) outs(%{{.*}} : tensor<2x3xi8>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[SC:.*]]: f32, %[[ZP:.*]]: f32, %{{.*}}: i8):
// CHECK-NEXT: %[[DIV:.*]] = arith.divf %[[X]], %[[SC]] : f32
// CHECK-NEXT: %[[ADD:.*]] = arith.addf %[[DIV]], %[[ZP]] : f32
// CHECK-NEXT: %[[R:.*]] = math.floor %[[ADD]] : f32
// CHECK-NEXT: %[[ORD:.*]] = arith.cmpf ord, %[[R]], %[[R]] : f32
// CHECK: %[[NUM:.*]] = arith.select %[[ORD]], %[[R]], %{{.*}} : f32
// The order of the bounds' constants and the clamp depends on the C++
// compiler's order of evaluating arguments (GCC and clang differ): DAG.
// CHECK-DAG: %[[HI:.*]] = arith.constant 7.000000e+00 : f32
// CHECK-DAG: %[[LO:.*]] = arith.constant -7.000000e+00 : f32
// After the NaN select no NaN is left: the clamp is nnan (plain vmaxps and
// vminps).
// CHECK-DAG: %[[MAX:.*]] = arith.maxnumf %[[NUM]], %[[LO]] fastmath<nnan> : f32
// CHECK-DAG: %[[MIN:.*]] = arith.minnumf %[[MAX]], %[[HI]] fastmath<nnan> : f32
// CHECK: %[[I:.*]] = arith.fptosi %[[MIN]] : f32 to i32
// CHECK-NEXT: %[[C:.*]] = arith.trunci %[[I]] : i32 to i8
// CHECK-NEXT: linalg.yield %[[C]] : i8
// (q - zero_point) * scale:
// CHECK: linalg.generic {{.*}} ins(%[[Q]], %{{.*}}, %{{.*}} : tensor<2x3xi8>, tensor<2xf32>, tensor<2xf32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK-NEXT: ^bb0(%[[QC:.*]]: i8, %[[SC2:.*]]: f32, %[[ZP2:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[F:.*]] = arith.sitofp %[[QC]] : i8 to f32
// CHECK-NEXT: %[[SUB:.*]] = arith.subf %[[F]], %[[ZP2]] : f32
// CHECK-NEXT: arith.mulf %[[SUB]], %[[SC2]] : f32
// CHECK-NOT: qnn.
func.func @per_channel(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %q = qnn.quantize %x {narrow, rounding_mode = #qnn<rounding floor>} : tensor<2x3xf32> -> tensor<2x3x!qnn.quant<s4, axis = 0, scale = [0.5, 0.25], zero_point = [1.0, 0.0]>>
  %y = qnn.dequantize %q : tensor<2x3x!qnn.quant<s4, axis = 0, scale = [0.5, 0.25], zero_point = [1.0, 0.0]>> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

// Bipolar: +1 where x >= 0 (NaN compares false: -1), whatever the scale:
// -1, raised by 2 at the threshold 0.
// CHECK-LABEL: func.func @bipolar
// CHECK: linalg.generic
// CHECK-NOT: arith.divf
// CHECK: %[[LOW:.*]] = arith.constant -1 : i32
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[GE:.*]] = arith.cmpf oge, %{{.*}}, %[[ZERO]] : f32
// CHECK: %[[RISE:.*]] = arith.select %[[GE]], %{{.*}}, %{{.*}} : i32
// CHECK: %[[CODE:.*]] = arith.addi %[[LOW]], %[[RISE]] : i32
// CHECK: arith.trunci %[[CODE]] : i32 to i8
func.func @bipolar(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.quant<b1, scale = 0.75>>
  %y = qnn.dequantize %q : tensor<4x!qnn.quant<b1, scale = 0.75>> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// A code constant is its i8 bit pattern (u8 200 is -56); unsigned codes
// widen with uitofp.
// CHECK-LABEL: func.func @constant
// CHECK: %[[C:.*]] = arith.constant dense<[-56, 3]> : tensor<2xi8>
// CHECK: linalg.generic {{.*}} ins(%[[C]] : tensor<2xi8>)
// CHECK: arith.uitofp %{{.*}} : i8 to f32
func.func @constant() -> tensor<2xf32> {
  %c = qnn.constant dense<[200, 3]> : tensor<2xi8> -> tensor<2x!qnn.quant<u8, scale = 0.5>>
  %y = qnn.dequantize %c : tensor<2x!qnn.quant<u8, scale = 0.5>> -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// Codes of at most 2 bits compare with each level's smallest float, found at
// compile time: s2, scale 1, half to even: code -1 from just above -1.5
// (-1.5 rounds to -2), 0 from -0.5, 1 from just above 0.5. NaN quantizes to
// 0: the thresholds up to code 0 compare unordered-or-greater (NaN passes),
// the one above ordered (NaN fails): -2 + 1 + 1 + 0.
// CHECK-LABEL: func.func @signed_thresholds
// CHECK: linalg.generic
// CHECK-NOT: arith.divf
// CHECK: arith.constant -2 : i32
// CHECK: %[[T1:.*]] = arith.constant -1.49999988 : f32
// CHECK: arith.cmpf uge, %{{.*}}, %[[T1]] : f32
// CHECK: %[[T2:.*]] = arith.constant -5.000000e-01 : f32
// CHECK: arith.cmpf uge, %{{.*}}, %[[T2]] : f32
// CHECK: %[[T3:.*]] = arith.constant 0.50000006 : f32
// CHECK: arith.cmpf oge, %{{.*}}, %[[T3]] : f32
// CHECK: arith.trunci %{{.*}} : i32 to i8
func.func @signed_thresholds(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = qnn.quantize %x : tensor<4xf32> -> tensor<4x!qnn.quant<s2, scale = 1.0>>
  %y = qnn.dequantize %q : tensor<4x!qnn.quant<s2, scale = 1.0>> -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Per channel: each threshold is a vector along the axis. u1 codes (0 and
// 1) with scales 1 and 4: code 1 from just above 0.5 and 2.
// CHECK-LABEL: func.func @per_channel_thresholds
// CHECK: %[[T:.*]] = arith.constant dense<[0.50000006, 2.00000024]> : tensor<2xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[T]] : tensor<2x3xf32>, tensor<2xf32>)
// CHECK: arith.cmpf oge
func.func @per_channel_thresholds(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %q = qnn.quantize %x : tensor<2x3xf32> -> tensor<2x3x!qnn.quant<u1, axis = 0, scale = [1.0, 4.0]>>
  %y = qnn.dequantize %q : tensor<2x3x!qnn.quant<u1, axis = 0, scale = [1.0, 4.0]>> -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
