import Testing

@testable import Tensors

/// The description a failed allocation reports (the failure itself ends the process, so it is
/// tested end to end, in OptimRunTests' MachineLimitsTests).
@Suite struct AllocationContextTests {
  @Test func withSetsAndRestoresTheDescription() {
    #expect(AllocationContext.current == nil)
    let inner = AllocationContext.with("layer 'dense' (Dense) buffers at batch size 16") {
      AllocationContext.with("optimizer slots for 'dense/kernel'") { AllocationContext.current }
    }
    #expect(inner == "optimizer slots for 'dense/kernel'")
    #expect(AllocationContext.current == nil)
  }

  /// Memory from posix_memalign, 64-byte aligned and freed with free (Tensor's deinit).
  @Test func tensorsAreAlignedAndZeroed() {
    for count in [0, 1, 17, 1 << 20] {
      let t = Tensor(zeros: [count])
      #expect(Int(bitPattern: t.buffer.baseAddress) % 64 == 0)
      #expect(t.buffer.allSatisfy { $0 == 0 })
    }
    let indices = MaxPoolIndices(count: 5)
    #expect(Int(bitPattern: indices.buffer.baseAddress) % 64 == 0)
    #expect(indices.buffer.allSatisfy { $0 == 0 })
  }
}
