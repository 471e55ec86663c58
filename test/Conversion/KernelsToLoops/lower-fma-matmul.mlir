// RUN: qnn-opt %s --split-input-file --convert-qnn-kernels-to-loops --canonicalize | FileCheck %s

// qnn.fma_matmul on AVX-512: a 6 x 64 tile (24 zmm accumulators, started
// from the rows' bias) kept in iter_args over the whole K loop; per k 4
// loads of an rhs row and per row one broadcast of lhs[m][k] and 4 FMAs.
// 13 rows: two full tiles in a loop, then a tile of 1 row. 80 columns: one
// full tile of 64, then a tile of one vector. The ReLU is a max with 0
// before the one store of each accumulator.
// CHECK-LABEL: func.func @relu_zmm
// CHECK-DAG: %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<16xf32>
// CHECK: scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step %c6
// CHECK-COUNT-6: vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK: scf.for %[[K:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args({{.*}}) -> (vector<16xf32>, {{.*}}) {
// CHECK-COUNT-4: vector.load %arg1[%c0, %[[K]], %{{.*}}] : memref<1x9x80xf32>, vector<16xf32>
// CHECK: memref.load %arg0[%[[ROW]], %[[K]]] : memref<13x9xf32>
// CHECK: vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK-COUNT-4: vector.fma
// CHECK-COUNT-20: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// CHECK: arith.maximumf %{{.*}}, %[[ZERO]] : vector<16xf32>
// CHECK-NOT: arith.minimumf
// CHECK: vector.store %{{.*}}, %arg3[%c0, %[[ROW]], %{{.*}}] : memref<1x13x80xf32>, vector<16xf32>
// One row past the full tiles:
// CHECK: scf.for {{.*}} iter_args
// CHECK-COUNT-4: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// The last 16 columns: one vector per row, 6 rows.
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>)
// CHECK-COUNT-6: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
func.func @relu_zmm(%w: memref<13x9xf32>, %x: memref<1x9x80xf32>, %b: memref<13xf32>, %o: memref<1x13x80xf32>) {
  qnn.fma_matmul ins(%w, %x, %b : memref<13x9xf32>, memref<1x9x80xf32>, memref<13xf32>)
      outs(%o : memref<1x13x80xf32>) {isa = #qnn<fma_isa avx512>, clamp_min = 0.0 : f32}
  return
}

// -----

// AVX2: 16 ymm registers hold a 6 x 16 tile (12 accumulators, 2 rhs vectors,
// one broadcast). 20 columns: a full tile, then 4 columns by masked loads and
// stores. A Clip is a max and a min. Batch 2: a loop over the images.
// CHECK-LABEL: func.func @clip_ymm_tail
// CHECK-DAG: %[[LOW:.*]] = arith.constant dense<-1.000000e+00> : vector<8xf32>
// CHECK-DAG: %[[HIGH:.*]] = arith.constant dense<6.000000e+00> : vector<8xf32>
// CHECK: scf.for %[[IMAGE:.*]] = %c0 to %c2 step %c1
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<8xf32>, {{.*}}) {
// CHECK-COUNT-2: vector.load %arg1[%[[IMAGE]], {{.*}} : memref<2x5x20xf32>, vector<8xf32>
// CHECK-COUNT-12: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// CHECK: arith.maximumf %{{.*}}, %[[LOW]]
// CHECK: arith.minimumf %{{.*}}, %[[HIGH]]
// CHECK: vector.store
// CHECK: vector.maskedload %arg1[%[[IMAGE]], {{.*}} : memref<2x5x20xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK: vector.maskedstore %arg3[%[[IMAGE]], {{.*}} : memref<2x6x20xf32>, vector<8xi1>, vector<8xf32>
func.func @clip_ymm_tail(%w: memref<6x5xf32>, %x: memref<2x5x20xf32>, %b: memref<6xf32>, %o: memref<2x6x20xf32>) {
  qnn.fma_matmul ins(%w, %x, %b : memref<6x5xf32>, memref<2x5x20xf32>, memref<6xf32>)
      outs(%o : memref<2x6x20xf32>)
      {isa = #qnn<fma_isa avx2>, clamp_min = -1.0 : f32, clamp_max = 6.0 : f32}
  return
}

// -----

// NEON: 4 lanes, 32 q registers: a 6 x 16 tile of 24 accumulators. Without
// a clamp the accumulators are stored as they are.
// CHECK-LABEL: func.func @neon
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<4xf32>, {{.*}}) {
// CHECK-COUNT-4: vector.load %arg1{{.*}} : memref<1x3x16xf32>, vector<4xf32>
// CHECK-COUNT-24: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// CHECK-NOT: arith.maximumf
// CHECK-NOT: arith.minimumf
// CHECK-COUNT-24: vector.store
func.func @neon(%w: memref<6x3xf32>, %x: memref<1x3x16xf32>, %b: memref<6xf32>, %o: memref<1x6x16xf32>) {
  qnn.fma_matmul ins(%w, %x, %b : memref<6x3xf32>, memref<1x3x16xf32>, memref<6xf32>)
      outs(%o : memref<1x6x16xf32>) {isa = #qnn<fma_isa neon>}
  return
}

// -----

// A residual (a ResNet block's shortcut) starts the accumulators with the
// bias: a load of the residual tile (masked at the column edge) plus the
// broadcast bias, before the K loop.
// CHECK-LABEL: func.func @residual
// CHECK: %[[BIAS:.*]] = vector.broadcast %{{.*}} : f32 to vector<16xf32>
// CHECK: %[[SHORTCUT:.*]] = vector.load %arg3[%c0, %c0, %c0] : memref<1x2x20xf32>, vector<16xf32>
// CHECK: arith.addf %[[BIAS]], %[[SHORTCUT]] : vector<16xf32>
// CHECK: vector.maskedload %arg3[%c0, %c0, %c16]
// CHECK: scf.for
// CHECK-COUNT-4: vector.fma
// CHECK: scf.yield
// CHECK: arith.maximumf
func.func @residual(%w: memref<2x3xf32>, %x: memref<1x3x20xf32>, %b: memref<2xf32>, %r: memref<1x2x20xf32>, %o: memref<1x2x20xf32>) {
  qnn.fma_matmul ins(%w, %x, %b, %r : memref<2x3xf32>, memref<1x3x20xf32>, memref<2xf32>, memref<1x2x20xf32>)
      outs(%o : memref<1x2x20xf32>) {isa = #qnn<fma_isa avx512>, clamp_min = 0.0 : f32}
  return
}

// -----

// Blocking along K: on AVX2 a block takes at most 256 steps (the rhs panel,
// 256 x 16 floats, in half of L1), so K = 600 runs as 3 blocks of 200. The
// first starts from the bias and residual and stores its partial sums
// unclamped; the middle one (a loop of one iteration, which canonicalize
// inlines) and the last reload them from the output; only the last clamps.
// CHECK-LABEL: func.func @blocked_k
// CHECK-DAG: %[[C200:.*]] = arith.constant 200 : index
// CHECK-DAG: %[[C400:.*]] = arith.constant 400 : index
// CHECK-DAG: %[[C600:.*]] = arith.constant 600 : index
// First block: bias plus residual, steps 0 to 200, stored unclamped.
// CHECK: vector.load %arg3[%c0, %c0, %c0] : memref<1x6x16xf32>, vector<8xf32>
// CHECK: scf.for %{{.*}} = %c0 to %[[C200]] step %c1 iter_args
// CHECK: scf.yield
// CHECK-NOT: arith.maximumf
// CHECK: vector.store %{{.*}}, %arg4[%c0, %c0, %c0]
// Middle block: partial sums reloaded from the output.
// CHECK: vector.load %arg4[%c0, %c0, %c0] : memref<1x6x16xf32>, vector<8xf32>
// CHECK: scf.for %{{.*}} = %[[C200]] to %[[C400]] step %c1 iter_args
// CHECK-NOT: arith.maximumf
// CHECK: vector.store %{{.*}}, %arg4[%c0, %c0, %c0]
// Last block: reloaded, steps 400 to 600, clamped before the store.
// CHECK: vector.load %arg4[%c0, %c0, %c0] : memref<1x6x16xf32>, vector<8xf32>
// CHECK: scf.for %{{.*}} = %[[C400]] to %[[C600]] step %c1 iter_args
// CHECK: scf.yield
// CHECK: arith.maximumf
// CHECK: vector.store %{{.*}}, %arg4[%c0, %c0, %c0]
func.func @blocked_k(%w: memref<6x600xf32>, %x: memref<1x600x16xf32>, %b: memref<6xf32>, %r: memref<1x6x16xf32>, %o: memref<1x6x16xf32>) {
  qnn.fma_matmul ins(%w, %x, %b, %r : memref<6x600xf32>, memref<1x600x16xf32>, memref<6xf32>, memref<1x6x16xf32>)
      outs(%o : memref<1x6x16xf32>) {isa = #qnn<fma_isa avx2>, clamp_min = 0.0 : f32}
  return
}

// -----

// Channels last on AVX2: pixels broadcast, output channels as vectors from
// the weight panels (16 columns: 20 channels are a full panel and one of 4
// channels, zero-padded, so its loads are whole vectors). The row tiles
// are the outer loop (13 rows: two of 6, then one), the panels inside; the
// bias is loaded per column (masked past channel 20), the residual and the
// stores are masked likewise.
// CHECK-LABEL: func.func @channels_last
// CHECK: scf.for %[[ROW:.*]] = %c0 to %c12 step %c6
// CHECK: vector.load %arg2[%c0] : memref<20xf32>, vector<8xf32>
// CHECK: vector.load %arg2[%c8] : memref<20xf32>, vector<8xf32>
// CHECK: vector.load %arg3[%[[ROW]], %c0] : memref<13x20xf32>, vector<8xf32>
// CHECK: scf.for %[[K:.*]] = %c0 to %c9 step %c1 iter_args({{.*}}) -> (vector<8xf32>, {{.*}}) {
// CHECK: vector.load %arg1[%c0, %[[K]], %c0] : memref<2x9x16xf32>, vector<8xf32>
// CHECK: vector.load %arg1[%c0, %[[K]], %c8] : memref<2x9x16xf32>, vector<8xf32>
// CHECK: memref.load %arg0[%[[ROW]], %[[K]]] : memref<13x9xf32>
// CHECK-COUNT-12: vector.fma
// CHECK: scf.yield
// CHECK: arith.maximumf
// CHECK: vector.store %{{.*}}, %arg4[%[[ROW]], %c0] : memref<13x20xf32>, vector<8xf32>
// The panel of 4 channels: one vector per row, masked bias, residual and
// store; the panel's load is whole.
// CHECK: vector.maskedload %arg2[%c16]
// CHECK: scf.for %[[K2:.*]] = %c0 to %c9 step %c1 iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK: vector.load %arg1[%c1, %[[K2]], %c0] : memref<2x9x16xf32>, vector<8xf32>
// CHECK-COUNT-6: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// CHECK: vector.maskedstore %arg4[%[[ROW]], %c16]
// The last row after the loop.
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>)
// CHECK-COUNT-2: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
func.func @channels_last(%x: memref<13x9xf32>, %w: memref<2x9x16xf32>, %b: memref<20xf32>, %r: memref<13x20xf32>, %o: memref<13x20xf32>) {
  qnn.fma_matmul ins(%x, %w, %b, %r : memref<13x9xf32>, memref<2x9x16xf32>, memref<20xf32>, memref<13x20xf32>)
      outs(%o : memref<13x20xf32>) {isa = #qnn<fma_isa avx2>, clamp_min = 0.0 : f32, channels_last}
  return
}

// -----

// Windows read in place (a 4-D lhs, a 3x3 kernel, DW = 1): lhs is viewed
// as (N H) x (W C), and each output row's window is KH runs of KW C = 9
// consecutive floats, so the K loop of a tile is the 3 window rows outside
// and a run of 9 inside, k = 9 kh + j. Each of the 8 tile rows (one vector
// of 8 channels: 8 rows) starts at (n H + oh, ow C), computed once per
// tile from its output pixel.
// CHECK-LABEL: func.func @windows_rows
// CHECK: %[[VIEW:.*]] = memref.collapse_shape %arg0 {{\[\[}}0, 1], [2, 3]] : memref<1x6x8x3xf32> into memref<6x24xf32>
// CHECK: scf.for %[[ROW:.*]] = %c0 to %c24 step %c8
// CHECK: %[[PIXEL:.*]] = arith.remui %[[ROW]], %c24
// CHECK: %[[OH:.*]] = arith.divui %[[PIXEL]], %c6
// CHECK: %[[OW:.*]] = arith.remui %[[PIXEL]], %c6
// CHECK: %[[COLUMN:.*]] = arith.muli %[[OW]], %c3
// CHECK: scf.for %[[KH:.*]] = %c0 to %c3 step %c1 iter_args({{.*}}) -> (vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>, vector<8xf32>)
// CHECK: %[[H:.*]] = arith.addi %{{.*}}, %[[KH]]
// CHECK: %[[FIRST:.*]] = arith.muli %[[KH]], %c9
// CHECK: scf.for %[[J:.*]] = %c0 to %c9 step %c1 iter_args(
// CHECK: %[[K:.*]] = arith.addi %[[FIRST]], %[[J]]
// CHECK: vector.load %arg1[%c0, %[[K]], %c0] : memref<1x27x8xf32>, vector<8xf32>
// CHECK: %[[W:.*]] = arith.addi %[[COLUMN]], %[[J]]
// CHECK: memref.load %[[VIEW]][%[[H]], %[[W]]] : memref<6x24xf32>
// CHECK-COUNT-8: vector.fma
// CHECK-NOT: vector.fma
// CHECK: scf.yield
// CHECK: scf.yield
// CHECK-COUNT-8: vector.store
func.func @windows_rows(%x: memref<1x6x8x3xf32>, %w: memref<1x27x8xf32>, %b: memref<8xf32>, %o: memref<24x8xf32>) {
  qnn.fma_matmul ins(%x, %w, %b : memref<1x6x8x3xf32>, memref<1x27x8xf32>, memref<8xf32>)
      outs(%o : memref<24x8xf32>) {isa = #qnn<fma_isa avx2>, channels_last, kernel = array<i64: 3, 3>}
  return
}

// -----

// With DW = 2 the window's row is not one run: the 9 window positions
// outside (kh = p / 3, kw = p % 3), the 3 channels inside, lhs read as
// N x H x W x C at (n, oh SH + kh, ow + 2 kw, c).
// CHECK-LABEL: func.func @windows_dilated
// CHECK-NOT: memref.collapse_shape
// CHECK: scf.for %[[P:.*]] = %c0 to %c9 step %c1 iter_args(
// CHECK: %[[KH:.*]] = arith.divui %[[P]], %c3
// CHECK: %[[KW:.*]] = arith.remui %[[P]], %c3
// CHECK: scf.for %[[C:.*]] = %c0 to %c3 step %c1 iter_args(
// CHECK: memref.load %arg0[%{{.*}}, %{{.*}}, %{{.*}}, %[[C]]] : memref<2x6x8x3xf32>
func.func @windows_dilated(%x: memref<2x6x8x3xf32>, %w: memref<1x27x8xf32>, %b: memref<8xf32>, %o: memref<16x8xf32>) {
  qnn.fma_matmul ins(%x, %w, %b : memref<2x6x8x3xf32>, memref<1x27x8xf32>, memref<8xf32>)
      outs(%o : memref<16x8xf32>) {isa = #qnn<fma_isa avx2>, channels_last, kernel = array<i64: 3, 3>, dilations = array<i64: 1, 2>, strides = array<i64: 2, 1>}
  return
}

// -----

// Depthwise (K = 3 x 3 window positions, the input's channels as the
// columns): the positions unrolled, per position and row one vector load
// of the input's 8 channels at a constant offset from the row's start, times
// the panel row of that position.
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: memref.collapse_shape
// CHECK: scf.for %[[ROW:.*]] = %c0 to %c24 step %c8
// CHECK-NOT: scf.for
// CHECK: vector.load %arg1[%c0, %c0, %c0] : memref<1x9x8xf32>, vector<8xf32>
// CHECK: vector.load %arg0[%{{.*}}, %{{.*}}, %{{.*}}, %c0] : memref<1x6x8x8xf32>, vector<8xf32>
// CHECK: vector.fma
// CHECK: vector.load %arg1[%c0, %c1, %c0] : memref<1x9x8xf32>, vector<8xf32>
// CHECK-COUNT-64: vector.fma
// CHECK-NOT: vector.fma
// CHECK: arith.minimumf
func.func @depthwise(%x: memref<1x6x8x8xf32>, %w: memref<1x9x8xf32>, %b: memref<8xf32>, %o: memref<24x8xf32>) {
  qnn.fma_matmul ins(%x, %w, %b : memref<1x6x8x8xf32>, memref<1x9x8xf32>, memref<8xf32>)
      outs(%o : memref<24x8xf32>) {isa = #qnn<fma_isa avx2>, channels_last, kernel = array<i64: 3, 3>, depthwise, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
  return
}

// -----

// A view whose W and C dimensions cannot be merged (channels padded to 4
// in memory): no (N H) x (W C) view, the 9 positions outside and the 3
// channels inside, as with a dilation.
// CHECK-LABEL: func.func @windows_strided_view
// CHECK-NOT: memref.collapse_shape
// CHECK: scf.for %[[P:.*]] = %c0 to %c9 step %c1 iter_args(
// CHECK: scf.for %[[C:.*]] = %c0 to %c3 step %c1 iter_args(
// CHECK: memref.load %arg0[%{{.*}}, %{{.*}}, %{{.*}}, %[[C]]] : memref<1x6x8x3xf32, strided<[192, 32, 4, 1]>>
func.func @windows_strided_view(%x: memref<1x6x8x3xf32, strided<[192, 32, 4, 1]>>, %w: memref<1x27x8xf32>, %b: memref<8xf32>, %o: memref<24x8xf32>) {
  qnn.fma_matmul ins(%x, %w, %b : memref<1x6x8x3xf32, strided<[192, 32, 4, 1]>>, memref<1x27x8xf32>, memref<8xf32>)
      outs(%o : memref<24x8xf32>) {isa = #qnn<fma_isa avx2>, channels_last, kernel = array<i64: 3, 3>}
  return
}
