// RUN: qnn-opt %s "--qnn-instrument-profile=entry=main" | FileCheck %s

// Without a planned variant the entry function itself is profiled; steps
// without a NameLoc are named by their line and column; a transpose is a
// layout change, an elementwise op on two full tensors an add.
// CHECK-LABEL: module attributes {qnn.profile = [
// CHECK-SAME: {macs = 0 : i64, name = "loc({{[0-9]+}}:{{[0-9]+}})", step = "layout", unit = ""},
// CHECK-SAME: {macs = 0 : i64, name = "residual", step = "add", unit = ""},
// CHECK-SAME: {macs = 0 : i64, name = "main", step = "total", unit = ""}]}
// CHECK: memref.global "public" @main_profile : memref<3x2xi64>
// CHECK: func.func @main_profile_clock() -> i64
#id = affine_map<(i, j) -> (i, j)>
module {
  func.func @main(%a: memref<4x4xf32>, %b: memref<4x4xf32>, %out: memref<4x4xf32>) {
    linalg.transpose ins(%a : memref<4x4xf32>) outs(%b : memref<4x4xf32>) permutation = [1, 0]
    linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
        ins(%a, %b : memref<4x4xf32>, memref<4x4xf32>) outs(%out : memref<4x4xf32>) {
    ^bb0(%x: f32, %y: f32, %z: f32):
      %s = arith.addf %x, %y : f32
      linalg.yield %s : f32
    } loc("residual")
    return
  }
}
