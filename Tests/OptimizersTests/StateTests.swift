import Optimizers
import Tensors
import Testing

/// Step counting, non-trainable parameters, save/restore and the Adam effective step size.
@Suite struct StateTests {
  /// Deterministic, step-dependent gradients for two parameters.
  func setGradients(_ params: [Parameter], step: Int) {
    for (k, p) in params.enumerated() {
      let n = p.value.count
      setGradient(
        p,
        (0..<n).map { i in Float((i + 1) * (k + 2)) * 0.1 * (step % 2 == 0 ? 1 : -0.5) + Float(step) * 0.01 })
    }
  }

  func makeParameters() -> [Parameter] {
    [
      parameter("dense/kernel", [0.5, -1, 2, 0.25, -0.75, 1.5]),
      parameter("dense/bias", [0.1, -0.2]),
      parameter("batch_normalization/moving_mean", [3, 4], trainable: false),
    ]
  }

  static let factories: [(String, @Sendable () throws -> Optimizer)] = [
    ("adam amsgrad", { try .adam(learningRate: 0.05, amsgrad: true, weightDecay: 0.01) }),
    ("adamw pytorch", { try .adamW(formula: .pytorch, learningRate: 0.05) }),
    ("nadam", { try .nadam(learningRate: 0.05) }),
    (
      "sgd pytorch nesterov",
      { try .sgd(formula: .pytorch, learningRate: 0.05, momentum: 0.9, nesterov: true) }
    ),
    ("rmsprop centered momentum", { try .rmsprop(learningRate: 0.01, momentum: 0.5, centered: true) }),
    ("ftrl", { try .ftrl(learningRate: 0.1, l1RegularizationStrength: 0.01) }),
    ("lamb clipnorm", { try .lamb(learningRate: 0.05, options: .init(clipping: .norm(0.5))) }),
  ]

  @Test(arguments: 0..<factories.count)
  func interruptedAndRestoredRunContinuesBitIdentically(index: Int) throws {
    let (label, make) = Self.factories[index]
    // Reference: 6 uninterrupted steps, with the learning rate changed (as a callback would) at 3.
    let reference = makeParameters()
    let a = try make()
    for step in 0..<6 {
      if step == 3 { a.learningRate = a.learningRate * 0.5 }
      setGradients(reference, step: step)
      a.apply(to: reference)
    }
    // Interrupted: 3 steps, save weights and state, rebuild everything, restore, 3 more steps.
    let first = makeParameters()
    let b = try make()
    for step in 0..<3 {
      setGradients(first, step: step)
      b.apply(to: first)
    }
    let saved = b.saveState()
    let weights = first.map { $0.value.toArray() }
    let resumed = makeParameters()
    for (p, w) in zip(resumed, weights) { _ = p.value.buffer.update(fromContentsOf: w) }
    let c = try make()
    try c.restoreState(saved, parameters: resumed)
    #expect(c.iterations == 3, "\(label)")
    for step in 3..<6 {
      if step == 3 { c.learningRate = c.learningRate * 0.5 }
      setGradients(resumed, step: step)
      c.apply(to: resumed)
    }
    for (r, p) in zip(reference, resumed) {
      #expect(r.value.toArray() == p.value.toArray(), "\(label): \(p.name) differs after restore")
    }
    #expect(c.saveState() == a.saveState(), "\(label): state differs after restore")
  }

