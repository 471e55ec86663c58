//===- Layout.cpp - operators that move elements ----------------*- C++ -*-===//
//
// Imports Transpose, Concat, Expand, Pad, DepthToSpace, SpaceToDepth, Slice, Split,
// Resize and Upsample: qnn.transpose, qnn.concat, qnn.pad, qnn.slice and
// qnn.upsample_nearest (DepthToSpace and SpaceToDepth are a reshape, a
// transpose and a reshape), all evaluated at import on constants.
//
//===----------------------------------------------------------------------===//

#include "ConstantFolding.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace mlir::qnn;
using namespace mlir::qnn::onnx_import;

Tensor Importer::transposeTensor(const Tensor &tensor,
                                 ArrayRef<int64_t> permutation) {
  if (tensor.isConstant())
    return constantTensor(transposeElements(tensor.constant, permutation));
  Tensor result;
  result.value = builder.create<TransposeOp>(getNodeLoc(), tensor.value,
                                             permutation);
  ArrayRef<int64_t> shape = getShape(result.value);
  result.shape.assign(shape.begin(), shape.end());
  return result;
}

LogicalResult Importer::importTranspose() {
  FailureOr<Tensor *> input = checkNodeAndGetInput({"perm"});
  if (failed(input))
    return failure();
  auto rank = static_cast<int64_t>((*input)->shape.size());
  FailureOr<std::optional<Shape>> perm = getIntList("perm");
  if (failed(perm))
    return failure();
  // Without perm, the dimensions are reversed.
  Shape permutation(rank);
  std::iota(permutation.rbegin(), permutation.rend(), 0);
  if (*perm) {
    Shape sorted = **perm;
    llvm::sort(sorted);
    Shape expected(rank);
    std::iota(expected.begin(), expected.end(), 0);
    if (sorted != expected) {
      return error() << "perm is not a permutation of the " << rank
                     << " dimensions of " << formatShape((*input)->shape);
    }
    permutation = **perm;
  }
  // A transposed quantized weight (TorchScript's MatMul(x, Transpose(W)))
  // stays a quantized constant.
  if ((*input)->fakeQuantized && rank == 2 && permutation[0] == 1) {
    defineOutput(transposeFakeQuantized(*(*input)->fakeQuantized));
    return success();
  }
  defineOutput(transposeTensor(**input, permutation));
  return success();
}

