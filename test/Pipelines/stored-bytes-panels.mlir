// The stored bytes of int8_dot's `panels` follow the panel width of the
// kernel's isa: 40 output channels of K = 6 codes, K padded to 2 groups of 4,
// plus one i32 column sum per channel (4 x 40 = 160 B):
//   avx512_vnni: 1 panel of 48 channels: 1 x 2 x 192 B = 384, + 160 = 544
//   avx_vnni:    2 panels of 32 channels: 2 x 2 x 128 B = 512, + 160 = 672
// and the object's panel constants (OBJECT) are those shapes.
// RUN: qnn-opt %s --qnn-memory-report="format=json output=-" -o /dev/null | FileCheck %s --check-prefix=REPORT
// RUN: qnn-opt %s --qnn-lower-to-llvm | FileCheck %s --check-prefix=OBJECT

// REPORT: "name": "zmm"
// REPORT: "stored_bytes": 544,
// REPORT: "name": "ymm"
// REPORT: "stored_bytes": 672,
// OBJECT-DAG: llvm.mlir.global private constant @{{.*}} : !llvm.array<1 x array<2 x array<192 x i8>>>
// OBJECT-DAG: llvm.mlir.global private constant @{{.*}} : !llvm.array<2 x array<2 x array<128 x i8>>>
func.func @forward(%x: tensor<1x6xf32>) -> tensor<1x40xf32> {
  %w = qnn.constant dense<1> : tensor<40x6xi8> -> tensor<40x6x!qnn.quant<s8, scale = 0.5>>
  %q = qnn.quantize %x : tensor<1x6xf32> -> tensor<1x6x!qnn.quant<u8, scale = 0.25>>
  %y0 = qnn.qdense %q, %w {qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx512_vnni>} : (tensor<1x6x!qnn.quant<u8, scale = 0.25>>, tensor<40x6x!qnn.quant<s8, scale = 0.5>>) -> tensor<1x40xf32> loc("zmm")
  %y1 = qnn.qdense %q, %w {qnn.kernel = #qnn.kernel<int8_dot, weights = panels, layout = nc, isa = avx_vnni>} : (tensor<1x6x!qnn.quant<u8, scale = 0.25>>, tensor<40x6x!qnn.quant<s8, scale = 0.5>>) -> tensor<1x40xf32> loc("ymm")
  %y = qnn.add %y0, %y1 : tensor<1x40xf32>
  return %y : tensor<1x40xf32>
}
