#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
import Tensors

/// A training loss with Keras 3's definitions, reduction (`sum_over_batch_size`) and clipping.
///
/// Per element (mse, mae, huber, log_cosh, poisson, hinges, mape, msle, binary and binary focal
/// crossentropy) or per row of classes (categorical, sparse categorical, kl_divergence,
/// categorical_hinge, cosine_similarity), the weighted losses are summed and divided by their
/// number: for elementwise losses that is the mean over every element (Keras averages the last axis
/// per sample, then over the rest), for the row losses the mean over rows. A per-sample
/// weight (`class_weight`, shape `[batch]`) multiplies its sample's terms; the divisor is unchanged.
///
/// From probabilities, predictions are clipped to [1e-7, 1 − 1e-7] as the TensorFlow backend of
/// Keras 3 does (`keras/src/backend/tensorflow/nn.py`), and the gradient follows
/// `tf.clip_by_value`'s: zero where the value was outside the range, passed through at its ends.
/// `categorical_crossentropy` first divides the predictions by their row sum; sparse categorical
/// takes the log of the clipped values and applies a softmax crossentropy to it, so it
/// renormalises after clipping. With `fromLogits`, softmax/sigmoid are fused with the log for
/// stability: `logsumexp(x) − x_y` and `max(x, 0) − x·t + log(1 + e^−|x|)`.
public struct Loss: Sendable, Equatable {
  /// Which loss.
  public enum Kind: String, Sendable, CaseIterable {
    case meanSquaredError = "mse"
    case meanAbsoluteError = "mae"
    case huber
    case binaryCrossentropy = "binary_crossentropy"
    case categoricalCrossentropy = "categorical_crossentropy"
    case sparseCategoricalCrossentropy = "sparse_categorical_crossentropy"
    case klDivergence = "kl_divergence"
    case logCosh = "log_cosh"
    case poisson
    case hinge
    case squaredHinge = "squared_hinge"
    case categoricalHinge = "categorical_hinge"
    case meanAbsolutePercentageError = "mean_absolute_percentage_error"
    case meanSquaredLogarithmicError = "mean_squared_logarithmic_error"
    case binaryFocalCrossentropy = "binary_focal_crossentropy"
    case cosineSimilarity = "cosine_similarity"

    /// Whether the loss is a mean over every element (otherwise over rows of the last axis).
    public var isElementwise: Bool {
      switch self {
      case .categoricalCrossentropy, .sparseCategoricalCrossentropy, .klDivergence, .categoricalHinge,
        .cosineSimilarity:
        false
      default: true
      }
    }
  }

  /// Keras's other names for losses (those `keras.losses.get` accepts), by the name used here.
  public static let aliases: [String: Kind] = [
    "mean_squared_error": .meanSquaredError, "mean_absolute_error": .meanAbsoluteError,
    "mape": .meanAbsolutePercentageError, "msle": .meanSquaredLogarithmicError, "kld": .klDivergence,
    "bce": .binaryCrossentropy,
  ]

  /// Keras's `backend.epsilon()`, the clipping bound for probabilities.
  public static let epsilon: Float = 1e-7

  /// Which loss.
  public var kind: Kind
  /// Whether predictions are logits (crossentropies only; default false).
  public var fromLogits: Bool
  /// Huber's `delta` (default 1).
  public var delta: Float
  /// Labels squeezed towards 0.5 (binary, binary focal) or 1/classes (categorical) by this much.
  public var labelSmoothing: Float
  /// Binary focal: the focusing exponent (default 2).
  public var gamma: Float
  /// Binary focal: the weight of class 1 when `applyClassBalancing` (default 0.25; class 0 gets 1 − alpha).
  public var alpha: Float
  /// Binary focal: whether to weight the classes by `alpha` (default false).
  public var applyClassBalancing: Bool

  /// Creates a loss.
  public init(
    _ kind: Kind, fromLogits: Bool = false, delta: Float = 1, labelSmoothing: Float = 0, gamma: Float = 2,
    alpha: Float = 0.25, applyClassBalancing: Bool = false
  ) {
    precondition(delta > 0, "huber: delta must be positive")
    precondition(labelSmoothing >= 0 && labelSmoothing <= 1, "label_smoothing must be in [0, 1]")
    precondition(gamma >= 0, "gamma must be non-negative")
    self.kind = kind
    self.fromLogits = fromLogits
    self.delta = delta
    self.labelSmoothing = labelSmoothing
    self.gamma = gamma
    self.alpha = alpha
    self.applyClassBalancing = applyClassBalancing
  }

  /// The loss named as in Keras (`mse`, `mean_squared_error`, `kld`, `sparse_categorical_crossentropy`, ...).
  public init?(name: String, fromLogits: Bool = false) {
    guard let kind = Kind(rawValue: name) ?? Loss.aliases[name] else { return nil }
    self.init(kind, fromLogits: fromLogits)
  }

