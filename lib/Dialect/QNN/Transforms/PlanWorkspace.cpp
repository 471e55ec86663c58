//===- PlanWorkspace.cpp - one static workspace for temporaries -*- C++ -*-===//
//
// Implements qnn-plan-workspace: gives every temporary buffer of the entry
// function a fixed offset in one workspace, buffers that are never live at
// the same time sharing bytes, so that a call of the model allocates nothing.
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/IR/QNNDialect.h"
#include "qnn/Dialect/QNN/Transforms/Passes.h"
#include "qnn/Dialect/QNN/Utils/EntryFunction.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/Transforms/BufferViewFlowAnalysis.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <functional>
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

/// Whether an op only names memory (a view, a global, a constant) and can
/// be cloned into a function of its own with its operands.
static bool isClonableAddressOp(Operation *op) {
  if (op->getNumRegions() != 0 || op->getNumResults() != 1)
    return false;
  return isa<ViewLikeOpInterface, memref::GetGlobalOp>(op) ||
         op->hasTrait<OpTrait::ConstantLike>();
}

namespace {
/// Moves ops of the planned function into functions of their own whose
/// buffer arguments are `llvm.noalias`, called where the ops were.
class BufferScopeOutliner {
public:
  BufferScopeOutliner(func::FuncOp planned, const DenseSet<Value> &roots)
      : planned(planned), roots(roots),
        symbols(planned->getParentOfType<ModuleOp>()),
        layout(DataLayout::closest(planned)) {}

  /// The buffer root `value` is a view of (through view-like ops), or null
  /// if it comes from anything else. Globals and constants count as their
  /// own roots: they are cloned, never passed.
  Value getRoot(Value value) const {
    while (!roots.contains(value)) {
      Operation *def = value.getDefiningOp();
      if (def && isa<memref::GetGlobalOp>(def))
        return value;
      auto view = dyn_cast_or_null<ViewLikeOpInterface>(def);
      if (!view)
        return {};
      value = view.getViewSource();
    }
    return value;
  }

  /// What LLVM may assume of the argument for `value`: for a buffer root,
  /// that nothing else accesses its bytes during the call (see
  /// outlineBufferScopes), that they may be read (so loads under a
  /// condition, e.g. of padding, can be hoisted and vectorized, as they
  /// were with a separate object per buffer) and, for the planned buffers,
  /// their 64-byte alignment.
  DictionaryAttr getRootAttrs(Builder &b, Value value) const {
    if (!roots.contains(value))
      return b.getDictionaryAttr({});
    SmallVector<NamedAttribute> attrs = {
        b.getNamedAttr("llvm.noalias", b.getUnitAttr())};
    auto type = dyn_cast<MemRefType>(value.getType());
    if (type && type.hasStaticShape() && type.getLayout().isIdentity()) {
      uint64_t stride = llvm::alignTo(
          layout.getTypeSize(type.getElementType()),
          layout.getTypeABIAlignment(type.getElementType()));
      attrs.push_back(b.getNamedAttr(
          "llvm.dereferenceable",
          b.getI64IntegerAttr(type.getNumElements() * stride)));
    }
    if (value.getDefiningOp<memref::ViewOp>())
      attrs.push_back(b.getNamedAttr(
          "llvm.align",
          b.getI64IntegerAttr(QNNDialect::kWorkspaceAlignment)));
    return b.getDictionaryAttr(attrs);
  }

