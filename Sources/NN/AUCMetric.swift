#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Tensors

/// Area under the ROC or precision-recall curve, as Keras 3's `keras.metrics.AUC` with evenly
/// spaced thresholds (its default) and `multi_label=False`: every prediction/label pair of every
/// batch since the last reset counts, flattened.
///
/// Keras's fast path (`_update_confusion_matrix_variables_optimized`): a prediction clipped to
/// [0, 1] falls in bucket `max(ceil(p·(n − 1)) − 1, 0)` of `n = num_thresholds`; the true and false
/// positives at threshold i are the positives and negatives in buckets ≥ i. Labels count as
/// positive when non-zero. The curve is then summed as Keras's `result()`: trapezoids (or the
/// lower/upper rectangle) over (FPR, TPR) for ROC, and Davis & Goadrich's interpolation for PR.
public final class AUCMetric: Metric {
  /// Which curve.
  public enum Curve: String, Sendable { case roc = "ROC", pr = "PR" }
  /// How the area between thresholds is summed.
  public enum Summation: String, Sendable { case interpolation, minoring, majoring }

  /// The name logged in the history.
  public let name: String
  /// How many thresholds (buckets) discretize the curve.
  public let thresholds: Int
  /// Which curve.
  public let curve: Curve
  /// How the area between thresholds is summed.
  public let summation: Summation
  /// Whether predictions are logits (a sigmoid is applied first).
  public let fromLogits: Bool
  /// Positives and negatives per bucket: `[positives × n, negatives × n]`.
  private var buckets: [Double]

  /// Creates the metric with Keras's defaults (200 thresholds, ROC, interpolation).
  public init(
    name: String = "auc", thresholds: Int = 200, curve: Curve = .roc, summation: Summation = .interpolation,
    fromLogits: Bool = false
  ) {
    precondition(thresholds > 1, "auc: num_thresholds must be > 1")
    self.name = name
    self.thresholds = thresholds
    self.curve = curve
    self.summation = summation
    self.fromLogits = fromLogits
    buckets = Array(repeating: 0, count: 2 * thresholds)
  }

  /// The running sums behind `result()` (see `Metric.accumulators`).
  public var accumulators: [Double] {
    get { buckets }
    set { buckets = newValue }
  }

  /// Forgets everything seen.
  public func reset() {
    for i in buckets.indices { buckets[i] = 0 }
  }

  /// Adds a batch (predictions and targets of the same number of values).
  public func update(predictions: Tensor, targets: Tensor) {
    let p = predictions.buffer
    let t = targets.buffer
    precondition(p.count == t.count, "\(name): \(predictions.shape) vs \(targets.shape)")
    let n = thresholds
    let steps = Float(n - 1)  // Float32, as Keras computes the bucket index
    buckets.withUnsafeMutableBufferPointer { b in
      for i in 0..<p.count {
        var v = p[i]
        if fromLogits { v = v >= 0 ? 1 / (1 + expf(-v)) : expf(v) / (1 + expf(v)) }
        v = min(max(v, 0), 1)
        let bucket = max(Int((v * steps).rounded(.up)) - 1, 0)
        b[(t[i] != 0 ? 0 : n) + bucket] += 1
      }
    }
  }

  /// The area since the last reset (0 before any update, as Keras's `divide_no_nan`).
  public func result() -> Float {
    let n = thresholds
    // Cumulative from the top bucket: tp[i], fp[i] = positives, negatives predicted above threshold i.
    var tp = [Double](repeating: 0, count: n)
    var fp = [Double](repeating: 0, count: n)
    var sumP: Double = 0
    var sumN: Double = 0
    for i in stride(from: n - 1, through: 0, by: -1) {
      sumP += buckets[i]
      sumN += buckets[n + i]
      tp[i] = sumP
      fp[i] = sumN
    }
    func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
    var area: Double = 0
    if curve == .pr && summation == .interpolation {
      // Keras's interpolate_pr_auc; fn[i] + tp[i] is the total positives.
      for i in 0..<(n - 1) {
        let dtp = tp[i] - tp[i + 1]
        let p0 = tp[i] + fp[i]
        let p1 = tp[i + 1] + fp[i + 1]
        let slope = ratio(dtp, max(p0 - p1, 0))
        let intercept = tp[i + 1] - slope * p1
        let pRatio = p0 > 0 && p1 > 0 ? ratio(p0, max(p1, 0)) : 1
        area += ratio(slope * (dtp + intercept * log(pRatio)), max(sumP, 0))
      }
      return Float(area)
    }
    func point(_ i: Int) -> (x: Double, y: Double) {
      let recall = ratio(tp[i], sumP)
      return curve == .roc ? (ratio(fp[i], sumN), recall) : (recall, ratio(tp[i], tp[i] + fp[i]))
    }
    for i in 0..<(n - 1) {
      let a = point(i)
      let b = point(i + 1)
      let height: Double
      switch summation {
      case .interpolation: height = (a.y + b.y) / 2
      case .minoring: height = min(a.y, b.y)
      case .majoring: height = max(a.y, b.y)
      }
      area += (a.x - b.x) * height
    }
    return Float(area)
  }
}
