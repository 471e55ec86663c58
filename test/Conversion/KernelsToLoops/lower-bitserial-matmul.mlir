// RUN: qnn-opt %s --convert-qnn-kernels-to-loops=lanes=8 | FileCheck %s --check-prefix=L8
// RUN: qnn-opt %s --convert-qnn-kernels-to-loops=lanes=1 | FileCheck %s --check-prefix=L1
// RUN: qnn-opt %s "--convert-qnn-kernels-to-loops=lanes=2 row-tile=1 col-tile=2" | FileCheck %s --check-prefix=T12
// RUN: qnn-opt %s --convert-qnn-kernels-to-loops=lanes=2 | FileCheck %s --check-prefix=L2

// 17 words: two groups of 8 in the loop, then one word by masked loads. At
// lanes 8 the tile is 4 x 4: 16 accumulators carried by the word loop, fed
// by 8 loads (4 lhs rows, 4 rhs columns) per step.
// L8-LABEL: func.func @unsigned_lanes8
// L8-DAG: %[[MASK:.*]] = arith.constant dense<[true, false, false, false, false, false, false, false]> : vector<8xi1>
// L8-DAG: %[[ZERO:.*]] = arith.constant dense<0> : vector<8xi64>
// L8-DAG: %[[C16:.*]] = arith.constant 16 : index
// L8-DAG: %[[C8:.*]] = arith.constant 8 : index
// L8-DAG: %[[C4:.*]] = arith.constant 4 : index
// L8: scf.for %[[ROW:.*]] = %{{.*}} to %[[C8]] step %[[C4]] {
// L8: scf.for %[[COL:.*]] = %{{.*}} to %[[C8]] step %[[C4]] {
// L8: %[[ACC:.*]]:16 = scf.for %[[WORD:.*]] = %{{.*}} to %[[C16]] step %[[C8]] iter_args(%{{.*}} = %[[ZERO]], {{.*}}) -> (vector<8xi64>,
// L8-COUNT-8: vector.load %{{.*}}[%{{.*}}, %{{.*}}, %[[WORD]]] : memref<1x8x17xi64>, vector<8xi64>
// L8-NOT: vector.load
// L8-COUNT-16: math.ctpop %{{.*}} : vector<8xi64>
// L8-NOT: math.ctpop
// L8: scf.yield
// L8-COUNT-8: vector.maskedload %{{.*}}[%{{.*}}, %{{.*}}, %[[C16]]], %[[MASK]], %[[ZERO]]
// L8-COUNT-16: math.ctpop %{{.*}} : vector<8xi64>
// L8: %[[SUM:.*]] = vector.reduction <add>, %{{.*}} : vector<8xi64> into i64
// L8-NEXT: %[[NARROW:.*]] = arith.trunci %[[SUM]] : i64 to i32
// L8-NEXT: %[[OLD:.*]] = memref.load %{{.*}}[%[[ROW]], %[[COL]]] : memref<8x8xi32>
// L8-NEXT: %[[NEW:.*]] = arith.addi %[[OLD]], %[[NARROW]] : i32
// L8-NEXT: memref.store %[[NEW]], %{{.*}}[%[[ROW]], %[[COL]]] : memref<8x8xi32>
// L8-COUNT-15: vector.reduction <add>
// L8-NOT: vector.reduction
// L8: return

// Scalar words: no vector op at all, a loop over the 17 words.
// L1-LABEL: func.func @unsigned_lanes8
// L1-NOT: vector
// L1: scf.for {{.*}} iter_args
// L1: memref.load %{{.*}} : memref<1x8x17xi64>
// L1: math.ctpop %{{.*}} : i64
// L1: return
func.func @unsigned_lanes8(%a: memref<1x8x17xi64>, %b: memref<1x8x17xi64>, %c: memref<8x8xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x8x17xi64>, memref<1x8x17xi64>) outs(%c : memref<8x8xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 1029}
  return
}

// Planes 2 x 2, rhs signed: the pairs (0,0) +1, (0,1) -2, (1,0) +2,
// (1,1) -4, unrolled in one step (2 words = one vector of 2). An i64 init
// takes the sum as it is.
// T12-LABEL: func.func @signed_planes
// T12-DAG: %[[ONE:.*]] = arith.constant dense<1> : vector<2xi64>
// T12-DAG: %[[TWO:.*]] = arith.constant dense<2> : vector<2xi64>
// T12: %[[A0:.*]] = vector.load %arg0[%c0, %{{.*}}, %c0] : memref<2x4x2xi64>, vector<2xi64>
// T12: %[[B0:.*]] = vector.load %arg1[%c0, %{{.*}}, %c0]
// T12: %[[AND00:.*]] = arith.andi %[[A0]], %[[B0]] : vector<2xi64>
// T12: %[[P00:.*]] = math.ctpop %[[AND00]] : vector<2xi64>
// T12: %[[B1:.*]] = vector.load %arg1[%c1, %{{.*}}, %c0]
// T12: %[[AND01:.*]] = arith.andi %[[A0]], %[[B1]] : vector<2xi64>
// T12: %[[P01:.*]] = math.ctpop %[[AND01]]
// T12: %[[S01:.*]] = arith.shli %[[P01]], %[[ONE]]
// T12: %[[ACC1:.*]] = arith.subi %[[P00]], %[[S01]]
// T12: %[[A1:.*]] = vector.load %arg0[%c1, %{{.*}}, %c0]
// T12: %[[AND10:.*]] = arith.andi %[[A1]], %[[B0]]
// T12: %[[P10:.*]] = math.ctpop %[[AND10]]
// T12: %[[S10:.*]] = arith.shli %[[P10]], %[[ONE]]
// T12: %[[ACC2:.*]] = arith.addi %[[ACC1]], %[[S10]]
// T12: %[[AND11:.*]] = arith.andi %[[A1]], %[[B1]]
// T12: %[[P11:.*]] = math.ctpop %[[AND11]]
// T12: %[[S11:.*]] = arith.shli %[[P11]], %[[TWO]]
// T12: %[[ACC3:.*]] = arith.subi %[[ACC2]], %[[S11]]
// T12: %[[SUM:.*]] = vector.reduction <add>, %[[ACC3]] : vector<2xi64> into i64
// T12-NOT: arith.trunci
// T12: %[[OLD:.*]] = memref.load %arg2{{.*}} : memref<4x4xi64>
// T12-NEXT: arith.addi %[[OLD]], %[[SUM]] : i64
// T12: return
func.func @signed_planes(%a: memref<2x4x2xi64>, %b: memref<2x4x2xi64>, %c: memref<4x4xi64>) {
  qnn.bitserial_matmul ins(%a, %b : memref<2x4x2xi64>, memref<2x4x2xi64>) outs(%c : memref<4x4xi64>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 128}
  return
}

