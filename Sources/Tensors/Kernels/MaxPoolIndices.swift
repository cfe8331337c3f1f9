/// Where each max-pooling output came from: per output element, the flat index
/// `(h * W + w) * C + c` of its arg-max inside its own sample of the input. Filled by
/// `maxPool2dForward`, read by `maxPool2dBackward`; allocate once per batch size and reuse.
public final class MaxPoolIndices: @unchecked Sendable {
  /// One index per output element.
  public let buffer: UnsafeMutableBufferPointer<Int32>

  /// Storage for `count` indices (the output element count), zero-filled.
  public init(count: Int) {
    precondition(count >= 0)
    let n = max(count, 1)
    let raw = allocateAlignedMemory(byteCount: n * MemoryLayout<Int32>.stride, for: "max-pooling indices")
    buffer = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Int32.self, capacity: n), count: n)
    buffer.initialize(repeating: 0)
  }

  /// Storage for the outputs of `geometry` at `batch`.
  public convenience init(_ geometry: Pool2DGeometry, batch: Int) {
    self.init(count: geometry.outputShape(batch: batch).count)
  }

  deinit { freeAlignedMemory(buffer.baseAddress) }

  /// Capacity in indices (at least 1).
  public var count: Int { buffer.count }
}