  /// Throws unless targets of `targetShape` fit predictions of `predictionShape` (batch excluded):
  /// sparse labels have the predictions' shape without the class axis (or with it as 1); other
  /// losses need the same shape, up to a trailing axis of 1.
  public func checkShapes(prediction: Shape, target: Shape) throws(LossError) {
    if kind == .sparseCategoricalCrossentropy {
      let lead = Shape(Array(prediction.dims.dropLast()))
      var alt = lead
      alt.dims.append(1)
      guard prediction.rank >= 1, target == lead || target == alt else {
        throw LossError(
          "\(kind.rawValue): integer labels of shape \(target) do not fit predictions \(prediction); expected \(lead) or \(alt)"
        )
      }
    } else {
      // Keras squeezes or expands a trailing axis of 1: (n,) targets fit (n, 1) predictions.
      func squeezed(_ s: Shape) -> Shape { s.dims.last == 1 ? Shape(Array(s.dims.dropLast())) : s }
      guard target == prediction || squeezed(target) == squeezed(prediction) else {
        throw LossError("\(kind.rawValue): targets of shape \(target) do not match predictions \(prediction)")
      }
    }
  }

  /// Throws unless every sparse label in `targets` is an integer in `0 ..< classes`.
  public static func checkSparseLabels(_ targets: Tensor, classes: Int) throws(LossError) {
    for (i, t) in targets.buffer.enumerated() where !(t >= 0 && t < Float(classes) && t.rounded() == t) {
      throw LossError("label \(t) at index \(i) is not a class index in 0..<\(classes)")
    }
  }

  /// The loss of `predictions` `[batch, ...]` against `targets`; when `gradient` (the predictions'
  /// shape) is given, d loss / d predictions is written into it. `sampleWeights` is `[batch]`.
  public func compute(
    predictions: Tensor, targets: Tensor, sampleWeights: Tensor? = nil, gradient: Tensor? = nil
  )
    -> Float
  {
    let batch = predictions.shape[0]
    precondition(gradient == nil || gradient!.count == predictions.count, "loss gradient \(gradient!.shape)")
    precondition(
      sampleWeights == nil || sampleWeights!.count == batch, "sample weights \(sampleWeights!.shape)")
    let p = predictions.buffer
    let t = targets.buffer
    let g = gradient?.buffer
    let w = sampleWeights?.buffer
    guard predictions.count > 0 else { return 0 }
    if kind.isElementwise {
      precondition(
        targets.count == predictions.count,
        "\(kind.rawValue): targets \(targets.shape), predictions \(predictions.shape)")
      let n = p.count
      let perSample = n / batch
      let scale = 1 / Float(n)
      // Keras's hinges turn {0, 1} labels into {−1, 1}, but only when every label is 0 or 1.
      let signedLabels = (kind == .hinge || kind == .squaredHinge) && t.allSatisfy { $0 == 0 || $0 == 1 }
      var total: Double = 0
      for i in 0..<n {
        let ti = signedLabels ? 2 * t[i] - 1 : smoothedBinary(t[i])
        let (l, d) = elementwise(p[i], ti)
        let wi = w?[i / perSample] ?? 1
        total += Double(wi * l)
        g?[i] = wi * d * scale
      }
      return Float(total / Double(n))
    }
    let classes = predictions.shape[predictions.shape.rank - 1]
    let rows = p.count / classes
    let perSample = rows / batch
    let sparse = kind == .sparseCategoricalCrossentropy
    precondition(
      targets.count == (sparse ? rows : p.count),
      "\(kind.rawValue): targets \(targets.shape), predictions \(predictions.shape)")
    let scale = 1 / Float(rows)
    var total: Double = 0
    for r in 0..<rows {
      let wr = w?[r / perSample] ?? 1
      let row = UnsafeMutableBufferPointer(rebasing: p[(r * classes)..<((r + 1) * classes)])
      let gr = g.map { UnsafeMutableBufferPointer(rebasing: $0[(r * classes)..<((r + 1) * classes)]) }
      let l: Double
      if sparse {
        let y = Int(t[r])
        precondition(y >= 0 && y < classes, "label \(t[r]) out of range 0..<\(classes)")
        l = sparseRow(row, label: y, gradient: gr, scale: wr * scale)
      } else {
        let tr = UnsafeMutableBufferPointer(rebasing: t[(r * classes)..<((r + 1) * classes)])
        switch kind {
        case .klDivergence: l = klDivergenceRow(row, targets: tr, gradient: gr, scale: wr * scale)
        case .categoricalHinge: l = categoricalHingeRow(row, targets: tr, gradient: gr, scale: wr * scale)
        case .cosineSimilarity: l = cosineSimilarityRow(row, targets: tr, gradient: gr, scale: wr * scale)
        default: l = categoricalRow(row, targets: tr, gradient: gr, scale: wr * scale)
        }
      }
      total += Double(wr) * l
    }
    return Float(total / Double(rows))
  }

