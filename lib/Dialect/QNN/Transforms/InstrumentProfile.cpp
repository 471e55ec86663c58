//===- InstrumentProfile.cpp - a per-step profile in the object -*- C++ -*-===//
//
// Implements qnn-instrument-profile: brackets every step of the planned
// entry function (a call of an outlined op function, or a kernel or linalg
// op) with reads of the cycle counter and adds the ticks and a call count
// to a global table, one row per step, named after the ONNX nodes of the
// step and the kind of work it does.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/EntryFunction.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CastInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"

#include <string>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNINSTRUMENTPROFILE
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {
/// One row of the profile table.
struct ProfileRow {
  std::string name;
  std::string step;
  /// Multiply-accumulates per call (0: the step does none).
  int64_t macs = 0;
  /// "MAC", "bit-MAC", or "" without any.
  StringRef unit;
};
} // namespace

/// The ONNX nodes a location names (its NameLocs, in order, once each),
/// joined by "+"; "loc(line:col)" if it names none.
static std::string getStepName(Location loc) {
  SmallVector<StringRef> names;
  std::optional<FileLineColLoc> file;
  loc->walk([&](Location inner) {
    if (auto named = dyn_cast<NameLoc>(inner)) {
      if (!llvm::is_contained(names, named.getName().getValue()))
        names.push_back(named.getName().getValue());
    } else if (auto position = dyn_cast<FileLineColLoc>(inner)) {
      if (!file)
        file = position;
    }
    return WalkResult::advance();
  });
  if (!names.empty())
    return llvm::join(names, "+");
  if (file)
    return ("loc(" + Twine(file->getLine()) + ":" + Twine(file->getColumn()) +
            ")")
        .str();
  return "loc(?)";
}

/// The op a step runs: for a call of a function with a body, the one op of
/// that body with memory effects (qnn-plan-workspace outlines one op per
/// function); else the step's op itself.
static Operation *getWorkOp(Operation *op, SymbolTableCollection &symbols) {
  auto call = dyn_cast<func::CallOp>(op);
  if (!call)
    return op;
  auto callee = symbols.lookupNearestSymbolFrom<func::FuncOp>(
      call, call.getCalleeAttr());
  if (!callee || callee.isExternal() || !callee.getBody().hasOneBlock())
    return op;
  Operation *work = nullptr;
  for (Operation &inner : callee.getBody().front()) {
    if (inner.hasTrait<OpTrait::IsTerminator>() || isMemoryEffectFree(&inner))
      continue;
    if (work)
      return op;
    work = &inner;
  }
  return work ? work : op;
}

/// The product of the static loop ranges of `op`, or 0 if one is dynamic.
static int64_t getIterationCount(linalg::LinalgOp op) {
  int64_t count = 1;
  for (int64_t range : op.getStaticLoopRanges()) {
    if (ShapedType::isDynamic(range) ||
        llvm::MulOverflow(count, range, count))
      return 0;
  }
  return count;
}

/// What an all-parallel linalg op does, from its indexing maps and body.
static StringRef classifyElementwise(linalg::LinalgOp op) {
  Block *body = op.getBlock();
  bool onlyYield = body->without_terminator().empty();
  SmallVector<AffineMap> inputMaps;
  for (OpOperand *input : op.getDpsInputOperands())
    if (isa<ShapedType>(input->get().getType()))
      inputMaps.push_back(op.getMatchingIndexingMap(input));
  bool permutes = llvm::any_of(inputMaps, [](AffineMap map) {
    return map.isPermutation() && !map.isIdentity();
  });
  // Windows gathered into columns (f32_fma convolutions): an input read at
  // sums of loop indices, oh * stride + kh.
  bool gathersWindows = llvm::any_of(inputMaps, [](AffineMap map) {
    return llvm::any_of(map.getResults(), [](AffineExpr expr) {
      return expr.getKind() == AffineExprKind::Add;
    });
  });
  if (onlyYield && gathersWindows)
    return "im2col";
  if (onlyYield)
    return permutes ? "layout" : "copy";
  // Bits taken out of words (shift and mask): weights stored as channel
  // planes, unpacked per call.
  bool extractsBits = llvm::any_of(*body, [](Operation &inner) {
    return isa<arith::ShRUIOp, arith::ShRSIOp>(inner);
  });
  if (extractsBits)
    return "unpack";
  // A per-channel operand (scales, zero points, bias) is a broadcast: a
  // projection onto fewer dimensions than the loops, of rank one or more.
  bool perChannel = llvm::any_of(inputMaps, [&](AffineMap map) {
    return map.getNumResults() > 0 && map.getNumResults() < map.getNumDims();
  });
  if (perChannel)
    return "epilogue";
  if (llvm::count_if(inputMaps, [](AffineMap map) { return map.isIdentity(); }) >= 2)
    return "add";
  bool quantizes = false, onlyCasts = true;
  for (Operation &inner : body->without_terminator()) {
    if (isa<arith::FPToSIOp, arith::FPToUIOp>(inner))
      quantizes = true;
    if (!isa<CastOpInterface>(inner))
      onlyCasts = false;
  }
  if (quantizes)
    return "quantize";
  if (permutes)
    return "layout";
  if (onlyCasts)
    return "convert";
  return "elementwise";
}

