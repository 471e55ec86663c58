// RUN: qnn-opt %s --qnn-instrument-profile | FileCheck %s

// A planned entry function: a call of an outlined bit-serial matmul, an
// inline fill and an inline GEMM, between pure ops (constants, views). Each
// op with memory effects is a step, bracketed by two counter reads whose
// difference and a call are added to its row of @forward_profile; the last
// row times the whole body. The rows' names are the NameLocs of the steps,
// their MACs computed by hand:
//   bit-serial: 2 x 3 planes x 4 rows x 8 columns x 100 bits = 19200 bit-MACs
//   GEMM (4 x 16) x (16 x 8): 4 x 16 x 8 = 512 MACs

// CHECK-LABEL: module attributes {qnn.profile = [
// CHECK-SAME: {macs = 19200 : i64, name = "conv", step = "bitserial_matmul", unit = "bit-MAC"},
// CHECK-SAME: {macs = 0 : i64, name = "fc+fc_bias", step = "fill", unit = ""},
// CHECK-SAME: {macs = 512 : i64, name = "fc", step = "gemm", unit = "MAC"},
// CHECK-SAME: {macs = 0 : i64, name = "forward", step = "total", unit = ""}]}
// CHECK: memref.global "public" @forward_profile : memref<4x2xi64> = dense<0> {alignment = 64 : i64}
// CHECK: memref.global "public" constant @forward_profile_names : memref<{{[0-9]+}}xi8> = dense<[99, 111, 110, 118, 9, 98, 105, 116, 115,
// CHECK: func.func @forward_profile_clock() -> i64 {
// CHECK-NEXT: %[[NOW:.*]] = llvm.call_intrinsic "llvm.readcyclecounter"() : () -> i64
// CHECK-NEXT: return %[[NOW]] : i64
// CHECK: func.func @forward_with_workspace(
// CHECK-NEXT: %[[CALL_START:.*]] = llvm.call_intrinsic "llvm.readcyclecounter"
// CHECK-NOT: llvm.call_intrinsic
// CHECK: %[[START0:.*]] = llvm.call_intrinsic "llvm.readcyclecounter"
// CHECK-NEXT: call @forward_with_workspace_op0(
// CHECK-NEXT: %[[END0:.*]] = llvm.call_intrinsic "llvm.readcyclecounter"
// CHECK-NEXT: %[[TABLE:.*]] = memref.get_global @forward_profile : memref<4x2xi64>
// CHECK-NEXT: %[[ROW0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[TICKS:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[CALLS:.*]] = arith.constant 1 : index
// CHECK-NEXT: %[[ELAPSED:.*]] = arith.subi %[[END0]], %[[START0]] : i64
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK-NEXT: %[[OLD:.*]] = memref.load %[[TABLE]][%[[ROW0]], %[[TICKS]]]
// CHECK-NEXT: %[[SUM:.*]] = arith.addi %[[OLD]], %[[ELAPSED]] : i64
// CHECK-NEXT: memref.store %[[SUM]], %[[TABLE]][%[[ROW0]], %[[TICKS]]]
// CHECK-NEXT: %[[OLDCALLS:.*]] = memref.load %[[TABLE]][%[[ROW0]], %[[CALLS]]]
// CHECK-NEXT: %[[NEWCALLS:.*]] = arith.addi %[[OLDCALLS]], %[[ONE]] : i64
// CHECK-NEXT: memref.store %[[NEWCALLS]], %[[TABLE]][%[[ROW0]], %[[CALLS]]]
// CHECK: llvm.call_intrinsic "llvm.readcyclecounter"
// CHECK-NEXT: linalg.fill
// CHECK-NEXT: llvm.call_intrinsic "llvm.readcyclecounter"
// CHECK: arith.constant 1 : index
// CHECK: llvm.call_intrinsic "llvm.readcyclecounter"
// CHECK-NEXT: linalg.generic
// CHECK: llvm.call_intrinsic "llvm.readcyclecounter"
// CHECK: arith.constant 2 : index
// The whole call, row 3, just before the return.
// CHECK: %[[CALL_END:.*]] = llvm.call_intrinsic "llvm.readcyclecounter"
// CHECK-NEXT: memref.get_global @forward_profile
// CHECK-NEXT: arith.constant 3 : index
// CHECK-NEXT: arith.constant 0 : index
// CHECK-NEXT: arith.constant 1 : index
// CHECK-NEXT: arith.subi %[[CALL_END]], %[[CALL_START]] : i64
// CHECK: memref.store
// CHECK: memref.store
// CHECK-NEXT: return
// The outlined function is not instrumented.
// CHECK: func.func private @forward_with_workspace_op0(
// CHECK-NOT: llvm.call_intrinsic
// CHECK: return
#gemm_lhs = affine_map<(m, k, n) -> (m, k)>
#gemm_rhs = affine_map<(m, k, n) -> (k, n)>
#gemm_out = affine_map<(m, k, n) -> (m, n)>
module {
  func.func @forward(%in: memref<2x4x2xi64>, %out: memref<4x8xf32>) {
    return
  }
  func.func @forward_with_workspace(%in: memref<2x4x2xi64>, %out: memref<4x8xf32>, %ws: memref<1024xi8>) {
    %c0 = arith.constant 0 : index
    %zero = arith.constant 0.0 : f32
    %acc = memref.view %ws[%c0][] : memref<1024xi8> to memref<4x8xi32>
    call @forward_with_workspace_op0(%in, %acc) : (memref<2x4x2xi64>, memref<4x8xi32>) -> () loc("conv")
    %c256 = arith.constant 256 : index
    %a = memref.view %ws[%c256][] : memref<1024xi8> to memref<4x16xf32>
    %w = memref.view %ws[%c0][] : memref<1024xi8> to memref<16x8xf32>
    linalg.fill ins(%zero : f32) outs(%out : memref<4x8xf32>) loc(fused["fc", "fc_bias"])
    linalg.generic {indexing_maps = [#gemm_lhs, #gemm_rhs, #gemm_out],
                    iterator_types = ["parallel", "reduction", "parallel"]}
        ins(%a, %w : memref<4x16xf32>, memref<16x8xf32>) outs(%out : memref<4x8xf32>) {
    ^bb0(%x: f32, %y: f32, %z: f32):
      %p = arith.mulf %x, %y : f32
      %s = arith.addf %z, %p : f32
      linalg.yield %s : f32
    } loc("fc")
    return
  }
  func.func private @forward_with_workspace_op0(%lhs: memref<2x4x2xi64>, %acc: memref<4x8xi32>) {
    %rhs = memref.get_global @weights : memref<3x8x2xi64>
    qnn.bitserial_matmul ins(%lhs, %rhs : memref<2x4x2xi64>, memref<3x8x2xi64>)
        outs(%acc : memref<4x8xi32>)
        {lhs_encoding = #qnn<encoding unsigned>, rhs_encoding = #qnn<encoding unsigned>,
         reduction_length = 100}
    return
  }
  memref.global "private" constant @weights : memref<3x8x2xi64> = dense<0>
}
