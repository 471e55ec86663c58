// RUN: qnn-opt %s --qnn-memory-report="format=json output=-" | FileCheck %s --check-prefix=JSON
// RUN: qnn-opt %s --qnn-memory-report="output=-" | FileCheck %s --check-prefix=TEXT

// A module that records its workspace (qnn-plan-workspace) reports it after
// the weights, as qnn-compile does once it has lowered the model.
// JSON: "total_packed_bytes": 128,
// JSON: "workspace_bytes": 4096
// TEXT:      total packed bytes: 128
// TEXT:      weight bytes as the chosen kernels store them: {{[0-9]+}}
// TEXT-NEXT: workspace bytes (the temporaries of one call): 4096
module attributes {qnn.workspace_bytes = 4096 : i64} {
  func.func @forward(%x: tensor<1x100x!qnn.quant<u3, scale = 0.125>>,
                     %w: tensor<4x100x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x4xf32> {
    %0 = qnn.qdense %x, %w {qnn.kernel = #qnn.kernel<bitserial, weights = bitplanes, layout = nc>} : (tensor<1x100x!qnn.quant<u3, scale = 0.125>>, tensor<4x100x!qnn.quant<s2, scale = 0.5>>) -> tensor<1x4xf32> loc("q0")
    return %0 : tensor<1x4xf32>
  }
}
