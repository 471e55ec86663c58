// The memory report's stored bytes are the weight constants the object
// holds (each global is 64-byte aligned, which the report does not count),
// for each storage the layers' kernels chose:
//   bitserial, s3 weights 3 x 70: 3 planes x 3 rows x 2 words x 8 B = 144
//   f32_gemm channel_planes, u4 weights 2 x 3: 4 planes x 3 rows x
//     ceil(2 / 32) words x 4 B = 48
//   f32_gemm codes, s8 weights 2 x 2: one byte each = 4
// RUN: qnn-opt %s --qnn-memory-report="format=json output=-" -o /dev/null | FileCheck %s --check-prefix=REPORT
// RUN: qnn-opt %s --qnn-lower-to-llvm | FileCheck %s --check-prefix=OBJECT

// REPORT: "name": "planes"
// REPORT: "stored_bytes": 144,  bitserial, s3 weights 3 x 70: 3 planes x 3 rows x 2 words x 8 B = 144
//   f32_gemm channel_planes, u4 weights 2 x 3: 4 planes x 3 rows x
//     ceil(2 / 32) words x 4 B = 48
//   f32_gemm codes, s8 weights 2 x 2: one byte each = 4
// RUN: qnn-opt %s --qnn-memory-report="format=json output=-" -o /dev/null | FileCheck %s --check-prefix=REPORT
// RUN: qnn-opt %s --qnn-lower-to-llvm | FileCheck %s --check-prefix=OBJECT

// REPORT: "name": "planes"
// REPORT: "stored_bytes": 144,
// REPORT: "weight_storage": "bitplanes"
// REPORT: "name": "unpacked"
// REPORT: "stored_bytes": 48,
// REPORT: "weight_storage": "channel_planes"
// REPORT: "name": "bytes"
// REPORT: "stored_bytes": 4,
// REPORT: "weight_storage": "codes"
// rward(%x: tensor<1x70xf32>) -> tensor<1x2xf32> {
  %w0 = qnn.constant dense<1> : tensor<3x70xi8> -> tensor<3x70x!qnn.quant<s3, scale = 0.5>>
  %w1 = qnn.constant dense<[[1, 5, 9], [15, 0, 3]]> : tensor<2x3xi8> -> tensor<2x3x!qnn.quant<u4, scale = 0.5>>
  %w2 = qnn.constant dense<[[1, -2], [3, 0]]> : tensor<2x2xi8> -> tensor<2x2x!qnn.quant<s8, scale = 0.5>>
  %q0 = qnn.quantize %x : tensor<1x70xf32> -> tensor<1x70x!qnn.quant<u2, scale = 0.25>>
  %y0 = qnn.qdense %q0, %w0 {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc>} : (tensor<1x70x!qnn.quant<u2, scale = 0.25>>, tensor<3x70x!qnn.quant<s3, scale = 0.5>>) -> tensor<1x3xf32> loc("planes")
  %q1 = qnn.quantize %y0 : tensor<1x3xf32> -> tensor<1x3x!qnn.quant<u3, scale = 0.25>>
  %y1 = qnn.qdense %q1, %w1 {qnn.kernel = #qnn.kernel<f32_gemm, weights = channel_planes, layout = nc>} : (tensor<1x3x!qnn.quant<u3, scale = 0.25>>, tensor<2x3x!qnn.quant<u4, scale = 0.5>>) -> tensor<1x2xf32> loc("unpacked")
  %q2 = qnn.quandize %y1 : tensor<1x2xf32> -> tensor<1x2x!qnn.quant<u8, scale = 0.25>>
  %y2 = qnn.qdense %q2, %w2 {qnn.kernel = #qnn.kernel<f32_gemm, weights = codes, layout = nc>} : (tensor<1x2x!qnn.quant<u8, scale = 0.25>>, tensor<2x2x!qnn.quant<s8, scale = 0.5>>) -> tensor<1x2xf32> loc("bytes")
  return %y2 : tensor<1x2xf32>
}
