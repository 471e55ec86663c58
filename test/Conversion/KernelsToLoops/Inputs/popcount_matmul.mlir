// A 1-bit x 1-bit matmul large enough for full register tiles and a word
// loop: the input of the assembly checks (asm-*.test).
func.func @matmul(%a: memref<1x64x16xi64>, %b: memref<1x64x16xi64>, %c: memref<64x64xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x64x16xi64>, memref<1x64x16xi64>) outs(%c : memref<64x64xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 1024}
  return
}
