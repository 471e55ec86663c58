// A module that does not define the entry function @forward.
module {
  llvm.func @predict(%input: !llvm.ptr, %output: !llvm.ptr) {
    llvm.return
  }
}
