import Optimizers
import Testing

/// Clipping and weight decay, as `keras/src/optimizers/optimizer_test.py` and each optimizer's
/// `test_clip_norm`, `test_clip_value`, `test_weight_decay`.
@Suite struct ClippingAndDecayTests {
  /// The clipped gradient, read off one SGD step with lr 1 from w = 0 (`w = −clip(g)`).
  func clipped(_ clipping: GradientClipping, _ gradient: [Float]) throws -> [Float] {
    let optimizer = try Optimizer.sgd(learningRate: 1.0, options: .init(clipping: clipping))
    let p = parameter("p", Array(repeating: 0, count: gradient.count))
    setGradient(p, gradient)
    optimizer.apply(to: [p])
    return p.value.toArray().map { -$0 }
  }

  @Test func clipNorm() throws {
    expectClose(
      try clipped(.init(clipnorm: 1), [100, 100]), [(0.5).squareRoot(), (0.5).squareRoot()], rtol: 1e-6,
      atol: 1e-6)
  }

  @Test func clipValue() throws {
    expectClose(try clipped(.init(clipvalue: 1), [100, 100]), [1, 1], rtol: 1e-6, atol: 1e-6)
  }

  @Test func globalClipNorm() throws {
    // test_global_clip_norm: grad / ‖grad‖ for grad = [50, 100].
    let norm = (50.0 * 50 + 100 * 100).squareRoot()
    expectClose(
      try clipped(.init(globalClipnorm: 1), [50, 100]), [50 / norm, 100 / norm], rtol: 1e-6, atol: 1e-6)
  }

  @Test func globalClipNormSpansParameters() throws {
    // Two tensors [3] and [4]: global norm 5, clip 1 → [0.6], [0.8].
    let optimizer = try Optimizer.sgd(learningRate: 1.0, options: .init(clipping: .init(globalClipnorm: 1)))
    let a = parameter("a", [0])
    let b = parameter("b", [0])
    setGradient(a, [3])
    setGradient(b, [4])
    optimizer.apply(to: [a, b])
    expectClose(a.value.toArray(), [-0.6], rtol: 1e-6, atol: 1e-6)
    expectClose(b.value.toArray(), [-0.8], rtol: 1e-6, atol: 1e-6)
  }

  @Test func clippingBelowThresholdIsIdentity() throws {
    expectClose(try clipped(.init(clipnorm: 10), [3, 4]), [3, 4], rtol: 1e-6, atol: 1e-6)
  }

  @Test func onlyOneClipArgument() {
    // test_clip_args
    #expect(throws: OptimizerError.self) { try GradientClipping(clipnorm: 0.1, clipvalue: 0.1) }
    #expect(throws: OptimizerError.self) { try GradientClipping(clipnorm: 0.1, globalClipnorm: 0.1) }
  }

  /// `test_weight_decay`: zero gradients, lr 1, weight_decay 0.004; `var1` is stepped by three
  /// optimizers in turn (2·0.996³ = 1.9760959), `exclude` is never decayed.
  @Test(arguments: [
    "sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "lion", "lamb",
  ])
  func weightDecay(name: String) throws {
    let var1 = parameter("var1", [2])
    let var2 = parameter("exclude", [2])
    for p in [var1, var2] { setGradient(p, [0]) }
    try kerasOptimizer(name, learningRate: 1, weightDecay: 0.004).apply(to: [var1])
    let excluding = OptimizerOptions(weightDecayExclusions: ["exclude"])
    try kerasOptimizer(name, learningRate: 1, weightDecay: 0.004, options: excluding).apply(to: [var1, var2])
    try kerasOptimizer(name, learningRate: 1, weightDecay: 0.004, options: excluding).apply(to: [var1, var2])
    expectClose(Double(var1.value.buffer[0]), 1.9760959, rtol: 0, atol: 1.5e-6, name)
    #expect(var2.value.buffer[0] == 2, "\(name): excluded variable decayed")
  }

  @Test func decayUsesTheScheduledRateBeforeTheUpdate() throws {
    // w = 1, g = 0, lr 0.5 from a schedule, decoupled wd 0.1: w ← 1 − 1·0.1·0.5 = 0.95.
    let optimizer = try Optimizer.sgd(
      learningRate: .schedule(ConstantSchedule(learningRate: 0.5)), weightDecay: 0.1)
    let p = parameter("p", [1])
    optimizer.apply(to: [p])
    #expect(p.value.buffer[0] == 0.95)
  }
}
