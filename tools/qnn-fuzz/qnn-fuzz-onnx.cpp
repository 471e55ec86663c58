//===- qnn-fuzz-onnx.cpp - fuzz the ONNX importer ---------------*- C++ -*-===//
//
// Imports arbitrary bytes as an ONNX model. When the import succeeds and the
// model is QONNX (its quantizers fix the bitwidths, so no calibration data is
// needed), the module is also compiled as qnn-compile would: kernel
// selection, then qnn-lower-to-llvm for a fixed AVX-512 target. Errors are
// correct answers; crashes, sanitizer reports and fatal errors are findings.
//
// Built twice: qnn-fuzz-onnx mutates the bytes (libFuzzer's own mutators);
// qnn-fuzz-onnx-structured (QNN_FUZZ_STRUCTURED) parses each input as a
// ModelProto and mutates its structure instead - shapes, attributes,
// bitwidths, scales and zero points, node order, dropped and duplicated
// nodes, rewired inputs - so that mutants stay valid protobuf and reach the
// importer's and the passes' checks rather than the protobuf parser's.
//
//===----------------------------------------------------------------------===//

#include "FuzzCommon.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Target/ONNX/ImportONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto context = qnn_fuzz::makeContext();
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::qnn::importONNX(bytes, "fuzz.onnx", context.get());
  if (!module)
    return 0;
  if (!(*module)->hasAttr(mlir::qnn::QNNDialect::kQuantizedModelAttrName))
    return 0;
  // Keep the pipeline's time bounded: huge layers are the large-model
  // test's business (docs/robustness.md), not the fuzzer's.
  int64_t elements = 0;
  module->walk([&](mlir::Operation *op) {
    for (mlir::Type type : op->getResultTypes())
      if (auto shaped = llvm::dyn_cast<mlir::ShapedType>(type))
        if (shaped.hasStaticShape())
          elements += shaped.getNumElements();
  });
  if (elements > (1 << 20))
    return 0;
  mlir::PassManager pm(context.get());
  pm.addNestedPass<mlir::func::FuncOp>(mlir::qnn::createQNNFoldBatchNorm());
  pm.addPass(mlir::qnn::createQNNSelectKernels());
  mlir::qnn::LowerToLLVMOptions options;
  options.targetTriple = "x86_64-unknown-linux-gnu";
  options.targetCPU = "sapphirerapids";
  options.targetFeatures = "avx2,avx512f,avx512bw,avx512vpopcntdq";
  mlir::qnn::buildLowerToLLVMPipeline(pm, options);
  (void)pm.run(*module);
  return 0;
}

#ifdef QNN_FUZZ_STRUCTURED

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

