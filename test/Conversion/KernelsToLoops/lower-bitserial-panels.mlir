// qnn.bitserial_matmul with rhs in the panel layout (bits x ceil(N / W) x
// words x W): one word per step, broadcast on the lhs side, W columns per
// vector accumulator, no horizontal reduction, vector stores into init.
// The vector width is the panel width whatever `lanes` says.
// RUN: qnn-opt %s --convert-qnn-kernels-to-loops=lanes=8 --canonicalize | FileCheck %s
// RUN: qnn-opt %s --convert-qnn-kernels-to-loops=lanes=1 --canonicalize | FileCheck %s
// RUN: qnn-opt %s "--convert-qnn-kernels-to-loops=lanes=2 row-tile=3 col-tile=1" --canonicalize | FileCheck %s --check-prefix=FIXED

// Bipolar x bipolar, K = 1000 (16 words, not a multiple of 512 bits): the
// word loop runs 16 single-word steps, no masked tail. 13 x 11 outputs in
// panels of 8: the tile is 8 rows x 2 panels (16 accumulators); per step 2
// panel loads and 8 broadcast words.
// CHECK-LABEL: func.func @bipolar
// CHECK-DAG: %[[K:.*]] = arith.constant dense<1000> : vector<8xi64>
// CHECK-DAG: %[[TAIL:.*]] = arith.constant dense<[true, true, true, false, false, false, false, false]> : vector<8xi1>
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-NOT: vector.reduction
// CHECK: %[[ACC:.*]]:16 = scf.for %[[WORD:.*]] = %{{.*}} to %[[C16]] step %{{.*}} iter_args({{.*}}) -> (vector<8xi64>,
// CHECK-COUNT-2: vector.load %{{.*}}[%{{.*}}, %{{.*}}, %[[WORD]], %{{.*}}] : memref<1x2x16x8xi64>, vector<8xi64>
// CHECK-NEXT: %[[LHS:.*]] = memref.load %{{.*}}[%{{.*}}, %{{.*}}, %[[WORD]]] : memref<1x13x16xi64>
// CHECK-NEXT: %[[WORDS:.*]] = vector.broadcast %[[LHS]] : i64 to vector<8xi64>
// CHECK-NEXT: arith.xori %[[WORDS]], %{{.*}} : vector<8xi64>
// CHECK-NEXT: math.ctpop
// CHECK-NEXT: arith.addi
// CHECK-COUNT-15: math.ctpop
// CHECK-NOT: vector.load
// CHECK: scf.yield
// K - 2 x, narrowed, and one vector per row and panel into init.
// CHECK: %[[TWICE:.*]] = arith.shli %[[ACC]]#0, %{{.*}} : vector<8xi64>
// CHECK-NEXT: %[[SUM:.*]] = arith.subi %[[K]], %[[TWICE]] : vector<8xi64>
// CHECK-NEXT: %[[NARROW:.*]] = arith.trunci %[[SUM]] : vector<8xi64> to vector<8xi32>
// CHECK-NEXT: %[[OLD:.*]] = vector.load %{{.*}}[%{{.*}}, %{{.*}}] : memref<13x11xi32>, vector<8xi32>
// CHECK-NEXT: %[[NEW:.*]] = arith.addi %[[OLD]], %[[NARROW]] : vector<8xi32>
// CHECK-NEXT: vector.store %[[NEW]]
// The second panel holds columns 8..10: masked.
// CHECK: vector.maskedload %{{.*}}[%{{.*}}, %{{.*}}], %[[TAIL]]
// CHECK: vector.maskedstore %{{.*}}[%{{.*}}, %{{.*}}], %[[TAIL]]
// CHECK: return
func.func @bipolar(%a: memref<1x13x16xi64>, %b: memref<1x2x16x8xi64>, %acc: memref<13x11xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x13x16xi64>, memref<1x2x16x8xi64>) outs(%acc : memref<13x11xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 1000}
  return
}

