//===- KernelsToLoops.cpp - kernel-level qnn ops to loops -------*- C++ -*-===//
//
// Implements convert-qnn-kernels-to-loops: qnn.im2col and qnn.pack_bits on
// memrefs become scf loops over vector and arith ops here; the matmuls
// (LowerBitSerialMatmul.cpp, LowerDotMatmul.cpp, LowerFmaMatmul.cpp) become
// register-tiled micro-kernels.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/KernelsToLoops/KernelsToLoops.h"
#include "KernelBuilder.h"
#include "LowerBitSerialMatmul.h"
#include "LowerDotMatmul.h"
#include "LowerFmaMatmul.h"
#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Utils/BitPlanes.h"
#include "qnn/Dialect/QNN/Utils/Window.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace mlir::qnn {
#define GEN_PASS_DEF_CONVERTQNNKERNELSTOLOOPS
#include "qnn/Conversion/KernelsToLoops/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

bool hasUnitInnermostStride(Value memref) {
  return isLastMemrefDimUnitStride(cast<MemRefType>(memref.getType()));
}

/// Why the memref-form kernel op `op` cannot be lowered, or nothing.
std::optional<std::string> whyNotLowerable(Operation *op, int64_t lanes) {
  if (auto matmul = dyn_cast<BitSerialMatmulOp>(op)) {
    // The panel loop always reads rhs as vectors.
    bool panels = cast<MemRefType>(matmul.getRhs().getType()).getRank() == 4;
    if ((lanes > 1 || panels) && (!hasUnitInnermostStride(matmul.getLhs()) ||
                                  !hasUnitInnermostStride(matmul.getRhs())))
      return std::string("needs lhs and rhs with a unit innermost stride to "
                         "load vectors");
  } else if (auto pack = dyn_cast<PackBitsOp>(op)) {
    if (!hasUnitInnermostStride(pack.getInput()))
      return std::string(
          "needs an input with a unit innermost stride to load vectors");
  } else if (isa<DotMatmulOp, FmaMatmulOp>(op)) {
    return whyNotUnitInnermostStrides(op);
  } else if (auto im2col = dyn_cast<Im2ColOp>(op)) {
    Type element =
        cast<MemRefType>(im2col.getInput().getType()).getElementType();
    double value = im2col.getPaddingValue().convertToDouble();
    if (!isa<FloatType>(element) &&
        !(isa<IntegerType>(element) && value == std::trunc(value))) {
      std::string reason;
      llvm::raw_string_ostream os(reason);
      os << "cannot represent padding value " << llvm::format("%g", value)
         << " as " << element;
      return reason;
    }
  }
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// qnn.pack_bits
//===----------------------------------------------------------------------===//

/// Emits the loops of one memref-form qnn.pack_bits: per row and per word, 64
/// codes are loaded as one vector, and each plane's word is the bitcast of
/// a vector<64xi1> of code bits, so words are built in registers and stored
/// once.
class PackBitsEmitter : KernelBuilder {
public:
  PackBitsEmitter(RewriterBase &b, PackBitsOp op) : KernelBuilder(b, op), op(op) {}

  void emit() {
    auto inputShape = cast<MemRefType>(op.getInput().getType()).getShape();
    auto initType = cast<MemRefType>(op.getInit().getType());
    int64_t rows = inputShape[0];
    if (initType.getRank() == 3) {
      forEachStart(0, rows, 1, [&](Value row) {
        packRow(row, [&](Value word) { return SmallVector<Value>{row, word}; });
      });
      return;
    }
    // Panels: rows p * width + j go to [p][word][j]; the rows of the last
    // panel past the input are zero words.
    int64_t width = initType.getDimSize(3);
    auto packPanel = [&](Value panel, int64_t validRows) {
      for (int64_t lane = 0; lane < width; ++lane) {
        auto destination = [&](Value word) {
          return SmallVector<Value>{panel, word, index(lane)};
        };
        if (lane < validRows)
          packRow(affineIndex({{width, panel}}, lane), destination);
        else
          zeroRow(destination);
      }
    };
    forEachStart(0, rows / width, 1,
                 [&](Value panel) { packPanel(panel, width); });
    if (rows % width != 0)
      packPanel(index(rows / width), rows % width);
  }

private:
  /// Where word `word` of a plane of the current row goes, after the plane
  /// index.
  using Destination = function_ref<SmallVector<Value>(Value word)>;

  /// Packs the codes of input row `row`, word by word.
  void packRow(Value row, Destination destination) {
    int64_t reduction = cast<MemRefType>(op.getInput().getType()).getDimSize(1);
    int64_t fullWords = reduction / kPlaneWordBits;
    forEachStart(0, fullWords, 1, [&](Value word) {
      packWord(row, affineIndex({{kPlaneWordBits, word}}), destination(word),
               kPlaneWordBits);
    });
    if (int64_t rest = reduction - fullWords * kPlaneWordBits)
      packWord(row, index(fullWords * kPlaneWordBits),
               destination(index(fullWords)), rest);
  }

  /// Stores zero words in every plane of a padding row.
  void zeroRow(Destination destination) {
    auto initType = cast<MemRefType>(op.getInit().getType());
    Value zero = integer(b.getI64Type(), 0);
    forEachStart(0, initType.getDimSize(2), 1, [&](Value word) {
      for (int64_t plane = 0; plane < initType.getDimSize(0); ++plane) {
        SmallVector<Value> indices = {index(plane)};
        llvm::append_range(indices, destination(word));
        b.create<memref::StoreOp>(loc, zero, op.getInit(), indices);
      }
    });
  }

private:
  /// Stores bit t of the codes input[row][first, first + valid) in plane t
  /// at `destination` (the indices after the plane's), with 0 in the bits
  /// past `valid`.
  void packWord(Value row, Value first, ArrayRef<Value> destination,
                int64_t valid) {
    Type element = cast<MemRefType>(op.getInput().getType()).getElementType();
    auto codesType = VectorType::get({kPlaneWordBits}, element);
    Value mask =
        valid < kPlaneWordBits ? prefixMask(kPlaneWordBits, valid) : Value();
    SmallVector<Value> indices = {row, first};
    Value codes =
        mask ? b.create<vector::MaskedLoadOp>(loc, codesType, op.getInput(),
                                              indices, mask,
                                              integer(codesType, 0))
                   .getResult()
             : b.create<vector::LoadOp>(loc, codesType, op.getInput(), indices)
                   .getResult();

    SmallVector<Value> planeBits;
    int64_t planes = cast<MemRefType>(op.getInit().getType()).getDimSize(0);
    if (op.getEncoding() == Encoding::Bipolar) {
      // Plane 0 holds 1 for +1.
      planeBits.push_back(b.create<arith::CmpIOp>(
          loc, arith::CmpIPredicate::sgt, codes, integer(codesType, 0)));
    } else {
      // Bit t of the stored code is bit t of the k-bit code (two's
      // complement for signed codes).
      for (int64_t t = 0; t < planes; ++t) {
        Value bit = b.create<arith::AndIOp>(
            loc, codes, integer(codesType, int64_t(1) << t));
        planeBits.push_back(b.create<arith::CmpIOp>(
            loc, arith::CmpIPredicate::ne, bit, integer(codesType, 0)));
      }
    }

    auto wordType = VectorType::get({1}, b.getI64Type());
    for (auto [plane, bits] : llvm::enumerate(planeBits)) {
      if (mask)
        bits = b.create<arith::AndIOp>(loc, bits, mask);
      // Lane i of the i1 vector becomes bit i of the word.
      Value packed = b.create<vector::ExtractOp>(
          loc, b.create<vector::BitCastOp>(loc, wordType, bits),
          ArrayRef<int64_t>{0});
      SmallVector<Value> indices = {index(plane)};
      llvm::append_range(indices, destination);
      b.create<memref::StoreOp>(loc, packed, op.getInit(), indices);
    }
  }

  PackBitsOp op;
};

//===----------------------------------------------------------------------===//
// qnn.im2col
//===----------------------------------------------------------------------===//

/// Emits the loops of one memref-form qnn.im2col: per output pixel and
/// window position, C consecutive columns are copied from the input's
/// channels (consecutive too when the input is channels-last) or filled
/// with the padding value.
class Im2ColEmitter : KernelBuilder {
public:
  Im2ColEmitter(RewriterBase &b, Im2ColOp op) : KernelBuilder(b, op), op(op) {}

  void emit() {
    auto inputType = cast<MemRefType>(op.getInput().getType());
    Type element = inputType.getElementType();
    double paddingValue = op.getPaddingValue().convertToDouble();
    TypedAttr padding = isa<FloatType>(element)
                            ? TypedAttr(b.getFloatAttr(element, paddingValue))
                            : TypedAttr(b.getIntegerAttr(
                                  element, static_cast<int64_t>(paddingValue)));
    auto input = inputType.getShape();
    bool channelsLast = op.getChannelsLast();
    int64_t batch = input[0], channels = input[channelsLast ? 3 : 1],
            height = input[channelsLast ? 1 : 2],
            width = input[channelsLast ? 2 : 3];
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      pads = op.getPadding(), dilations = op.getDilations();
    int64_t outHeight = getWindowOutputSize(height, kernel[0], strides[0],
                                            dilations[0], pads[0], pads[2]);
    int64_t outWidth = getWindowOutputSize(width, kernel[1], strides[1],
                                           dilations[1], pads[1], pads[3]);

    forEachStart(0, batch, 1, [&](Value n) {
      forEachStart(0, outHeight, 1, [&](Value oh) {
        forEachStart(0, outWidth, 1, [&](Value ow) {
          Value row =
              affineIndex({{outHeight * outWidth, n}, {outWidth, oh}, {1, ow}});
          forEachStart(0, kernel[0], 1, [&](Value kh) {
            // getWindowInputIndex, built as index arithmetic.
            Value ih =
                affineIndex({{strides[0], oh}, {dilations[0], kh}}, -pads[0]);
            // Without padding along an axis every window lies inside it; a
            // null condition stands for "always inside".
            Value rowInside =
                pads[0] == 0 && pads[2] == 0 ? Value() : inRange(ih, height);
            forEachStart(0, kernel[1], 1, [&](Value kw) {
              Value iw =
                  affineIndex({{strides[1], ow}, {dilations[1], kw}}, -pads[1]);
              Value colInside =
                  pads[1] == 0 && pads[3] == 0 ? Value() : inRange(iw, width);
              Value inside = both(rowInside, colInside);
              Value firstCol =
                  affineIndex({{kernel[1] * channels, kh}, {channels, kw}});
              auto fill = [&](function_ref<Value(Value)> valueAt) {
                forEachStart(0, channels, 1, [&](Value c) {
                  // One statement each: the order of the ops must not be
                  // the compiler's order of evaluating arguments (GCC and
                  // clang differ, and the tests check the order).
                  Value col = affineIndex({{1, firstCol}, {1, c}});
                  Value value = valueAt(c);
                  b.create<memref::StoreOp>(loc, value, op.getInit(),
                                            ValueRange{row, col});
                });
              };
              auto copy = [&](Value c) -> Value {
                SmallVector<Value, 4> indices = {n, c, ih, iw};
                if (channelsLast)
                  indices = {n, ih, iw, c};
                return b.create<memref::LoadOp>(loc, op.getInput(), indices);
              };
              auto pad = [&](Value) { return constant(padding); };
              if (!inside)
                return fill(copy);
              auto ifOp =
                  b.create<scf::IfOp>(loc, inside, /*withElseRegion=*/true);
              OpBuilder::InsertionGuard guard(b);
              b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
              fill(copy);
              b.setInsertionPoint(ifOp.elseBlock()->getTerminator());
              fill(pad);
            });
          });
        });
      });
    });
  }

private:
  /// 0 <= value < size.
  Value inRange(Value value, int64_t size) {
    Value nonNegative = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge,
                                                value, index(0));
    Value below = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, value,
                                          index(size));
    return b.create<arith::AndIOp>(loc, nonNegative, below);
  }

  /// Both conditions; null stands for true.
  Value both(Value lhs, Value rhs) {
    if (!lhs || !rhs)
      return lhs ? lhs : rhs;
    return b.create<arith::AndIOp>(loc, lhs, rhs);
  }

  Im2ColOp op;
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Lowers a memref-form kernel op to loops with `lower`, or says why it
/// cannot; a kernel op still on tensors is legal and left alone.
template <typename KernelOp>
struct LowerKernel : OpConversionPattern<KernelOp> {
  using Lowering = std::function<void(RewriterBase &, KernelOp)>;
  LowerKernel(MLIRContext *context, int64_t lanes, Lowering lower)
      : OpConversionPattern<KernelOp>(context), lanes(lanes),
        lower(std::move(lower)) {}

