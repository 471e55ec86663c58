// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=sse4.2,popcnt" --convert-qnn-quantized-to-kernels --split-input-file | FileCheck %s
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=sse4.2,popcnt keep-weights-packed=false" --convert-qnn-quantized-to-kernels --split-input-file | FileCheck %s --check-prefix=ANY
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=sse4.2,popcnt keep-weights-packed=false exact-f32-gemm=false" --convert-qnn-quantized-to-kernels --split-input-file | FileCheck %s --check-prefix=INT
// RUN: qnn-opt %s "--qnn-select-kernels=target-triple=x86_64-unknown-linux-gnu target-features=sse4.2,popcnt keep-weights-packed=false integer-min-plane-pairs=16" --convert-qnn-quantized-to-kernels --split-input-file | FileCheck %s --check-prefix=T16

// The GEMMs on codes, as qnn-select-kernels chooses them (its rules are
// tested in test/Dialect/QNN/select-kernels.mlir) and as the conversion
// emits them.

// 8-bit activations x 8-bit weights: 64 plane pairs, at least the default
// 12, and one byte per weight, so the layer is a GEMM on codes. Activation
// codes are those of qnn.quantize (divide, here by the power of two 0.25:
// a multiplication by 4, which gives every float the same code; add the
// zero point when it is not 0, round half to even, NaN to 0, clamp),
// stored as i8 (u8 as its bit
// pattern, hence uitofp). Every partial sum is at most K * 255 * 128 < 2^24,
// so the GEMM is exact in f32: weight codes round(w / 0.5) =
// [[1, -2], [3, 0]] stored as a K x O i8 constant, converted to f32 on each
// call, and a GEMM iterated (row, k, channel).
// CHECK-LABEL: func @w8a8
// CHECK-SAME: (%[[X:.*]]: tensor<3x2xf32>)
// CHECK: %[[Q:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<3x2xf32>) outs(%{{.*}} : tensor<3x2xi8>)
// CHECK-NOT: arith.divf
// CHECK: %[[FOUR:.*]] = arith.constant 4.000000e+00 : f32
// CHECK: arith.mulf %{{.*}}, %[[FOUR]] : f32
// CHECK-NOT: arith.addf
// CHECK: math.roundeven
// CHECK: arith.cmpf ord
// CHECK: arith.maxnumf
// CHECK: arith.minnumf
// CHECK: linalg.yield
// CHECK: %[[CODES:.*]] = linalg.generic {{.*}} ins(%[[Q]] : tensor<3x2xi8>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: %[[W8:.*]] = arith.constant dense<{{\[\[}}1, 3], [-2, 0]]> : tensor<2x2xi8>
// CHECK: %[[W:.*]] = linalg.generic {{.*}} ins(%[[W8]] : tensor<2x2xi8>) outs(%{{.*}} : tensor<2x2xf32>)
// CHECK: arith.sitofp %{{.*}} : i8 to f32
// CHECK: %[[ACC:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[CODES]], %[[W]] : tensor<3x2xf32>, tensor<2x2xf32>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK-NOT: qnn.pack_bits
// CHECK-NOT: qnn.bitserial_matmul
// The epilogue widens the exact f32 sums to f64.
// CHECK: linalg.generic {{.*}} ins(%[[ACC]], %{{.*}}, %{{.*}} : tensor<3x2xf32>, tensor<2xf64>, tensor<2xf64>)
// CHECK: arith.extf %{{.*}} : f32 to f64
// In integers: i16 activation codes, i8 weight codes, an i32 accumulator.
// INT-LABEL: func @w8a8
// INT: %[[Q:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x2xi8>)
// INT: %[[CODES:.*]] = linalg.generic {{.*}} ins(%[[Q]] : tensor<3x2xi8>) outs(%{{.*}} : tensor<3x2xi16>)
// INT: arith.extui %{{.*}} : i8 to i16
// INT: %[[ACC:.*]] = linalg.matmul_transpose_b ins(%[[CODES]], %{{.*}} : tensor<3x2xi16>, tensor<2x2xi8>) outs(%{{.*}} : tensor<3x2xi32>)
// INT: linalg.generic {{.*}} ins(%[[ACC]], %{{.*}}, %{{.*}} : tensor<3x2xi32>, tensor<2xf64>, tensor<2xf64>)
// INT: arith.sitofp %{{.*}} : i32 to f64
func.func @w8a8(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.5, -1.0], [1.5, 0.0]]> : tensor<2x2xf32>
  %qx = qnn.quantize %x : tensor<3x2xf32> -> tensor<3x2x!qnn.quant<u8, scale = 0.25>>
  %qw = qnn.quantize %w : tensor<2x2xf32> -> tensor<2x2x!qnn.quant<s8, scale = 0.5>>
  %y = qnn.qdense %qx, %qw : (tensor<3x2x!qnn.quant<u8, scale = 0.25>>, tensor<2x2x!qnn.quant<s8, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// 4 x 3 = 12 pairs: a GEMM. Its 4-bit weights stay bit-planes in the
// object, packed along the output channels (plane t, row k: bit t of the
// codes of channels 0..31), and are unpacked to f32 on each call. Codes
// round(w / 0.5 + 7.5) = [[8, 6], [10, 8]] (halves to even): at k = 0
// channels 0 and 1 have 8 = 0b1000 and 10 = 0b1010, so plane 1 holds 0b10
// and plane 3 0b11; at k = 1 (6 = 0b0110, 8 = 0b1000) plane 1 holds 0b01,
// plane 2 0b01, plane 3 0b10. The weight zero point needs the activation
// code sums: a second GEMM with a column of ones. With
// keep-weights-packed=false the codes are bytes instead; below 16 pairs the
// layer is bit-serial.
// CHECK-LABEL: func @w4a3
// CHECK: %[[CODES:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x2xf32>)
// CHECK-DAG: %[[P0:.*]] = arith.constant dense<0> : tensor<2x1xi32>
// CHECK-DAG: %[[P1:.*]] = arith.constant dense<{{\[\[}}2], [1]]> : tensor<2x1xi32>
// CHECK-DAG: %[[P2:.*]] = arith.constant dense<{{\[\[}}0], [1]]> : tensor<2x1xi32>
// CHECK-DAG: %[[P3:.*]] = arith.constant dense<{{\[\[}}3], [2]]> : tensor<2x1xi32>
// CHECK: %[[UNPACKED:.*]] = linalg.generic {{.*}} ins(%[[P0]], %[[P1]], %[[P2]], %[[P3]] : tensor<2x1xi32>, tensor<2x1xi32>, tensor<2x1xi32>, tensor<2x1xi32>) outs(%{{.*}} : tensor<2x1x32xf32>)
// CHECK: linalg.index 2
// CHECK: arith.shrui
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[UNPACKED]] {{\[}}[0], [1, 2]] : tensor<2x1x32xf32> into tensor<2x32xf32>
// CHECK: %[[W:.*]] = tensor.extract_slice %[[FLAT]][0, 0] [2, 2] [1, 1] : tensor<2x32xf32> to tensor<2x2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[CODES]], %[[W]] : tensor<3x2xf32>, tensor<2x2xf32>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK: %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<2x1xf32>
// CHECK: linalg.generic {{.*}} ins(%[[CODES]], %[[ONES]] : tensor<3x2xf32>, tensor<2x1xf32>) outs(%{{.*}} : tensor<3x1xf32>)
// CHECK-NOT: qnn.bitserial_matmul
// ANY-LABEL: func @w4a3
// ANY: %[[CODES:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x2xf32>)
// ANY: arith.constant dense<{{\[\[}}8, 10], [6, 8]]> : tensor<2x2xi8>
// ANY: linalg.generic {{.*}} ins(%[[CODES]], %{{.*}} : tensor<3x2xf32>, tensor<2x2xf32>) outs(%{{.*}} : tensor<3x2xf32>)
// ANY: %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<2x1xf32>
// ANY: linalg.generic {{.*}} ins(%[[CODES]], %[[ONES]] : tensor<3x2xf32>, tensor<2x1xf32>) outs(%{{.*}} : tensor<3x1xf32>)
// INT-LABEL: func @w4a3
// INT: %[[CODES:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<3x2xi16>)
// INT: linalg.matmul_transpose_b ins(%[[CODES]], %{{.*}} : tensor<3x2xi16>, tensor<2x2xi8>) outs(%{{.*}} : tensor<3x2xi32>)
// INT: %[[ONES:.*]] = arith.constant dense<1> : tensor<1x2xi8>
// INT: linalg.matmul_transpose_b ins(%[[CODES]], %[[ONES]] : tensor<3x2xi16>, tensor<1x2xi8>) outs(%{{.*}} : tensor<3x1xi32>)
// T16-LABEL: func @w4a3
// T16: qnn.pack_bits
// T16: qnn.bitserial_matmul
// T16-NOT: linalg.matmul_transpose_b
// T16-NOT: iterator_types = ["parallel", "reduction", "parallel"]
func.func @w4a3(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.5, -1.0], [1.5, 0.0]]> : tensor<2x2xf32>
  %qx = qnn.quantize %x : tensor<3x2xf32> -> tensor<3x2x!qnn.quant<u3, scale = 0.25>>
  %qw = qnn.quantize %w : tensor<2x2xf32> -> tensor<2x2x!qnn.quant<u4, scale = 0.5, zero_point = 7.5>>
  %y = qnn.qdense %qx, %qw : (tensor<3x2x!qnn.quant<u3, scale = 0.25>>, tensor<2x2x!qnn.quant<u4, scale = 0.5, zero_point = 7.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Unsigned 8-bit weight codes up to 255 do not fit a byte, and u8 x u8 over
// K = 40000 can exceed 2^24 (f32 is not exact) and 2^31 (the accumulator is
// i64): the integer GEMM, which cannot unpack planes, so bit-serial by
// default; with keep-weights-packed=false, i16 codes.
// CHECK-LABEL: func @wide
// CHECK: qnn.bitserial_matmul
// ANY-LABEL: func @wide
// ANY: linalg.matmul_transpose_b ins(%{{.*}}, %{{.*}} : tensor<1x40000xi16>, tensor<1x40000xi16>) outs(%{{.*}} : tensor<1x1xi64>)
// T16-LABEL: func @wide
func.func @wide(%x: tensor<1x40000xf32>) -> tensor<1x1xf32> {
  %w = arith.constant dense<200.0> : tensor<1x40000xf32>
  %qx = qnn.quantize %x : tensor<1x40000xf32> -> tensor<1x40000x!qnn.quant<u8, scale = 1.0>>
  %qw = qnn.quantize %w : tensor<1x40000xf32> -> tensor<1x40000x!qnn.quant<u8, scale = 1.0>>
  %y = qnn.qdense %qx, %qw : (tensor<1x40000x!qnn.quant<u8, scale = 1.0>>, tensor<1x40000x!qnn.quant<u8, scale = 1.0>>) -> tensor<1x1xf32>
  return %y : tensor<1x1xf32>
}

// -----

// A bipolar side is one plane: 8 x 1 pairs, bit-serial.
// CHECK-LABEL: func @bipolar
// CHECK: qnn.bitserial_matmul
// ANY-LABEL: func @bipolar
// ANY: qnn.bitserial_matmul
func.func @bipolar(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = arith.constant dense<[[0.5, -1.0], [1.5, 0.0]]> : tensor<2x2xf32>
  %qx = qnn.quantize %x : tensor<3x2xf32> -> tensor<3x2x!qnn.quant<u8, scale = 0.25>>
  %qw = qnn.quantize %w : tensor<2x2xf32> -> tensor<2x2x!qnn.quant<b1, scale = 0.5>>
  %y = qnn.qdense %qx, %qw : (tensor<3x2x!qnn.quant<u8, scale = 0.25>>, tensor<2x2x!qnn.quant<b1, scale = 0.5>>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}
