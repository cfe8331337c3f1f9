import Optimizers
import Spec
import Tensors
import Testing
import YAML

@testable import Runner

/// One optimizer spec and the Optimizers factory call it must become, with every argument away
/// from its default so that a dropped or swapped argument changes the result.
struct OptimizerCase: Sendable, CustomTestStringConvertible {
  let yaml: String
  let reference: @Sendable () throws -> Optimizer
  var testDescription: String { yaml }
}

/// Builds an objective spec around `optimizer` (and `schedule`) and returns the built optimizer.
func buildOptimizer(_ optimizer: String, schedule: String? = nil) throws -> Optimizer {
  var text = "name: t\nobjective: {function: booth, start: [0, 0], steps: 1}\noptimizer: \(optimizer)\n"
  if let schedule { text += "schedule: \(schedule)\n" }
  let loaded = try loadObjectiveSpec(text)
  return try OptimizerBuilder.make(
    optimizer: loaded.spec.optimizer, schedule: loaded.spec.schedule, source: loaded.source)
}

/// The weights after three steps from w = (0.5, −1.5, 2) with gradients 2(w − t) + 0.3·step.
func threeSteps(_ optimizer: Optimizer) -> [Float] {
  let p = Parameter(name: "w", value: Tensor(shape: [3], values: [0.5, -1.5, 2]))
  let target: [Float] = [1, -2, 0.25]
  for step in 0..<3 {
    for i in 0..<3 { p.gradient.buffer[i] = 2 * (p.value.buffer[i] - target[i]) + 0.3 * Float(step) }
    optimizer.apply(to: [p])
  }
  return Array(p.value.buffer)
}

@Suite struct OptimizerBuilderTests {
  static let cases: [OptimizerCase] = [
    OptimizerCase(yaml: "{type: sgd, learning_rate: 0.05, momentum: 0.8, nesterov: true, weight_decay: 0.1}")
    {
      try .sgd(learningRate: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.1)
    },
    OptimizerCase(
      yaml:
        "{type: sgd, formula: pytorch, learning_rate: 0.05, momentum: 0.8, dampening: 0.3, weight_decay: 0.1}"
    ) {
      try .sgd(formula: .pytorch, learningRate: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.1)
    },
    OptimizerCase(
      yaml: "{type: adam, learning_rate: 0.02, beta_1: 0.7, beta_2: 0.95, epsilon: 0.01, amsgrad: true}"
    ) {
      try .adam(learningRate: 0.02, beta1: 0.7, beta2: 0.95, epsilon: 0.01, amsgrad: true)
    },
    OptimizerCase(
      yaml: "{type: adam, learning_rate: 0.02, beta_1: 0.7, bias_correction: false, clipvalue: 0.5}"
    ) {
      try .adam(learningRate: 0.02, beta1: 0.7, biasCorrection: false, options: .init(clipping: .value(0.5)))
    },
    OptimizerCase(
      yaml: "{type: adam, formula: pytorch, learning_rate: 0.02, epsilon: 0.001, weight_decay: 0.2}"
    ) {
      try .adam(formula: .pytorch, learningRate: 0.02, epsilon: 0.001, weightDecay: 0.2)
    },
    OptimizerCase(yaml: "{type: adamw, learning_rate: 0.02, weight_decay: 0.3, beta_2: 0.9, clipnorm: 0.7}") {
      try .adamW(learningRate: 0.02, weightDecay: 0.3, beta2: 0.9, options: .init(clipping: .norm(0.7)))
    },
    OptimizerCase(yaml: "{type: adamw, formula: pytorch, learning_rate: 0.02}") {
      // The spec's defaults are Keras's: weight_decay 0.004 and epsilon 1e-7 are passed explicitly.
      try .adamW(formula: .pytorch, learningRate: 0.02, weightDecay: 0.01, epsilon: 1e-8)  // torch.optim.AdamW defaults
    },
    OptimizerCase(
      yaml: "{type: rmsprop, learning_rate: 0.01, rho: 0.8, momentum: 0.5, centered: true, epsilon: 0.001}"
    ) {
      try .rmsprop(learningRate: 0.01, rho: 0.8, momentum: 0.5, epsilon: 0.001, centered: true)
    },
    OptimizerCase(
      yaml: "{type: rmsprop, formula: pytorch, learning_rate: 0.01, rho: 0.8, global_clipnorm: 0.4}"
    ) {
      try .rmsprop(
        formula: .pytorch, learningRate: 0.01, rho: 0.8, epsilon: 1e-8,  // torch.optim.RMSprop eps
        options: .init(clipping: .globalNorm(0.4)))
    },
    OptimizerCase(yaml: "{type: adagrad, learning_rate: 0.1, initial_accumulator_value: 0.5, epsilon: 0.01}")
    {
      try .adagrad(learningRate: 0.1, initialAccumulatorValue: 0.5, epsilon: 0.01)
    },
    OptimizerCase(yaml: "{type: adagrad, formula: pytorch, learning_rate: 0.1, weight_decay: 0.2}") {
      try .adagrad(
        formula: .pytorch, learningRate: 0.1, initialAccumulatorValue: 0, epsilon: 1e-10, weightDecay: 0.2)  // torch.optim.Adagrad defaults
    },
    OptimizerCase(yaml: "{type: adadelta, learning_rate: 1.0, rho: 0.5, epsilon: 0.01, weight_decay: 0.1}") {
      try .adadelta(learningRate: 1.0, rho: 0.5, epsilon: 0.01, weightDecay: 0.1)
    },
    OptimizerCase(yaml: "{type: adamax, learning_rate: 0.02, beta_1: 0.6, beta_2: 0.8, epsilon: 0.01}") {
      try .adamax(learningRate: 0.02, beta1: 0.6, beta2: 0.8, epsilon: 0.01)
    },
    OptimizerCase(yaml: "{type: nadam, learning_rate: 0.02, beta_1: 0.6, beta_2: 0.8, epsilon: 0.01}") {
      try .nadam(learningRate: 0.02, beta1: 0.6, beta2: 0.8, epsilon: 0.01)
    },
    OptimizerCase(yaml: "{type: lion, learning_rate: 0.02, beta_1: 0.6, beta_2: 0.8, weight_decay: 0.5}") {
      try .lion(learningRate: 0.02, beta1: 0.6, beta2: 0.8, weightDecay: 0.5)
    },
    OptimizerCase(yaml: "{type: lamb, learning_rate: 0.02, beta_1: 0.6, beta_2: 0.8, epsilon: 0.01}") {
      try .lamb(learningRate: 0.02, beta1: 0.6, beta2: 0.8, epsilon: 0.01)
    },
    OptimizerCase(
      yaml: """
        {type: ftrl, learning_rate: 0.2, learning_rate_power: -0.7, initial_accumulator_value: 0.3, \
        l1_regularization_strength: 0.01, l2_regularization_strength: 0.02, \
        l2_shrinkage_regularization_strength: 0.03, beta: 0.4}
        """
    ) {
      try .ftrl(
        learningRate: 0.2, learningRatePower: -0.7, initialAccumulatorValue: 0.3,
        l1RegularizationStrength: 0.01,
        l2RegularizationStrength: 0.02, l2ShrinkageRegularizationStrength: 0.03, beta: 0.4)
    },
  ]