  LogicalResult
  matchAndRewrite(KernelOp op, typename KernelOp::Adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (std::optional<std::string> reason = whyNotLowerable(op, lanes))
      return op.emitOpError() << *reason;
    lower(rewriter, op);
    rewriter.eraseOp(op);
    return success();
  }

  int64_t lanes;
  Lowering lower;
};

struct ConvertQNNKernelsToLoopsPass
    : qnn::impl::ConvertQNNKernelsToLoopsBase<ConvertQNNKernelsToLoopsPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    // A bad option is a diagnostic, never an assertion in the emitters.
    if (!llvm::is_contained({0, 1, 2, 4, 8}, lanes))
      return emitError(UnknownLoc::get(context))
             << getArgument()
             << ": lanes must be 0 (the target's), 1, 2, 4 or 8, got "
             << int64_t(lanes);
    for (auto [name, value] :
         {std::pair<StringRef, int64_t>{"row-tile", rowTile},
          std::pair<StringRef, int64_t>{"col-tile", colTile}})
      if (value < 0 || value > kMaxTile)
        return emitError(UnknownLoc::get(context))
               << getArgument() << ": " << name
               << " must be 0 (chosen) or 1 to 8, got " << value;
    if (registerBudget < 0 || registerBudget > 64)
      return emitError(UnknownLoc::get(context))
             << getArgument()
             << ": register-budget must be 0 (chosen from lanes) or 1 to 64, "
                "got "
             << int64_t(registerBudget);
    return success();
  }

  /// The tiling from the options, or with lanes 0 from the module's
  /// #qnn.target (the host's when it has none).
  KernelTiling getTiling() {
    KernelTiling tiling;
    tiling.lanes = lanes;
    tiling.rowTile = rowTile;
    tiling.colTile = colTile;
    int64_t budget = registerBudget;
    if (lanes == 0) {
      auto module = getOperation()->getParentOfType<ModuleOp>();
      TargetAttr target =
          module ? module->getAttrOfType<TargetAttr>(QNNDialect::kTargetAttrName)
                 : TargetAttr();
      if (!target)
        target = TargetAttr::getHost(&getContext());
      tiling.lanes = target.getPopcountLanes();
      if (budget == 0)
        budget = target.getRegisterBudget();
    }
    tiling.registerBudget =
        budget != 0 ? budget : KernelTiling::getDefaultRegisterBudget(tiling.lanes);
    return tiling;
  }

  void runOnOperation() override {
    KernelTiling tiling = getTiling();
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    // Kernel ops (the destination-style qnn ops) are lowered on buffers.
    target.addDynamicallyLegalDialect<QNNDialect>([](Operation *op) {
      auto kernel = dyn_cast<DestinationStyleOpInterface>(op);
      return !kernel || !kernel.hasPureBufferSemantics();
    });
    RewritePatternSet patterns(context);
    int64_t lanes = tiling.lanes;
    patterns.add(std::make_unique<LowerKernel<BitSerialMatmulOp>>(
        context, lanes, [tiling](RewriterBase &b, BitSerialMatmulOp op) {
          lowerBitSerialMatmul(b, op, tiling);
        }));
    patterns.add(std::make_unique<LowerKernel<PackBitsOp>>(
        context, lanes,
        [](RewriterBase &b, PackBitsOp op) { PackBitsEmitter(b, op).emit(); }));
    patterns.add(std::make_unique<LowerKernel<Im2ColOp>>(
        context, lanes,
        [](RewriterBase &b, Im2ColOp op) { Im2ColEmitter(b, op).emit(); }));
    patterns.add(std::make_unique<LowerKernel<DotMatmulOp>>(context, lanes,
                                                            lowerDotMatmul));
    patterns.add(std::make_unique<LowerKernel<FmaMatmulOp>>(context, lanes,
                                                            lowerFmaMatmul));
    // A kernel that cannot be lowered says why, and the conversion leaves
    // the function as it was.
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
