//===- ConvolutionAndPooling.cpp - Conv and the pools -----------*- C++ -*-===//
//
// Imports Conv, MaxPool, AveragePool and GlobalAveragePool, turning ONNX's
// window attributes (pads or auto_pad, strides, dilations) into qnn's explicit
// padding and the output size.
//
//===----------------------------------------------------------------------===//

#include "Importer.h"

#include "qnn/Dialect/QNN/Utils/Window.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <type_traits>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

/// ONNX's window attributes (strides, dilations, pads or auto_pad, and for
/// pools ceil_mode) turned into qnn's explicit padding and the output size.
FailureOr<Window> Importer::getWindow(ArrayRef<int64_t> inputHW,
                                      ArrayRef<int64_t> kernelHW, bool isPool) {
  FailureOr<Shape> strides = getInts("strides", {1, 1}, 2);
  FailureOr<Shape> dilations = getInts("dilations", {1, 1}, 2);
  FailureOr<Shape> pads = getInts("pads", {0, 0, 0, 0}, 4);
  FailureOr<std::string> autoPad = getString("auto_pad", "NOTSET");
  FailureOr<int64_t> ceilMode = getInt("ceil_mode", 0);
  if (failed(strides) || failed(dilations) || failed(pads) || failed(autoPad) ||
      failed(ceilMode))
    return failure();
  if (llvm::any_of(*strides, [](int64_t v) { return v <= 0; }) ||
      llvm::any_of(*dilations, [](int64_t v) { return v <= 0; }))
    return error() << "strides and dilations must be positive";
  if (llvm::any_of(*pads, [](int64_t v) { return v < 0; }))
    return error() << "pads must not be negative";
  // Older exporters write an empty auto_pad for NOTSET.
  bool explicitPads = *autoPad == "NOTSET" || autoPad->empty();
  if (!explicitPads && findAttribute("pads"))
    return error() << "pads cannot be combined with auto_pad = " << *autoPad;

  Window window;
  for (int axis = 0; axis < 2; ++axis) {
    int64_t input = inputHW[axis], stride = (*strides)[axis];
    int64_t extent = getWindowExtent(kernelHW[axis], (*dilations)[axis]);
    int64_t begin = 0, end = 0;
    if (explicitPads) {
      begin = (*pads)[axis];
      end = (*pads)[axis + 2];
    } else if (*autoPad == "SAME_UPPER" || *autoPad == "SAME_LOWER") {
      // ONNX: the output has ceil(input / stride) elements; SAME_UPPER puts
      // the odd padding element at the end, SAME_LOWER at the beginning.
      int64_t output = (input + stride - 1) / stride;
      int64_t total =
          std::max<int64_t>(0, (output - 1) * stride + extent - input);
      begin = *autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
      end = total - begin;
    } else if (*autoPad != "VALID") {
      return error() << "unsupported auto_pad '" << *autoPad << "'";
    }
    int64_t padded = input + begin + end;
    if (padded < extent) {
      return error() << "the window (extent " << extent << ") does not fit the "
                     << (axis == 0 ? "height" : "width") << " " << padded
                     << " of the padded input";
    }
    int64_t output = getWindowOutputSize(input, kernelHW[axis], stride,
                                         (*dilations)[axis], begin, end);
    if (*ceilMode && isPool) {
      int64_t ceilOutput = (padded - extent + stride - 1) / stride + 1;
      if (ceilOutput != output) {
        return error() << "ceil_mode = 1 makes the output "
                       << (axis == 0 ? "height " : "width ") << ceilOutput
                       << " instead of " << output
                       << ", which qnn's pools do not support";
      }
    }
    window.strides[axis] = stride;
    window.dilations[axis] = (*dilations)[axis];
    window.padding[axis] = begin;
    window.padding[axis + 2] = end;
    window.outputHW[axis] = output;
  }
  return window;
}

