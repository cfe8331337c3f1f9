import Tensors

/// A stateful metric accumulated over batches, as Keras's metrics: `reset`, `update`, `result`.
public protocol Metric: AnyObject {
  /// The name logged in the history (`accuracy`, `val_` is added by the trainer).
  var name: String { get }
  /// Forgets everything seen.
  func reset()
  /// Adds a batch: `predictions` `[batch, ...]` and the matching `targets`.
  func update(predictions: Tensor, targets: Tensor)
  /// The value over everything since the last reset (0 before any update).
  func result() -> Float
  /// The running sums behind `result()`, exactly: saved with a run's state so that an epoch
  /// interrupted halfway continues with the same accumulated values.
  var accumulators: [Double] { get set }
}

/// Builds metrics from their Keras names.
public enum Metrics {
  /// The metric called `name` (`accuracy`/`acc`, `mae`, `mse`, `rmse`, `precision`, `recall`,
  /// `top_k_categorical_accuracy`, `sparse_top_k_categorical_accuracy`, and the explicit accuracy
  /// variants), or nil for an unknown name.
  ///
  /// `accuracy` is resolved as Keras does: from the loss for crossentropies (sparse categorical,
  /// categorical, binary), otherwise from the shapes (one output → binary; integer labels without
  /// a class axis → sparse categorical; else categorical). `top_k_categorical_accuracy` becomes the
  /// sparse variant when the loss is sparse. Shapes exclude the batch dimension.
  public static func make(name: String, loss: Loss, predictionShape: Shape, targetShape: Shape) -> (
    any Metric
  )? {
    switch name {
    case "accuracy", "acc":
      let kind: AccuracyMetric.Kind
      switch loss.kind {
      case .sparseCategoricalCrossentropy: kind = .sparseCategorical
      case .categoricalCrossentropy: kind = .categorical
      case .binaryCrossentropy: kind = .binary(threshold: loss.fromLogits ? 0 : 0.5)
      default:
        if predictionShape.dims.last == 1 {
          kind = .binary(threshold: 0.5)
        } else if targetShape.rank < predictionShape.rank || (targetShape.dims.last == 1) {
          kind = .sparseCategorical
        } else {
          kind = .categorical
        }
      }
      return AccuracyMetric(name: name, kind: kind)
    case "binary_accuracy": return AccuracyMetric(name: name, kind: .binary(threshold: 0.5))
    case "categorical_accuracy": return AccuracyMetric(name: name, kind: .categorical)
    case "sparse_categorical_accuracy": return AccuracyMetric(name: name, kind: .sparseCategorical)
    case "mae", "mean_absolute_error": return ErrorMetric(name: name, kind: .meanAbsolute)
    case "mse", "mean_squared_error": return ErrorMetric(name: name, kind: .meanSquared)
    case "rmse", "root_mean_squared_error": return ErrorMetric(name: name, kind: .rootMeanSquared)
    case "precision": return ConfusionMetric(name: name, kind: .precision)
    case "recall": return ConfusionMetric(name: name, kind: .recall)
    case "top_k_categorical_accuracy":
      return TopKAccuracyMetric(name: name, k: 5, sparse: loss.kind == .sparseCategoricalCrossentropy)
    case "sparse_top_k_categorical_accuracy": return TopKAccuracyMetric(name: name, k: 5, sparse: true)
    default: return nil
    }
  }
}

/// Accuracy: the fraction of rows (categorical) or elements (binary) predicted right.
///
/// Sparse categorical: argmax of the predictions equals the integer label. Categorical: argmax of
/// the predictions equals argmax of the one-hot targets (first maximum on ties). Binary: the
/// prediction is above the threshold (0.5; 0 for logits) exactly when the target is above 0.5.
public final class AccuracyMetric: Metric {
  /// Which accuracy.
  public enum Kind: Sendable, Equatable {
    case sparseCategorical, categorical
    case binary(threshold: Float)
  }

  /// The layer's unique name in the graph.
  public let name: String
  /// Which accuracy.
  public let kind: Kind
  private var tally = HitTally()

  /// Creates the metric.
  public init(name: String = "accuracy", kind: Kind) {
    self.name = name
    self.kind = kind
  }

  /// Forgets everything seen.
  public func reset() { tally = HitTally() }

  /// Adds a batch.
  public func update(predictions: Tensor, targets: Tensor) {
    let p = predictions.buffer
    let t = targets.buffer
    switch kind {
    case .binary(let threshold):
      precondition(p.count == t.count, "binary accuracy: \(predictions.shape) vs \(targets.shape)")
      for i in 0..<p.count where (p[i] > threshold) == (t[i] > 0.5) { tally.hits += 1 }
      tally.total += Double(p.count)
    case .sparseCategorical, .categorical:
      let c = predictions.shape[predictions.shape.rank - 1]
      let rows = p.count / c
      let sparse = kind == .sparseCategorical
      for r in 0..<rows where argmax(p, r * c, c) == targetClass(t, row: r, classes: c, sparse: sparse) {
        tally.hits += 1
      }
      tally.total += Double(rows)
    }
  }

  /// The value since the last reset (0 before any update).
  public func result() -> Float { tally.fraction }

  public var accumulators: [Double] {
    get { tally.accumulators }
    set { tally.accumulators = newValue }
  }
}

/// Mean absolute error, mean squared error or its root, over every element seen.
public final class ErrorMetric: Metric {
  /// Which error.
  public enum Kind: Sendable { case meanAbsolute, meanSquared, rootMeanSquared }

  /// The layer's unique name in the graph.
  public let name: String
  /// Which error.
  public let kind: Kind
  private var sum: Double = 0
  private var count: Double = 0

