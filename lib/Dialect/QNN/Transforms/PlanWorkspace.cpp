//===- PlanWorkspace.cpp - one static workspace for temporaries -*- C++ -*-===//
//
// Implements qnn-plan-workspace: gives every temporary buffer of the entry
// function a fixed offset in one workspace, buffers that are never live at
// the same time sharing bytes, so that a call of the model allocates nothing.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <limits>

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNPLANWORKSPACE
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// A temporary buffer and where it goes in the workspace.
struct Buffer {
  memref::AllocOp alloc;
  uint64_t bytes = 0;
  /// Positions, in the function body, of the first and the last op that
  /// use the buffer or one of its aliases (ops nested in a body op count at
  /// the position of that op). The buffer's bytes are free outside them.
  unsigned firstUse = 0, lastUse = 0;
  SmallVector<memref::DeallocOp> deallocs;
  uint64_t offset = 0;

  bool isLiveWith(const Buffer &other) const {
    return firstUse <= other.lastUse && other.firstUse <= lastUse;
  }
};

} // namespace

/// The bytes of a buffer of `type`, laid out as the LLVM lowering lays it
/// out: elements at a stride of their size rounded up to their alignment.
static FailureOr<uint64_t> getBufferBytes(memref::AllocOp alloc,
                                          const DataLayout &layout) {
  MemRefType type = alloc.getType();
  if (!type.hasStaticShape()) {
    return alloc.emitError()
           << "cannot place a buffer of dynamic shape " << type
           << " in the static workspace";
  }
  if (!type.getLayout().isIdentity()) {
    return alloc.emitError() << "cannot place a buffer with a layout (" << type
                             << ") in the workspace: views of it need the "
                                "identity layout";
  }
  if (type.getMemorySpace()) {
    return alloc.emitError()
           << "cannot place a buffer in memory space " << type.getMemorySpace()
           << " in the workspace";
  }
  Type element = type.getElementType();
  Type scalar = element;
  if (auto vector = dyn_cast<VectorType>(element);
      vector && !vector.isScalable())
    scalar = vector.getElementType();
  if (!scalar.isIntOrIndexOrFloat()) {
    return alloc.emitError() << "cannot place a buffer of " << element
                             << " in the workspace: its size is unknown";
  }
  if (alloc.getAlignment() &&
      *alloc.getAlignment() > QNNDialect::kWorkspaceAlignment) {
    return alloc.emitError()
           << "the buffer asks for " << *alloc.getAlignment()
           << "-byte alignment; the workspace gives "
           << QNNDialect::kWorkspaceAlignment;
  }
  uint64_t stride = llvm::alignTo(layout.getTypeSize(element),
                                  layout.getTypeABIAlignment(element));
  bool overflow = false;
  uint64_t bytes = llvm::SaturatingMultiply(uint64_t(type.getNumElements()),
                                            stride, &overflow);
  if (overflow)
    return alloc.emitError() << "buffer " << type << " is too large";
  return bytes;
}

/// Finds the positions of the first and last uses of the buffer and its
/// aliases, and its deallocations.
static LogicalResult findLifetime(Buffer &buffer, Block &body,
                                  const DenseMap<Operation *, unsigned> &position,
                                  const BufferViewFlowAnalysis &aliases) {
  memref::AllocOp alloc = buffer.alloc;
  auto positionOf = [&](Operation *op) {
    return position.lookup(body.findAncestorOpInBlock(*op));
  };
  bool isNested = alloc->getBlock() != &body;
  buffer.firstUse = std::numeric_limits<unsigned>::max();
  buffer.lastUse = 0;
  for (Value alias : aliases.resolve(alloc.getResult())) {
    // A buffer allocated in a loop and carried to the next iteration would
    // be live twice at once, in the one place the plan gives it.
    if (isNested && isa<BlockArgument>(alias)) {
      return alloc.emitError()
             << "cannot place a buffer allocated in a region that its block "
                "arguments carry on (e.g. a loop's iter_args) in the "
                "workspace: hoist the allocation";
    }
    for (Operation *user : alias.getUsers()) {
      if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
        buffer.deallocs.push_back(dealloc);
        continue;
      }
      if (user->hasTrait<OpTrait::ReturnLike>() &&
          user->getParentOp() == body.getParentOp()) {
        InFlightDiagnostic error =
            alloc.emitError() << "cannot place a buffer that the function "
                                 "returns in the workspace (run "
                                 "buffer-results-to-out-params first)";
        error.attachNote(user->getLoc()) << "returned here";
        return error;
      }
      unsigned at = positionOf(user);
      buffer.firstUse = std::min(buffer.firstUse, at);
      buffer.lastUse = std::max(buffer.lastUse, at);
    }
  }
  // A buffer nobody uses still gets a place (of its own size) for its view.
  if (buffer.firstUse > buffer.lastUse)
    buffer.firstUse = buffer.lastUse = positionOf(alloc);
  return success();
}