LogicalResult Importer::importConcat() {
  if (failed(checkNode({"axis"})))
    return failure();
  if (node->input_size() == 0)
    return error() << "expects one or more inputs";
  SmallVector<Tensor *> inputs;
  for (int i = 0; i < node->input_size(); ++i) {
    FailureOr<Tensor *> input = getInput(i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  FailureOr<int64_t> axisAttr = getInt("axis", 1);
  if (failed(axisAttr))
    return failure();
  if (!findAttribute("axis"))
    return error() << "attribute 'axis' is missing";
  ArrayRef<int64_t> first = inputs.front()->shape;
  FailureOr<int64_t> axis = getAxis(*axisAttr, first.size());
  if (failed(axis))
    return failure();
  bool allConstant = true;
  for (Tensor *input : inputs) {
    Shape shape = input->shape, expected(first);
    if (shape.size() == expected.size())
      shape[*axis] = expected[*axis] = 0;
    if (shape != expected) {
      return error() << "cannot join " << formatShape(first) << " and "
                     << formatShape(input->shape) << " along axis " << *axis;
    }
    allConstant &= input->isConstant();
  }
  if (allConstant) {
    SmallVector<DenseElementsAttr> attrs;
    for (Tensor *input : inputs) {
      if (isF32(input->constant) != isF32(inputs.front()->constant))
        return error() << "the inputs have different element types";
      attrs.push_back(input->constant);
    }
    defineOutput(constantTensor(concatElements(attrs, *axis)));
    return success();
  }
  SmallVector<Value> operands;
  for (Tensor *input : inputs) {
    // An empty constant (a shape's empty tail) adds nothing.
    if (input->shape[*axis] == 0)
      continue;
    FailureOr<Value> operand = toOperand(*input);
    if (failed(operand))
      return failure();
    operands.push_back(*operand);
  }
  defineOutput(builder.create<ConcatOp>(getNodeLoc(), operands, *axis));
  return success();
}

Tensor Importer::sliceTensor(const Tensor &tensor, ArrayRef<int64_t> offsets,
                             ArrayRef<int64_t> sizes,
                             ArrayRef<int64_t> strides) {
  if (llvm::equal(sizes, tensor.shape) &&
      llvm::all_of(offsets, [](int64_t offset) { return offset == 0; }))
    return tensor;
  if (tensor.isConstant()) {
    Shape from = getStrides(tensor.shape);
    return constantTensor(remapElements(
        tensor.constant, sizes, [&](ArrayRef<int64_t> index) {
          int64_t position = 0;
          for (size_t dim = 0; dim < index.size(); ++dim)
            position += (offsets[dim] + index[dim] * strides[dim]) * from[dim];
          return position;
        }));
  }
  Tensor result;
  result.shape.assign(sizes.begin(), sizes.end());
  result.value = builder.create<SliceOp>(getNodeLoc(), tensor.value, offsets,
                                         sizes, strides);
  return result;
}

/// Pad: `pads` (begin values, then end values) as an attribute before opset
/// 11, then an input with an optional `constant_value` input and, from
/// opset 18, an optional `axes` input. Negative pads crop (a slice first).
LogicalResult Importer::importPad() {
  FailureOr<Tensor *> input = checkNodeAndGetInput(opset < 11 ? ArrayRef<StringRef>{"pads", "value", "mode"}
                                  : ArrayRef<StringRef>{"mode"});
  if (failed(input))
    return failure();
  if (failed(checkStringIs("mode", "constant")))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  auto rank = static_cast<int64_t>(shape.size());
  Shape pads;
  float value = 0;
  Shape axes(rank);
  std::iota(axes.begin(), axes.end(), 0);
  if (opset < 11) {
    FailureOr<std::optional<Shape>> attribute = getIntList("pads");
    FailureOr<float> valueAttr = getFloat("value", 0.0f);
    if (failed(attribute) || failed(valueAttr))
      return failure();
    if (!*attribute)
      return error() << "attribute 'pads' is missing";
    pads = **attribute;
    value = *valueAttr;
  } else {
    FailureOr<Shape> values = getIntegerListInput(1, "pads");
    if (failed(values))
      return failure();
    pads = *values;
    if (hasInput(2)) {
      FailureOr<double> constant = getScalarInput(2, "constant_value");
      if (failed(constant))
        return failure();
      value = static_cast<float>(*constant);
    }
    FailureOr<std::optional<Shape>> given = getAxes(3, 18, rank);
    if (failed(given))
      return failure();
    if (*given)
      axes = **given;
  }
  if (pads.size() != 2 * axes.size()) {
    return error() << "expects " << 2 * axes.size() << " pads for "
                   << axes.size() << " axes, got " << pads.size();
  }
  Shape low(rank, 0), high(rank, 0);
  for (auto [index, axis] : llvm::enumerate(axes)) {
    low[axis] = pads[index];
    high[axis] = pads[index + axes.size()];
  }
  // Negative pads remove elements: a slice of what is kept.
  Shape offsets(rank, 0), sizes(shape), strides(rank, 1);
  for (int64_t dim = 0; dim < rank; ++dim) {
    int64_t crop = -std::min<int64_t>(low[dim], 0) -
                   std::min<int64_t>(high[dim], 0);
    if (crop >= shape[dim]) {
      return error() << "the pads remove all of dimension " << dim << " of "
                     << formatShape(shape);
    }
    offsets[dim] = -std::min<int64_t>(low[dim], 0);
    sizes[dim] -= crop;
    low[dim] = std::max<int64_t>(low[dim], 0);
    high[dim] = std::max<int64_t>(high[dim], 0);
  }
  Tensor cropped = sliceTensor(**input, offsets, sizes, strides);
  if (cropped.isConstant()) {
    Shape padded, from = getStrides(sizes);
    for (int64_t dim = 0; dim < rank; ++dim)
      padded.push_back(sizes[dim] + low[dim] + high[dim]);
    defineOutput(constantTensor(remapElements(
        cropped.constant, padded,
        [&](ArrayRef<int64_t> index) -> int64_t {
          int64_t position = 0;
          for (int64_t dim = 0; dim < rank; ++dim) {
            int64_t at = index[dim] - low[dim];
            if (at < 0 || at >= sizes[dim])
              return -1;
            position += at * from[dim];
          }
          return position;
        },
        value)));
    return success();
  }
  if (llvm::all_of(llvm::concat<int64_t>(low, high),
                   [](int64_t pad) { return pad == 0; })) {
    defineOutput(std::move(cropped));
    return success();
  }
  defineOutput(builder.create<PadOp>(getNodeLoc(), cropped.value, low, high,
                                     APFloat(value)));
  return success();
}

/// Expand: ONNX broadcasting of the input with the shape input; a constant
/// folds, a tensor is upsampled along its dimensions of size 1.
LogicalResult Importer::importExpand() {
  FailureOr<Tensor *> input = checkNodeAndGetInput({});
  if (failed(input))
    return failure();
  FailureOr<Shape> target = getShapeInput(1, "shape");
  if (failed(target))
    return failure();
  std::optional<Shape> shape = broadcastShapes((*input)->shape, *target);
  if (!shape || llvm::is_contained(*shape, 0)) {
    return error() << "cannot expand " << formatShape((*input)->shape)
                   << " to " << formatShape(*target);
  }
  if ((*input)->isConstant()) {
    defineOutput(
        constantTensor(broadcastElements((*input)->constant, *shape)));
    return success();
  }
  FailureOr<Value> expanded = broadcastOperand(**input, *shape);
  if (failed(expanded))
    return failure();
  defineOutput(*expanded);
  return success();
}

/// DepthToSpace (DCR and, from opset 11, CRD) and SpaceToDepth: a reshape
/// to 6-D, a transpose and a reshape to 4-D, as ONNX defines them.
LogicalResult Importer::importDepthToSpace() {
  FailureOr<Tensor *> input = checkNodeAndGetInput({"blocksize", "mode"});
  if (failed(input))
    return failure();
  FailureOr<int64_t> blockSize = getInt("blocksize", 0);
  FailureOr<std::string> mode = getString("mode", "DCR");
  if (failed(blockSize) || failed(mode))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  if (shape.size() != 4)
    return error() << "expects a 4-D input, got " << formatShape(shape);
  int64_t b = *blockSize;
  if (b <= 0 || b > shape[1] || shape[1] % (b * b) != 0) {
    return error() << "blocksize " << b << " does not divide the "
                   << shape[1] << " channels into blocks";
  }
  if (*mode != "DCR" && *mode != "CRD")
    return error() << "mode '" << *mode << "' is not DCR or CRD";
  int64_t n = shape[0], c = shape[1] / (b * b), h = shape[2], w = shape[3];
  bool isDCR = *mode == "DCR";
  Shape blocks = isDCR ? Shape{n, b, b, c, h, w} : Shape{n, c, b, b, h, w};
  Shape permutation =
      isDCR ? Shape{0, 3, 4, 1, 5, 2} : Shape{0, 1, 4, 2, 5, 3};
  Tensor moved =
      transposeTensor(reshapeTensor(**input, blocks), permutation);
  defineOutput(reshapeTensor(moved, {n, c, h * b, w * b}));
  return success();
}

LogicalResult Importer::importSpaceToDepth() {
  FailureOr<Tensor *> input = checkNodeAndGetInput({"blocksize"});
  if (failed(input))
    return failure();
  FailureOr<int64_t> blockSize = getInt("blocksize", 0);
  if (failed(blockSize))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  if (shape.size() != 4)
    return error() << "expects a 4-D input, got " << formatShape(shape);
  int64_t b = *blockSize;
  if (b <= 0 || shape[2] % b != 0 || shape[3] % b != 0) {
    return error() << "blocksize " << b << " does not divide the spatial "
                   << "size " << shape[2] << "x" << shape[3];
  }
  int64_t n = shape[0], c = shape[1], h = shape[2] / b, w = shape[3] / b;
  Tensor moved = transposeTensor(reshapeTensor(**input, {n, c, h, b, w, b}),
                                 {0, 3, 5, 1, 2, 4});
  defineOutput(reshapeTensor(moved, {n, c * b * b, h, w}));
  return success();
}

/// Slice: starts, ends and axes as attributes before opset 10, then inputs
/// with optional axes and steps. Bounds are clamped as ONNX says; a tensor
/// computed at run time needs positive steps, a constant any.
LogicalResult Importer::importSlice() {
  FailureOr<Tensor *> input = checkNodeAndGetInput(opset < 10
                           ? ArrayRef<StringRef>{"starts", "ends", "axes"}
                           : ArrayRef<StringRef>{});
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  auto rank = static_cast<int64_t>(shape.size());
  Shape starts, ends, steps;
  std::optional<Shape> axes;
  if (opset < 10) {
    FailureOr<std::optional<Shape>> startsAttr = getIntList("starts");
    FailureOr<std::optional<Shape>> endsAttr = getIntList("ends");
    if (failed(startsAttr) || failed(endsAttr))
      return failure();
    if (!*startsAttr || !*endsAttr)
      return error() << "attributes 'starts' and 'ends' are required";
    starts = **startsAttr;
    ends = **endsAttr;
  } else {
    FailureOr<Shape> startsInput = getIntegerListInput(1, "starts");
    if (failed(startsInput))
      return failure();
    FailureOr<Shape> endsInput = getIntegerListInput(2, "ends");
    if (failed(endsInput))
      return failure();
    starts = *startsInput;
    ends = *endsInput;
    if (hasInput(4)) {
      FailureOr<Shape> stepsInput = getIntegerListInput(4, "steps");
      if (failed(stepsInput))
        return failure();
      steps = *stepsInput;
    }
  }
  FailureOr<std::optional<Shape>> given = getAxes(3, 10, rank);
  if (failed(given))
    return failure();
  axes = *given;
  if (!axes) {
    axes.emplace(starts.size());
    std::iota(axes->begin(), axes->end(), 0);
  }
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (starts.size() != axes->size() || ends.size() != axes->size() ||
      steps.size() != axes->size()) {
    return error() << "starts, ends, axes and steps have different lengths";
  }
  Shape offsets(rank, 0), sizes(shape), strides(rank, 1);
  bool reversed = false;
  for (auto [axis, start, end, step] :
       llvm::zip_equal(*axes, starts, ends, steps)) {
    int64_t size = shape[axis];
    if (step == 0)
      return error() << "a step is 0";
    // ONNX's clamping: negative values count from the end; a positive step
    // clamps to [0, size], a negative one to [-1, size - 1].
    auto clampBound = [&](int64_t value, int64_t low, int64_t high) {
      if (value < 0)
        value = value < -size ? -size - 1 : value + size;
      return std::clamp<int64_t>(value, low, high);
    };
    int64_t first = step > 0 ? clampBound(start, 0, size)
                             : clampBound(start, 0, size - 1);
    int64_t last = step > 0 ? clampBound(end, 0, size)
                            : clampBound(end, -1, size - 1);
    // Written so that no step (INT64_MIN included) overflows.
    int64_t magnitude = step > 0 ? step
                        : step == std::numeric_limits<int64_t>::min()
                            ? std::numeric_limits<int64_t>::max()
                            : -step;
    int64_t span = step > 0 ? last - first : first - last;
    int64_t count = span > 0 ? (span - 1) / magnitude + 1 : 0;
    offsets[axis] = first;
    sizes[axis] = count;
    strides[axis] = step;
    reversed |= step < 0;
  }
  if ((*input)->isConstant()) {
    // Any steps on a constant (and empty results, as in shape tails).
    Shape from = getStrides(shape);
    defineOutput(constantTensor(remapElements(
        (*input)->constant, sizes, [&](ArrayRef<int64_t> index) {
          int64_t position = 0;
          for (int64_t dim = 0; dim < rank; ++dim)
            position += (offsets[dim] + index[dim] * strides[dim]) * from[dim];
          return position;
        })));
    return success();
  }
  if (reversed) {
    return error() << "negative steps on a tensor computed at run time are "
                      "not supported";
  }
  if (llvm::is_contained(sizes, 0))
    return error() << "the slice is empty";
  defineOutput(sliceTensor(**input, offsets, sizes, strides));
  return success();
}

/// Split: sizes as an attribute before opset 13, an input from 13; without
/// them, equal parts (opset 18's num_outputs, or one per output).
LogicalResult Importer::importSplit() {
  FailureOr<Tensor *> input = checkNodeAndGetInput(
          opset < 13 ? ArrayRef<StringRef>{"axis", "split"}
                     : ArrayRef<StringRef>{"axis", "num_outputs"},
          node->output_size());
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  FailureOr<int64_t> axisAttr = getInt("axis", 0);
  if (failed(axisAttr))
    return failure();
  FailureOr<int64_t> axis = getAxis(*axisAttr, shape.size());
  if (failed(axis))
    return failure();
  int64_t outputs = node->output_size();
  Shape parts;
  if (opset < 13) {
    FailureOr<std::optional<Shape>> split = getIntList("split");
    if (failed(split))
      return failure();
    if (*split)
      parts = **split;
  } else if (hasInput(1)) {
    FailureOr<Shape> values = getIntegerListInput(1, "split");
    if (failed(values))
      return failure();
    parts = *values;
  }
  int64_t size = shape[*axis];
  if (parts.empty()) {
    FailureOr<int64_t> count = getInt("num_outputs", outputs);
    if (failed(count))
      return failure();
    if (*count != outputs || outputs <= 0)
      return error() << "num_outputs " << *count << " but " << outputs
                     << " outputs";
    // Equal parts; from opset 18 the last may be smaller.
    int64_t part = (size + outputs - 1) / outputs;
    for (int64_t i = 0; i < outputs; ++i)
      parts.push_back(std::min(part, size - i * part));
  }
  if (static_cast<int64_t>(parts.size()) != outputs ||
      llvm::any_of(parts, [](int64_t part) { return part <= 0; }) ||
      std::accumulate(parts.begin(), parts.end(), int64_t(0)) != size) {
    return error() << "cannot split dimension " << *axis << " of "
                   << formatShape(shape) << " into " << outputs
                   << " non-empty parts";
  }
  auto rank = static_cast<int64_t>(shape.size());
  int64_t offset = 0;
  for (auto [index, part] : llvm::enumerate(parts)) {
    Shape offsets(rank, 0), sizes(shape), strides(rank, 1);
    offsets[*axis] = offset;
    sizes[*axis] = part;
    offset += part;
    Tensor piece = sliceTensor(**input, offsets, sizes, strides);
    if (node->output(index).empty())
      continue;
    piece.name = node->output(index);
    addTensor(std::move(piece));
  }
  return success();
}

/// The source index of output index `out` along an axis of `size` upsampled
/// by the integer `scale`, by ONNX Resize's coordinate transformation and
/// nearest rounding; nullopt for an unknown mode.
static std::optional<int64_t> getNearestSource(StringRef transformation,
                                               StringRef rounding, int64_t out,
                                               int64_t size, int64_t scale) {
  double x = static_cast<double>(out), s = static_cast<double>(scale);
  int64_t outSize = size * scale;
  double original;
  if (transformation == "half_pixel" ||
      transformation == "half_pixel_symmetric")
    original = (x + 0.5) / s - 0.5;
  else if (transformation == "pytorch_half_pixel")
    original = outSize > 1 ? (x + 0.5) / s - 0.5 : 0;
  else if (transformation == "asymmetric")
    original = x / s;
  else if (transformation == "tf_half_pixel_for_nn")
    original = (x + 0.5) / s;
  else if (transformation == "align_corners")
    original = outSize > 1 ? x * (size - 1) / (outSize - 1) : 0;
  else
    return std::nullopt;
  double rounded;
  double fraction = original - std::floor(original);
  if (rounding == "round_prefer_floor")
    rounded = fraction == 0.5 ? std::floor(original) : std::round(original);
  else if (rounding == "round_prefer_ceil")
    rounded = fraction == 0.5 ? std::ceil(original) : std::round(original);
  else if (rounding == "floor")
    rounded = std::floor(original);
  else if (rounding == "ceil")
    rounded = std::ceil(original);
  else
    return std::nullopt;
  return std::clamp<int64_t>(static_cast<int64_t>(rounded), 0, size - 1);
}

/// Resize (opset 10: X, scales; 11+: X, roi, scales, sizes) and Upsample
/// (opset 7: a scales attribute; 9: an input) in nearest mode with integer
/// scales, where the coordinate transformation and rounding pick source
/// index floor(i / scale), which the importer checks index by index:
/// Upsample and opset 10's Resize, asymmetric with floor, and the half-pixel
/// modes with round_prefer_floor or round_prefer_ceil do (docs/onnx-import.md
/// lists which do not).
LogicalResult Importer::importResize() {
  bool isUpsample = node->op_type() == "Upsample";
  SmallVector<StringRef> known = {"mode"};
  if (isUpsample && opset < 9)
    known.push_back("scales");
  if (!isUpsample && opset >= 11)
    known.append({"coordinate_transformation_mode", "nearest_mode",
                  "cubic_coeff_a", "exclude_outside", "extrapolation_value"});
  if (!isUpsample && opset >= 18)
    known.append({"antialias", "axes", "keep_aspect_ratio_policy"});
  FailureOr<Tensor *> input = checkNodeAndGetInput(known);
  if (failed(input))
    return failure();
  ArrayRef<int64_t> shape = (*input)->shape;
  auto rank = static_cast<int64_t>(shape.size());
  if (failed(checkStringIs("mode", "nearest")))
    return failure();
  // Resize from opset 11 picks its defaults: half_pixel and
  // round_prefer_floor; Upsample and opset 10's Resize are asymmetric with
  // floor.
  bool isModern = !isUpsample && opset >= 11;
  FailureOr<std::string> transformation = getString(
      "coordinate_transformation_mode", isModern ? "half_pixel" : "asymmetric");
  FailureOr<std::string> rounding =
      getString("nearest_mode", isModern ? "round_prefer_floor" : "floor");
  FailureOr<int64_t> antialias = getInt("antialias", 0);
  FailureOr<std::optional<Shape>> axesAttr = getIntList("axes");
  if (failed(transformation) || failed(rounding) || failed(antialias) ||
      failed(axesAttr) ||
      failed(checkStringIs("keep_aspect_ratio_policy", "stretch")))
    return failure();
  if (*transformation == "tf_crop_and_resize")
    return error() << "coordinate_transformation_mode 'tf_crop_and_resize' is "
                      "not supported";
  Shape axes(rank);
  std::iota(axes.begin(), axes.end(), 0);
  if (*axesAttr) {
    axes = **axesAttr;
    for (int64_t &axis : axes) {
      FailureOr<int64_t> normalized = getAxis(axis, rank);
      if (failed(normalized))
        return failure();
      axis = *normalized;
    }
  }

  // The scales per axis, from floats (a scales attribute or input) or from
  // the sizes input; both must give integers.
  SmallVector<double> factors;
  if (isUpsample && opset < 9) {
    auto attribute = findTypedAttribute("scales", onnx::AttributeProto::FLOATS,
                                        "a list of floats");
    if (failed(attribute))
      return failure();
    if (!*attribute)
      return error() << "attribute 'scales' is missing";
    factors.assign((*attribute)->floats().begin(), (*attribute)->floats().end());
  } else {
    int scalesIndex = isModern ? 2 : 1;
    if (hasInput(scalesIndex)) {
      FailureOr<DenseElementsAttr> attr =
          getConstantInput(scalesIndex, "scales");
      if (failed(attr))
        return failure();
      factors = getDoubles(*attr);
    }
    if (isModern && hasInput(3)) {
      if (!factors.empty())
        return error() << "takes scales or sizes, not both";
      FailureOr<Shape> sizes = getShapeInput(3, "sizes");
      if (failed(sizes))
        return failure();
      if (sizes->size() != axes.size()) {
        return error() << "expects " << axes.size() << " sizes, got "
                       << sizes->size();
      }
      for (auto [axis, size] : llvm::zip_equal(axes, *sizes))
        factors.push_back(static_cast<double>(size) / shape[axis]);
    }
    if (factors.empty())
      return error() << "neither scales nor sizes are given";
  }
  if (factors.size() != axes.size()) {
    return error() << "expects " << axes.size() << " scales, got "
                   << factors.size();
  }
  Shape scales(rank, 1);
  for (auto [axis, factor] : llvm::zip_equal(axes, factors)) {
    if (!(factor >= 1) || factor != std::floor(factor) || factor > 1e6) {
      return error() << "scale " << formatNumber(factor) << " along axis "
                     << axis
                     << " is not supported (only integer upsampling)";
    }
    scales[axis] = static_cast<int64_t>(factor);
  }
  for (int64_t dim = 0; dim < rank; ++dim) {
    for (int64_t out = 0; out < shape[dim] * scales[dim]; ++out) {
      std::optional<int64_t> source = getNearestSource(
          *transformation, *rounding, out, shape[dim], scales[dim]);
      if (!source) {
        return error() << "coordinate_transformation_mode '" << *transformation
                       << "' with nearest_mode '" << *rounding
                       << "' is not supported";
      }
      if (*source != out / scales[dim]) {
        return error() << "coordinate_transformation_mode '" << *transformation
                       << "' with nearest_mode '" << *rounding
                       << "' and scale " << scales[dim]
                       << " is not supported (it does not repeat each "
                          "element)";
      }
    }
  }
  FailureOr<Value> operand = toOperand(**input);
  if (failed(operand))
    return failure();
  if (llvm::all_of(scales, [](int64_t scale) { return scale == 1; })) {
    defineOutputAlias(*input);
    return success();
  }
  defineOutput(
      builder.create<UpsampleNearestOp>(getNodeLoc(), *operand, scales));
  return success();
}
