// Bipolar 1-bit x 1-bit and u2 x s2 matmuls at K = 1152 (18 words) with the
// weights in panels of 8 channels, shapes made of full tiles only
// (6 x 4 and 8 x 1): the input of asm-x86_64-panels.test.
func.func @w1a1(%a: memref<1x48x18xi64>, %b: memref<1x8x18x8xi64>, %c: memref<48x64xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x48x18xi64>, memref<1x8x18x8xi64>) outs(%c : memref<48x64xi32>)
      {lhs_encoding = #qnn<encoding bipolar>, rhs_encoding = #qnn<encoding bipolar>, reduction_length = 1152}
  return
}
func.func @w2a2(%a: memref<2x48x18xi64>, %b: memref<2x6x18x8xi64>, %c: memref<48x48xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<2x48x18xi64>, memref<2x6x18x8xi64>) outs(%c : memref<48x48xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding signed>, reduction_length = 1152}
  return
}