/// Gives each buffer an offset, TensorFlow Lite's arena planner's way:
/// largest first (earlier first among equals), each into the smallest gap,
/// between the buffers already placed that are live with it, that holds it,
/// else after the last of them. Returns the workspace size.
static uint64_t placeBuffers(MutableArrayRef<Buffer> buffers) {
  const uint64_t alignment = QNNDialect::kWorkspaceAlignment;
  auto order = llvm::to_vector(llvm::seq<unsigned>(0, buffers.size()));
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    if (buffers[a].bytes != buffers[b].bytes)
      return buffers[a].bytes > buffers[b].bytes;
    return buffers[a].firstUse < buffers[b].firstUse;
  });
  // The buffers placed so far, by offset.
  SmallVector<unsigned> placed;
  uint64_t workspaceBytes = 0;
  for (unsigned index : order) {
    Buffer &buffer = buffers[index];
    uint64_t end = 0;
    std::optional<uint64_t> bestOffset;
    uint64_t bestGap = 0;
    for (unsigned other : placed) {
      const Buffer &neighbour = buffers[other];
      if (!buffer.isLiveWith(neighbour))
        continue;
      uint64_t candidate = llvm::alignTo(end, alignment);
      if (candidate + buffer.bytes <= neighbour.offset) {
        uint64_t gap = neighbour.offset - candidate;
        if (!bestOffset || gap < bestGap) {
          bestOffset = candidate;
          bestGap = gap;
        }
      }
      end = std::max(end, neighbour.offset + neighbour.bytes);
    }
    buffer.offset = bestOffset ? *bestOffset : llvm::alignTo(end, alignment);
    workspaceBytes = std::max(workspaceBytes, buffer.offset + buffer.bytes);
    auto *at = llvm::upper_bound(placed, buffer.offset, [&](uint64_t offset,
                                                            unsigned other) {
      return offset < buffers[other].offset;
    });
    placed.insert(at, index);
  }
  return llvm::alignTo(workspaceBytes, alignment);
}

/// Creates the function that calls `planned` with the static workspace,
/// under the name and with the signature `planned` had.
static void createStaticWorkspaceCall(func::FuncOp planned, StringRef name,
                                      FunctionType type,
                                      ArrayAttr argAttrs,
                                      ArrayRef<NamedAttribute> attributes,
                                      memref::GlobalOp workspace) {
  OpBuilder b(planned);
  Location loc = planned.getLoc();
  auto function = b.create<func::FuncOp>(loc, name, type, attributes);
  if (argAttrs)
    function.setArgAttrsAttr(argAttrs);
  Block *body = function.addEntryBlock();
  b.setInsertionPointToStart(body);
  Value memory = b.create<memref::GetGlobalOp>(loc, workspace.getType(),
                                               workspace.getSymName());
  SmallVector<Value> arguments(body->getArguments());
  arguments.push_back(memory);
  b.create<func::CallOp>(loc, planned, arguments);
  b.create<func::ReturnOp>(loc);
}