  /// The built optimizer takes the same three steps, bit for bit, as the factory called by hand.
  @Test(arguments: cases) func mapsEveryArgumentToTheFactory(_ c: OptimizerCase) throws {
    let built = try buildOptimizer(c.yaml)
    let reference = try c.reference()
    #expect(built.name == reference.name)
    #expect(built.clipping == reference.clipping)
    #expect(built.weightDecay == reference.weightDecay)
    let (a, b) = (threeSteps(built), threeSteps(reference))
    #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "\(a) vs \(b)")
    #expect(a != [0.5, -1.5, 2], "the optimizer moved the weights")
  }

  /// Plain SGD by hand: w ← w − lr·g, so after one step from 0.5 with g = 2(0.5 − 1) = −1, w = 0.55.
  @Test func sgdDefaultsTakeTheTextbookStep() throws {
    let sgd = try buildOptimizer("{type: sgd, learning_rate: 0.05}")
    let p = Parameter(name: "w", value: Tensor(shape: [1], values: [0.5]))
    p.gradient.buffer[0] = -1
    sgd.apply(to: [p])
    #expect(p.value.buffer[0] == Float(0.5) + Float(0.05))
  }

  /// Lion needs beta_1 in (0, 1], which the schema's [0, 1) does not say: the library's error is
  /// reported at the argument, quoting the line.
  @Test func libraryErrorIsRenderedAtTheArgument() throws {
    let error = #expect(throws: DiagnosticList.self) {
      _ = try buildOptimizer("{type: lion, learning_rate: 0.001, beta_1: 0}")
    }
    #expect(
      error?.rendered == """
        t.yaml:3:55: error: lion: `beta_1` must be in (0, 1] (otherwise Lion degenerates to SignSGD); \
        received 0.0
        optimizer: {type: lion, learning_rate: 0.001, beta_1: 0}
                                                              ^
        """)
    #expect(error?.diagnostics.first?.keyPath == "optimizer.beta_1")
  }

  @Test func pytorchNesterovWithoutMomentumIsAnError() throws {
    let error = #expect(throws: DiagnosticList.self) {
      _ = try buildOptimizer("{type: sgd, formula: pytorch, nesterov: true}")
    }
    #expect(error?.diagnostics.first?.keyPath == "optimizer.nesterov")
    #expect(
      error?.rendered == """
        t.yaml:3:52: error: sgd: `nesterov` must be used with momentum > 0 and dampening 0; received true
        optimizer: {type: sgd, formula: pytorch, nesterov: true}
                                                           ^
        """)
  }
}