namespace {

using Random = std::minstd_rand;

template <typename T> T pick(Random &random, std::initializer_list<T> values) {
  return values.begin()[random() % values.size()];
}

int64_t interestingInt(Random &random) {
  return pick<int64_t>(random, {0, 1, 2, 3, -1, 7, 8, 9, 16, 32, 33, 64, 65,
                                255, -2, 1 << 20, INT32_MAX,
                                std::numeric_limits<int64_t>::min()});
}

float interestingFloat(Random &random) {
  return pick<float>(random,
                     {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, 1.5f, -0.5f, 2.0f, 8.0f,
                      9.0f, 33.0f, 1e-30f, 1e30f, 3.0e38f, 1.0f / 3.0f,
                      std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity(),
                      std::numeric_limits<float>::quiet_NaN(),
                      std::numeric_limits<float>::denorm_min()});
}

/// A tensor's element count as its dims say, or -1 if it overflows.
int64_t elementCount(const onnx::TensorProto &tensor) {
  int64_t count = 1;
  for (int64_t dim : tensor.dims()) {
    if (dim < 0 || (dim != 0 && count > (int64_t(1) << 24) / dim))
      return -1;
    count *= dim;
  }
  return count;
}

void mutateTensor(onnx::TensorProto &tensor, Random &random) {
  switch (random() % 5) {
  case 0: // One element to an interesting value, in whichever storage it uses.
    if (tensor.data_type() == onnx::TensorProto::FLOAT) {
      if (tensor.float_data_size())
        tensor.set_float_data(random() % tensor.float_data_size(),
                              interestingFloat(random));
      else if (tensor.raw_data().size() >= 4) {
        std::string raw = tensor.raw_data();
        float value = interestingFloat(random);
        std::memcpy(&raw[(random() % (raw.size() / 4)) * 4], &value, 4);
        tensor.set_raw_data(raw);
      }
    } else if (tensor.int64_data_size()) {
      tensor.set_int64_data(random() % tensor.int64_data_size(),
                            interestingInt(random));
    } else if (tensor.int32_data_size()) {
      tensor.set_int32_data(random() % tensor.int32_data_size(),
                            static_cast<int32_t>(interestingInt(random)));
    }
    break;
  case 1: // A scalar parameter (bitwidth, scale, zero point) replaced.
    if (elementCount(tensor) <= 1 &&
        tensor.data_type() == onnx::TensorProto::FLOAT) {
      tensor.clear_raw_data();
      tensor.clear_float_data();
      tensor.add_float_data(interestingFloat(random));
    }
    break;
  case 2: // Dims that no longer match the data.
    if (tensor.dims_size())
      tensor.set_dims(random() % tensor.dims_size(),
                      pick<int64_t>(random, {0, 1, 2, 3, -1, 64}));
    else
      tensor.add_dims(pick<int64_t>(random, {0, 1, 2}));
    break;
  case 3: // Another element type.
    tensor.set_data_type(pick<int32_t>(
        random, {onnx::TensorProto::FLOAT, onnx::TensorProto::INT64,
                 onnx::TensorProto::INT32, onnx::TensorProto::DOUBLE,
                 onnx::TensorProto::FLOAT16, onnx::TensorProto::UINT8,
                 onnx::TensorProto::STRING, 0, 999}));
    break;
  case 4: // Per-tensor <-> per-channel: a scale with one element per row.
    if (tensor.data_type() == onnx::TensorProto::FLOAT &&
        elementCount(tensor) <= 1) {
      int64_t channels = pick<int64_t>(random, {2, 3, 4, 8, 16});
      tensor.clear_dims();
      tensor.clear_raw_data();
      tensor.clear_float_data();
      if (random() % 2)
        tensor.add_dims(channels);
      else {
        tensor.add_dims(channels);
        tensor.add_dims(1);
        tensor.add_dims(1);
      }
      for (int64_t i = 0; i < channels; ++i)
        tensor.add_float_data(0.125f * (1 + random() % 16));
    }
    break;
  }
}

void mutateAttribute(onnx::AttributeProto &attribute, Random &random) {
  switch (attribute.type()) {
  case onnx::AttributeProto::INT:
    attribute.set_i(random() % 3 ? pick<int64_t>(random, {0, 1, 2, 3, -1})
                                 : interestingInt(random));
    break;
  case onnx::AttributeProto::FLOAT:
    attribute.set_f(interestingFloat(random));
    break;
  case onnx::AttributeProto::INTS:
    if (attribute.ints_size() && random() % 4) {
      attribute.set_ints(random() % attribute.ints_size(),
                         random() % 2 ? pick<int64_t>(random, {0, 1, 2, 3, 5})
                                      : interestingInt(random));
    } else if (random() % 2 && attribute.ints_size()) {
      attribute.mutable_ints()->RemoveLast();
    } else {
      attribute.add_ints(pick<int64_t>(random, {0, 1, 2}));
    }
    break;
  case onnx::AttributeProto::STRING:
    attribute.set_s(pick<const char *>(
        random, {"ROUND", "CEIL", "FLOOR", "ROUND_TO_ZERO", "HALF_UP", "",
                 "SAME_UPPER", "SAME_LOWER", "VALID", "NOTSET", "bogus"}));
    break;
  case onnx::AttributeProto::TENSOR:
    mutateTensor(*attribute.mutable_t(), random);
    break;
  default:
    attribute.set_type(onnx::AttributeProto::INT);
    attribute.set_i(interestingInt(random));
    break;
  }
}

void mutateShape(onnx::ValueInfoProto &value, Random &random) {
  onnx::TypeProto_Tensor *tensor = value.mutable_type()->mutable_tensor_type();
  onnx::TensorShapeProto *shape = tensor->mutable_shape();
  switch (random() % 4) {
  case 0:
    if (shape->dim_size()) {
      auto *dim = shape->mutable_dim(random() % shape->dim_size());
      dim->set_dim_value(pick<int64_t>(random, {0, 1, 2, 3, 5, 7, 16, 64, 65, -1}));
    }
    break;
  case 1:
    if (shape->dim_size())
      shape->mutable_dim(random() % shape->dim_size())->set_dim_param("N");
    break;
  case 2:
    if (shape->dim_size() && random() % 2)
      shape->mutable_dim()->RemoveLast();
    else
      shape->add_dim()->set_dim_value(pick<int64_t>(random, {1, 2, 3}));
    break;
  case 3:
    tensor->set_elem_type(pick<int32_t>(
        random, {onnx::TensorProto::FLOAT, onnx::TensorProto::INT64,
                 onnx::TensorProto::DOUBLE, 0}));
    break;
  }
}

/// A name some node or the graph defines, to rewire an input to.
std::string someTensorName(const onnx::GraphProto &graph, Random &random) {
  std::vector<std::string> names;
  for (const auto &input : graph.input())
    names.push_back(input.name());
  for (const auto &initializer : graph.initializer())
    names.push_back(initializer.name());
  for (const auto &node : graph.node())
    for (const auto &output : node.output())
      names.push_back(output);
  names.push_back("");
  names.push_back("undefined_tensor");
  return names[random() % names.size()];
}

void mutateModel(onnx::ModelProto &model, Random &random) {
  onnx::GraphProto &graph = *model.mutable_graph();
  int nodes = graph.node_size();
  switch (random() % 12) {
  case 0: case 1: case 2: // An attribute of some node.
    if (nodes) {
      onnx::NodeProto &node = *graph.mutable_node(random() % nodes);
      if (node.attribute_size() && random() % 4)
        mutateAttribute(*node.mutable_attribute(random() % node.attribute_size()),
                        random);
      else if (node.attribute_size() && random() % 2)
        node.mutable_attribute()->DeleteSubrange(
            random() % node.attribute_size(), 1);
      else {
        onnx::AttributeProto *attribute = node.add_attribute();
        attribute->set_name(pick<const char *>(
            random, {"signed", "narrow", "rounding_mode", "group", "strides",
                     "pads", "dilations", "kernel_shape", "auto_pad", "axis",
                     "transB", "alpha", "epsilon", "perm"}));
        attribute->set_type(onnx::AttributeProto::INT);
        attribute->set_i(pick<int64_t>(random, {0, 1, 2}));
        mutateAttribute(*attribute, random);
      }
    }
    break;
  case 3: case 4: case 5: // An initializer: bitwidth, scale, zero point, weights.
    if (graph.initializer_size())
      mutateTensor(*graph.mutable_initializer(random() % graph.initializer_size()),
                   random);
    break;
  case 6: // A shape of the graph's inputs or outputs.
    if (graph.input_size() && random() % 2)
      mutateShape(*graph.mutable_input(random() % graph.input_size()), random);
    else if (graph.output_size())
      mutateShape(*graph.mutable_output(random() % graph.output_size()), random);
    break;
  case 7: // Drop a node.
    if (nodes)
      graph.mutable_node()->DeleteSubrange(random() % nodes, 1);
    break;
  case 8: // Duplicate a node (its outputs are then defined twice).
    if (nodes)
      *graph.add_node() = graph.node(random() % nodes);
    break;
  case 9: // Swap two nodes (a use before its definition).
    if (nodes > 1)
      graph.mutable_node()->SwapElements(random() % nodes, random() % nodes);
    break;
  case 10: // Rewire a node input.
    if (nodes) {
      onnx::NodeProto &node = *graph.mutable_node(random() % nodes);
      if (node.input_size())
        node.set_input(random() % node.input_size(),
                       someTensorName(graph, random));
      else
        node.add_input(someTensorName(graph, random));
    }
    break;
  case 11: // The opset, the op type or its domain.
    if (random() % 3 == 0 && model.opset_import_size())
      model.mutable_opset_import(random() % model.opset_import_size())
          ->set_version(pick<int64_t>(random, {1, 6, 7, 11, 13, 18, 21, 22}));
    else if (nodes) {
      onnx::NodeProto &node = *graph.mutable_node(random() % nodes);
      if (random() % 4 == 0)
        node.set_domain(pick<const char *>(
            random, {"", "qonnx.custom_op.general", "onnx.brevitas", "x"}));
      else
        node.set_op_type(pick<const char *>(
            random, {"Quant", "BipolarQuant", "Trunc", "Conv", "Gemm",
                     "MatMul", "Relu", "Add", "Mul", "MaxPool",
                     "AveragePool", "GlobalAveragePool", "Flatten",
                     "Reshape", "BatchNormalization", "Softmax", "Clip",
                     "Transpose", "Identity", "Concat"}));
    }
    break;
  }
}

} // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned int seed) {
  onnx::ModelProto model;
  Random random(seed);
  // One mutant in eight is a byte-level one, so that the corpus also holds
  // inputs just outside the valid protobuf; the rest keep the structure.
  if (random() % 8 == 0 || !model.ParseFromArray(data, size))
    return LLVMFuzzerMutate(data, size, maxSize);
  int rounds = 1 + random() % 3;
  for (int i = 0; i < rounds; ++i)
    mutateModel(model, random);
  std::string mutated;
  if (!model.SerializeToString(&mutated) || mutated.size() > maxSize)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::memcpy(data, mutated.data(), mutated.size());
  return mutated.size();
}

#endif // QNN_FUZZ_STRUCTURED
