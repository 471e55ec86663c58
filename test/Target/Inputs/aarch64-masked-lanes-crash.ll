; LLVM 19 AArch64 crash, reduced from a qnn int8_dot layer (sdot) after O3
; (docs/robustness.md, "LLVM bugs worked around"): lane-0 masked stores of
; rows 4 bytes apart (a GEMM with one column), and the overlapping vector
; loads InstCombine made of their masked loads. llc -O1 and above crashes
; in instruction selection, a segmentation fault while the scheduled DAG is
; emitted (MachineRegisterInfo::addRegOperandToUseList from
; ScheduleDAGSDNodes::EmitSchedule). qnn's NEON lowering no longer emits
; masked accesses.
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define fastcc void @rows(ptr %0, i1 %done) {
  %3 = getelementptr i8, ptr %0, i64 100
  %row3 = load <4 x i32>, ptr %3, align 4
  %4 = shufflevector <4 x i32> %row3, <4 x i32> zeroinitializer, <4 x i32> <i32 0, i32 5, i32 6, i32 7>
  %5 = getelementptr i8, ptr %0, i64 104
  %row4 = load <4 x i32>, ptr %5, align 8
  %6 = shufflevector <4 x i32> %row4, <4 x i32> zeroinitializer, <4 x i32> <i32 0, i32 5, i32 6, i32 7>
  %7 = getelementptr i8, ptr %0, i64 108
  br label %8

8:                                                ; preds = %8, %2
  br i1 %done, label %9, label %8

9:                                                ; preds = %8
  tail call void @llvm.masked.store.v4i32.p0(<4 x i32> %4, ptr %3, i32 4, <4 x i1> <i1 true, i1 false, i1 false, i1 false>)
  tail call void @llvm.masked.store.v4i32.p0(<4 x i32> %6, ptr %5, i32 4, <4 x i1> <i1 true, i1 false, i1 false, i1 false>)
  tail call void @llvm.masked.store.v4i32.p0(<4 x i32> zeroinitializer, ptr %7, i32 4, <4 x i1> <i1 true, i1 false, i1 false, i1 false>)
  ret void
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: write)
declare void @llvm.masked.store.v4i32.p0(<4 x i32>, ptr nocapture, i32 immarg, <4 x i1>)
