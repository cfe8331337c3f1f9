import Tensors
import Testing

/// Large tensors are 2 MiB aligned (for transparent huge pages), small ones 64-byte aligned; both
/// zero-filled and fully usable, views included.
@Suite struct HugePageAllocationTests {
  @Test(arguments: [1, 16, 1_000, (8 << 20) / 4 - 1, (8 << 20) / 4, (8 << 20) / 4 + 3, 5_000_001])
  func alignmentAndContents(count: Int) {
    let t = Tensor(zeros: [count])
    let address = Int(bitPattern: t.buffer.baseAddress!)
    let huge = count * 4 >= 8 << 20
    #expect(address % (huge ? 2 << 20 : 64) == 0, "\(count) floats at \(address)")
    #expect(t.buffer.allSatisfy { $0 == 0 })
    t.buffer[count - 1] = 3
    t.buffer[0] += 1
    #expect(t.buffer[count - 1] == (count == 1 ? 4 : 3) && t.buffer[0] == (count == 1 ? 4 : 1))
  }
}