/// The kind of work and the multiply-accumulates of one step.
static ProfileRow classifyStep(Operation *op, SymbolTableCollection &symbols) {
  ProfileRow row;
  row.name = getStepName(op->getLoc());
  Operation *work = getWorkOp(op, symbols);
  if (isa<Im2ColOp>(work)) {
    row.step = "im2col";
  } else if (isa<PackBitsOp>(work)) {
    row.step = "pack_bits";
  } else if (auto matmul = dyn_cast<BitSerialMatmulOp>(work)) {
    row.step = "bitserial_matmul";
    auto lhs = cast<ShapedType>(matmul.getLhs().getType());
    auto rhs = cast<ShapedType>(matmul.getRhs().getType());
    auto init = cast<ShapedType>(matmul.getInit().getType());
    int64_t macs = matmul.getReductionLength();
    bool overflow = false;
    for (int64_t size : {lhs.getDimSize(0), rhs.getDimSize(0),
                         init.getDimSize(0), init.getDimSize(1)})
      overflow |= ShapedType::isDynamic(size) ||
                  llvm::MulOverflow(macs, size, macs);
    row.macs = overflow ? 0 : macs;
    row.unit = "bit-MAC";
  } else if (isa<DotMatmulOp, FmaMatmulOp>(work)) {
    // The int8_dot kernel (one MAC per code product) and the f32_fma kernel
    // of a float convolution: each output sums K products of lhs's rows.
    row.step = isa<DotMatmulOp>(work) ? "int8_dot" : "f32_fma";
    auto lhs = cast<ShapedType>(work->getOperand(0).getType());
    auto init = cast<ShapedType>(cast<DestinationStyleOpInterface>(work)
                                     .getDpsInitOperand(0)
                                     ->get()
                                     .getType());
    auto fma = dyn_cast<FmaMatmulOp>(work);
    row.macs = lhs.hasStaticShape() && init.hasStaticShape()
                   ? init.getNumElements() *
                         (fma ? fma.getReductionLength() : lhs.getDimSize(1))
                   : 0;
    row.unit = "MAC";
  } else if (isa<linalg::FillOp>(work)) {
    row.step = "fill";
  } else if (isa<linalg::CopyOp>(work)) {
    row.step = "copy";
  } else if (isa<linalg::TransposeOp>(work)) {
    row.step = "layout";
  } else if (auto linalgOp = dyn_cast<linalg::LinalgOp>(work)) {
    StringRef opName = work->getName().getStringRef();
    bool multiplies = llvm::any_of(*linalgOp.getBlock(), [](Operation &inner) {
      return isa<arith::MulFOp, arith::MulIOp>(inner);
    });
    if (opName.starts_with("linalg.pooling")) {
      row.step = "pool";
    } else if (linalgOp.getNumReductionLoops() > 0) {
      if (multiplies) {
        // Integer accumulators: a GEMM on codes in integers (int_gemm).
        Type accumulator =
            getElementTypeOrSelf(linalgOp.getDpsInitOperand(0)->get());
        bool integer = isa<IntegerType>(accumulator);
        // Named convolutions, and generics that read an input through a
        // window (an index combining two loops: the direct convolutions of
        // grouped layers).
        bool windowed = llvm::any_of(
            linalgOp.getDpsInputOperands(), [&](OpOperand *operand) {
              return !linalgOp.getMatchingIndexingMap(operand)
                          .isProjectedPermutation();
            });
        if (isa<linalg::ConvolutionOpInterface>(work) || windowed)
          row.step = integer ? "int_conv" : "conv";
        else
          row.step = integer ? "int_gemm" : "gemm";
        row.macs = getIterationCount(linalgOp);
        row.unit = row.macs ? "MAC" : "";
      } else {
        row.step = "reduce";
      }
    } else {
      row.step = classifyElementwise(linalgOp).str();
    }
  } else {
    StringRef opName = work->getName().getStringRef();
    row.step = opName.substr(opName.find('.') + 1).str();
  }
  return row;
}

namespace {

struct QNNInstrumentProfilePass
    : qnn::impl::QNNInstrumentProfileBase<QNNInstrumentProfilePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string tableName = entry + "_profile";
    std::string clockName = entry + "_profile_clock";
    std::string namesName = entry + "_profile_names";
    FailureOr<func::FuncOp> found =
        getEntryToRewrite(module, {entry + "_with_workspace", entry},
                          {tableName, clockName, namesName}, getArgument(),
                          "profile", "its steps");
    if (failed(found))
      return signalPassFailure();
    func::FuncOp function = *found;
    Block &body = function.getBody().front();

