// RUN: qnn-opt %s --qnn-memory-report -o /dev/null 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: qnn-opt %s --qnn-memory-report="format=text output=-" | FileCheck %s --check-prefix=STDOUT
// RUN: rm -f %t.json
// RUN: qnn-opt %s --qnn-memory-report="format=json output=%t.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=JSON --input-file=%t.json
// RUN: %python -c "import json, sys; r = json.load(open(sys.argv[1])); ls = r['layers']; assert [l['name'] for l in ls] == ['conv1', 'conv2', 'conv2d_2', 'dense_3', 'classifier']; assert r['total_packed_bytes'] == sum(l['packed_bytes'] for l in ls) == 4384; assert r['homogeneous_packed_bytes'] == 9088; assert abs(r['saving'] - (1 - 4384 / 9088)) < 1e-12; assert ls[2]['separability'] is None and ls[0]['separability'] == 0.25" %t.json

// Packed bytes = groups * weight_bits * (O / groups) * ceil(K / 64) * 8,
// K = (C / groups) * KH * KW; for dense, K = in_features.
//   conv1      O=16, K=3*3*3=27 -> 1 word:  8 * 16 * 1 * 8                 = 1024
//   conv2      groups 2, O=32, K=8*3*3=72 -> 2 words: 2 * (4 * 16 * 2 * 8) = 2048
//   conv2d_2   depthwise, groups 32, K=1*3*3=9 -> 1 word: 32 * (2 * 1 * 1 * 8) = 512
//   dense_3    O=10, K=128 -> 2 words: 1 * 10 * 2 * 8                      = 160
//   classifier O=10, K=10 -> 1 word: 8 * 10 * 1 * 8                        = 640
//   total 4384 bytes; params 432 + 2304 + 288 + 1280 + 100 = 4404.
// Homogeneous at the first layer's 8 bits: 1024 + 4096 + 2048 + 1280 + 640
// = 9088 bytes; saving 1 - 4384 / 9088 = 0.5176.

// TEXT: qnn memory report: 5 layers in data-flow order
// TEXT-NEXT: layer op params weight_bits activation_bits packed_bytes separability
// TEXT-NEXT: conv1 qnn.conv2d 432 8 8 1024 fisher = 0.25
// TEXT-NEXT: conv2 qnn.conv2d 2304 4 4 2048 fisher = 0.5
// TEXT-NEXT: conv2d_2 qnn.conv2d 288 2 2 512 -
// TEXT-NEXT: dense_3 qnn.dense 1280 1 2 160 -
// TEXT-NEXT: classifier qnn.dense 100 8 8 640 -
// TEXT-NEXT: total params: 4404
// TEXT-NEXT: total packed bytes: 4384
// TEXT-NEXT: homogeneous 8-bit network: 9088 bytes
// TEXT-NEXT: saving: 51.76%

// The report goes to stdout before the IR with output=-.
// STDOUT: qnn memory report: 5 layers in data-flow order
// STDOUT: saving: 51.76%
// STDOUT: func.func @net

// JSON: {
// JSON-NEXT:   "homogeneous_bits": 8,
// JSON-NEXT:   "homogeneous_packed_bytes": 9088,
// JSON-NEXT:   "layers": [
// JSON-NEXT:     {
// JSON-NEXT:       "activation_bits": 8,
// JSON-NEXT:       "homogeneous_packed_bytes": 1024,
// JSON-NEXT:       "name": "conv1",
// JSON-NEXT:       "op": "qnn.conv2d",
// JSON-NEXT:       "packed_bytes": 1024,
// JSON-NEXT:       "params": 432,
// JSON-NEXT:       "separability": 0.25,
// JSON-NEXT:       "separability_measure": "fisher",
// JSON-NEXT:       "weight_bits": 8
// JSON-NEXT:     },
// JSON:            "name": "conv2",
// JSON:            "packed_bytes": 2048,
// JSON:            "name": "conv2d_2",
// JSON:            "packed_bytes": 512,
// JSON-NEXT:       "params": 288,
// JSON-NEXT:       "separability": null,
// JSON:            "activation_bits": 2,
// JSON:            "name": "dense_3",
// JSON:            "packed_bytes": 160,
// JSON:            "weight_bits": 1
// JSON:            "name": "classifier",
// JSON:            "packed_bytes": 640,
// JSON:          "saving": 0.5176
// JSON-NEXT:     "total_packed_bytes": 4384,
// JSON-NEXT:     "total_params": 4404,
// JSON-NEXT:     "total_stored_bytes": null
// JSON-NEXT:   }
func.func @net(%x: tensor<1x3x8x8xf32>, %w1: tensor<16x3x3x3xf32>, %w2: tensor<32x8x3x3xf32>,
               %w3: tensor<32x1x3x3xf32>, %w4: tensor<10x128xf32>,
               %w5: tensor<10x10xf32>) -> tensor<1x10xf32> {
  %0 = qnn.conv2d %x, %w1 {padding = array<i64: 1, 1, 1, 1>, qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>, qnn.separability = #qnn.separability<fisher = 0.25>}
      : (tensor<1x3x8x8xf32>, tensor<16x3x3x3xf32>) -> tensor<1x16x8x8xf32> loc("conv1")
  %1 = qnn.relu %0 : tensor<1x16x8x8xf32>
  %2 = qnn.conv2d %1, %w2 {groups = 2, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, qnn.bitwidth = #qnn.bits<weight = 4, activation = 4>, qnn.separability = #qnn.separability<fisher = 0.5>}
      : (tensor<1x16x8x8xf32>, tensor<32x8x3x3xf32>) -> tensor<1x32x4x4xf32> loc("conv2")
  %3 = qnn.conv2d %2, %w3 {groups = 32, padding = array<i64: 1, 1, 1, 1>, qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>}
      : (tensor<1x32x4x4xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x4x4xf32>
  %4 = qnn.max_pool2d %3 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x32x4x4xf32> -> tensor<1x32x2x2xf32>
  %5 = qnn.flatten %4 : tensor<1x32x2x2xf32> -> tensor<1x128xf32>
  %6 = qnn.dense %5, %w4 {qnn.bitwidth = #qnn.bits<weight = 1, activation = 2>} : (tensor<1x128xf32>, tensor<10x128xf32>) -> tensor<1x10xf32>
  %7 = qnn.relu %6 : tensor<1x10xf32>
  %8 = qnn.dense %7, %w5 {qnn.bitwidth = #qnn.bits<weight = 8, activation = 8>} : (tensor<1x10xf32>, tensor<10x10xf32>) -> tensor<1x10xf32> loc("classifier")
  return %8 : tensor<1x10xf32>
}