  /// Outlines `op` if it touches two buffers or more and every buffer it
  /// touches is a root or a view of one; returns whether it did.
  bool outline(Operation *op) {
    if (op->getNumResults() != 0 || op->hasTrait<OpTrait::IsTerminator>() ||
        isClonableAddressOp(op))
      return false;
    llvm::SetVector<Value> used(op->operand_begin(), op->operand_end());
    getUsedValuesDefinedAbove(op->getRegions(), used);
    llvm::SetVector<Value> touched;
    for (Value value : used) {
      if (!isa<BaseMemRefType>(value.getType()))
        continue;
      Value root = getRoot(value);
      if (!root)
        return false;
      if (roots.contains(root))
        touched.insert(root);
    }
    if (touched.size() < 2)
      return false;

    // The functions follow the planned one in program order, named after
    // it and numbered (the symbol table renames on a clash).
    OpBuilder b(planned->getContext());
    b.setInsertionPointAfter(lastCallee ? lastCallee : planned);
    Location loc = op->getLoc();
    auto callee = b.create<func::FuncOp>(
        loc, (planned.getSymName() + "_op" + Twine(numCallees++)).str(),
        b.getFunctionType({}, {}));
    symbols.insert(callee);
    lastCallee = callee;
    Block *body = callee.addEntryBlock();
    b.setInsertionPointToStart(body);
    IRMapping mapping;
    SmallVector<Value> arguments;
    SmallVector<DictionaryAttr> argAttrs;
    std::function<Value(Value)> materialize = [&](Value value) -> Value {
      if (Value inside = mapping.lookupOrNull(value))
        return inside;
      Operation *def = value.getDefiningOp();
      if (def && isClonableAddressOp(def) && !roots.contains(value)) {
        for (Value operand : def->getOperands())
          materialize(operand);
        b.clone(*def, mapping);
        return mapping.lookup(value);
      }
      BlockArgument argument = body->addArgument(value.getType(), loc);
      mapping.map(value, argument);
      arguments.push_back(value);
      argAttrs.push_back(getRootAttrs(b, value));
      return argument;
    };
    for (Value value : used)
      materialize(value);
    b.clone(*op, mapping);
    b.create<func::ReturnOp>(loc);
    callee.setFunctionType(b.getFunctionType(body->getArgumentTypes(), {}));
    callee.setAllArgAttrs(argAttrs);
    callee.setPrivate();
    // Internal, and kept a function (see outlineBufferScopes).
    callee->setAttr("llvm.linkage", LLVM::LinkageAttr::get(
                                        b.getContext(), LLVM::Linkage::Internal));
    callee->setAttr("no_inline", b.getUnitAttr());

    OpBuilder call(op);
    call.create<func::CallOp>(loc, callee, arguments);
    op->erase();
    return true;
  }

private:
  func::FuncOp planned;
  const DenseSet<Value> &roots;
  SymbolTable symbols;
  DataLayout layout;
  func::FuncOp lastCallee;
  unsigned numCallees = 0;
};
} // namespace

/// LLVM cannot tell that two buffers at different offsets of the one
/// workspace are distinct: it neither vectorized loops that read one and
/// write another nor kept a GEMM's accumulators in registers (the demo
/// model ran 5.8x slower than with a separate object per buffer). So each
/// top-level op that touches two buffers or more is moved into a function
/// of its own that takes them as `llvm.noalias` arguments and is called in
/// its place. The claim is true: buffers one op touches are live together,
/// and the plan gave them disjoint bytes; the input and the output overlap
/// neither each other nor the workspace (the ABI says so). The functions
/// are not inlined: inside one, LLVM treats each noalias argument as an
/// object of its own, as it treated separate allocations; inlined, the
/// attributes become alias scopes, which still left the demo model 13%
/// slower. A call per op costs nothing next to the op's loops.
static void outlineBufferScopes(func::FuncOp planned,
                                const DenseSet<Value> &roots) {
  BufferScopeOutliner outliner(planned, roots);
  for (Operation &op :
       llvm::make_early_inc_range(planned.getBody().front()))
    outliner.outline(&op);
}

namespace {

struct QNNPlanWorkspacePass
    : qnn::impl::QNNPlanWorkspaceBase<QNNPlanWorkspacePass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::string plannedName = entry + "_with_workspace";
    std::string workspaceName = entry + "_workspace";
    FailureOr<func::FuncOp> found =
        getEntryToRewrite(module, {entry}, {plannedName, workspaceName},
                          getArgument(), "plan", "its buffers");
    if (failed(found))
      return signalPassFailure();
    func::FuncOp function = *found;
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
            builder.getI64IntegerAttr(QNNDialect::kWorkspaceAlignment)),
        builder.getNamedAttr("llvm.dereferenceable",
                             builder.getI64IntegerAttr(bytes))};
    function.insertArgument(function.getNumArguments(), workspaceType,
                            builder.getDictionaryAttr(workspaceAttrs),
                            function.getLoc());
    Value workspace = function.getArguments().back();
    DenseSet<Value> roots;
    for (BlockArgument argument : function.getArguments().drop_back())
      if (isa<BaseMemRefType>(argument.getType()))
        roots.insert(argument);
    for (Buffer &buffer : buffers) {
      memref::AllocOp alloc = buffer.alloc;
      OpBuilder b(alloc);
      Value offset =
          b.create<arith::ConstantIndexOp>(alloc.getLoc(), buffer.offset);
      Value view = b.create<memref::ViewOp>(alloc.getLoc(), alloc.getType(),
                                            workspace, offset, ValueRange{});
      alloc.replaceAllUsesWith(view);
      if (view.getDefiningOp()->getBlock() == &body)
        roots.insert(view);
      alloc.erase();
      for (memref::DeallocOp dealloc : buffer.deallocs)
        dealloc.erase();
    }
    // Calls of the entry function elsewhere keep calling it by its name,
    // which now names the function with the static workspace.
    function.setSymName(plannedName);
    outlineBufferScopes(function, roots);

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
