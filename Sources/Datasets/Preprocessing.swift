import Tensors

/// Per-sample preprocessing: `rescale`, `standardize`, `one_hot`, and label checks.
public enum Preprocessing {
  /// Multiplies every element of `tensor` by `factor` in place (Keras's `Rescaling(scale)`).
  public static func rescale(_ tensor: Tensor, by factor: Float) {
    let b = tensor.buffer
    for i in b.indices { b[i] *= factor }
  }

  /// Per-feature statistics: the mean and population standard deviation of each element of a sample.
  public struct Statistics: Sendable, Equatable {
    /// One mean per feature (element of the sample shape).
    public var mean: [Float]
    /// One standard deviation per feature; a constant feature gets 1 (as scikit-learn's StandardScaler).
    public var std: [Float]

    /// Statistics computed elsewhere (a trained model's).
    public init(mean: [Float], std: [Float]) {
      self.mean = mean
      self.std = std
    }
  }

  /// Computes per-feature statistics of `train` (`[N, ...]`), in double precision.
  public static func statistics(of train: Tensor) -> Statistics {
    let n = train.shape[0]
    let features = n == 0 ? train.shape.unbatched.count : train.count / n
    var sum = [Double](repeating: 0, count: features)
    var sumSq = [Double](repeating: 0, count: features)
    let b = train.buffer
    sum.withUnsafeMutableBufferPointer { s in
      for r in 0..<n {
        for f in 0..<features { s[f] += Double(b[r * features + f]) }
      }
    }
    let mean = sum.map { n > 0 ? $0 / Double(n) : 0 }
    sumSq.withUnsafeMutableBufferPointer { s in
      for r in 0..<n {
        for f in 0..<features {
          let d = Double(b[r * features + f]) - mean[f]
          s[f] += d * d
        }
      }
    }
    let std = sumSq.map { n > 0 ? ($0 / Double(n)).squareRoot() : 0 }
    return Statistics(mean: mean.map { Float($0) }, std: std.map { $0 > 0 ? Float($0) : 1 })
  }

  /// Standardizes `tensor` in place, `(x - mean) / std` per feature, with statistics computed elsewhere
  /// (from the training part only).
  public static func standardize(_ tensor: Tensor, with statistics: Statistics) {
    let features = statistics.mean.count
    precondition(
      tensor.count % max(features, 1) == 0, "\(tensor.shape) does not hold \(features) features per sample")
    let b = tensor.buffer
    statistics.mean.withUnsafeBufferPointer { mean in
      statistics.std.withUnsafeBufferPointer { std in
        for i in b.indices {
          let f = i % features
          b[i] = (b[i] - mean[f]) / std[f]
        }
      }
    }
  }

  /// Checks that `labels` are whole numbers ≥ 0 and returns the number of classes (largest label + 1).
  public static func classCount(of labels: Tensor, path: String) throws -> Int {
    var largest = -1
    for (i, v) in labels.buffer.enumerated() {
      guard v >= 0, v == v.rounded(), v < 16_777_216 else {
        throw DataError(path: path, "label \(v) in sample \(i) is not a class index (a whole number ≥ 0)")
      }
      largest = max(largest, Int(v))
    }
    guard largest >= 0 else { throw DataError(path: path, "no labels") }
    return largest + 1
  }

  /// Checks that every label is a whole number in `0 ..< classes`.
  public static func checkLabels(_ labels: Tensor, classes: Int, path: String) throws {
    for (i, v) in labels.buffer.enumerated() where !(v >= 0 && v < Float(classes) && v == v.rounded()) {
      throw DataError(path: path, "label \(v.formatted) out of range 0..\(classes - 1) in sample \(i)")
    }
  }

  /// One-hot encodes sparse labels `[N]` (or `[N, 1]`) into `[N, classes]`.
  public static func oneHot(_ labels: Tensor, classes: Int, path: String) throws -> Tensor {
    guard labels.shape.rank == 1 || (labels.shape.rank == 2 && labels.shape[1] == 1) else {
      throw DataError(path: path, "one_hot needs class labels of shape (N,) or (N, 1), found \(labels.shape)")
    }
    try checkLabels(labels, classes: classes, path: path)
    let n = labels.shape[0]
    if let shortfall = MemoryBudget.shortfall(MemoryBudget.float32Bytes(n, [classes])) {
      throw DataError(path: path, "one_hot of \(n) labels into \(classes) classes \(shortfall)")
    }
    let out = Tensor(zeros: [n, classes])
    for i in 0..<n { out.buffer[i * classes + Int(labels.buffer[i])] = 1 }
    return out
  }
}

extension Float {
  /// `3` for whole numbers, `2.5` otherwise.
  var formatted: String { self == rounded() && abs(self) < 1e9 ? String(Int(self)) : String(self) }
}
