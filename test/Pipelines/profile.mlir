// RUN: qnn-opt %s "--qnn-lower-to-llvm=profile=true" | FileCheck %s
// RUN: qnn-opt %s --qnn-lower-to-llvm | FileCheck %s --check-prefix=PLAIN

// qnn-lower-to-llvm with profile=true runs qnn-instrument-profile after
// the workspace plan: the LLVM dialect module has the public table and
// clock, and counter reads in the planned entry function; the rows name
// the layer's steps after its location. Without the option the module has
// none of it.
// CHECK: module attributes {qnn.input_shape
// CHECK-SAME: qnn.profile = [
// CHECK-SAME: name = "classifier", step = "bitserial_matmul", unit = "bit-MAC"
// CHECK-SAME: name = "forward", step = "total"
// CHECK: llvm.mlir.global external @forward_profile(dense<0> : tensor<[[ROWS:[0-9]+]]x2xi64>) {addr_space = 0 : i32, alignment = 64 : i64} : !llvm.array<[[ROWS]] x array<2 x i64>>
// CHECK: llvm.func @forward_profile_clock() -> i64
// CHECK: llvm.call_intrinsic "llvm.readcyclecounter"
// CHECK: llvm.func @forward_with_workspace(
// CHECK: llvm.call_intrinsic "llvm.readcyclecounter"

// PLAIN-NOT: qnn.profile
// PLAIN-NOT: profile
// PLAIN-NOT: readcyclecounter
func.func @forward(%x: tensor<1x64xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x64xf32>
  %qx = qnn.quantize %x : tensor<1x64xf32> -> tensor<1x64x!qnn.quant<u2, scale = 0.25>>
  %qw = qnn.quantize %w : tensor<2x64xf32> -> tensor<2x64x!qnn.quant<b1, scale = 0.5>>
  %y = qnn.qdense %qx, %qw : (tensor<1x64x!qnn.quant<u2, scale = 0.25>>, tensor<2x64x!qnn.quant<b1, scale = 0.5>>) -> tensor<1x2xf32> loc("classifier")
  return %y : tensor<1x2xf32>
}
