// A compiled model in miniature: forward(input, output) computes
// output[i] = 2 * input[i] + i over the 2x3x5 tensor that qnn.input_shape
// records. 30 elements: the vectorized loop has a remainder on every target.
module attributes {
  qnn.input_shape = array<i64: 2, 3, 5>,
  qnn.output_shape = array<i64: 2, 3, 5>,
  qnn.layers = [
    {name = "conv1", weight_bits = 8 : i64, activation_bits = 8 : i64},
    {name = "fc", weight_bits = 2 : i64, activation_bits = 4 : i64}
  ]
} {
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
    %zero = llvm.mlir.constant(0 : i64) : i64
    %one = llvm.mlir.constant(1 : i64) : i64
    %size = llvm.mlir.constant(30 : i64) : i64
    %two = llvm.mlir.constant(2.0 : f32) : f32
    llvm.br ^loop(%zero : i64)
  ^loop(%i: i64):
    %done = llvm.icmp "sge" %i, %size : i64
    llvm.cond_br %done, ^exit, ^body
  ^body:
    %src = llvm.getelementptr %input[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %x = llvm.load %src : !llvm.ptr -> f32
    %scaled = llvm.fmul %x, %two : f32
    %index = llvm.sitofp %i : i64 to f32
    %y = llvm.fadd %scaled, %index : f32
    %dst = llvm.getelementptr %output[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %y, %dst : f32, !llvm.ptr
    %next = llvm.add %i, %one : i64
    llvm.br ^loop(%next : i64)
  ^exit:
    llvm.return
  }
}
