import NN
import Tensors
import Testing
import _TestSupport

/// Forward values against `scripts/reference/nn_reference.py` (numpy, Keras 3 formulas); the
/// numbers below are what that script printed. Tolerance 1e-5 relative: float32 arithmetic.
@Suite struct ReferenceValueTests {
  static let x: [Float] = [0.5, -1.0, 2.0, 1.5, 0.0, -2.0, -0.5, 3.0, 1.0, 2.5, -1.0, 0.0]

  func makeBatchNormalization() throws -> BatchNormalizationLayer {
    let layer = BatchNormalizationLayer(name: "bn")
    try layer.build(inputShapes: [[2, 3]], maxBatchSize: 2, context: LayerContext(seed: 1))
    layer.parameters[0].value.copy(from: Tensor(shape: [3], values: [1.5, 0.5, -1.0]))  // gamma
    layer.parameters[1].value.copy(from: Tensor(shape: [3], values: [0.1, -0.2, 0.3]))  // beta
    return layer
  }

  @Test func batchNormalizationTraining() throws {
    let layer = try makeBatchNormalization()
    let y = layer.forward(
      [Tensor(shape: [2, 2, 3], values: Self.x)], training: true, context: LayerContext(seed: 1))
    let expected: [Double] = [
      -0.570552226, -0.581175516, -0.8829456, 0.770552226, -0.276235103, 1.82093006, -1.91165668,
      0.638586135, -0.206976686, 2.11165668, -0.581175516, 0.468992229,
    ]
    #expect(allClose(y.toArray(), expected, relative: 1e-5, absolute: 1e-6))
    #expect(allClose(layer.parameters[2].value.toArray(), [0.01, 0.0025, 0.0025], relative: 1e-5))
    // Keras 3 moves the variance with the biased batch variance.
    #expect(allClose(layer.parameters[3].value.toArray(), [1.0025, 1.016875, 1.011875], relative: 1e-6))
  }

  @Test func batchNormalizationInference() throws {
    let layer = try makeBatchNormalization()
    layer.parameters[2].value.copy(from: Tensor(shape: [3], values: [0.2, -0.1, 0.4]))
    layer.parameters[3].value.copy(from: Tensor(shape: [3], values: [1.2, 0.8, 2.0]))
    let y = layer.forward(
      [Tensor(shape: [2, 2, 3], values: Self.x)], training: false, context: LayerContext(seed: 1))
    let expected: [Double] = [
      0.510620862, -0.702801142, -0.831088113, 1.87935707, -0.144133206, 1.99663217, -0.858115344,
      1.5318706, -0.124158042, 3.24809327, -0.702801142, 0.582772028,
    ]
    #expect(allClose(y.toArray(), expected, relative: 1e-5, absolute: 1e-6))
    #expect(layer.parameters[3].value.toArray() == [1.2, 0.8, 2.0])  // inference leaves stats alone
  }

  static let regressionTargets = Tensor(shape: [2, 3], values: [0.0, 1.0, 0.5, 1.0, 0.0, 0.25])
  static let regressionPredictions = Tensor(shape: [2, 3], values: [0.1, 0.8, 2.0, 0.6, -0.3, 0.25])
  static let weights2 = Tensor(shape: [2], values: [0.5, 2.0])
  static let binaryTargets = Tensor(shape: [2, 3], values: [1, 0, 1, 0, 1, 0])
  static let binaryProbabilities = Tensor(shape: [2, 3], values: [0.9, 0.2, 1.0, 0.0, 0.7, 0.4])
  static let binaryLogits = Tensor(shape: [2, 3], values: [2.0, -1.0, 0.5, -3.0, 0.2, 4.0])
  static let oneHot = Tensor(shape: [3, 3], values: [0, 1, 0, 0, 0, 1, 1, 0, 0])
  static let labels = Tensor(shape: [3], values: [1, 2, 0])
  static let probabilities = Tensor(shape: [3, 3], values: [0.2, 0.7, 0.1, 0.5, 0.5, 0.0, 0.3, 0.3, 0.6])
  static let logits = Tensor(shape: [3, 3], values: [1.0, 2.0, 0.5, -1.0, 0.0, 3.0, 2.0, 2.0, -2.0])
  static let weights3 = Tensor(shape: [3], values: [1.0, 0.5, 3.0])

  struct Case: Sendable, CustomStringConvertible {
    let name: String
    let loss: Loss
    let predictions: Tensor
    let targets: Tensor
    let weights: Tensor?
    let expected: Double
    var description: String { name }
  }

  static let cases: [Case] = [
    Case(
      name: "mse", loss: Loss(.meanSquaredError), predictions: regressionPredictions,
      targets: regressionTargets, weights: nil, expected: 0.425),
    Case(
      name: "mse_weighted", loss: Loss(.meanSquaredError), predictions: regressionPredictions,
      targets: regressionTargets, weights: weights2, expected: 0.275),
    Case(
      name: "mae", loss: Loss(.meanAbsoluteError), predictions: regressionPredictions,
      targets: regressionTargets, weights: nil, expected: 0.416666667),
    Case(
      name: "huber", loss: Loss(.huber), predictions: regressionPredictions, targets: regressionTargets,
      weights: nil, expected: 0.191666667),
    Case(
      name: "huber_weighted", loss: Loss(.huber), predictions: regressionPredictions,
      targets: regressionTargets, weights: weights2, expected: 0.127083333),
    Case(
      name: "bce", loss: Loss(.binaryCrossentropy), predictions: binaryProbabilities, targets: binaryTargets,
      weights: nil, expected: 0.199334139),
    Case(
      name: "bce_weighted", loss: Loss(.binaryCrossentropy), predictions: binaryProbabilities,
      targets: binaryTargets, weights: weights2, expected: 0.316542236),
    Case(
      name: "bce_logits", loss: Loss(.binaryCrossentropy, fromLogits: true), predictions: binaryLogits,
      targets: binaryTargets, weights: nil, expected: 0.929857139),
    Case(
      name: "cce", loss: Loss(.categoricalCrossentropy), predictions: probabilities, targets: oneHot,
      weights: nil, expected: 5.95368832),
    Case(
      name: "cce_weighted", loss: Loss(.categoricalCrossentropy), predictions: probabilities, targets: oneHot,
      weights: weights3, expected: 4.19153528),
    Case(
      name: "cce_logits", loss: Loss(.categoricalCrossentropy, fromLogits: true), predictions: logits,
      targets: oneHot, weights: nil, expected: 0.41083867),
    Case(
      name: "scce", loss: Loss(.sparseCategoricalCrossentropy), predictions: probabilities, targets: labels,
      weights: nil, expected: 5.95368835),
    Case(
      name: "scce_logits", loss: Loss(.sparseCategoricalCrossentropy, fromLogits: true), predictions: logits,
      targets: labels, weights: nil, expected: 0.41083867),
  ]

  @Test(arguments: cases)
  func lossValue(_ c: Case) {
    let value = c.loss.compute(predictions: c.predictions, targets: c.targets, sampleWeights: c.weights)
    #expect(
      isClose(Double(value), c.expected, relative: 2e-6, absolute: 1e-7),
      "\(c.name): \(value) vs \(c.expected)")
  }
}