    // The steps, before anything is inserted.
    SymbolTableCollection symbols;
    SmallVector<Operation *> steps;
    SmallVector<ProfileRow> rows;
    for (Operation &op : body) {
      if (op.hasTrait<OpTrait::IsTerminator>() || isMemoryEffectFree(&op))
        continue;
      steps.push_back(&op);
      rows.push_back(classifyStep(&op, symbols));
    }
    ProfileRow total;
    total.name = entry;
    total.step = "total";
    rows.push_back(total);

    MLIRContext *context = &getContext();
    Location loc = function.getLoc();
    OpBuilder b(function);
    auto tableType = MemRefType::get({int64_t(rows.size()), 2},
                                     b.getI64Type());
    auto table = b.create<memref::GlobalOp>(
        loc, tableName, b.getStringAttr("public"), tableType,
        DenseElementsAttr::get(
            RankedTensorType::get(tableType.getShape(), b.getI64Type()),
            b.getI64IntegerAttr(0)),
        /*constant=*/false,
        b.getI64IntegerAttr(QNNDialect::kWorkspaceAlignment));

    auto readCounter = [&](OpBuilder &builder, Location at) -> Value {
      return builder
          .create<LLVM::CallIntrinsicOp>(at, builder.getI64Type(),
                                         "llvm.readcyclecounter", ValueRange{})
          .getResult(0);
    };
    // row[index] += {end - start, 1}
    auto accumulate = [&](OpBuilder &builder, Location at, int64_t index,
                          Value start, Value end) {
      Value memory = builder.create<memref::GetGlobalOp>(at, tableType,
                                                         table.getSymName());
      Value row = builder.create<arith::ConstantIndexOp>(at, index);
      Value ticks = builder.create<arith::ConstantIndexOp>(at, 0);
      Value calls = builder.create<arith::ConstantIndexOp>(at, 1);
      Value elapsed = builder.create<arith::SubIOp>(at, end, start);
      Value one = builder.create<arith::ConstantIntOp>(at, 1, 64);
      for (auto [column, amount] :
           {std::pair(ticks, elapsed), std::pair(calls, one)}) {
        Value old = builder.create<memref::LoadOp>(at, memory,
                                                   ValueRange{row, column});
        Value sum = builder.create<arith::AddIOp>(at, old, amount);
        builder.create<memref::StoreOp>(at, sum, memory,
                                        ValueRange{row, column});
      }
    };

    OpBuilder builder(context);
    builder.setInsertionPointToStart(&body);
    Value callStart = readCounter(builder, loc);
    for (auto [index, op] : llvm::enumerate(steps)) {
      builder.setInsertionPoint(op);
      Value start = readCounter(builder, op->getLoc());
      builder.setInsertionPointAfter(op);
      Value end = readCounter(builder, op->getLoc());
      accumulate(builder, op->getLoc(), index, start, end);
    }
    builder.setInsertionPoint(body.getTerminator());
    Value callEnd = readCounter(builder, loc);
    accumulate(builder, loc, rows.size() - 1, callStart, callEnd);

    // The clock, for converting ticks to seconds.
    b.setInsertionPoint(function);
    auto clock = b.create<func::FuncOp>(
        loc, clockName, b.getFunctionType({}, {b.getI64Type()}));
    OpBuilder clockBody = OpBuilder::atBlockBegin(clock.addEntryBlock());
    clockBody.create<func::ReturnOp>(loc, readCounter(clockBody, loc));

    SmallVector<Attribute> entries;
    for (const ProfileRow &row : rows) {
      NamedAttribute fields[] = {
          b.getNamedAttr("name", b.getStringAttr(row.name)),
          b.getNamedAttr("step", b.getStringAttr(row.step)),
          b.getNamedAttr("macs", b.getI64IntegerAttr(row.macs)),
          b.getNamedAttr("unit", b.getStringAttr(row.unit))};
      entries.push_back(b.getDictionaryAttr(fields));
    }
    module->setAttr(QNNDialect::kProfileAttrName, b.getArrayAttr(entries));

    // The rows' names in the object too, so that it describes its own
    // table: "name\tstep\tmacs\tunit\n" a row, NUL-terminated.
    std::string names;
    for (const ProfileRow &row : rows)
      names += row.name + "\t" + row.step + "\t" + std::to_string(row.macs) +
               "\t" + row.unit.str() + "\n";
    SmallVector<int8_t> bytes(names.begin(), names.end());
    bytes.push_back(0);
    auto namesType = MemRefType::get({int64_t(bytes.size())}, b.getI8Type());
    b.setInsertionPoint(clock);
    b.create<memref::GlobalOp>(
        loc, namesName, b.getStringAttr("public"), namesType,
        DenseElementsAttr::get(
            RankedTensorType::get(namesType.getShape(), b.getI8Type()),
            ArrayRef<int8_t>(bytes)),
        /*constant=*/true, /*alignment=*/IntegerAttr());
  }
};

} // namespace
