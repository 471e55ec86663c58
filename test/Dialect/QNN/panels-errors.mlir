// Verifier errors of the panel layout of bit-planes.
// RUN: qnn-opt %s --split-input-file --verify-diagnostics

func.func @pack_panel_width(%x: memref<9x64xi8>, %p: memref<1x3x1x3xi64>) {
  // expected-error @+1 {{'qnn.pack_bits' op expects a panel width of 2, 4 or 8 rows, got 3}}
  qnn.pack_bits ins(%x : memref<9x64xi8>) outs(%p : memref<1x3x1x3xi64>) {encoding = #qnn<encoding bipolar>}
  return
}

// -----

func.func @pack_panel_count(%x: memref<9x64xi8>, %p: memref<1x1x1x8xi64>) {
  // expected-error @+1 {{'qnn.pack_bits' op expects init (bits x ceil(rows / width) x ceil(K / 64) x width) of shape 1x2x1x8, got 1x1x1x8}}
  qnn.pack_bits ins(%x : memref<9x64xi8>) outs(%p : memref<1x1x1x8xi64>) {encoding = #qnn<encoding bipolar>}
  return
}

// -----

func.func @matmul_panel_width(%a: memref<1x4x1xi64>, %b: memref<1x1x1x5xi64>, %acc: memref<4x5xi32>) {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects a panel width of 2, 4 or 8 rows, got 5}}
  qnn.bitserial_matmul ins(%a, %b : memref<1x4x1xi64>, memref<1x1x1x5xi64>) outs(%acc : memref<4x5xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 64}
  return
}

// -----

func.func @matmul_panel_count(%a: memref<1x4x1xi64>, %b: memref<1x1x1x4xi64>, %acc: memref<4x5xi32>) {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects ceil(5 / 4) = 2 rhs panels, got 1}}
  qnn.bitserial_matmul ins(%a, %b : memref<1x4x1xi64>, memref<1x1x1x4xi64>) outs(%acc : memref<4x5xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 64}
  return
}

// -----

func.func @matmul_panel_words(%a: memref<1x4x2xi64>, %b: memref<1x2x1x4xi64>, %acc: memref<4x5xi32>) {
  // expected-error @+1 {{'qnn.bitserial_matmul' op expects ceil(100 / 64) = 2 words per row, got 2 (lhs) and 1 (rhs)}}
  qnn.bitserial_matmul ins(%a, %b : memref<1x4x2xi64>, memref<1x2x1x4xi64>) outs(%acc : memref<4x5xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 100}
  return
}
