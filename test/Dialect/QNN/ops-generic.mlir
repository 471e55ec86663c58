// RUN: qnn-opt %s --mlir-print-op-generic | qnn-opt --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: qnn-opt %s --mlir-print-op-generic | qnn-opt | FileCheck %s --check-prefix=CUSTOM

// The generic form of ops of each level round-trips: attributes are
// properties, default-valued ones materialized, and an omitted optional bias
// is just a missing operand.

// GENERIC-LABEL: "func.func"() <{{{.*}}sym_name = "graph"}>
// GENERIC: "qnn.conv2d"(%{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}}) <{dilations = array<i64: 1, 1>, groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>}>
// GENERIC-SAME: : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
// GENERIC: "qnn.conv2d"(%{{[^,]*}}, %{{[^,)]*}}) <{dilations = array<i64: 1, 1>, groups = 1 : i64, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}>
// GENERIC-SAME: : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
// GENERIC: "qnn.avg_pool2d"(%{{.*}}) <{count_include_pad, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}>
// CUSTOM-LABEL: func.func @graph
// CUSTOM: qnn.conv2d %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}} {groups = 2 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
// CUSTOM: qnn.conv2d %{{[^,]*}}, %{{[^,]*}} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
// CUSTOM: qnn.avg_pool2d %{{.*}} {count_include_pad, kernel = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x6x6x6xf32> -> tensor<1x6x4x4xf32>
func.func @graph(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>, %v: tensor<6x4x3x3xf32>)
    -> (tensor<1x6x8x8xf32>, tensor<1x6x4x4xf32>) {
  %y = qnn.conv2d %x, %w, %b {groups = 2, padding = array<i64: 1, 1, 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  %z = qnn.conv2d %x, %v : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  %p = qnn.avg_pool2d %z {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
                          padding = array<i64: 1, 1, 1, 1>, count_include_pad}
      : tensor<1x6x6x6xf32> -> tensor<1x6x4x4xf32>
  return %y, %p : tensor<1x6x8x8xf32>, tensor<1x6x4x4xf32>
}

// GENERIC-LABEL: "func.func"() <{{{.*}}sym_name = "quantized"}>
// GENERIC: "qnn.quantize"(%{{.*}}) <{narrow, rounding_mode = #qnn<rounding round_to_zero>}> : (tensor<2x8xf32>) -> tensor<2x8x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2]>>
// GENERIC: "qnn.qdense"(%{{[^,]*}}, %{{[^,]*}}, %{{[^,)]*}}) : (tensor<1x8x!qnn.quant<u2, scale = 0.5, zero_point = 1.5>>, tensor<2x8x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2]>>, tensor<2xf32>) -> tensor<1x2xf32>
// CUSTOM-LABEL: func.func @quantized
// CUSTOM: qnn.quantize %{{.*}} {narrow, rounding_mode = #qnn<rounding round_to_zero>} : tensor<2x8xf32> -> tensor<2x8x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2]>>
// CUSTOM: qnn.qdense %{{[^,]*}}, %{{[^,]*}}, %{{[^,]*}} : (tensor<1x8x!qnn.quant<u2, scale = 0.5, zero_point = 1.5>>, tensor<2x8x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2]>>, tensor<2xf32>) -> tensor<1x2xf32>
func.func @quantized(%x: tensor<1x8x!qnn.quant<u2, scale = 0.5, zero_point = 1.5>>, %w: tensor<2x8xf32>,
                     %b: tensor<2xf32>) -> tensor<1x2xf32> {
  %q = qnn.quantize %w {narrow, rounding_mode = #qnn<rounding round_to_zero>}
      : tensor<2x8xf32> -> tensor<2x8x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2]>>
  %y = qnn.qdense %x, %q, %b : (tensor<1x8x!qnn.quant<u2, scale = 0.5, zero_point = 1.5>>,
                                tensor<2x8x!qnn.quant<s4, axis = 0, scale = [0.1, 0.2]>>,
                                tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// GENERIC-LABEL: "func.func"() <{{{.*}}sym_name = "kernel"}>
// GENERIC: "qnn.pack_bits"(%{{[^,]*}}, %{{[^,)]*}}) <{encoding = #qnn<encoding unsigned>}> : (tensor<64x27xi8>, tensor<2x64x1xi64>) -> tensor<2x64x1xi64>
// GENERIC: "qnn.bitserial_matmul"(%{{[^,]*}}, %{{[^,]*}}, %{{[^,)]*}}) <{lhs_encoding = #qnn<encoding unsigned>, reduction_length = 27 : i64, rhs_encoding = #qnn<encoding bipolar>}> : (memref<2x64x1xi64>, memref<1x16x1xi64>, memref<64x16xi32>) -> ()
// CUSTOM-LABEL: func.func @kernel
// CUSTOM: qnn.pack_bits ins(%{{.*}} : tensor<64x27xi8>) outs(%{{.*}} : tensor<2x64x1xi64>) {encoding = #qnn<encoding unsigned>} -> tensor<2x64x1xi64>
// CUSTOM: qnn.bitserial_matmul ins(%{{.*}}, %{{.*}} : memref<2x64x1xi64>, memref<1x16x1xi64>) outs(%{{.*}} : memref<64x16xi32>) {lhs_encoding = #qnn<encoding unsigned>, reduction_length = 27 : i64, rhs_encoding = #qnn<encoding bipolar>}
func.func @kernel(%x: tensor<64x27xi8>, %init: tensor<2x64x1xi64>, %a: memref<2x64x1xi64>,
                  %b: memref<1x16x1xi64>, %acc: memref<64x16xi32>) -> tensor<2x64x1xi64> {
  %planes = qnn.pack_bits ins(%x : tensor<64x27xi8>) outs(%init : tensor<2x64x1xi64>)
      {encoding = #qnn<encoding unsigned>} -> tensor<2x64x1xi64>
  qnn.bitserial_matmul ins(%a, %b : memref<2x64x1xi64>, memref<1x16x1xi64>) outs(%acc : memref<64x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 27}
  return %planes : tensor<2x64x1xi64>
}
