// RUN: qnn-opt %s --qnn-lower-to-llvm | FileCheck %s

// The pipeline ends in the LLVM dialect with the ABI of the contract:
// void forward(const float *input, float *output), shapes and per-layer
// bitwidths recorded on the module for the C header, the target the kernels
// were chosen for, the workspace the temporaries live in, weights packed
// into a read-only global, and no call into any runtime library.
// CHECK: module attributes {qnn.input_shape = array<i64: 1, 64>, qnn.layers = [{activation_bits = 2 : i64, name = "classifier", weight_bits = 1 : i64}], qnn.output_shape = array<i64: 1, 2>, qnn.target = #qnn.target<{{.*}}>, qnn.workspace_bytes = {{[0-9]+}} : i64}
// CHECK-NOT: llvm.func @memrefCopy
// CHECK: llvm.mlir.global private constant {{.*}} : tensor<1x{{[0-9x]+}}xi64>)
// CHECK: llvm.func @forward(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-NOT: func.func
func.func @forward(%x: tensor<1x64xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<0.5> : tensor<2x64xf32>
  %qx = qnn.quantize %x : tensor<1x64xf32> -> tensor<1x64x!qnn.quant<u2, scale = 0.25>>
  %qw = qnn.quantize %w : tensor<2x64xf32> -> tensor<2x64x!qnn.quant<b1, scale = 0.5>>
  %y = qnn.qdense %qx, %qw : (tensor<1x64x!qnn.quant<u2, scale = 0.25>>, tensor<2x64x!qnn.quant<b1, scale = 0.5>>) -> tensor<1x2xf32> loc("classifier")
  return %y : tensor<1x2xf32>
}
