//===- Passes.td - kernel-level qnn ops to loops -----------*- tablegen -*-===//
//
// Lowering of the kernel-level qnn ops on memrefs to register-tiled loops.
//
//===----------------------------------------------------------------------===//

#ifndef QNN_CONVERSION_KERNELSTOLOOPS_PASSES_TD
#define QNN_CONVERSION_KERNELSTOLOOPS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQNNKernelsToLoops
    : Pass<"convert-qnn-kernels-to-loops", "::mlir::func::FuncOp"> {
  let summary = "Lowers qnn.im2col, qnn.pack_bits and qnn.bitserial_matmul on "
                "memrefs to vector popcount loops";
  let description = [{
    Rewrites the kernel-level ops in their memref (bufferized) form into
    `scf`, `vector`, `arith`, `math` and `memref` ops:

    * `qnn.bitserial_matmul` becomes register-tiled loops: each tile of
      `row-tile` x `col-tile` outputs keeps one `vector<lanes x i64>`
      accumulator per output in registers while a loop walks the packed
      words `lanes` at a time. The body, unrolled over every (lhs plane,
      rhs plane) pair, is `and` (`xor` for bipolar x bipolar), `math.ctpop`,
      a shift by the pair's weight and an add (a subtract for the negative
      top plane of a signed code). Words past the last full vector are read
      by one masked load with zero padding; rows and columns past the last
      full tile get smaller tiles (see `register-budget` for the tile
      choice); rows shorter than one vector are done in scalar words. After
      the word loop, `vector.reduction` sums the lanes and
      the result is added to the `i32` or `i64` `init`.
      Bipolar x bipolar is `K - 2 popcount(A xor B)`; a bipolar operand
      against planes is `2 popcount(A and B_t) - popcount(B_t)` per plane,
      the second term being the code sum of the other operand's row, which
      is computed once per row before the tiles.
      With `rhs` in the panel layout (`rhs_bits x ceil(N / W) x words x W`,
      the weights' layout on vector targets) the vectors are W words wide
      whatever `lanes` says, and the loop is the panel loop instead: one
      word per step, each lhs word broadcast against one vector of W
      channels per panel, so each accumulator holds W outputs (no
      `vector.reduction`; one vector add into `init`, masked in a partial
      last panel) and no word is padded to the vector width; with several
      shifts and a tile of at least 2 outputs that fits, one accumulator
      per shift takes the unshifted counts, shifted once after the loop.
      Its tile (`row-tile` rows x `col-tile` panels when fixed) is the
      largest with `classes x rows x panels + rhs planes x panels + lhs
      planes` within the budget (29 instead of the default 24 for W = 8).
    * `qnn.pack_bits` loads 64 integer codes of a row at a time and builds
      each 64-bit word of every plane in registers as the bitcast of a
      `vector<64xi1>` of code bits (bit t of the code; for bipolar codes,
      1 for +1), stored once; the last word of a row is read with a masked
      load and its bits past K are cleared. A 4-D `init` takes the panel
      layout, zero words in the rows of the last panel past the input.
    * `qnn.im2col` becomes loops over output pixels and window positions
      with channels innermost and `padding_value` in padded positions.

    Expects: kernel ops with static shapes; the `lhs`, `rhs` and `input`
    memrefs need a unit stride in their innermost dimension when they are
    read as vectors, and an integer `qnn.im2col` an integer-valued
    `padding_value`. Every kernel op is checked before any is rewritten, so
    a failure leaves the function as it was. Kernel ops on tensors are left
    alone (bufferize first).
    Guarantees: no memref-form kernel op is left; integer results are exact
    (lanes accumulate in i64, so no intermediate sum overflows).

    Options: `lanes` is the number of i64 words per vector (8 for AVX-512
    with VPOPCNTDQ, 4 for AVX2, 2 for NEON or SSE, 1 for scalar code); 0
    takes the lanes, and unless `register-budget` is given the budget, from
    the module's `#qnn.target` (the host's when it has none), as
    `qnn-lower-to-llvm` does.
    `row-tile` and `col-tile` fix the register tile; left at 0, the pass
    picks, per matmul, the largest tile whose accumulators and reused words
    (`row-tile x col-tile + lhs planes x row-tile + rhs planes x col-tile`)
    fit `register-budget`, whose default suits the usual target of `lanes`
    (24 for AVX-512, 11 for AVX2, 10 for SSE2, 7 for x86-64 without POPCNT;
    14 suits NEON at lanes 2, 10 scalar x86-64 code with POPCNT). When even
    a 1 x 1 tile with all planes exceeds the budget, the plane pairs are
    split into blocks, each with its own word loop.
  }];
  let options = [
    Option<"lanes", "lanes", "int64_t", /*default=*/"4",
           "i64 words per vector: 1, 2, 4 or 8 (0: the module's "
           "#qnn.target)">,
    Option<"rowTile", "row-tile", "int64_t", /*default=*/"0",
           "Output rows per register tile, 1 to 8 (0: chosen per matmul)">,
    Option<"colTile", "col-tile", "int64_t", /*default=*/"0",
           "Output columns per register tile, 1 to 8 (0: chosen per matmul)">,
    Option<"registerBudget", "register-budget", "int64_t", /*default=*/"0",
           "Registers a tile may fill with accumulators and reused words "
           "(0: chosen from lanes)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect",
  ];
}

#endif // QNN_CONVERSION_KERNELSTOLOOPS_PASSES_TD
