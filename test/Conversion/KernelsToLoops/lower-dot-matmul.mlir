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

// avx2: no 8-bit dot product, so vpmaddwd on 16-bit pairs. The panel is one
// ymm of 8 channels x 4 bytes (the VNNI panel layout); each 32-byte group is
// widened to two vectors of i16 (vpmovsxbw), the row's 4 bytes broadcast
// and shuffled into (a0, a1), (a2, a3) pairs (vpshufb), and two vpmaddwd
// per row accumulate into two vectors (channels 0-3 and 4-7, each as two
// partial sums) that stay in registers across the reduction: 5 rows x 2
// accumulators. After it, the even and odd lanes are added. Signed codes
// are flipped to unsigned like vpdpbusd's and -128 x the column sums added.
// CHECK-LABEL: func.func @signed_avx2
// CHECK-DAG: %[[FLIP:.*]] = arith.constant dense<-2139062144> : vector<8xi32>
// CHECK-DAG: %[[PAIRS:.*]] = arith.constant dense<[0, -128, 1, -128, 2, -128, 3, -128, 0, {{.*}}]> : vector<32xi8>
// CHECK-DAG: %[[M128:.*]] = arith.constant dense<-128> : vector<8xi32>
// CHECK: %[[SUM0:.*]] = vector.load %arg2[%{{.*}}] : memref<12xi32>, vector<8xi32>
// CHECK: %[[OFFSET:.*]] = arith.muli %[[SUM0]], %[[M128]]
// CHECK: %[[ACC:[0-9]+]]:10 = scf.for %[[G:[a-z0-9]+]] = {{.*}} -> (vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>) {
// CHECK: %[[LO:.*]] = vector.load %arg1[%{{.*}}, %[[G]], %{{.*}}] : memref<2x2x32xi8>, vector<16xi8>
// CHECK: %[[LO16:.*]] = arith.extsi %[[LO]] : vector<16xi8> to vector<16xi16>
// CHECK: %[[HI:.*]] = vector.load %arg1[%{{.*}}, %[[G]], %{{.*}}] : memref<2x2x32xi8>, vector<16xi8>
// CHECK: %[[HI16:.*]] = arith.extsi %[[HI]] : vector<16xi8> to vector<16xi16>
// CHECK: vector.load %arg0[%{{.*}}, %{{.*}}] : memref<6x8xi8>, vector<4xi8>
// CHECK: %[[BCAST:.*]] = vector.broadcast %{{.*}} : i32 to vector<8xi32>
// CHECK: %[[FLIPPED:.*]] = arith.xori %[[BCAST]], %[[FLIP]]
// CHECK: %[[BYTES:.*]] = vector.bitcast %[[FLIPPED]] : vector<8xi32> to vector<32xi8>
// CHECK: %[[SHUF:.*]] = llvm.call_intrinsic "llvm.x86.avx2.pshuf.b"(%[[BYTES]], %[[PAIRS]])
// CHECK: %[[A16:.*]] = vector.bitcast %[[SHUF]] : vector<32xi8> to vector<16xi16>
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%[[A16]], %[[LO16]]) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%[[A16]], %[[HI16]]) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// CHECK-COUNT-8: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
// CHECK-NOT: llvm.call_intrinsic
// CHECK: scf.yield
// CHECK: %[[INIT:.*]] = vector.load %arg3[%{{.*}}, %{{.*}}] : memref<6x12xi32>, vector<8xi32>
// CHECK: %[[BIASED:.*]] = arith.addi %[[INIT]], %[[OFFSET]]
// CHECK: %[[EVEN:.*]] = vector.shuffle %[[ACC]]#0, %[[ACC]]#1 [0, 2, 4, 6, 8, 10, 12, 14]
// CHECK: %[[ODD:.*]] = vector.shuffle %[[ACC]]#0, %[[ACC]]#1 [1, 3, 5, 7, 9, 11, 13, 15]
// CHECK: %[[ROW0:.*]] = arith.addi %[[EVEN]], %[[ODD]] : vector<8xi32>
// CHECK: %[[OUT:.*]] = arith.addi %[[BIASED]], %[[ROW0]]
// CHECK: vector.store %[[OUT]], %arg3
// The tail panel (4 channels) reads and writes with masks.
// CHECK: vector.maskedstore %arg3
func.func @signed_avx2(%a: memref<6x8xi8>, %w: memref<2x2x32xi8>, %s: memref<12xi32>, %c: memref<6x12xi32>) {
  qnn.dot_matmul ins(%a, %w, %s : memref<6x8xi8>, memref<2x2x32xi8>, memref<12xi32>)
      outs(%c : memref<6x12xi32>)
      {lhs_encoding = #qnn<encoding signed>, isa = #qnn<dot_isa avx2>}
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

// -----

// neon_i8mm: usmmla (unsigned activations, signed weights: no flip, no
// column sums). Panels of 8 channels x 8 k per group (4 blocks of 2
// channels), two rows per 16-byte activation block (the third row's block
// is padded with zeros), 2 x 2 tiles from 0; K = 12: one full group and a
// tail of 4 read lane by lane. After the reduction two tiles side by side
// give 4 channels of each of their rows, added to init; 6 columns: the
// last pair of channels is stored lane by lane.
// CHECK-LABEL: func.func @unsigned_i8mm
// CHECK-NOT: arith.xori
// CHECK: %[[W0:.*]] = vector.load %arg1[%{{.*}}, %{{.*}}, %{{.*}}] : memref<1x2x64xi8>, vector<16xi8>
// CHECK: %[[W1:.*]] = vector.load %arg1[%{{.*}}, %{{.*}}, %{{.*}}] : memref<1x2x64xi8>, vector<16xi8>
// CHECK: vector.load %arg1[%{{.*}}, %{{.*}}, %{{.*}}] : memref<1x2x64xi8>, vector<16xi8>
// CHECK: %[[R0:.*]] = vector.load %arg0[%{{.*}}, %{{.*}}] : memref<3x12xi8>, vector<8xi8>
// CHECK: %[[R1:.*]] = vector.load %arg0[%{{.*}}, %{{.*}}] : memref<3x12xi8>, vector<8xi8>
// CHECK: %[[A:.*]] = vector.shuffle %[[R0]], %[[R1]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
// CHECK: llvm.call_intrinsic "llvm.aarch64.neon.usmmla.v4i32.v16i8"(%{{.*}}, %[[A]], %[[W0]]) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// CHECK: llvm.call_intrinsic "llvm.aarch64.neon.usmmla.v4i32.v16i8"(%{{.*}}, %[[A]], %[[W1]])
// CHECK-COUNT-10: llvm.call_intrinsic "llvm.aarch64.neon.usmmla.v4i32.v16i8"
// CHECK-NOT: llvm.call_intrinsic
// CHECK: %[[T0:.*]] = vector.shuffle %[[P:.*]], %[[Q:.*]] [0, 1, 4, 5] : vector<4xi32>, vector<4xi32>
// CHECK: %[[I0:.*]] = vector.load %arg3[%{{.*}}, %{{.*}}] : memref<3x6xi32>, vector<4xi32>
// CHECK: %[[S0:.*]] = arith.addi %[[I0]], %[[T0]]
// CHECK: vector.store %[[S0]], %arg3
// CHECK: vector.shuffle %[[P]], %[[Q]] [2, 3, 6, 7] : vector<4xi32>, vector<4xi32>
// CHECK-NOT: vector.masked
func.func @unsigned_i8mm(%a: memref<3x12xi8>, %w: memref<1x2x64xi8>, %s: memref<6xi32>, %c: memref<3x6xi32>) {
  qnn.dot_matmul ins(%a, %w, %s : memref<3x12xi8>, memref<1x2x64xi8>, memref<6xi32>)
      outs(%c : memref<3x6xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa neon_i8mm>}
  return
}

// -----

// avx2 with i16_groups = 2 (narrow codes): vpmaddubsw multiplies the
// broadcast bytes by the 32-byte panel group as it is (no widening, no
// shuffle) into i16 pair sums; 2 groups (8 k) add up in i16 in an inner
// loop, then one vpmaddwd by ones widens each into its i32 accumulator,
// which starts from init: 6 rows x (1 accumulator + 1 partial sum). K = 18:
// two chunks of 2 groups in the loop, then a chunk of one 2-code group.
// CHECK-LABEL: func.func @ubsw_avx2
// CHECK-DAG: %[[ONES:.*]] = arith.constant dense<1> : vector<16xi16>
// CHECK: %[[ACC:[0-9]+]]:6 = scf.for %[[CHUNK:[a-z0-9]+]] = {{.*}} -> (vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>) {
// CHECK: %[[FIRST:.*]] = arith.muli %[[CHUNK]], %{{.*}} : index
// CHECK: %[[PARTIAL:[0-9]+]]:6 = scf.for %[[G:[a-z0-9]+]] = {{.*}} -> (vector<16xi16>, vector<16xi16>, vector<16xi16>, vector<16xi16>, vector<16xi16>, vector<16xi16>) {
// CHECK: %[[GROUP:.*]] = arith.addi %[[FIRST]], %[[G]] : index
// CHECK: %[[W:.*]] = vector.load %arg1[%{{.*}}, %[[GROUP]], %{{.*}}] : memref<1x5x32xi8>, vector<32xi8>
// CHECK: %[[BCAST:.*]] = vector.broadcast %{{.*}} : i32 to vector<8xi32>
// CHECK: %[[BYTES:.*]] = vector.bitcast %[[BCAST]] : vector<8xi32> to vector<32xi8>
// CHECK: %[[P:.*]] = llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"(%[[BYTES]], %[[W]]) : (vector<32xi8>, vector<32xi8>) -> vector<16xi16>
// CHECK: arith.addi %{{.*}}, %[[P]] : vector<16xi16>
// CHECK-COUNT-5: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
// CHECK-NOT: llvm.call_intrinsic
// CHECK: scf.yield
// CHECK: %[[WIDE:.*]] = llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"(%[[PARTIAL]]#0, %[[ONES]]) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// CHECK: arith.addi %{{.*}}, %[[WIDE]] : vector<8xi32>
// CHECK-COUNT-5: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
// CHECK: scf.yield
// The last chunk: one group of 2 codes, the activation bytes read masked.
// CHECK: vector.maskedload %arg0
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.ub.sw"
// CHECK-NOT: llvm.x86.avx2.pshuf.b
func.func @ubsw_avx2(%a: memref<7x18xi8>, %w: memref<1x5x32xi8>, %s: memref<8xi32>, %c: memref<7x8xi32>) {
  qnn.dot_matmul ins(%a, %w, %s : memref<7x18xi8>, memref<1x5x32xi8>, memref<8xi32>)
      outs(%c : memref<7x8xi32>)
      {lhs_encoding = #qnn<encoding unsigned>, isa = #qnn<dot_isa avx2>, i16_groups = 2}
  return
}
