// RUN: qnn-opt %s --qnn-fuse-elementwise --split-input-file | FileCheck %s

#id = affine_map<(d0, d1) -> (d0, d1)>
#mk = affine_map<(d0, d1, d2) -> (d0, d1)>
#kn = affine_map<(d0, d1, d2) -> (d1, d2)>
#mn = affine_map<(d0, d1, d2) -> (d0, d2)>

// An elementwise producer (a quantization) stays out of the GEMM that
// reduces over its result, while the elementwise op after the GEMM (a ReLU)
// absorbs nothing it should not and the two trailing elementwise ops fuse
// into one.
// CHECK-LABEL: func @gemm
// CHECK: %[[CODES:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK: math.roundeven
// CHECK: %[[GEMM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[CODES]], %{{.*}} : tensor<4x8xf32>, tensor<8x2xf32>)
// CHECK-NOT: math.roundeven
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[GEMM]] : tensor<4x2xf32>)
// CHECK: arith.maximumf
// CHECK: arith.mulf
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @gemm(%x: tensor<4x8xf32>, %w: tensor<8x2xf32>, %init: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %e = tensor.empty() : tensor<4x8xf32>
  %codes = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = math.roundeven %in : f32
    linalg.yield %r : f32
  } -> tensor<4x8xf32>
  %gemm = linalg.generic {indexing_maps = [#mk, #kn, #mn], iterator_types = ["parallel", "reduction", "parallel"]} ins(%codes, %w : tensor<4x8xf32>, tensor<8x2xf32>) outs(%init : tensor<4x2xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<4x2xf32>
  %e2 = tensor.empty() : tensor<4x2xf32>
  %zero = arith.constant 0.0 : f32
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%gemm : tensor<4x2xf32>) outs(%e2 : tensor<4x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x2xf32>
  %two = arith.constant 2.0 : f32
  %scaled = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%relu : tensor<4x2xf32>) outs(%e2 : tensor<4x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %two : f32
    linalg.yield %m : f32
  } -> tensor<4x2xf32>
  return %scaled : tensor<4x2xf32>
}

// -----

// A GEMM epilogue on rows x channels (i32 sums to f32, per-channel scale)
// whose result is expanded to N x H x W x C for the next layer's quantizer:
// the epilogue is expanded too and fuses with the quantizer into one
// generic that reads the sums and writes codes; no f32 tensor is left
// between the layers.
#rc = affine_map<(d0, d1) -> (d0, d1)>
#c = affine_map<(d0, d1) -> (d1)>
#nhwc = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// CHECK-LABEL: func @epilogue_to_codes
// CHECK-SAME: (%[[SUMS:.*]]: tensor<6x2xi32>, %[[SCALE:.*]]: tensor<2xf32>)
// CHECK: %[[EXPANDED:.*]] = tensor.expand_shape %[[SUMS]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 2, 3, 2] : tensor<6x2xi32> into tensor<1x2x3x2xi32>
// CHECK: %[[CODES:.*]] = linalg.generic {{.*}} ins(%[[EXPANDED]], %[[SCALE]] : tensor<1x2x3x2xi32>, tensor<2xf32>) outs(%{{.*}} : tensor<1x2x3x2xi8>)
// CHECK: arith.sitofp
// CHECK: arith.mulf
// CHECK: math.roundeven
// CHECK: arith.fptosi
// CHECK-NOT: linalg.generic
// CHECK: return %[[CODES]]
func.func @epilogue_to_codes(%sums: tensor<6x2xi32>, %scale: tensor<2xf32>) -> tensor<1x2x3x2xi8> {
  %e = tensor.empty() : tensor<6x2xf32>
  %y = linalg.generic {indexing_maps = [#rc, #c, #rc], iterator_types = ["parallel", "parallel"]} ins(%sums, %scale : tensor<6x2xi32>, tensor<2xf32>) outs(%e : tensor<6x2xf32>) {
  ^bb0(%s: i32, %k: f32, %out: f32):
    %f = arith.sitofp %s : i32 to f32
    %m = arith.mulf %f, %k : f32
    linalg.yield %m : f32
  } -> tensor<6x2xf32>
  %pixels = tensor.expand_shape %y [[0, 1, 2], [3]] output_shape [1, 2, 3, 2] : tensor<6x2xf32> into tensor<1x2x3x2xf32>
  %e2 = tensor.empty() : tensor<1x2x3x2xi8>
  %codes = linalg.generic {indexing_maps = [#nhwc, #nhwc], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%pixels : tensor<1x2x3x2xf32>) outs(%e2 : tensor<1x2x3x2xi8>) {
  ^bb0(%in: f32, %out: i8):
    %r = math.roundeven %in : f32
    %q = arith.fptosi %r : f32 to i8
    linalg.yield %q : i8
  } -> tensor<1x2x3x2xi8>
  return %codes : tensor<1x2x3x2xi8>
}
