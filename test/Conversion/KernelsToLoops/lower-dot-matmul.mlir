// RUN: qnn-opt %s --split-input-file --convert-qnn-kernels-to-loops --canonicalize | FileCheck %s

// qnn.dot_matmul on AVX-512 VNNI: a 6 x 64 tile (24 zmm accumulators) kept
// in iter_args over the groups of 4 k; per group 4 panel loads of 64 bytes,
// per row one broadcast of 4 activation bytes and 4 vpdpbusd. Signed codes:
// the broadcast's sign bits flipped (xor 0x80808080 = -2139062144), and
// -128 x the column sums added to the accumulators first. K = 10: two full
// groups in the loop, then one group of 2 codes by masked load. 7 rows: a
// full tile, then a tile of 1 row.
// CHECK-LABEL: func.func @signed_zmm
// CHECK-DAG: %[[FLIP:.*]] = arith.constant dense<-2139062144> : vector<16xi32>
// CHECK-DAG: %[[M128:.*]] = arith.constant dense<-128> : vector<16xi32>
// CHECK: %[[SUM0:.*]] = vector.load %arg2[%{{.*}}] : memref<64xi32>, vector<16xi32>
// CHECK: arith.muli %[[SUM0]], %[[M128]]
// CHECK: scf.for %[[G:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args({{.*}}) -> (vector<16xi32>, {{.*}}) {
// CHECK-COUNT-4: vector.load %arg1[%{{.*}}, %[[G]], %{{.*}}] : memref<1x3x256xi8>, vector<64xi8>
// CHECK: vector.load %arg0[%{{.*}}, %{{.*}}] : memref<7x10xi8>, vector<4xi8>
// CHECK: vector.broadcast %{{.*}} : i32 to vector<16xi32>
// CHECK: arith.xori %{{.*}}, %[[FLIP]]
// CHECK-COUNT-4: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-COUNT-20: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// CHECK-NOT: llvm.call_intrinsic
// CHECK: scf.yield
// CHECK: vector.maskedload %arg0{{.*}} : memref<7x10xi8>, vector<4xi1>, vector<4xi8> into vector<4xi8>
// CHECK-COUNT-24: vector.store %{{.*}}, %arg3
func.func @signed_zmm(%a: memref<7x10xi8>, %w: memref<1x3x256xi8>, %s: memref<64xi32>, %c: memref<7x64xi32>) {
  qnn.dot_matmul ins(%a, %w, %s : memref<7x10xi8>, memref<1x3x256xi8>, memref<64xi32>)
      outs(%c : memref<7x64xi32>)
      {lhs_encoding = #qnn<encoding signed>, isa = #qnn<dot_isa avx512_vnni>}
  return
}

// -----

// avx_vnni: ymm (8 lanes), 2 vectors per 16-channel panel. Unsigned codes:
// no flip, no column sums. 20 columns:
// one full panel and a tail panel of 4 channels, whose single vector is
// read and written with masks.
// CHECK-LABEL: func.func @unsigned_ymm
// CHECK-NOT: arith.xori
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"({{.*}}) : (vector<8xi32>, vector<8xi32>, vector<8xi32>) -> vector<8xi32>
// CHECK: vector.maskedload %arg3{{.*}} : memref<3x20xi32>, vector<8xi1>, vector<8xi32> into vector<8xi32>
// CHECK: vector.maskedstore %arg3
func.func @unsigned_ymm(%a: memref<3x8xi8>, %w: memref<2x2x64xi8>, %s: memref<20xi32>, %c: memref<3x20xi32>) {
  qnn.dot_matmul ins(%a, %w, %s : memref<3x8xi8>, memref<2x2x64xi8>, memref<20xi32>)
      outs(%c : memref<3x20xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa avx_vnni>}
  return
}

// -----

// neon_sdot: 4 lanes; sdot multiplies signed bytes, so unsigned codes are
// the ones flipped, and +128 x the column sums compensate.
// CHECK-LABEL: func.func @unsigned_sdot
// CHECK-DAG: %[[P128:.*]] = arith.constant dense<128> : vector<4xi32>
// CHECK: arith.muli %{{.*}}, %[[P128]] : vector<4xi32>
// CHECK: arith.xori
// CHECK: vector.bitcast %{{.*}} : vector<4xi32> to vector<16xi8>
// CHECK: llvm.call_intrinsic "llvm.aarch64.neon.sdot.v4i32.v16i8"({{.*}}) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
func.func @unsigned_sdot(%a: memref<2x8xi8>, %w: memref<1x2x64xi8>, %s: memref<16xi32>, %c: memref<2x16xi32>) {
  qnn.dot_matmul ins(%a, %w, %s : memref<2x8xi8>, memref<1x2x64xi8>, memref<16xi32>)
      outs(%c : memref<2x16xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa neon_sdot>}
  return
}

// -----

// neon_sdot with one column (the activation code sums of a layer with a
// weight zero point): NEON has no masked loads or stores, so the partial
// vector is read and written lane by lane, and K = 6 reads its last two
// codes one by one (docs/robustness.md: LLVM 19 crashed on the masked form).
// CHECK-LABEL: func.func @one_column_sdot
// CHECK-NOT: vector.masked
// CHECK: memref.load %arg2[%{{.*}}] : memref<1xi32>
// CHECK: memref.load %arg3[%{{.*}}, %{{.*}}] : memref<3x1xi32>
// CHECK: llvm.call_intrinsic "llvm.aarch64.neon.sdot.v4i32.v16i8"
// CHECK: memref.load %arg0[%{{.*}}, %{{.*}}] : memref<3x6xi8>
// CHECK: vector.extract %{{.*}}[0] : i32 from vector<4xi32>
// CHECK: memref.store %{{.*}}, %arg3[%{{.*}}, %{{.*}}] : memref<3x1xi32>
// CHECK-NOT: vector.masked
func.func @one_column_sdot(%a: memref<3x6xi8>, %w: memref<1x2x16xi8>, %s: memref<1xi32>, %c: memref<3x1xi32>) {
  qnn.dot_matmul ins(%a, %w, %s : memref<3x6xi8>, memref<1x2x16xi8>, memref<1xi32>)
      outs(%c : memref<3x1xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa neon_sdot>}
  return
}
