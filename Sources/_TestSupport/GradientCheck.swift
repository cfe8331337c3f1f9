import NN
import Tensors

/// Finite-difference checks of analytic gradients, for any layer, graph or loss.
///
/// The scalar checked is `L = Σ r·y` with a fixed random `r` (so every output element matters
/// with a different weight), accumulated in Double. Each checked element `v` is moved to `v ± h`
/// and `(L(v+h) − L(v−h)) / 2h` is compared with the analytic derivative.
///
/// Tolerance: `|numeric − analytic| ≤ absolute + relative · max(|numeric|, |analytic|)`, by default
/// 2e-3 + 2e-2. The forward passes run in float32, so each `L` carries a rounding error of about
/// 1e-7·Σ|r·y| (≈1e-6 for the sizes used); divided by 2h = 2e-2 that is ≈1e-4, while the central
/// difference's truncation error is O(h²·L''') ≈ 1e-4 for smooth functions. A wrong gradient
/// (a missing term, a transposed index, a wrong scale) is off by far more than 2%. Functions with
/// kinks (relu, max pooling, clipping) must be probed away from them: the caller picks inputs so.
public struct GradientCheck: CustomStringConvertible {
  /// One compared derivative.
  public struct Mismatch: Sendable, CustomStringConvertible {
    /// What was perturbed (`input 0`, `dense/kernel`).
    public let what: String
    /// The element index.
    public let index: Int
    /// Finite-difference value.
    public let numeric: Double
    /// Back-propagated value.
    public let analytic: Double

    /// A readable line.
    public var description: String { "\(what)[\(index)]: numeric \(numeric), analytic \(analytic)" }
  }

  /// Derivatives that disagreed beyond the tolerance.
  public private(set) var mismatches: [Mismatch] = []
  /// How many derivatives were compared.
  public private(set) var checked = 0
  /// The largest |numeric − analytic| seen.
  public private(set) var worstError: Double = 0

  /// Whether every compared derivative agreed (and at least one was compared).
  public var passed: Bool { mismatches.isEmpty && checked > 0 }

  /// A summary with the first mismatches.
  public var description: String {
    "checked \(checked), worst error \(worstError), mismatches \(mismatches.count)"
      + mismatches.prefix(5).map { "\n  \($0)" }.joined()
  }

  /// Relative tolerance.
  public let relative: Double
  /// Absolute tolerance.
  public let absolute: Double

  init(relative: Double, absolute: Double) {
    self.relative = relative
    self.absolute = absolute
  }

  /// Compares the derivatives of `evaluate` with respect to elements of `values` against `analytic`;
  /// at most `maxElements` elements of each, spread evenly.
  mutating func compare(
    _ what: String, values: UnsafeMutableBufferPointer<Float>, analytic: [Float], step h: Float,
    maxElements: Int, evaluate: () -> Double
  ) {
    precondition(values.count == analytic.count)
    let n = values.count
    let stride = max(1, n / max(maxElements, 1))
    for i in Swift.stride(from: 0, to: n, by: stride) {
      let saved = values[i]
      values[i] = saved + h
      let plus = evaluate()
      values[i] = saved - h
      let minus = evaluate()
      values[i] = saved
      let numeric = (plus - minus) / (2 * Double(h))
      let a = Double(analytic[i])
      let error = abs(numeric - a)
      worstError = max(worstError, error)
      checked += 1
      if error > absolute + relative * max(abs(numeric), abs(a)) {
        mismatches.append(Mismatch(what: what, index: i, numeric: numeric, analytic: a))
      }
    }
  }

  /// Checks `layer`'s input and trainable-parameter gradients at the given inputs (each `[batch] +
  /// shape`). The layer is built here for the inputs' batch size with `seed`.
  public static func check(
    layer: any Layer, inputs: [Tensor], training: Bool = true, seed: UInt64 = 7, step: Float = 1e-2,
    relative: Double = 2e-2, absolute: Double = 2e-3, maxElementsPerTensor: Int = 150
  ) throws -> GradientCheck {
    let batch = inputs[0].shape[0]
    let shapes = inputs.map { $0.shape.unbatched }
    let context = LayerContext(seed: seed)
    try layer.build(inputShapes: shapes, maxBatchSize: batch, context: context)
    let outShape = try layer.outputShape(for: shapes).batched(batch)
    var stream = RandomStream(seed: seed, name: "gradient-check/r")
    let r = Tensor(zeros: outShape)
    stream.fillNormal(r.buffer, mean: 0, stddev: 1)
    func evaluate() -> Double {
      let y = layer.forward(inputs, training: training, context: context)
      var s: Double = 0
      for i in 0..<y.count { s += Double(r.buffer[i]) * Double(y.buffer[i]) }
      return s
    }
    _ = evaluate()
    for p in layer.parameters { p.gradient.zero() }
    let inputGradients = layer.backward(r).map { $0.toArray() }
    var result = GradientCheck(relative: relative, absolute: absolute)
    for (k, x) in inputs.enumerated() {
      result.compare(
        "input \(k)", values: x.buffer, analytic: inputGradients[k], step: step,
        maxElements: maxElementsPerTensor, evaluate: evaluate)
    }
    for p in layer.parameters where p.trainable {
      result.compare(
        p.name, values: p.value.buffer, analytic: p.gradient.toArray(), step: step,
        maxElements: maxElementsPerTensor, evaluate: evaluate)
    }
    return result
  }

  /// Checks a built graph's trainable-parameter gradients (including regularization, whose penalty
  /// is added to `L`) at input `x`.
  public static func check(
    graph: Graph, input x: Tensor, training: Bool = true, step: Float = 1e-2, relative: Double = 2e-2,
    absolute: Double = 2e-3, maxElementsPerTensor: Int = 60
  ) -> GradientCheck {
    var stream = RandomStream(seed: graph.seed, name: "gradient-check/r")
    let r = Tensor(zeros: graph.outputShape.batched(x.shape[0]))
    stream.fillNormal(r.buffer, mean: 0, stddev: 1)
    let savedStep = graph.trainingStep
    func evaluate() -> Double {
      graph.trainingStep = savedStep
      let y = graph.forward(x, training: training)
      var s = Double(graph.regularizationLoss())
      for i in 0..<y.count { s += Double(r.buffer[i]) * Double(y.buffer[i]) }
      return s
    }
    _ = evaluate()
    graph.zeroGradients()
    graph.backward(r)
    var result = GradientCheck(relative: relative, absolute: absolute)
    for p in graph.trainableParameters {
      result.compare(
        p.name, values: p.value.buffer, analytic: p.gradient.toArray(), step: step,
        maxElements: maxElementsPerTensor, evaluate: evaluate)
    }
    return result
  }

  /// Checks a loss's gradient with respect to the predictions.
  public static func check(
    loss: Loss, predictions: Tensor, targets: Tensor, sampleWeights: Tensor? = nil, step: Float = 1e-3,
    relative: Double = 2e-2, absolute: Double = 1e-4
  ) -> GradientCheck {
    let gradient = Tensor(zeros: predictions.shape)
    _ = loss.compute(
      predictions: predictions, targets: targets, sampleWeights: sampleWeights, gradient: gradient)
    var result = GradientCheck(relative: relative, absolute: absolute)
    result.compare(
      "predictions", values: predictions.buffer, analytic: gradient.toArray(), step: step,
      maxElements: predictions.count
    ) {
      Double(loss.compute(predictions: predictions, targets: targets, sampleWeights: sampleWeights))
    }
    return result
  }
}