// Bipolar x bipolar: xor, and K - 2 popcount after the reduction.
// T12-LABEL: func.func @bipolar
// T12-DAG: %[[K:.*]] = arith.constant 100 : i64
// T12-DAG: %[[ONE:.*]] = arith.constant 1 : i64
// T12: %[[X:.*]] = arith.xori %{{.*}}, %{{.*}} : vector<2xi64>
// T12: math.ctpop %[[X]] : vector<2xi64>
// T12-NOT: arith.andi
// T12: %[[SUM:.*]] = vector.reduction <add>
// T12-NEXT: %[[TWICE:.*]] = arith.shli %[[SUM]], %[[ONE]] : i64
// T12-NEXT: %[[DOT:.*]] = arith.subi %[[K]], %[[TWICE]] : i64
// T12-NEXT: arith.trunci %[[DOT]] : i64 to i32
func.func @bipolar(%a: memref<1x4x2xi64>, %b: memref<1x4x2xi64>, %c: memref<4x4xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x4x2xi64>, memref<1x4x2xi64>) outs(%c : memref<4x4xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 100}
  return
}

// Bipolar lhs against unsigned rhs planes: 2 popcount(A and B_t) << t, less
// the code sum of the rhs row, computed once per row into a stack buffer.
// T12-LABEL: func.func @bipolar_unsigned
// T12: %[[SUMS:.*]] = memref.alloca() : memref<4xi64>
// T12: scf.for %[[N:.*]] =
// T12: scf.for {{.*}} iter_args
// T12: math.ctpop %{{.*}} : i64
// T12: math.ctpop %{{.*}} : i64
// T12: arith.shli
// T12: memref.store %{{.*}}, %[[SUMS]][%[[N]]] : memref<4xi64>
// T12: scf.for
// T12: scf.for %[[COL:.*]] =
// T12: %[[AND:.*]] = arith.andi
// T12: %[[COUNT:.*]] = math.ctpop %[[AND]]
// T12: arith.shli %[[COUNT]], %[[ONE:.*]] : vector<2xi64>
// T12: %[[SUM:.*]] = vector.reduction <add>
// T12-NEXT: %[[CODES:.*]] = memref.load %[[SUMS]][%[[COL]]] : memref<4xi64>
// T12-NEXT: arith.subi %[[SUM]], %[[CODES]] : i64
func.func @bipolar_unsigned(%a: memref<1x4x2xi64>, %b: memref<2x4x2xi64>, %c: memref<4x4xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x4x2xi64>, memref<2x4x2xi64>) outs(%c : memref<4x4xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 100}
  return
}

// 5 x 7 outputs with 4 x 4 tiles: one full tile, a 4 x 3 tile at the right
// edge, 1 x 4 and 1 x 3 tiles at the bottom; every output exactly once.
// Nine words: one full vector and one masked step, no loop.
// L8-LABEL: func.func @edges
// L8-NOT: scf.for
// L8-COUNT-35: vector.reduction <add>
// L8-NOT: vector.reduction
// L8: return
func.func @edges(%a: memref<1x5x9xi64>, %b: memref<1x7x9xi64>, %c: memref<5x7xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x5x9xi64>, memref<1x7x9xi64>) outs(%c : memref<5x7xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 576}
  return
}

// Rows shorter than one vector (3 words at lanes 8) are done in scalar
// words: a masked vector step would leave 5 of 8 lanes idle.
// L8-LABEL: func.func @short_rows
// L8-NOT: vector.
// L8: math.ctpop %{{.*}} : i64
// L8-NOT: vector.
// L8: return
func.func @short_rows(%a: memref<1x4x3xi64>, %b: memref<1x4x3xi64>, %c: memref<4x4xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x4x3xi64>, memref<1x4x3xi64>) outs(%c : memref<4x4xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 150}
  return
}

// 8 x 8 planes exceed the lanes-2 register budget even in a 1 x 1 tile:
// the plane pairs are split into four blocks (4 x 5, 4 x 3, 4 x 5, 4 x 3
// planes), each with its own word loop.
// L2-LABEL: func.func @blocked
// L2-COUNT-4: scf.for {{.*}} iter_args(%{{.*}}) -> (vector<2xi64>)
// L2-NOT: scf.for
// L2: return
func.func @blocked(%a: memref<8x1x4xi64>, %b: memref<8x1x4xi64>, %c: memref<1x1xi64>) {
  qnn.bitserial_matmul ins(%a, %b : memref<8x1x4xi64>, memref<8x1x4xi64>) outs(%c : memref<1x1xi64>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 256}
  return
}
