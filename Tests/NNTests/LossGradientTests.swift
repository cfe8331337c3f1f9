import NN
import Tensors
import Testing
import _TestSupport

/// Finite-difference checks of every loss's gradient with respect to the predictions.
@Suite struct LossGradientTests {
  static let probabilityLosses: [Loss.Kind] = [
    .binaryCrossentropy, .categoricalCrossentropy, .sparseCategoricalCrossentropy, .binaryFocalCrossentropy,
    .klDivergence,
  ]
  /// Losses with a logits path (`from_logits`, or the final activation's logits).
  static let logitsLosses: [Loss.Kind] = [
    .binaryCrossentropy, .categoricalCrossentropy, .sparseCategoricalCrossentropy, .binaryFocalCrossentropy,
  ]
  /// Losses that take logs of the predictions (or divide by targets): positive values only.
  static let positiveLosses: [Loss.Kind] = [
    .poisson, .meanSquaredLogarithmicError, .meanAbsolutePercentageError,
  ]

  /// Probabilities in (0.05, 0.95), rows not normalised (categorical renormalises).
  func probabilities(_ shape: Shape, _ name: String) -> Tensor {
    var s = RandomStream(seed: 11, name: name)
    let t = Tensor(zeros: shape)
    s.fillUniform(t.buffer, low: 0.05, high: 0.95)
    return t
  }

  func targets(for kind: Loss.Kind, batch: Int, classes: Int) -> Tensor {
    var s = RandomStream(seed: 12, name: "targets")
    switch kind {
    case .sparseCategoricalCrossentropy:
      return Tensor(shape: [batch], values: (0..<batch).map { _ in Float(s.nextInt(below: classes)) })
    case .categoricalCrossentropy, .categoricalHinge:
      let t = Tensor(zeros: [batch, classes])
      for r in 0..<batch { t.buffer[r * classes + s.nextInt(below: classes)] = 1 }
      return t
    case .klDivergence:
      return probabilities([batch, classes], "kl-targets")
    case .poisson, .meanSquaredLogarithmicError, .meanAbsolutePercentageError:
      return probabilities([batch, classes], "positive-targets")
    case .binaryCrossentropy, .binaryFocalCrossentropy, .hinge, .squaredHinge:
      return Tensor(
        shape: [batch, classes], values: (0..<(batch * classes)).map { _ in Float(s.nextInt(below: 2)) })
    default:
      return randomTensor([batch, classes], "regression-targets")
    }
  }

  @Test(arguments: Loss.Kind.allCases, [false, true])
  func gradient(_ kind: Loss.Kind, weighted: Bool) {
    let weights = weighted ? Tensor(shape: [4], values: [0.5, 1, 2, 0.25]) : nil
    let y = targets(for: kind, batch: 4, classes: 3)
    let probability = Self.probabilityLosses.contains(kind)
    let p =
      probability
      ? probabilities([4, 3], "p")
      : Self.positiveLosses.contains(kind)
        ? separatedTensor([4, 3], "positive", spacing: 0.3, offset: 3.07)
        : separatedTensor([4, 3], "regression", spacing: 0.3, offset: 0.07)
    let check = GradientCheck.check(loss: Loss(kind), predictions: p, targets: y, sampleWeights: weights)
    #expect(check.passed, "\(kind) weighted \(weighted): \(check)")
    if Self.logitsLosses.contains(kind) {
      let logits = randomTensor([4, 3], "logits", scale: 2)
      let fused = GradientCheck.check(
        loss: Loss(kind, fromLogits: true), predictions: logits, targets: y, sampleWeights: weights)
      #expect(fused.passed, "\(kind) from logits: \(fused)")
    }
  }

