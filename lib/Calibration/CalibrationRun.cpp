//===- CalibrationRun.cpp - run a model over calibration inputs -*- C++ -*-===//
//
// The tapping copy returns one N x F tensor: the tapped values, each
// flattened (or pooled) per sample, side by side along F.
//
//===----------------------------------------------------------------------===//

#include "qnn/Calibration/CalibrationRun.h"

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Pipelines/Pipelines.h"
#include "qnn/Support/Format.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"

#include <algorithm>
#include <cstring>

using namespace mlir;
using namespace mlir::qnn;

static std::string formatShape(ArrayRef<int64_t> shape) {
  return "(" + formatInts(shape, ", ") + ")";
}

void CalibrationRun::getDependentDialects(DialectRegistry &registry) {
  registry.insert<tensor::TensorDialect>();
  OpPassManager pipeline(ModuleOp::getOperationName());
  buildLowerToLLVMPipeline(pipeline, LowerToLLVMOptions());
  pipeline.getDependentDialects(registry);
}

FailureOr<std::unique_ptr<CalibrationRun>>
CalibrationRun::create(ModuleOp module, StringRef entry,
                       const TapSelector &selectTaps, TapKind kind) {
  OwningOpRef<ModuleOp> copy = module.clone();
  auto function = copy->lookupSymbol<func::FuncOp>(entry);
  if (!function)
    return module.emitError() << "no entry function '@" << entry << "'";
  SmallVector<Value> taps = selectTaps(function);

  auto returnOp =
      cast<func::ReturnOp>(function.getBody().front().getTerminator());
  OpBuilder b(returnOp);
  Location loc = function.getLoc();
  Type f32 = b.getF32Type();
  auto run = std::unique_ptr<CalibrationRun>(new CalibrationRun());
  SmallVector<Value> vectors;
  int64_t total = 0, batch = 0;
  for (Value value : taps) {
    auto type = cast<RankedTensorType>(value.getType());
    batch = type.getDimSize(0);
    if (type.getRank() == 4 && kind == TapKind::Pooled) {
      auto pooledType =
          RankedTensorType::get({batch, type.getDimSize(1), 1, 1}, f32);
      value = b.create<GlobalAvgPoolOp>(loc, pooledType, value);
      type = pooledType;
    }
    if (type.getRank() != 2)
      value = b.create<FlattenOp>(
          loc,
          RankedTensorType::get({batch, type.getNumElements() / batch}, f32),
          value, b.getI64IntegerAttr(1));
    int64_t size = cast<RankedTensorType>(value.getType()).getDimSize(1);
    run->tapOffsets.push_back(total);
    run->tapSizes.push_back(size);
    vectors.push_back(value);
    total += size;
  }
  Value all =
      b.create<tensor::EmptyOp>(loc, ArrayRef<int64_t>{batch, total}, f32);
  for (auto [vector, offset, size] :
       llvm::zip(vectors, run->tapOffsets, run->tapSizes))
    all = b.create<tensor::InsertSliceOp>(
        loc, vector, all,
        ArrayRef<OpFoldResult>{b.getIndexAttr(0), b.getIndexAttr(offset)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(batch), b.getIndexAttr(size)},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
  returnOp->setOperands(all);
  function.setFunctionType(b.getFunctionType(
      function.getFunctionType().getInputs(), {all.getType()}));

  auto model = JitModel::compile(*copy, entry);
  if (failed(model))
    return failure();
  run->model = std::move(*model);
  return run;
}

FailureOr<int64_t> CalibrationRun::checkInputs(ModuleOp module, StringRef path,
                                               const NumpyArray &inputs) const {
  if (!inputs.isFloat32())
    return module.emitError() << path << ": inputs must be float32, got '"
                              << inputs.dtype << "'";
  ArrayRef<int64_t> sampleShape = model->getInputShape().drop_front();
  ArrayRef<int64_t> given = inputs.shape;
  if (given.empty() || given.drop_front() != sampleShape)
    return module.emitError()
           << path << ": samples must have the model's per-sample shape "
           << formatShape(sampleShape) << ", got "
           << formatShape(given.empty() ? given : given.drop_front());
  return given[0];
}

LogicalResult CalibrationRun::run(ModuleOp module, const NumpyArray &inputs,
                                  int64_t samples,
                                  const SampleConsumer &consume) {
  int64_t batch = model->getInputShape()[0];
  int64_t sampleSize = model->getInputSize() / batch;
  int64_t rowSize = model->getOutputSize() / batch;
  std::vector<float> batchInput(model->getInputSize());
  std::vector<float> batchOutput(model->getOutputSize());
  const float *data = inputs.asFloats().data();
  SmallVector<ArrayRef<float>> taps(tapOffsets.size());
  for (int64_t first = 0; first < samples; first += batch) {
    int64_t count = std::min(batch, samples - first);
    std::fill(batchInput.begin(), batchInput.end(), 0.0f);
    std::memcpy(batchInput.data(), data + first * sampleSize,
                count * sampleSize * sizeof(float));
    if (llvm::Error error = model->run(batchInput.data(), batchOutput.data()))
      return module.emitError()
             << "calibration run failed: " << llvm::toString(std::move(error));
    for (int64_t row = 0; row < count; ++row) {
      ArrayRef<float> rowData(batchOutput.data() + row * rowSize, rowSize);
      for (size_t tap = 0; tap < taps.size(); ++tap)
        taps[tap] = rowData.slice(tapOffsets[tap], tapSizes[tap]);
      consume(first + row, taps);
    }
  }
  return success();
}