// u2 x s2: three shift classes (0; 1 for the pairs (1, 0) and (0, 1), the
// latter negative; 2 for the negative top pair), one accumulator each per
// output: the loop adds or subtracts unshifted popcounts, and the shifts
// come once after it. Tile 3 rows x 2 panels x 3 classes = 18 accumulators.
// CHECK-LABEL: func.func @shift_classes
// CHECK: scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[ACC:.*]]:18 = scf.for
// CHECK-COUNT-4: vector.load %{{.*}} : memref<2x2x2x8xi64>, vector<8xi64>
// CHECK-NOT: arith.shli
// CHECK-COUNT-24: math.ctpop
// CHECK-NOT: arith.shli
// CHECK: scf.yield
// CHECK: %[[TWO:.*]] = arith.shli %[[ACC]]#1, %{{.*}} : vector<8xi64>
// CHECK-NEXT: %[[LOW:.*]] = arith.addi %[[ACC]]#0, %[[TWO]]
// CHECK-NEXT: %[[FOUR:.*]] = arith.shli %[[ACC]]#2, %{{.*}} : vector<8xi64>
// CHECK-NEXT: arith.addi %[[LOW]], %[[FOUR]]
// CHECK: return
func.func @shift_classes(%a: memref<2x6x2xi64>, %b: memref<2x2x2x8xi64>, %acc: memref<6x16xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<2x6x2xi64>, memref<2x2x2x8xi64>) outs(%acc : memref<6x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 128}
  return
}

// Bipolar lhs against unsigned planes in panels of 4: the code sums of the
// rhs rows are computed per panel as vectors, stored to the stack, and
// subtracted as vectors.
// CHECK-LABEL: func.func @bipolar_code_sums
// CHECK: %[[SUMS:.*]] = memref.alloca() : memref<8xi64>
// CHECK: scf.for %[[PANEL:.*]] =
// CHECK: vector.load %{{.*}}[%{{.*}}, %[[PANEL]], %{{.*}}, %{{.*}}] : memref<2x2x3x4xi64>, vector<4xi64>
// CHECK: vector.store %{{.*}}, %[[SUMS]][%{{.*}}] : memref<8xi64>, vector<4xi64>
// CHECK: %[[CODES:.*]] = vector.load %[[SUMS]][%{{.*}}] : memref<8xi64>, vector<4xi64>
// CHECK: arith.subi %{{.*}}, %[[CODES]] : vector<4xi64>
// CHECK: vector.maskedstore
// CHECK: return
func.func @bipolar_code_sums(%a: memref<1x2x3xi64>, %b: memref<2x2x3x4xi64>, %acc: memref<2x6xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x2x3xi64>, memref<2x2x3x4xi64>) outs(%acc : memref<2x6xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 150}
  return
}

// Unsigned lhs against bipolar panels: the lhs code sum of each row is
// broadcast before it is subtracted.
// CHECK-LABEL: func.func @bipolar_rhs
// CHECK: memref.alloca() : memref<5xi64>
// CHECK: %[[CODE:.*]] = memref.load %{{.*}} : memref<5xi64>
// CHECK-NEXT: %[[CODES:.*]] = vector.broadcast %[[CODE]] : i64 to vector<2xi64>
// CHECK: arith.subi %{{.*}}, %[[CODES]] : vector<2xi64>
// CHECK: return
func.func @bipolar_rhs(%a: memref<3x5x1xi64>, %b: memref<1x2x1x2xi64>, %acc: memref<5x4xi64>) {
  qnn.bitserial_matmul ins(%a, %b : memref<3x5x1xi64>, memref<1x2x1x2xi64>) outs(%acc : memref<5x4xi64>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 40}
  return
}

// A fixed tile counts panels on the column side: 3 rows x 1 panel. In
// @bipolar, the complete panel 0 and the partial panel 1 are static tiles
// inside the loop over 12 = 4 x 3 rows; row 12 is a 1-row tile of each.
// FIXED-LABEL: func.func @bipolar
// FIXED: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} {
// FIXED: %{{.*}}:3 = scf.for
// FIXED: %{{.*}}:3 = scf.for
// FIXED: %{{.*}} = scf.for {{.*}} -> (vector<8xi64>)
// FIXED: %{{.*}} = scf.for {{.*}} -> (vector<8xi64>)
// FIXED-LABEL: func.func @shift_classes
