//===- LLVMWorkarounds.cpp - Keep known LLVM 19 backend bugs away -*- C++ -*-===//
//
// Rewrites of optimized LLVM IR, run between LLVM's O3 pipeline and
// instruction selection, that keep the code away from miscompilations of
// the LLVM version qnn is built with. Each is documented in
// docs/robustness.md with its reduced reproducer under test/Target/.
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/Object/LLVMWorkarounds.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>

using namespace llvm;

/// Instruction selection legalizes a vector wider than a NEON register in
/// 128-bit pieces. True when some piece of `constant` is all ones (undefined
/// lanes count as ones: the DAG may choose them so) and some piece is not:
/// then `mul x, constant` becomes a bare extend in one piece and a multiply
/// in another, the shape that LLVM 19 miscompiles.
static bool hasOnesPieceAndOtherPiece(Constant *constant,
                                      FixedVectorType *type) {
  unsigned lanes = type->getNumElements();
  unsigned laneBits = type->getScalarSizeInBits();
  unsigned pieceLanes = std::max(1u, 128u / laneBits);
  bool onesPiece = false, otherPiece = false;
  for (unsigned first = 0; first < lanes; first += pieceLanes) {
    bool ones = true;
    for (unsigned lane = first; lane < std::min(lanes, first + pieceLanes);
         ++lane) {
      Constant *element = constant->getAggregateElement(lane);
      if (!element || isa<UndefValue>(element))
        continue;
      auto *integer = dyn_cast<ConstantInt>(element);
      ones &= integer && integer->isOne();
    }
    (ones ? onesPiece : otherPiece) = true;
  }
  return onesPiece && otherPiece;
}

/// LLVM 19's AArch64 DAG combine of `vecreduce_add(add(ext(extract_lo x),
/// y))` into `[su]addlp x` checks the opcode of the add's first operand
/// only (performUADDVAddCombine compares `Op0`'s opcode with itself): when
/// `y` is a `[su]mull(extract_hi x, c)` it is taken for `ext(extract_hi x)`
/// and the multiplication is dropped. O3 makes that shape from an integer
/// GEMM on constant weight codes whose reduction it vectorizes and whose
/// output-channel loop it unrolls: `reduce.add(mul(sext x, <1, 1, 1, 1, w4,
/// ...>))`. The rewrite loads such a multiplier from a private constant
/// global instead: instruction selection does not look into loads, so the
/// product stays a multiply (`mul`/`mla` on 4 x i32 instead of `smull`).
static void hideAArch64MulConstants(Module &module) {
  SmallVector<std::pair<Instruction *, unsigned>> uses;
  for (Function &function : module)
    for (Instruction &instruction : instructions(function)) {
      auto *type = dyn_cast<FixedVectorType>(instruction.getType());
      if (instruction.getOpcode() != Instruction::Mul || !type ||
          type->getPrimitiveSizeInBits().getFixedValue() <= 128)
        continue;
      for (unsigned operand = 0; operand < 2; ++operand) {
        auto *constant = dyn_cast<Constant>(instruction.getOperand(operand));
        if (constant && hasOnesPieceAndOtherPiece(constant, type))
          uses.push_back({&instruction, operand});
      }
    }
  for (auto [instruction, operand] : uses) {
    auto *constant = cast<Constant>(instruction->getOperand(operand));
    auto *global = new GlobalVariable(
        module, constant->getType(), /*isConstant=*/true,
        GlobalValue::PrivateLinkage, constant, "qnn.aarch64.multiplier");
    global->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    Align align = module.getDataLayout().getPrefTypeAlign(constant->getType());
    global->setAlignment(align);
    auto *load = new LoadInst(constant->getType(), global, "multiplier",
                              /*isVolatile=*/false, align, instruction);
    instruction->setOperand(operand, load);
  }
}

void mlir::qnn::applyLLVMWorkarounds(Module &module, const Triple &triple) {
  if (triple.isAArch64())
    hideAArch64MulConstants(module);
}