  /// The arguments that change a loss's formula (label smoothing, focal gamma/alpha/balancing,
  /// huber's delta) keep the gradient right, from probabilities and from logits.
  @Test(arguments: [
    Loss(.binaryCrossentropy, labelSmoothing: 0.2), Loss(.categoricalCrossentropy, labelSmoothing: 0.1),
    Loss(.binaryFocalCrossentropy, labelSmoothing: 0.1, gamma: 0.5, alpha: 0.3, applyClassBalancing: true),
    Loss(.binaryFocalCrossentropy, gamma: 0), Loss(.huber, delta: 0.2),
  ])
  func gradientWithArguments(_ loss: Loss) {
    let y = targets(for: loss.kind, batch: 4, classes: 3)
    let probability = Self.probabilityLosses.contains(loss.kind)
    let p =
      probability ? probabilities([4, 3], "p") : separatedTensor([4, 3], "r", spacing: 0.3, offset: 0.07)
    let check = GradientCheck.check(loss: loss, predictions: p, targets: y)
    #expect(check.passed, "\(loss): \(check)")
    if probability {
      var logits = loss
      logits.fromLogits = true
      let fused = GradientCheck.check(
        loss: logits, predictions: randomTensor([4, 3], "logits", scale: 2), targets: y)
      #expect(fused.passed, "\(loss) from logits: \(fused)")
    }
  }

  /// Hinge labels in {−1, 1} are used as they are; {0, 1} labels are mapped to them, as Keras does
  /// only when every label of the batch is 0 or 1.
  @Test func hingeLabelConversion() {
    let p = Tensor(shape: [1, 3], values: [0.5, -0.2, 2])
    let zeroOne = Loss(.hinge).compute(predictions: p, targets: Tensor(shape: [1, 3], values: [0, 1, 1]))
    let signed = Loss(.hinge).compute(predictions: p, targets: Tensor(shape: [1, 3], values: [-1, 1, 1]))
    #expect(zeroOne == signed)
    #expect(isClose(Double(signed), (1.5 + 1.2 + 0) / 3, relative: 1e-6))
    // −1 and 0 together: not all {0, 1}, so no conversion: max(1 − 0·p, 0) = 1 for the 0 label.
    let mixed = Loss(.hinge).compute(predictions: p, targets: Tensor(shape: [1, 3], values: [0, -1, 1]))
    #expect(isClose(Double(mixed), (1 + 0.8 + 0) / 3, relative: 1e-6))
  }

  /// Outside the clip range the gradient is zero, as `tf.clip_by_value`'s.
  @Test func clippedProbabilitiesHaveNoGradient() {
    let g = Tensor(zeros: [1, 2])
    _ = Loss(.binaryCrossentropy).compute(
      predictions: Tensor(shape: [1, 2], values: [0, 1]), targets: Tensor(shape: [1, 2], values: [1, 0]),
      gradient: g)
    #expect(g.toArray() == [0, 0])
    let value = Loss(.binaryCrossentropy).compute(
      predictions: Tensor(shape: [1, 1], values: [0]), targets: Tensor(shape: [1, 1], values: [1]))
    #expect(isClose(Double(value), 16.118095651, relative: 1e-4))  // −ln(1e-7): clipped, not infinity
  }

  /// Targets that do not fit are errors naming the loss and both shapes, for the new losses too.
  @Test func targetShapeErrorsNameTheLoss() throws {
    for kind in [
      Loss.Kind.klDivergence, .categoricalHinge, .cosineSimilarity, .binaryFocalCrossentropy, .poisson,
    ] {
      let error = #expect(throws: LossError.self) { try Loss(kind).checkShapes(prediction: [3], target: [4]) }
      #expect(error?.description == "\(kind.rawValue): targets of shape (4,) do not match predictions (3,)")
      try Loss(kind).checkShapes(prediction: [3], target: [3])
    }
  }

  /// Segmentation-shaped sparse labels (batch, h, w) against (batch, h, w, classes).
  @Test func sparseLabelsWithSpatialAxes() throws {
    let loss = Loss(.sparseCategoricalCrossentropy)
    try loss.checkShapes(prediction: [4, 4, 3], target: [4, 4])
    try loss.checkShapes(prediction: [4, 4, 3], target: [4, 4, 1])
    #expect(throws: LossError.self) { try loss.checkShapes(prediction: [4, 4, 3], target: [4, 3]) }
    #expect(throws: LossError.self) { try Loss(.meanSquaredError).checkShapes(prediction: [10], target: [1]) }
    try Loss(.meanSquaredError).checkShapes(prediction: [1], target: [])
    #expect(throws: LossError.self) {
      try Loss.checkSparseLabels(Tensor(shape: [2], values: [1, 3]), classes: 3)
    }
  }
}