  /// A binary target after label smoothing (binary and binary focal crossentropy only).
  @inline(__always)
  private func smoothedBinary(_ t: Float) -> Float {
    guard labelSmoothing != 0, kind == .binaryCrossentropy || kind == .binaryFocalCrossentropy else {
      return t
    }
    return t * (1 - labelSmoothing) + 0.5 * labelSmoothing
  }

  /// Loss and derivative for one element of an elementwise loss.
  @inline(__always)
  private func elementwise(_ p: Float, _ t: Float) -> (Float, Float) {
    switch kind {
    case .meanSquaredError:
      let d = p - t
      return (d * d, 2 * d)
    case .meanAbsoluteError:
      let d = p - t
      return (abs(d), d > 0 ? 1 : (d < 0 ? -1 : 0))
    case .huber:
      let d = p - t
      let a = abs(d)
      if a <= delta { return (0.5 * d * d, d) }
      return (delta * a - 0.5 * delta * delta, d > 0 ? delta : -delta)
    case .binaryCrossentropy:
      if fromLogits {
        let s = p >= 0 ? 1 / (1 + expf(-p)) : expf(p) / (1 + expf(p))
        return (max(p, 0) - p * t + log1pf(expf(-abs(p))), s - t)
      }
      let eps = Loss.epsilon
      let o = min(max(p, eps), 1 - eps)
      let inside = p >= eps && p <= 1 - eps
      let l = -(t * logf(o) + (1 - t) * logf(1 - o))
      return (l, inside ? (-t / o + (1 - t) / (1 - o)) : 0)
    default:
      return elementwiseExtra(p, t)
    }
  }

  /// Categorical crossentropy of one row; writes `scale · dL/dp` into `gradient`.
  private func categoricalRow(
    _ p: UnsafeMutableBufferPointer<Float>, targets t: UnsafeMutableBufferPointer<Float>,
    gradient g: UnsafeMutableBufferPointer<Float>?, scale: Float
  ) -> Double {
    let c = p.count
    // Keras smooths one-hot labels towards 1/classes: t·(1 − ls) + ls / classes.
    let keep = 1 - labelSmoothing
    let spread = labelSmoothing / Float(c)
    if fromLogits {
      var m = -Float.infinity
      for j in 0..<c { m = max(m, p[j]) }
      var s: Double = 0
      for j in 0..<c { s += Double(expf(p[j] - m)) }
      let lse = Double(m) + log(s)
      var l: Double = 0
      var tSum: Float = 0
      for j in 0..<c {
        let tj = t[j] * keep + spread
        l += Double(tj) * (lse - Double(p[j]))
        tSum += tj
      }
      if let g {
        for j in 0..<c { g[j] = scale * (Float(Double(expf(p[j] - m)) / s) * tSum - (t[j] * keep + spread)) }
      }
      return l
    }
    let eps = Loss.epsilon
    var sum: Float = 0
    for j in 0..<c { sum += p[j] }
    var l: Double = 0
    for j in 0..<c {
      let o = p[j] / sum
      l -= Double(t[j] * keep + spread) * Double(logf(min(max(o, eps), 1 - eps)))
    }
    if let g {
      // g_j = dL/do_j (zero outside the clip range); dL/dp_i = (g_i − Σ_j g_j o_j) / S.
      var dot: Float = 0
      for j in 0..<c {
        let o = p[j] / sum
        let gj: Float = (o >= eps && o <= 1 - eps) ? -(t[j] * keep + spread) / o : 0
        g[j] = gj
        dot += gj * o
      }
      for j in 0..<c { g[j] = scale * (g[j] - dot) / sum }
    }
    return l
  }

  /// Sparse categorical crossentropy of one row; writes `scale · dL/dp` into `gradient`.
  private func sparseRow(
    _ p: UnsafeMutableBufferPointer<Float>, label y: Int, gradient g: UnsafeMutableBufferPointer<Float>?,
    scale: Float
  ) -> Double {
    let c = p.count
    if fromLogits {
      var m = -Float.infinity
      for j in 0..<c { m = max(m, p[j]) }
      var s: Double = 0
      for j in 0..<c { s += Double(expf(p[j] - m)) }
      if let g {
        for j in 0..<c { g[j] = scale * (Float(Double(expf(p[j] - m)) / s) - (j == y ? 1 : 0)) }
      }
      return Double(m) + log(s) - Double(p[y])
    }
    // −log softmax(log clip(p))_y = −log c_y + log Σ c.
    let eps = Loss.epsilon
    var s: Float = 0
    for j in 0..<c { s += min(max(p[j], eps), 1 - eps) }
    let cy = min(max(p[y], eps), 1 - eps)
    if let g {
      for j in 0..<c {
        let inside = p[j] >= eps && p[j] <= 1 - eps
        g[j] = inside ? scale * (1 / s - (j == y ? 1 / cy : 0)) : 0
      }
    }
    return Double(logf(s)) - Double(logf(cy))
  }
}

/// Targets or labels that do not fit a loss, with the shapes or values involved.
public struct LossError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The message.
  public let description: String

  /// Creates an error with a message.
  public init(_ description: String) { self.description = description }
}
