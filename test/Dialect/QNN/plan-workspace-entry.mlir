// RUN: qnn-opt %s "--qnn-plan-workspace=entry=main" | FileCheck %s

// entry= names the function to plan, and the names of what the pass adds;
// other functions are left alone.
// CHECK-LABEL: module attributes {qnn.workspace_bytes = 64 : i64}
// CHECK: func.func @helper
// CHECK-NEXT: memref.alloc
// CHECK: memref.global "private" @main_workspace
// CHECK: func.func @main(
// CHECK: func.func @main_with_workspace(
module {
  func.func @helper() {
    %unplanned = memref.alloc() : memref<4xf32>
    return
  }
  func.func @main(%in: memref<4xf32>, %out: memref<4xf32>) {
    %a = memref.alloc() : memref<4xf32>
    linalg.copy ins(%in : memref<4xf32>) outs(%a : memref<4xf32>)
    linalg.copy ins(%a : memref<4xf32>) outs(%out : memref<4xf32>)
    return
  }
}
