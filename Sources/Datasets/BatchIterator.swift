import Tensors

/// Hands out the mini-batches of a split, epoch after epoch, gathering rows into preallocated batch
/// tensors: no allocation per batch.
///
/// Each epoch's order is the identity, or, with `shuffle`, a Fisher–Yates permutation drawn from the
/// stream `shuffle/epoch-<epoch>` under `seed` (the same permutation as
/// `RandomStream(seed:name:).permutation(_:)`), so a run replays and resumes exactly. The last partial
/// batch is kept, as Keras does; `batch(_:)` returns views of the right length.
///
/// ```swift
/// let batches = BatchIterator(split: data.train, batchSize: 32, shuffle: true, seed: 42)
/// for epoch in 0..<epochs {
///   batches.startEpoch(epoch)
///   for b in 0..<batches.batchCount { let (x, y) = batches.batch(b); ... }
/// }
/// ```
public final class BatchIterator {
  /// The split batches are drawn from.
  public let split: Split
  /// Samples per full batch.
  public let batchSize: Int
  /// Whether each epoch shuffles.
  public let shuffle: Bool
  /// The experiment seed the shuffle streams derive from.
  public let seed: UInt64
  /// Batches per epoch, `ceil(N / batchSize)`.
  public let batchCount: Int

  private var order: [Int]
  private let fullX: Tensor
  private let fullY: Tensor
  private let partialX: Tensor
  private let partialY: Tensor
  private let xRow: Int
  private let yRow: Int

  /// Prepares batches of `batchSize` (≥ 1) samples of `split`.
  public init(split: Split, batchSize: Int, shuffle: Bool, seed: UInt64) {
    precondition(batchSize >= 1, "batch size \(batchSize) must be at least 1")
    self.split = split
    self.batchSize = batchSize
    self.shuffle = shuffle
    self.seed = seed
    let n = split.count
    batchCount = (n + batchSize - 1) / batchSize
    order = Array(0..<n)
    let rows = min(batchSize, max(n, 1))
    fullX = Tensor(zeros: split.x.shape.unbatched.batched(rows))
    fullY = Tensor(zeros: split.y.shape.unbatched.batched(rows))
    let last = n % batchSize
    partialX = fullX.batchView(start: 0, length: last == 0 ? rows : last)
    partialY = fullY.batchView(start: 0, length: last == 0 ? rows : last)
    xRow = split.x.shape.unbatched.count
    yRow = split.y.shape.unbatched.count
  }

  /// Samples in the split.
  public var sampleCount: Int { split.count }

  /// The sample order of the current epoch (row indices into the split).
  public var epochOrder: [Int] { order }

  /// Sets the sample order for `epoch` (the trainer's epoch index): shuffled from the stream
  /// `shuffle/epoch-<epoch>`, or in file order without `shuffle`.
  public func startEpoch(_ epoch: Int) {
    let n = order.count
    order.withUnsafeMutableBufferPointer { p in
      for i in 0..<n { p[i] = i }
      guard shuffle, n > 1 else { return }
      var stream = RandomStream(seed: seed, name: "shuffle/epoch-\(epoch)")
      for i in stride(from: n - 1, to: 0, by: -1) { p.swapAt(i, stream.nextInt(below: i + 1)) }
    }
  }

  /// Gathers batch `index` (0 ..< batchCount) of the current epoch into the preallocated tensors and
  /// returns them; the tensors are overwritten by the next call.
  public func batch(_ index: Int) -> (x: Tensor, y: Tensor) {
    precondition(index >= 0 && index < batchCount, "batch \(index) out of 0..<\(batchCount)")
    let start = index * batchSize
    let length = min(batchSize, order.count - start)
    let (bx, by) = length == batchSize ? (fullX, fullY) : (partialX, partialY)
    order.withUnsafeBufferPointer { o in
      Self.gather(split.x.buffer, rowSize: xRow, rows: o[start..<(start + length)], into: bx.buffer)
      Self.gather(split.y.buffer, rowSize: yRow, rows: o[start..<(start + length)], into: by.buffer)
    }
    return (bx, by)
  }

  @inline(__always)
  private static func gather(
    _ source: UnsafeMutableBufferPointer<Float>, rowSize: Int, rows: Slice<UnsafeBufferPointer<Int>>,
    into destination: UnsafeMutableBufferPointer<Float>
  ) {
    guard rowSize > 0, let src = source.baseAddress, let dst = destination.baseAddress else { return }
    var k = 0
    for r in rows {
      (dst + k * rowSize).update(from: src + r * rowSize, count: rowSize)
      k += 1
    }
  }
}