  /// Creates the metric.
  public init(name: String, kind: Kind) {
    self.name = name
    self.kind = kind
  }

  public var accumulators: [Double] {
    get { [sum, count] }
    set {
      sum = newValue[0]
      count = newValue[1]
    }
  }

  /// Forgets everything seen.
  public func reset() {
    sum = 0
    count = 0
  }

  /// Adds a batch.
  public func update(predictions: Tensor, targets: Tensor) {
    let p = predictions.buffer
    let t = targets.buffer
    precondition(p.count == t.count, "\(name): \(predictions.shape) vs \(targets.shape)")
    for i in 0..<p.count {
      let d = Double(p[i]) - Double(t[i])
      sum += kind == .meanAbsolute ? abs(d) : d * d
    }
    count += Double(p.count)
  }

  /// The value since the last reset (0 before any update).
  public func result() -> Float {
    guard count > 0 else { return 0 }
    let mean = sum / count
    return Float(kind == .rootMeanSquared ? mean.squareRoot() : mean)
  }
}

/// Binary precision TP / (TP + FP) or recall TP / (TP + FN), thresholding predictions at 0.5
/// (`prediction > 0.5` is positive) and counting a non-zero target as positive, as Keras; 0 when
/// the denominator is 0.
public final class ConfusionMetric: Metric {
  /// Which ratio.
  public enum Kind: Sendable { case precision, recall }

  /// The layer's unique name in the graph.
  public let name: String
  /// Which ratio.
  public let kind: Kind
  /// The decision threshold.
  public let threshold: Float
  private var truePositives: Double = 0
  private var falsePositives: Double = 0
  private var falseNegatives: Double = 0

  /// Creates the metric.
  public init(name: String, kind: Kind, threshold: Float = 0.5) {
    self.name = name
    self.kind = kind
    self.threshold = threshold
  }

  public var accumulators: [Double] {
    get { [truePositives, falsePositives, falseNegatives] }
    set {
      truePositives = newValue[0]
      falsePositives = newValue[1]
      falseNegatives = newValue[2]
    }
  }

  /// Forgets everything seen.
  public func reset() {
    truePositives = 0
    falsePositives = 0
    falseNegatives = 0
  }

  /// Adds a batch.
  public func update(predictions: Tensor, targets: Tensor) {
    let p = predictions.buffer
    let t = targets.buffer
    precondition(p.count == t.count, "\(name): \(predictions.shape) vs \(targets.shape)")
    for i in 0..<p.count {
      let predicted = p[i] > threshold
      let actual = t[i] != 0
      if predicted && actual { truePositives += 1 }
      if predicted && !actual { falsePositives += 1 }
      if !predicted && actual { falseNegatives += 1 }
    }
  }

  /// The value since the last reset (0 before any update).
  public func result() -> Float {
    let d = truePositives + (kind == .precision ? falsePositives : falseNegatives)
    return d == 0 ? 0 : Float(truePositives / d)
  }
}

/// Top-k categorical accuracy (k = 5 by default): the label is among the k largest predictions.
/// Ties count in the label's favour, as `tf.math.in_top_k`: the label is in the top k when fewer
/// than k classes score strictly higher.
public final class TopKAccuracyMetric: Metric {
  /// The layer's unique name in the graph.
  public let name: String
  /// How many top classes count.
  public let k: Int
  /// Whether labels are integers (otherwise one-hot rows).
  public let sparse: Bool
  private var tally = HitTally()

  /// Creates the metric.
  public init(name: String, k: Int = 5, sparse: Bool) {
    precondition(k > 0)
    self.name = name
    self.k = k
    self.sparse = sparse
  }

  /// Forgets everything seen.
  public func reset() { tally = HitTally() }

  /// Adds a batch.
  public func update(predictions: Tensor, targets: Tensor) {
    let p = predictions.buffer
    let t = targets.buffer
    let c = predictions.shape[predictions.shape.rank - 1]
    let rows = p.count / c
    for r in 0..<rows {
      let score = p[r * c + targetClass(t, row: r, classes: c, sparse: sparse)]
      var higher = 0
      for j in 0..<c where p[r * c + j] > score { higher += 1 }
      if higher < k { tally.hits += 1 }
    }
    tally.total += Double(rows)
  }

  /// The value since the last reset (0 before any update).
  public func result() -> Float { tally.fraction }

  public var accumulators: [Double] {
    get { tally.accumulators }
    set { tally.accumulators = newValue }
  }
}

/// The rows (or elements) counted right and seen since the last reset, for the accuracy metrics.
struct HitTally {
  var hits: Double = 0
  var total: Double = 0

  /// `hits / total`, 0 before anything is seen.
  var fraction: Float { total == 0 ? 0 : Float(hits / total) }

  var accumulators: [Double] {
    get { [hits, total] }
    set {
      hits = newValue[0]
      total = newValue[1]
    }
  }
}

/// The class index of row `row` of `targets`: the integer label (`sparse`) or the first maximum of
/// the one-hot row of `classes` values.
func targetClass(_ targets: UnsafeMutableBufferPointer<Float>, row: Int, classes: Int, sparse: Bool) -> Int {
  sparse ? Int(targets[row]) : argmax(targets, row * classes, classes)
}

/// Index of the first maximum of `x[start ..< start + count]`, relative to `start`.
func argmax(_ x: UnsafeMutableBufferPointer<Float>, _ start: Int, _ count: Int) -> Int {
  var best = 0
  var value = x[start]
  for j in 1..<count where x[start + j] > value {
    best = j
    value = x[start + j]
  }
  return best
}
