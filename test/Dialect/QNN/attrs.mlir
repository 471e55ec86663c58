// RUN: qnn-opt %s | qnn-opt | FileCheck %s

// Round trip of the qnn attributes (QNNAttrs.td) and of the discardable
// attributes the dialect gives a meaning to (QNNDialect.td).

// The enums print in the dialect's opaque form #qnn<mnemonic case>.
// CHECK-LABEL: func.func private @encodings
// CHECK-SAME: a = #qnn<encoding unsigned>
// CHECK-SAME: b = #qnn<encoding signed>
// CHECK-SAME: c = #qnn<encoding bipolar>
func.func private @encodings() attributes {
  a = #qnn<encoding unsigned>, b = #qnn<encoding signed>, c = #qnn<encoding bipolar>}

// CHECK-LABEL: func.func private @rounding_modes
// CHECK-SAME: a = #qnn<rounding round>
// CHECK-SAME: b = #qnn<rounding ceil>
// CHECK-SAME: c = #qnn<rounding floor>
// CHECK-SAME: d = #qnn<rounding round_to_zero>
func.func private @rounding_modes() attributes {
  a = #qnn<rounding round>, b = #qnn<rounding ceil>,
  c = #qnn<rounding floor>, d = #qnn<rounding round_to_zero>}

// Both bitwidths span [1, 8].
// CHECK-LABEL: func.func private @bits
// CHECK-SAME: a = #qnn.bits<weight = 4, activation = 2>
// CHECK-SAME: b = #qnn.bits<weight = 1, activation = 8>
// CHECK-SAME: c = #qnn.bits<weight = 8, activation = 1>
func.func private @bits() attributes {
  a = #qnn.bits<weight = 4, activation = 2>,
  b = #qnn.bits<weight = 1, activation = 8>,
  c = #qnn.bits<weight = 8, activation = 1>}

// The measure is a keyword, or a string when it is not one; the value is a
// finite non-negative real printed in the shortest form that parses back.
// CHECK-LABEL: func.func private @separability
// CHECK-SAME: a = #qnn.separability<fisher = 1.75>
// CHECK-SAME: b = #qnn.separability<nearest_mean = 0.0>
// CHECK-SAME: c = #qnn.separability<"nearest mean" = 0.3333333333333333>
// CHECK-SAME: d = #qnn.separability<fisher = 0.1>
// CHECK-SAME: e = #qnn.separability<fisher = 1.0e-05>
// CHECK-SAME: f = #qnn.separability<fisher = 1.0e+20>
// CHECK-SAME: g = #qnn.separability<fisher = 12.0>
func.func private @separability() attributes {
  a = #qnn.separability<fisher = 1.75>,
  b = #qnn.separability<nearest_mean = 0.0>,
  c = #qnn.separability<"nearest mean" = 0.33333333333333331>,
  d = #qnn.separability<"fisher" = 0.1>,
  e = #qnn.separability<fisher = 1.0e-5>,
  f = #qnn.separability<fisher = 1.0e20>,
  g = #qnn.separability<fisher = 12.0>}

// qnn.bitwidth and qnn.separability as the assignment and measurement
// passes attach them to layers.
// CHECK-LABEL: func.func @layer_annotations
// CHECK: qnn.conv2d
// CHECK-SAME: qnn.bitwidth = #qnn.bits<weight = 4, activation = 2>
// CHECK-SAME: qnn.separability = #qnn.separability<fisher = 2.5>
// CHECK: qnn.dense
// CHECK-SAME: qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>
func.func @layer_annotations(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>,
                             %v: tensor<10x144xf32>, %y: tensor<1x144xf32>)
    -> (tensor<1x4x6x6xf32>, tensor<1x10xf32>) {
  %c = qnn.conv2d %x, %w {qnn.bitwidth = #qnn.bits<weight = 4, activation = 2>,
                          qnn.separability = #qnn.separability<fisher = 2.5>}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  %d = qnn.dense %y, %v {qnn.bitwidth = #qnn.bits<weight = 2, activation = 2>}
      : (tensor<1x144xf32>, tensor<10x144xf32>) -> tensor<1x10xf32>
  return %c, %d : tensor<1x4x6x6xf32>, tensor<1x10xf32>
}

// The model's input and output shapes, as the C header repeats them.
// CHECK-LABEL: func.func private @forward
// CHECK-SAME: qnn.input_shape = array<i64: 1, 3, 32, 32>
// CHECK-SAME: qnn.output_shape = array<i64: 1, 10>
func.func private @forward(tensor<1x3x32x32xf32>) -> tensor<1x10xf32>
    attributes {qnn.input_shape = array<i64: 1, 3, 32, 32>,
                qnn.output_shape = array<i64: 1, 10>}

// The per-layer bitwidths of the compiled model, on the module; an empty
// list (no quantized layer) is an array of such dictionaries too.
// CHECK-LABEL: module @layers
// CHECK-SAME: qnn.layers = [{activation_bits = 8 : i64, name = "conv1", weight_bits = 8 : i64},
// CHECK-SAME: {activation_bits = 2 : i64, name = "fc", weight_bits = 1 : i64}]
module @layers attributes {qnn.layers = [
    {name = "conv1", weight_bits = 8, activation_bits = 8},
    {name = "fc", weight_bits = 1, activation_bits = 2}]} {
}

// CHECK-LABEL: module @no_layers
// CHECK-SAME: qnn.layers = []
module @no_layers attributes {qnn.layers = []} {
}

// The kernel choice of a quantized layer and the module's target.
// CHECK-LABEL: func.func private @kernels
// CHECK-SAME: a = #qnn.kernel<bitserial, weights = bitplanes, layout = nchw>
// CHECK-SAME: b = #qnn.kernel<f32_gemm, weights = channel_planes, layout = nc>
// CHECK-SAME: c = #qnn.kernel<f32_gemm, weights = codes, layout = nc>
// CHECK-SAME: d = #qnn.kernel<int_gemm, weights = codes, layout = nchw>
// CHECK-SAME: e = #qnn.target<"aarch64-unknown-linux-gnu", cpu = "neoverse-n1", features = "neon,dotprod">
// CHECK-SAME: f = #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 8>
func.func private @kernels() attributes {
  a = #qnn.kernel<bitserial, weights = bitplanes, layout = nchw>,
  b = #qnn.kernel<f32_gemm, weights = channel_planes, layout = nc>,
  c = #qnn.kernel<f32_gemm, weights = codes, layout = nc>,
  d = #qnn.kernel<int_gemm, weights = codes, layout = nchw>,
  e = #qnn.target<"aarch64-unknown-linux-gnu", cpu = "neoverse-n1", features = "neon,dotprod">,
  f = #qnn.kernel<bitserial, weights = bitplanes, layout = nc, panel = 8>}

// The workspace size qnn-plan-workspace records, on the module.
// CHECK-LABEL: module @workspace
// CHECK-SAME: qnn.workspace_bytes = 4096 : i64
module @workspace attributes {qnn.workspace_bytes = 4096} {
}
