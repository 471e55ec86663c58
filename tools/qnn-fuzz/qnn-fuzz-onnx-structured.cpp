//===- qnn-fuzz-onnx-structured.cpp - structure-aware ONNX fuzzing -*- C++ -*-===//
//
// qnn-fuzz-onnx with its custom mutator on the ONNX protobuf.
//
//===----------------------------------------------------------------------===//

#define QNN_FUZZ_STRUCTURED
#include "qnn-fuzz-onnx.cpp"
