// RUN: qnn-translate --mlir-to-llvmir %s | FileCheck %s

// The upstream translation to LLVM IR, on the kind of module qnn-opt's
// lowering produces: qnn's ABI attributes parse and do not reach the IR.

module attributes {qnn.input_shape = array<i64: 4>,
                   qnn.output_shape = array<i64: 4>} {
  // CHECK-LABEL: define void @forward(ptr %0, ptr %1)
  llvm.func @forward(%input: !llvm.ptr, %output: !llvm.ptr) {
    %c2 = llvm.mlir.constant(2 : i64) : i64
    // CHECK: %[[SRC:.*]] = getelementptr float, ptr %0, i64 2
    // CHECK: %[[X:.*]] = load float, ptr %[[SRC]]
    // CHECK: %[[Y:.*]] = fadd float %[[X]], %[[X]]
    // CHECK: store float %[[Y]], ptr %1
    %src = llvm.getelementptr %input[%c2] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    %x = llvm.load %src : !llvm.ptr -> f32
    %y = llvm.fadd %x, %x : f32
    llvm.store %y, %output : f32, !llvm.ptr
    // CHECK: ret void
    llvm.return
  }
}
// CHECK-NOT: qnn
