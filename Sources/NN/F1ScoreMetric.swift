import Tensors

/// F1 score over everything since the last reset, as Keras 3's `keras.metrics.F1Score`
/// (`FBetaScore` with beta 1) on `[batch, classes]` predictions.
///
/// A prediction is positive above `threshold`, or, without one, where it equals its row's
/// maximum (and is not ~0). True/false positives and false negatives accumulate per class;
/// precision and recall get `+ 1e-7` in their denominators, as Keras. `micro` sums the classes'
/// counts first; `macro` averages the classes' scores; `weighted` weights them by their number of
/// true labels. Integer labels (a sparse loss's targets) are read as one-hot rows.
public final class F1ScoreMetric: Metric {
  /// How per-class scores become one number (Keras's `None`, one score per class, is not a metric
  /// one can log).
  public enum Average: String, Sendable { case micro, macro, weighted }

  /// The name logged in the history.
  public let name: String
  /// How per-class scores become one number.
  public let average: Average
  /// The decision threshold, or nil for "the row's maximum".
  public let threshold: Float?
  /// The number of classes (the predictions' last axis).
  public let classes: Int
  /// Whether targets are integer labels rather than one-hot rows.
  public let sparse: Bool
  /// Per class: true positives, false positives, false negatives, true labels (4 × classes).
  private var counts: [Double]

  /// Creates the metric for `classes` outputs.
  public init(name: String = "f1_score", average: Average, threshold: Float?, classes: Int, sparse: Bool) {
    precondition(classes > 0)
    self.name = name
    self.average = average
    self.threshold = threshold
    self.classes = classes
    self.sparse = sparse
    counts = Array(repeating: 0, count: 4 * classes)
  }

  /// The running sums behind `result()` (see `Metric.accumulators`).
  public var accumulators: [Double] {
    get { counts }
    set { counts = newValue }
  }

  /// Forgets everything seen.
  public func reset() {
    for i in counts.indices { counts[i] = 0 }
  }

  /// Adds a batch.
  public func update(predictions: Tensor, targets: Tensor) {
    let p = predictions.buffer
    let t = targets.buffer
    let c = classes
    let rows = p.count / c
    precondition(t.count == (sparse ? rows : p.count), "\(name): \(predictions.shape) vs \(targets.shape)")
    counts.withUnsafeMutableBufferPointer { k in
      for r in 0..<rows {
        var rowMax = -Float.infinity
        for j in 0..<c { rowMax = max(rowMax, p[r * c + j]) }
        for j in 0..<c {
          let v = p[r * c + j]
          let predicted = threshold.map { v > $0 } ?? (v >= rowMax && abs(v) > 1e-9)
          let actual = Double(sparse ? (Int(t[r]) == j ? 1 : 0) : t[r * c + j])
          let pr: Double = predicted ? 1 : 0
          k[j] += pr * actual
          k[c + j] += pr * (1 - actual)
          k[2 * c + j] += (1 - pr) * actual
          k[3 * c + j] += actual
        }
      }
    }
  }

  /// The score since the last reset (0 before any update).
  public func result() -> Float {
    let c = classes
    let eps = Double(Loss.epsilon)
    func f1(_ tp: Double, _ fp: Double, _ fn: Double) -> Double {
      let precision = tp / (tp + fp + eps)
      let recall = tp / (tp + fn + eps)
      return 2 * precision * recall / (precision + recall + eps)
    }
    switch average {
    case .micro:
      var tp: Double = 0, fp: Double = 0, fn: Double = 0
      for j in 0..<c {
        tp += counts[j]
        fp += counts[c + j]
        fn += counts[2 * c + j]
      }
      return Float(f1(tp, fp, fn))
    case .macro, .weighted:
      var total: Double = 0
      var support: Double = 0
      for j in 0..<c { support += counts[3 * c + j] }
      for j in 0..<c {
        let score = f1(counts[j], counts[c + j], counts[2 * c + j])
        total += average == .macro ? score / Double(c) : score * counts[3 * c + j] / (support + eps)
      }
      return Float(total)
    }
  }
}
