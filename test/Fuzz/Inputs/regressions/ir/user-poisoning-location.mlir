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
// REPORT: "stored_bytes": 144,
// REPORT: "wnsor<1x70xf32>) -> tensor<1x2xf32> {
  %w0 = qnn.constant dense<1> : tensor<3x70xi8> -> tensor<3x70x!qnn.quant<s3, scale = 0.5>>
  %w1 = qnn.constant dense<[[1, 5, 9], [15, 0, 3]]> : tensor<2x3xi8> -> tensor<2x3x!qnn.quant<u4, scale = 0.5>>
  %w2 = qnn.constant dense<[[1, -2], [3, 0]]> : tensor<2x2xi8> -> tensor<2x2x!qnn.quant<s8, scale = 0.5>>
  %q0 = qnn.quantize %x : tensor<1x70xf32> -> tensor<1x70x!qnn.quant<u2, scale = 0.25>>
  %y0 = qnn.qdense %q0, %w0 {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc>} : (tensor<1x70x!qnn.quant<u2, scale = 0.25>>, tensor<3x70x!qnn.quant<s3, scale = 0.5>>) -> tensor<1x3xf32> loc("planes")
  %q1 = qnn.quantize %y0 : tensor<1x3xf32> -> tensor<1x3x!qnn.quant<u3, scale = 0.25>>
  %y1 = qnn.qdense %q1, %w1 {qnn.kernel = #qnn.kernel<f32_gemm, weights = channel_planes, layout = nc>} : (tensor<1x3x!qnn.quant<u3, scale = 0.25>>, tensor<2x3x!qnn.quant<u4, scale = 0.5>>) -> tensor<1x2xf32> loc("unpacked")
  %q2 = qnn.quantize %y1 : t, layout = nc>} : (tensor<// RUN: qnn-opt %s "--qnn-lower-to-llvm=profile=true" | FileCheck %s
// RUN: qnn-opt %s --qnn-lower-to-llvm | FileCheck %s --check-prefix=PLAIN

// qnn-lower-to-llvm with profile=true runs qnn1x3x!qnn.quant<u3, scale = 0.25>>, tensor<2x3x!qnn.-instquant<u4, src