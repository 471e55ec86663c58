// The panel layout of bit-planes (bits x ceil(rows / W) x words x W): the
// verifiers of qnn.pack_bits and qnn.bitserial_matmul, and the folder that
// packs constant weights into panels at compile time.
// RUN: qnn-opt %s --split-input-file | qnn-opt --split-input-file | FileCheck %s --check-prefix=ROUND
// RUN: qnn-opt %s --split-input-file --canonicalize | FileCheck %s --check-prefix=FOLD

// ROUND-LABEL: func.func @panels
// ROUND: qnn.pack_bits ins(%{{.*}} : memref<11x1000xi8>) outs(%{{.*}} : memref<2x2x16x8xi64>)
// ROUND: qnn.bitserial_matmul ins(%{{.*}}, %{{.*}} : memref<1x13x16xi64>, memref<2x2x16x8xi64>) outs(%{{.*}} : memref<13x11xi32>)
func.func @panels(%codes: memref<11x1000xi8>, %a: memref<1x13x16xi64>,
                  %b: memref<2x2x16x8xi64>, %acc: memref<13x11xi32>) {
  qnn.pack_bits ins(%codes : memref<11x1000xi8>) outs(%b : memref<2x2x16x8xi64>)
      {encoding = #qnn<encoding signed>}
  qnn.bitserial_matmul ins(%a, %b : memref<1x13x16xi64>, memref<2x2x16x8xi64>)
      outs(%acc : memref<13x11xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding signed>,
       reduction_length = 1000}
  return
}

// -----

// Three rows of two-bit codes in panels of 2 rows: panel 0 holds rows 0 and
// 1, panel 1 row 2 and a zero padding row. Codes (row: bits 0..2):
// row 0 = 1, 2, 3 -> plane 0 word 0b101 = 5, plane 1 0b110 = 6;
// row 1 = 0, 0, 1 -> plane 0 0b100 = 4, plane 1 0;
// row 2 = 3, 3, 0 -> plane 0 0b011 = 3, plane 1 0b011 = 3.
// Element order [plane][panel][word][row in panel].
// FOLD-LABEL: func.func @fold_panels
// FOLD: arith.constant dense<{{\[}}{{\[}}{{\[}}[5, 4]], {{\[}}[3, 0]]], {{\[}}{{\[}}[6, 0]], {{\[}}[3, 0]]]]> : tensor<2x2x1x2xi64>
// FOLD-NOT: qnn.pack_bits
func.func @fold_panels() -> tensor<2x2x1x2xi64> {
  %codes = arith.constant dense<[[1, 2, 3], [0, 0, 1], [3, 3, 0]]> : tensor<3x3xi8>
  %init = tensor.empty() : tensor<2x2x1x2xi64>
  %p = qnn.pack_bits ins(%codes : tensor<3x3xi8>) outs(%init : tensor<2x2x1x2xi64>)
      {encoding = #qnn<encoding unsigned>} -> tensor<2x2x1x2xi64>
  return %p : tensor<2x2x1x2xi64>
}
