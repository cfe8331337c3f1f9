import NN
import Tensors
import Testing
import _TestSupport

/// Finite-difference checks of every loss's gradient with respect to the predictions.
@Suite struct LossGradientTests {
  static let probabilityLosses: [Loss.Kind] = [
    .binaryCrossentropy, .categoricalCrossentropy, .sparseCategoricalCrossentropy,
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
    case .categoricalCrossentropy:
      let t = Tensor(zeros: [batch, classes])
      for r in 0..<batch { t.buffer[r * classes + s.nextInt(below: classes)] = 1 }
      return t
    case .binaryCrossentropy:
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
      ? probabilities([4, 3], "p") : separatedTensor([4, 3], "regression", spacing: 0.3, offset: 0.07)
    let check = GradientCheck.check(loss: Loss(kind), predictions: p, targets: y, sampleWeights: weights)
    #expect(check.passed, "\(kind) weighted \(weighted): \(check)")
    if probability {
      let logits = randomTensor([4, 3], "logits", scale: 2)
      let fused = GradientCheck.check(
        loss: Loss(kind, fromLogits: true), predictions: logits, targets: y, sampleWeights: weights)
      #expect(fused.passed, "\(kind) from logits: \(fused)")
    }
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
