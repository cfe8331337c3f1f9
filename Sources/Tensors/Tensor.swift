/// A float32 tensor: a shape and a contiguous, 64-byte-aligned row-major buffer.
///
/// A tensor either owns its memory or is a view into another tensor's memory (see `batchView`),
/// in which case it keeps that tensor alive. Tensors are reference types so that layers and
/// optimizers can share preallocated buffers without copies; the training loop is single-owner,
/// and kernels that run in parallel write disjoint ranges.
public final class Tensor: @unchecked Sendable {
  public let shape: Shape
  /// The elements, row-major. Valid while the tensor lives.
  public let buffer: UnsafeMutableBufferPointer<Float>
  private let ownsMemory: Bool
  private let base: Tensor?

  /// A zero-filled tensor of `shape`. When memory runs out, `allocationFailureHandler` ends the
  /// process (the budget checks of the builder and the readers come first).
  public init(zeros shape: Shape) {
    self.shape = shape
    let n = max(shape.count, 1)
    let raw = allocateAlignedMemory(
      byteCount: n * MemoryLayout<Float>.stride, for: "a tensor of shape \(shape)")
    let p = raw.bindMemory(to: Float.self, capacity: n)
    p.initialize(repeating: 0, count: n)
    buffer = UnsafeMutableBufferPointer(start: p, count: shape.count)
    ownsMemory = true
    base = nil
  }

  /// A tensor of `shape` filled with `value`.
  public convenience init(repeating value: Float, shape: Shape) {
    self.init(zeros: shape)
    buffer.update(repeating: value)
  }

  /// A tensor holding `values` (row-major); `values.count` must equal `shape.count`.
  public convenience init(shape: Shape, values: [Float]) {
    precondition(values.count == shape.count, "\(values.count) values for shape \(shape)")
    self.init(zeros: shape)
    _ = buffer.initialize(from: values)
  }

  private init(viewOf base: Tensor, offset: Int, shape: Shape) {
    self.shape = shape
    buffer = UnsafeMutableBufferPointer(rebasing: base.buffer[offset..<(offset + shape.count)])
    ownsMemory = false
    self.base = base
  }

  deinit {
    if ownsMemory { freeAlignedMemory(buffer.baseAddress) }
  }

  /// Number of elements.
  public var count: Int { shape.count }

  /// Rows `start ..< start + length` of the first dimension, sharing this tensor's memory.
  public func batchView(start: Int, length: Int) -> Tensor {
    precondition(shape.rank >= 1 && start >= 0 && length >= 0 && start + length <= shape[0])
    let rowSize = shape.count / max(shape[0], 1)
    var s = shape
    s[0] = length
    return Tensor(viewOf: self, offset: start * rowSize, shape: s)
  }

  /// The first `shape.count` elements seen with `shape` (a buffer lent out of a larger one).
  public func prefixView(_ shape: Shape) -> Tensor {
    precondition(shape.count <= count, "a view of \(shape) in \(self.shape)")
    return Tensor(viewOf: self, offset: 0, shape: shape)
  }

  /// The same memory seen with another shape of equal element count.
  public func reshaped(_ newShape: Shape) -> Tensor {
    precondition(newShape.count == shape.count, "cannot reshape \(shape) to \(newShape)")
    return Tensor(viewOf: self, offset: 0, shape: newShape)
  }

  /// A copy of the elements as an array (for tests and reporting, never on the hot path).
  public func toArray() -> [Float] { Array(buffer) }

  /// Sets every element to zero.
  public func zero() { buffer.update(repeating: 0) }

  /// Copies `other`'s elements into this tensor; counts must match.
  public func copy(from other: Tensor) {
    precondition(other.count == count, "copy of \(other.shape) into \(shape)")
    if count > 0 { buffer.baseAddress!.update(from: other.buffer.baseAddress!, count: count) }
  }
}
