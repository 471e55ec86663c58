; LLVM 19 AArch64 miscompilation, reduced from a qnn int_gemm layer
; (docs/robustness.md, "LLVM bugs worked around"). The sum of 8 i16 codes
; times constant weights whose first four are ones: llc -O1 and above emit
; `saddlv` of the codes, the plain sum, and drop the multiplication. After
; type legalization the reduction is `vecreduce_add(add(sext(extract_lo x),
; smull(extract_hi x, w_hi)))`, the low half's multiplication by ones being
; gone; performUADDVAddCombine checks that the first operand of the add is
; an extend but compares the second operand's opcode with nothing (it
; compares Op0's with itself), takes smull for an extend of the high half,
; and folds the whole to saddlp/saddlv of x. GlobalISel and x86 are right.
target triple = "aarch64-unknown-linux-gnu"

define i32 @dot(ptr %codes) {
  %narrow = load <8 x i16>, ptr %codes, align 16
  %wide = sext <8 x i16> %narrow to <8 x i32>
  %products = mul nsw <8 x i32> <i32 1, i32 1, i32 1, i32 1, i32 1, i32 -1, i32 1, i32 -1>, %wide
  %sum = call i32 @llvm.vector.reduce.add.v8i32(<8 x i32> %products)
  ret i32 %sum
}

declare i32 @llvm.vector.reduce.add.v8i32(<8 x i32>)
