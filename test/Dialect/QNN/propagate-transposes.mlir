// RUN: qnn-opt %s --qnn-propagate-transposes --split-input-file | FileCheck %s

// One layer's NHWC result back to NCHW, a per-channel requantizer, and to
// NHWC for the next layer: the requantizer runs on NHWC, its per-channel
// operand read at the last dimension, and both transposes are gone.

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#channel = affine_map<(d0, d1, d2, d3) -> (d1)>

// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[LAST:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @between_layers
// CHECK-SAME: (%[[Y:.+]]: tensor<1x4x5x3xf32>, %[[S:.+]]: tensor<3xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: %[[Q:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[LAST]], #[[ID]]]
// CHECK-SAME: ins(%[[Y]], %[[S]] : tensor<1x4x5x3xf32>, tensor<3xf32>) outs(%{{.+}} : tensor<1x4x5x3xi8>)
// CHECK-NOT: linalg.transpose
// CHECK: return %[[Q]] : tensor<1x4x5x3xi8>
func.func @between_layers(%y: tensor<1x4x5x3xf32>, %s: tensor<3xf32>) -> tensor<1x4x5x3xi8> {
  %e0 = tensor.empty() : tensor<1x3x4x5xf32>
  %nchw = linalg.transpose ins(%y : tensor<1x4x5x3xf32>) outs(%e0 : tensor<1x3x4x5xf32>) permutation = [0, 3, 1, 2]
  %e1 = tensor.empty() : tensor<1x3x4x5xi8>
  %q = linalg.generic {indexing_maps = [#id, #channel, #id],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%nchw, %s : tensor<1x3x4x5xf32>, tensor<3xf32>) outs(%e1 : tensor<1x3x4x5xi8>) {
  ^bb0(%x: f32, %scale: f32, %out: i8):
    %d = arith.divf %x, %scale : f32
    %c = arith.fptosi %d : f32 to i8
    linalg.yield %c : i8
  } -> tensor<1x3x4x5xi8>
  %e2 = tensor.empty() : tensor<1x4x5x3xi8>
  %nhwc = linalg.transpose ins(%q : tensor<1x3x4x5xi8>) outs(%e2 : tensor<1x4x5x3xi8>) permutation = [0, 2, 3, 1]
  return %nhwc : tensor<1x4x5x3xi8>
}

// -----

// A residual add of two transposed tensors: both are read as their NHWC
// sources, the one reached second through the map it had; the sum is
// transposed once, where the function returns NCHW.

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>

// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @residual
// CHECK-SAME: (%[[A:.+]]: tensor<1x4x5x3xf32>, %[[B:.+]]: tensor<1x4x5x3xf32>)
// CHECK: %[[R:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]]
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<1x4x5x3xf32>, tensor<1x4x5x3xf32>)
// CHECK: %[[T:.+]] = linalg.transpose ins(%[[R]] : tensor<1x4x5x3xf32>)
// CHECK-SAME: permutation = [0, 3, 1, 2]
// CHECK-NOT: linalg.transpose
// CHECK: return %[[T]]
func.func @residual(%a: tensor<1x4x5x3xf32>, %b: tensor<1x4x5x3xf32>) -> tensor<1x3x4x5xf32> {
  %e0 = tensor.empty() : tensor<1x3x4x5xf32>
  %ta = linalg.transpose ins(%a : tensor<1x4x5x3xf32>) outs(%e0 : tensor<1x3x4x5xf32>) permutation = [0, 3, 1, 2]
  %e1 = tensor.empty() : tensor<1x3x4x5xf32>
  %tb = linalg.transpose ins(%b : tensor<1x4x5x3xf32>) outs(%e1 : tensor<1x3x4x5xf32>) permutation = [0, 3, 1, 2]
  %e2 = tensor.empty() : tensor<1x3x4x5xf32>
  %sum = linalg.generic {indexing_maps = [#id, #id, #id],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%ta, %tb : tensor<1x3x4x5xf32>, tensor<1x3x4x5xf32>) outs(%e2 : tensor<1x3x4x5xf32>) {
  ^bb0(%x: f32, %z: f32, %out: f32):
    %s = arith.addf %x, %z : f32
    linalg.yield %s : f32
  } -> tensor<1x3x4x5xf32>
  return %sum : tensor<1x3x4x5xf32>
}

// -----

// Max pooling with padding: the pad and the pool move to NHWC (the pad
// amounts permuted, the init a fill of the same value), and the one
// transpose left is after the pool.

// CHECK-LABEL: func.func @pool
// CHECK-SAME: (%[[Y:.+]]: tensor<1x6x6x2xf32>)
// CHECK: %[[NEG:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[P:.+]] = tensor.pad %[[Y]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[NEG]]
// CHECK: } : tensor<1x6x6x2xf32> to tensor<1x8x8x2xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[NEG]] : f32) outs(%{{.+}} : tensor<1x3x3x2xf32>)
// CHECK: %[[POOL:.+]] = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// CHECK-SAME: ins(%[[P]], %{{.+}} : tensor<1x8x8x2xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x3x3x2xf32>)
// CHECK: %[[T:.+]] = linalg.transpose ins(%[[POOL]] : tensor<1x3x3x2xf32>)
// CHECK-SAME: permutation = [0, 3, 1, 2]
// CHECK: return %[[T]] : tensor<1x2x3x3xf32>
func.func @pool(%y: tensor<1x6x6x2xf32>) -> tensor<1x2x3x3xf32> {
  %neg = arith.constant 0xFF800000 : f32
  %e0 = tensor.empty() : tensor<1x2x6x6xf32>
  %t = linalg.transpose ins(%y : tensor<1x6x6x2xf32>) outs(%e0 : tensor<1x2x6x6xf32>) permutation = [0, 3, 1, 2]
  %p = tensor.pad %t low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %neg : f32
  } : tensor<1x2x6x6xf32> to tensor<1x2x8x8xf32>
  %window = tensor.empty() : tensor<3x3xf32>
  %e1 = tensor.empty() : tensor<1x2x3x3xf32>
  %init = linalg.fill ins(%neg : f32) outs(%e1 : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  %pool = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
      ins(%p, %window : tensor<1x2x8x8xf32>, tensor<3x3xf32>) outs(%init : tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %pool : tensor<1x2x3x3xf32>
}

// -----

// Two transposes that are not inverse compose into one.

// CHECK-LABEL: func.func @compose
// CHECK-SAME: (%[[X:.+]]: tensor<2x3x4xf32>)
// CHECK: %[[T:.+]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xf32>) outs(%{{.+}} : tensor<3x2x4xf32>) permutation = [1, 0, 2]
// CHECK-NOT: linalg.transpose
// CHECK: return %[[T]]
func.func @compose(%x: tensor<2x3x4xf32>) -> tensor<3x2x4xf32> {
  %e0 = tensor.empty() : tensor<3x4x2xf32>
  %t0 = linalg.transpose ins(%x : tensor<2x3x4xf32>) outs(%e0 : tensor<3x4x2xf32>) permutation = [1, 2, 0]
  %e1 = tensor.empty() : tensor<3x2x4xf32>
  %t1 = linalg.transpose ins(%t0 : tensor<3x4x2xf32>) outs(%e1 : tensor<3x2x4xf32>) permutation = [0, 2, 1]
  return %t1 : tensor<3x2x4xf32>
}

// -----

// What the pass leaves alone: a generic with a reduction loop (a
// convolution or a GEMM reads its operand in its own order), and a generic
// whose payload reads its init.

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#sum = affine_map<(d0, d1, d2, d3) -> (d0, d1)>

// CHECK-LABEL: func.func @left_alone
// CHECK: %[[T:.+]] = linalg.transpose
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[T]] : tensor<1x3x4x5xf32>) outs(%{{.+}} : tensor<1x3xf32>)
// CHECK: linalg.generic
// CHECK-SAME: ins(%[[T]] : tensor<1x3x4x5xf32>) outs(%{{.+}} : tensor<1x3x4x5xf32>)
func.func @left_alone(%y: tensor<1x4x5x3xf32>, %acc: tensor<1x3x4x5xf32>) -> (tensor<1x3xf32>, tensor<1x3x4x5xf32>) {
  %e0 = tensor.empty() : tensor<1x3x4x5xf32>
  %t = linalg.transpose ins(%y : tensor<1x4x5x3xf32>) outs(%e0 : tensor<1x3x4x5xf32>) permutation = [0, 3, 1, 2]
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x3xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x3xf32>) -> tensor<1x3xf32>
  %r = linalg.generic {indexing_maps = [#id, #sum],
                       iterator_types = ["parallel", "parallel", "reduction", "reduction"]}
      ins(%t : tensor<1x3x4x5xf32>) outs(%z : tensor<1x3xf32>) {
  ^bb0(%x: f32, %out: f32):
    %s = arith.addf %x, %out : f32
    linalg.yield %s : f32
  } -> tensor<1x3xf32>
  %a = linalg.generic {indexing_maps = [#id, #id],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%t : tensor<1x3x4x5xf32>) outs(%acc : tensor<1x3x4x5xf32>) {
  ^bb0(%x: f32, %out: f32):
    %s = arith.addf %x, %out : f32
    linalg.yield %s : f32
  } -> tensor<1x3x4x5xf32>
  return %r, %a : tensor<1x3xf32>, tensor<1x3x4x5xf32>
}

// -----

// An elementwise generic that already runs over NHWC and reads an NCHW
// transpose of an NHWC tensor through the permuted map (a residual add
// whose other operand was moved first) reads the NHWC tensor itself.

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#nchw = affine_map<(d0, d1, d2, d3) -> (d0, d3, d1, d2)>

// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @fold
// CHECK-SAME: (%[[A:.+]]: tensor<1x4x5x3xf32>, %[[B:.+]]: tensor<1x4x5x3xf32>)
// CHECK-NOT: linalg.transpose
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ID]]]
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<1x4x5x3xf32>, tensor<1x4x5x3xf32>)
func.func @fold(%a: tensor<1x4x5x3xf32>, %b: tensor<1x4x5x3xf32>) -> tensor<1x4x5x3xf32> {
  %e0 = tensor.empty() : tensor<1x3x4x5xf32>
  %tb = linalg.transpose ins(%b : tensor<1x4x5x3xf32>) outs(%e0 : tensor<1x3x4x5xf32>) permutation = [0, 3, 1, 2]
  %e1 = tensor.empty() : tensor<1x4x5x3xf32>
  %sum = linalg.generic {indexing_maps = [#id, #nchw, #id],
                         iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%a, %tb : tensor<1x4x5x3xf32>, tensor<1x3x4x5xf32>) outs(%e1 : tensor<1x4x5x3xf32>) {
  ^bb0(%x: f32, %z: f32, %out: f32):
    %s = arith.addf %x, %z : f32
    linalg.yield %s : f32
  } -> tensor<1x4x5x3xf32>
  return %sum : tensor<1x4x5x3xf32>
}
