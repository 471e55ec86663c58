// With lanes=0 (what qnn-lower-to-llvm passes) the vector width comes from
// the module's #qnn.target: 8 words with AVX-512 VPOPCNTDQ, 4 with AVX2, 2
// on AArch64, scalar words on x86-64 without either.
// RUN: qnn-opt %s --split-input-file --convert-qnn-kernels-to-loops=lanes=0 | FileCheck %s

// CHECK-LABEL: func.func @vpopcntdq
// CHECK: math.ctpop %{{.*}} : vector<8xi64>
module attributes {qnn.target = #qnn.target<"x86_64-unknown-linux-gnu", cpu = "znver4", features = "avx2,avx512f,avx512vl,avx512vpopcntdq">} {
func.func @vpopcntdq(%a: memref<1x8x17xi64>, %b: memref<1x8x17xi64>, %c: memref<8x8xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x8x17xi64>, memref<1x8x17xi64>) outs(%c : memref<8x8xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 1088}
  return
}
}

// -----

// CHECK-LABEL: func.func @avx2
// CHECK: math.ctpop %{{.*}} : vector<4xi64>
module attributes {qnn.target = #qnn.target<"x86_64-unknown-linux-gnu", cpu = "haswell", features = "avx2">} {
func.func @avx2(%a: memref<1x8x17xi64>, %b: memref<1x8x17xi64>, %c: memref<8x8xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x8x17xi64>, memref<1x8x17xi64>) outs(%c : memref<8x8xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 1088}
  return
}
}

// -----

// CHECK-LABEL: func.func @aarch64
// CHECK: math.ctpop %{{.*}} : vector<2xi64>
module attributes {qnn.target = #qnn.target<"aarch64-unknown-linux-gnu", cpu = "generic", features = "">} {
func.func @aarch64(%a: memref<1x8x17xi64>, %b: memref<1x8x17xi64>, %c: memref<8x8xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x8x17xi64>, memref<1x8x17xi64>) outs(%c : memref<8x8xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 1088}
  return
}
}

// -----

// CHECK-LABEL: func.func @scalar
// CHECK-NOT: vector<
// CHECK: math.ctpop %{{.*}} : i64
module attributes {qnn.target = #qnn.target<"x86_64-unknown-linux-gnu", cpu = "x86-64", features = "">} {
func.func @scalar(%a: memref<1x8x17xi64>, %b: memref<1x8x17xi64>, %c: memref<8x8xi32>) {
  qnn.bitserial_matmul ins(%a, %b : memref<1x8x17xi64>, memref<1x8x17xi64>) outs(%c : memref<8x8xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>, reduction_length = 1088}
  return
}
}
