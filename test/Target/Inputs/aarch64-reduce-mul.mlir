// Reproducer of an LLVM 19 AArch64 miscompilation that qnn works around
// (docs/robustness.md, "LLVM bugs worked around"): two output channels of
// an integer GEMM on 8 i16 codes, in the shape LLVM's O3 leaves one after
// unrolling the channel loop, `reduce.add(mul(sext codes, weights))`.
// Channel 0's weights begin with four ones: instruction selection drops its
// multiplication (saddlv of the codes) unless the workaround hides the
// constant. Channel 1's do not, and are right either way.
module attributes {
  qnn.input_shape = array<i64: 8>,
  qnn.output_shape = array<i64: 2>
} {
  llvm.mlir.global internal @codes(dense<0> : tensor<8xi16>) {alignment = 16 : i64} : !llvm.array<8 x i16>
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
    %codes = llvm.mlir.addressof @codes : !llvm.ptr
    %values = llvm.load %input {alignment = 4 : i64} : !llvm.ptr -> vector<8xf32>
    %rounded = llvm.fptosi %values : vector<8xf32> to vector<8xi16>
    llvm.store %rounded, %codes {alignment = 16 : i64} : vector<8xi16>, !llvm.ptr
    llvm.call @dot(%codes, %output) : (!llvm.ptr, !llvm.ptr) -> ()
    llvm.return
  }
  // Not inlined, as qnn-plan-workspace's per-op functions: the codes stay
  // a load, the weights become constants.
  llvm.func internal @dot(%codes: !llvm.ptr {llvm.noalias}, %output: !llvm.ptr {llvm.noalias}) attributes {no_inline} {
    %weights0 = llvm.mlir.constant(dense<[1, 1, 1, 1, 1, -1, 1, -1]> : vector<8xi32>) : vector<8xi32>
    %weights1 = llvm.mlir.constant(dense<[-1, 1, -1, -1, -1, -1, 1, 1]> : vector<8xi32>) : vector<8xi32>
    %one = llvm.mlir.constant(1 : i64) : i64
    %narrow = llvm.load %codes {alignment = 16 : i64} : !llvm.ptr -> vector<8xi16>
    %wide = llvm.sext %narrow : vector<8xi16> to vector<8xi32>
    %products0 = llvm.mul %weights0, %wide overflow<nsw> : vector<8xi32>
    %sum0 = "llvm.intr.vector.reduce.add"(%products0) : (vector<8xi32>) -> i32
    %result0 = llvm.sitofp %sum0 : i32 to f32
    llvm.store %result0, %output {alignment = 4 : i64} : f32, !llvm.ptr
    %products1 = llvm.mul %weights1, %wide overflow<nsw> : vector<8xi32>
    %sum1 = "llvm.intr.vector.reduce.add"(%products1) : (vector<8xi32>) -> i32
    %result1 = llvm.sitofp %sum1 : i32 to f32
    %output1 = llvm.getelementptr %output[%one] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %result1, %output1 {alignment = 4 : i64} : f32, !llvm.ptr
    llvm.return
  }
}