  @Test func stateIsKeyedByParameterAndSlotName() throws {
    let params = makeParameters()
    let nadam = try Optimizer.nadam()
    setGradients(params, step: 0)
    nadam.apply(to: params)
    let state = nadam.saveState()
    #expect(
      Set(state.slots.keys)
        == [
          "dense/kernel/momentum", "dense/kernel/velocity", "dense/bias/momentum", "dense/bias/velocity",
          "nadam/u_product",
        ])
    #expect(state.slots["dense/bias/momentum"]?.count == 2)
    #expect(state.iterations == 1)
  }

  @Test func restoreRejectsStateThatDoesNotFit() throws {
    let params = makeParameters()
    let adam = try Optimizer.adam()
    setGradients(params, step: 0)
    adam.apply(to: params)
    let good = adam.saveState()

    var missing = good
    missing.slots["dense/bias/velocity"] = nil
    #expect(throws: OptimizerError.missingState(key: "dense/bias/velocity")) {
      try Optimizer.adam().restoreState(missing, parameters: params)
    }
    var short = good
    short.slots["dense/kernel/momentum"] = [1, 2]
    #expect(throws: OptimizerError.stateSizeMismatch(key: "dense/kernel/momentum", expected: 6, received: 2))
    {
      try Optimizer.adam().restoreState(short, parameters: params)
    }
    var extra = good
    extra.slots["conv2d/kernel/momentum"] = [0]
    #expect(throws: OptimizerError.unexpectedState(key: "conv2d/kernel/momentum")) {
      try Optimizer.adam().restoreState(extra, parameters: params)
    }
  }

  @Test func iterationsCountSteps() throws {
    // optimizer_test.py test_iterations_counter
    let adam = try Optimizer.adam(learningRate: 1.0)
    let v = parameter("v", [1, 2, 3, 4])
    setGradient(v, [1, 1, 1, 1])
    #expect(adam.iterations == 0)
    adam.apply(to: [v])
    #expect(adam.iterations == 1)
    adam.apply(to: [v])
    #expect(adam.iterations == 2)
  }

  @Test func nonTrainableParametersAreUntouched() throws {
    let frozen = parameter("moving_mean", [3, 4], trainable: false)
    let live = parameter("kernel", [3, 4])
    setGradient(frozen, [1, 1])
    setGradient(live, [1, 1])
    let adamw = try Optimizer.adamW(learningRate: 0.1, weightDecay: 0.5)
    adamw.apply(to: [frozen, live])
    #expect(frozen.value.toArray() == [3, 4])
    #expect(live.value.toArray() != [3, 4])
    #expect(adamw.saveState().slots.keys.allSatisfy { $0.hasPrefix("kernel/") })
  }

  @Test func adamEffectiveStepSize() throws {
    // After one Keras Adam step (lr 0.5, g = [1, 6, 7, 2]): v = 0.001·g², α = 0.5·√0.001/0.1, so
    // s = α/(√v + ε) = 5/(|g| + ε/√0.001) ≈ 5/|g|.
    let adam = try Optimizer.adam(learningRate: 0.5)
    let v = parameter("var", [1, 2, 3, 4])
    #expect(adam.effectiveStepSizes(for: v) == nil)
    setGradient(v, [1, 6, 7, 2])
    adam.apply(to: [v])
    let sizes = try #require(adam.effectiveStepSizes(for: v))
    let expected = [1.0, 6, 7, 2].map { 5 / ($0 + 1e-7 / 0.001.squareRoot()) }
    expectClose(sizes, expected, rtol: 1e-5, atol: 0)
    // numpy: np.percentile([5, 5/6, 5/7, 2.5], [5, 50, 95]) = [0.7321429, 1.6666667, 4.625]
    let summary = try #require(adam.stepSizeSummary(for: v))
    expectClose(
      [summary.min, summary.p5, summary.p50, summary.p95, summary.max],
      [5.0 / 7, 0.7321429, 1.6666667, 4.625, 5], rtol: 1e-4, atol: 0)
    #expect(try Optimizer.sgd().effectiveStepSizes(for: v) == nil)
  }

  @Test func invalidArgumentsAreClearErrors() {
    #expect(
      throws: OptimizerError.invalidArgument(
        owner: "sgd", argument: "momentum", expected: "in [0, 1]", received: "1.5")
    ) {
      try Optimizer.sgd(momentum: 1.5)
    }
    #expect(throws: OptimizerError.self) { try Optimizer.lion(beta1: 0) }
    #expect(throws: OptimizerError.self) { try Optimizer.rmsprop(epsilon: 0) }
    #expect(throws: OptimizerError.self) { try Optimizer.ftrl(learningRatePower: 0.5) }
    #expect(throws: OptimizerError.self) { try Optimizer.adam(beta1: 1) }
    let message = OptimizerError.invalidArgument(
      owner: "sgd", argument: "momentum", expected: "in [0, 1]", received: "1.5"
    ).description
    #expect(message == "sgd: `momentum` must be in [0, 1]; received 1.5")
  }
}