LogicalResult Importer::importConv() {
  FailureOr<Value> input = checkNodeAndGetOperand(
      {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"});
  if (failed(input))
    return failure();
  FailureOr<Value> weight = getOperand(1);
  if (failed(weight))
    return failure();
  Value bias;
  if (hasInput(2)) {
    FailureOr<Value> biasOperand = getOperand(2);
    if (failed(biasOperand))
      return failure();
    bias = *biasOperand;
  }
  ArrayRef<int64_t> inputShape = getShape(*input);
  ArrayRef<int64_t> weightShape = getShape(*weight);
  if (inputShape.size() != 4) {
    return error() << "only 2-D convolution is supported: expects a 4-D input "
                      "(N x C x H x W), got "
                   << formatShape(inputShape);
  }
  if (weightShape.size() != 4) {
    return error() << "expects a 4-D weight (M x C/group x KH x KW), got "
                   << formatShape(weightShape);
  }
  FailureOr<int64_t> group = getInt("group", 1);
  if (failed(group))
    return failure();
  if (*group <= 0)
    return error() << "group must be positive, got " << *group;
  int64_t outChannels = weightShape[0];
  if (outChannels % *group != 0) {
    return error() << "group " << *group << " does not divide the "
                   << outChannels << " output channels";
  }
  if (inputShape[1] != weightShape[1] * *group) {
    return error() << "the input has " << inputShape[1]
                   << " channels but the weight " << formatShape(weightShape)
                   << " with group " << *group << " expects "
                   << weightShape[1] * *group;
  }
  if (bias && getShape(bias) != ArrayRef<int64_t>{outChannels}) {
    return error() << "the bias has shape " << formatShape(getShape(bias))
                   << ", expected " << outChannels;
  }
  if (findAttribute("kernel_shape")) {
    FailureOr<Shape> kernel = getInts("kernel_shape", {}, 2);
    if (failed(kernel))
      return failure();
    if (ArrayRef<int64_t>(*kernel) != weightShape.drop_front(2)) {
      return error() << "kernel_shape " << formatShape(*kernel)
                     << " disagrees with the weight "
                     << formatShape(weightShape);
    }
  }
  FailureOr<Window> window =
      getWindow(inputShape.drop_front(2), weightShape.drop_front(2),
                /*isPool=*/false);
  if (failed(window))
    return failure();
  // The op's builder infers the result type.
  defineOutput(builder.create<Conv2DOp>(
      getNodeLoc(), *input, *weight, bias, window->strides, window->padding,
      window->dilations, static_cast<uint64_t>(*group)));
  return success();
}

template <typename PoolOp> LogicalResult Importer::importPool() {
  constexpr bool isMax = std::is_same_v<PoolOp, MaxPool2DOp>;
  // storage_order only affects MaxPool's Indices output, which is rejected.
  LogicalResult checked =
      isMax ? checkNode({"auto_pad", "ceil_mode", "dilations", "kernel_shape",
                         "pads", "storage_order", "strides"})
            : checkNode({"auto_pad", "ceil_mode", "count_include_pad",
                         "kernel_shape", "pads", "strides"});
  if (failed(checked))
    return failure();
  FailureOr<Value> input = getOperand(0);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> inputShape = getShape(*input);
  if (inputShape.size() != 4) {
    return error() << "only 2-D pooling is supported: expects a 4-D input, got "
                   << formatShape(inputShape);
  }
  if (!findAttribute("kernel_shape"))
    return error() << "the attribute 'kernel_shape' is missing";
  FailureOr<Shape> kernel = getInts("kernel_shape", {}, 2);
  if (failed(kernel))
    return failure();
  if (llvm::any_of(*kernel, [](int64_t v) { return v <= 0; }))
    return error() << "kernel_shape must be positive";
  FailureOr<Window> window =
      getWindow(inputShape.drop_front(2), *kernel, /*isPool=*/true);
  if (failed(window))
    return failure();
  for (int axis = 0; axis < 2; ++axis) {
    if (window->padding[axis] >= (*kernel)[axis] ||
        window->padding[axis + 2] >= (*kernel)[axis]) {
      return error() << "the padding must be smaller than the kernel "
                     << formatShape(*kernel);
    }
  }
  Location loc = getNodeLoc();
  if constexpr (isMax) {
    defineOutput(builder.create<MaxPool2DOp>(loc, *input, *kernel,
                                             window->strides, window->padding,
                                             window->dilations));
  } else {
    FailureOr<int64_t> countIncludePad = getInt("count_include_pad", 0);
    if (failed(countIncludePad))
      return failure();
    defineOutput(builder.create<AvgPool2DOp>(
        loc, *input, *kernel, window->strides, window->padding,
        window->dilations, *countIncludePad != 0));
  }
  return success();
}

LogicalResult Importer::importMaxPool() { return importPool<MaxPool2DOp>(); }

LogicalResult Importer::importAveragePool() {
  return importPool<AvgPool2DOp>();
}

LogicalResult Importer::importGlobalAveragePool() {
  FailureOr<Value> input = checkNodeAndGetOperand({});
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = getShape(*input);
  if (shape.size() != 4)
    return error() << "expects a 4-D input, got " << formatShape(shape);
  defineOutput(builder.create<GlobalAvgPoolOp>(getNodeLoc(), *input));
  return success();
}
