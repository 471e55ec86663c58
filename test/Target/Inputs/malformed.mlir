// Not valid MLIR: the parser's error must come out as file:line:col.
llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
  llvm.return %undefined : f32
}