namespace {

struct QNNPlanWorkspacePass
    : qnn::impl::QNNPlanWorkspaceBase<QNNPlanWorkspacePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto function = module.lookupSymbol<func::FuncOp>(entry);
    if (!function || function.isExternal()) {
      emitError(module.getLoc())
          << "no entry function '@" << entry << "' with a body to plan";
      return signalPassFailure();
    }
    std::string plannedName = entry + "_with_workspace";
    std::string workspaceName = entry + "_workspace";
    for (StringRef name : {StringRef(plannedName), StringRef(workspaceName)}) {
      if (module.lookupSymbol(name)) {
        emitError(module.getLoc())
            << "the module has a symbol '@" << name
            << "' already: qnn-plan-workspace defines it";
        return signalPassFailure();
      }
    }
    if (!function.getBody().hasOneBlock()) {
      function.emitError() << "the entry function must have one block to "
                              "plan its buffers (plan before lowering to "
                              "control flow)";
      return signalPassFailure();
    }
    Block &body = function.getBody().front();
    DenseMap<Operation *, unsigned> position;
    unsigned next = 0;
    for (Operation &op : body)
      position[&op] = next++;

    // Buffers and their lifetimes.
    DataLayout layout = DataLayout::closest(function);
    BufferViewFlowAnalysis aliases(function);
    SmallVector<Buffer> buffers;
    bool failedAny = false;
    function.walk([&](memref::AllocOp alloc) {
      Buffer buffer;
      buffer.alloc = alloc;
      FailureOr<uint64_t> bytes = getBufferBytes(alloc, layout);
      if (failed(bytes) ||
          failed(findLifetime(buffer, body, position, aliases))) {
        failedAny = true;
        return;
      }
      buffer.bytes = *bytes;
      buffers.push_back(std::move(buffer));
    });
    if (failedAny)
      return signalPassFailure();
    uint64_t bytes = placeBuffers(buffers);
    if (bytes > uint64_t(std::numeric_limits<int64_t>::max())) {
      function.emitError() << "the workspace would need " << bytes
                           << " bytes, more than a memref can index";
      return signalPassFailure();
    }

    // The planned function takes the workspace as its last argument. Its
    // old name and signature go to the function that passes the static one.
    FunctionType oldType = function.getFunctionType();
    ArrayAttr oldArgAttrs = function.getArgAttrsAttr();
    SmallVector<NamedAttribute> oldAttributes(
        function->getDiscardableAttrs());
    MLIRContext *context = &getContext();
    Builder builder(context);
    auto workspaceType = MemRefType::get({int64_t(bytes)}, builder.getI8Type());
    // The workspace overlaps neither input nor output (the header says
    // so), and the static one and a caller's are 64-byte aligned.
    NamedAttribute workspaceAttrs[] = {
        builder.getNamedAttr("llvm.noalias", builder.getUnitAttr()),
        builder.getNamedAttr(
            "llvm.align",
            builder.getI64IntegerAttr(QNNDialect::kWorkspaceAlignment))};
    function.insertArgument(function.getNumArguments(), workspaceType,
                            builder.getDictionaryAttr(workspaceAttrs),
                            function.getLoc());
    Value workspace = function.getArguments().back();
    for (Buffer &buffer : buffers) {
      memref::AllocOp alloc = buffer.alloc;
      OpBuilder b(alloc);
      Value offset =
          b.create<arith::ConstantIndexOp>(alloc.getLoc(), buffer.offset);
      Value view = b.create<memref::ViewOp>(alloc.getLoc(), alloc.getType(),
                                            workspace, offset, ValueRange{});
      alloc.replaceAllUsesWith(view);
      alloc.erase();
      for (memref::DeallocOp dealloc : buffer.deallocs)
        dealloc.erase();
    }
    // Calls of the entry function elsewhere keep calling it by its name,
    // which now names the function with the static workspace.
    function.setSymName(plannedName);

    OpBuilder b(function);
    auto global = b.create<memref::GlobalOp>(
        function.getLoc(), workspaceName, b.getStringAttr("private"),
        workspaceType,
        DenseElementsAttr::get(
            RankedTensorType::get(workspaceType.getShape(), b.getI8Type()),
            b.getI8IntegerAttr(0)),
        /*constant=*/false,
        b.getI64IntegerAttr(QNNDialect::kWorkspaceAlignment));
    createStaticWorkspaceCall(function, entry, oldType, oldArgAttrs,
                              oldAttributes, global);
    module->setAttr(QNNDialect::kWorkspaceBytesAttrName,
                    builder.getI64IntegerAttr(bytes));
  }
};

} // namespace
