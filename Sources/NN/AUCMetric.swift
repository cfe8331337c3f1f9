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
  /// Scratch for `result()`'s cumulative counts (`[tp × n, fp × n]`), allocated once: the trainer
  /// asks for the result after every batch.
  private var cumulative: [Double]

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
    cumulative = buckets
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
    return cumulative.withUnsafeMutableBufferPointer { c in
      // Cumulative from the top bucket: tp[i], fp[i] = positives, negatives predicted above threshold i.
      var positives: Double = 0
      var negatives: Double = 0
      for i in stride(from: n - 1, through: 0, by: -1) {
        positives += buckets[i]
        negatives += buckets[n + i]
        c[i] = positives
        c[n + i] = negatives
      }
      return Float(area(tp: c[0..<n], fp: c[n...], positives: positives, negatives: negatives))
    }
  }

  /// Keras's `result()` from the cumulative counts; `positives` and `negatives` are the totals.
  private func area(
    tp: Slice<UnsafeMutableBufferPointer<Double>>, fp: Slice<UnsafeMutableBufferPointer<Double>>,
    positives: Double, negatives: Double
  ) -> Double {
    let n = thresholds
    let f = fp.startIndex  // fp is indexed from n
    func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
    var area: Double = 0
    if curve == .pr && summation == .interpolation {
      // Davis & Goadrich's interpolation, as Keras's interpolate_pr_auc; tp + fn = positives.
      for i in 0..<(n - 1) {
        let dtp = tp[i] - tp[i + 1]
        let p0 = tp[i] + fp[f + i]
        let p1 = tp[i + 1] + fp[f + i + 1]
        let slope = ratio(dtp, max(p0 - p1, 0))
        let intercept = tp[i + 1] - slope * p1
        let pRatio = p0 > 0 && p1 > 0 ? ratio(p0, max(p1, 0)) : 1
        area += ratio(slope * (dtp + intercept * log(pRatio)), max(positives, 0))
      }
      return area
    }
    func point(_ i: Int) -> (x: Double, y: Double) {
      let recall = ratio(tp[i], positives)
      return curve == .roc ? (ratio(fp[f + i], negatives), recall) : (recall, ratio(tp[i], tp[i] + fp[f + i]))
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
    return area
  }
}
