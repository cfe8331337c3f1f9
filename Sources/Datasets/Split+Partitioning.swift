import Tensors

extension Split {
  /// A new split holding the rows `indices` (in that order), copied.
  public func gathering(_ indices: [Int]) -> Split {
    Split(x: Split.gather(x, indices), y: Split.gather(y, indices))
  }

  /// Rows `range` as views sharing this split's memory.
  public func rows(_ range: Range<Int>) -> Split {
    Split(
      x: x.batchView(start: range.lowerBound, length: range.count),
      y: y.batchView(start: range.lowerBound, length: range.count))
  }

  /// Keras's `validation_split`: the last `fraction` of the samples, *before* any shuffling, becomes
  /// validation data; the first `floor(N · (1 − fraction))` samples stay for training. Views, no copy.
  public func validationSplit(_ fraction: Double) throws -> (train: Split, validation: Split) {
    guard fraction > 0 && fraction < 1 else {
      throw DataError(
        path: "validation_split", "expected a fraction between 0 and 1 (exclusive), found \(fraction)")
    }
    let splitAt = Int((Double(count) * (1 - fraction)).rounded(.down))
    guard splitAt > 0 && splitAt < count else {
      throw DataError(
        path: "validation_split",
        "a fraction of \(fraction) of \(count) samples leaves \(splitAt) for training and \(count - splitAt) "
          + "for validation; both need at least one")
    }
    return (rows(0..<splitAt), rows(splitAt..<count))
  }

  /// `test_split`: shuffles the samples with the stream `split/test` under `seed`, then holds out the
  /// last `ceil(N · fraction)` of them (scikit-learn's `train_test_split` rounding) as the test split.
  public func testSplit(_ fraction: Double, seed: UInt64) throws -> (train: Split, test: Split) {
    let (trainRows, testRows) = try Split.testSplitIndices(count: count, fraction: fraction, seed: seed)
    return (gathering(trainRows), gathering(testRows))
  }

  /// The training and test row indices `testSplit` uses, for sources that split before they build
  /// their arrays (text fits its vocabulary on the training part only).
  public static func testSplitIndices(count: Int, fraction: Double, seed: UInt64) throws -> (
    train: [Int], test: [Int]
  ) {
    guard fraction > 0 && fraction < 1 else {
      throw DataError(
        path: "test_split", "expected a fraction between 0 and 1 (exclusive), found \(fraction)")
    }
    let testCount = Int((Double(count) * fraction).rounded(.up))
    guard testCount < count else {
      throw DataError(
        path: "test_split", "a fraction of \(fraction) of \(count) samples leaves no samples for training")
    }
    var stream = RandomStream(seed: seed, name: "split/test")
    let order = stream.permutation(count)
    return (Array(order[..<(count - testCount)]), Array(order[(count - testCount)...]))
  }

  /// Copies rows `indices` of `t` into a new tensor.
  static func gather(_ t: Tensor, _ indices: [Int]) -> Tensor {
    var shape = t.shape
    let rowSize = t.shape.unbatched.count
    shape[0] = indices.count
    let out = Tensor(zeros: shape)
    guard rowSize > 0, let src = t.buffer.baseAddress, let dst = out.buffer.baseAddress else { return out }
    for (k, r) in indices.enumerated() {
      precondition(r >= 0 && r < t.shape[0], "row \(r) out of 0..<\(t.shape[0])")
      (dst + k * rowSize).update(from: src + r * rowSize, count: rowSize)
    }
    return out
  }
}
