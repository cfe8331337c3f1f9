import Foundation
import Optimizers
import Testing

/// The float64 path (`Optimizer64`, each rule's `Double` update) against the float32 path
/// (`Optimizer`, checked against Keras's and PyTorch's goldens elsewhere) and against closed forms.
@Suite struct Float64PathTests {
  /// One optimizer configuration, built fresh for each path.
  struct Case: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let make: @Sendable () throws -> Optimizer
    init(_ name: String, _ make: @escaping @Sendable () throws -> Optimizer) {
      testDescription = name
      self.make = make
    }
  }

  /// Every algorithm and formula, with the arguments of Keras's golden tests where they have them,
  /// plus each clipping mode, decoupled and coupled weight decay and a per-step schedule.
  static let cases: [Case] = [
    Case("sgd") { try .sgd() },
    Case("sgd momentum") { try .sgd(momentum: 0.9) },
    Case("sgd nesterov") { try .sgd(momentum: 0.9, nesterov: true) },
    Case("sgd pytorch") {
      try .sgd(formula: .pytorch, learningRate: 0.01, momentum: 0.9, dampening: 0.1, weightDecay: 0.01)
    },
    Case("sgd clipnorm") { try .sgd(options: .init(clipping: .norm(0.5))) },
    Case("sgd clipvalue") { try .sgd(momentum: 0.5, options: .init(clipping: .value(0.35))) },
    Case("adam") { try .adam() },
    Case("adam amsgrad") { try .adam(amsgrad: true) },
    Case("adam no bias correction") { try .adam(biasCorrection: false) },
    Case("adam pytorch") { try .adam(formula: .pytorch, amsgrad: true, weightDecay: 0.01) },
    Case("adam global clipnorm") { try .adam(options: .init(clipping: .globalNorm(0.5))) },
    Case("adam exponential decay") {
      try .adam(
        learningRate: .schedule(
          try ExponentialDecay(initialLearningRate: 0.01, decaySteps: 2, decayRate: 0.5)))
    },
    Case("adamw") { try .adamW(learningRate: 1.0, weightDecay: 0.5, epsilon: 2) },
    Case("rmsprop centered") { try .rmsprop(centered: true) },
    Case("rmsprop momentum") { try .rmsprop(momentum: 0.9, weightDecay: 0.1) },
    Case("rmsprop pytorch") {
      try .rmsprop(formula: .pytorch, momentum: 0.5, centered: true, weightDecay: 0.01)
    },
    Case("adagrad") { try .adagrad(learningRate: 0.2, initialAccumulatorValue: 0.3, epsilon: 1e-6) },
    Case("adagrad pytorch") { try .adagrad(formula: .pytorch, learningRateDecay: 0.1, weightDecay: 0.01) },
    Case("adadelta") { try .adadelta(learningRate: 1.0, rho: 0.8, epsilon: 1e-6) },
    Case("adamax") { try .adamax(learningRate: 0.2, beta1: 0.85, beta2: 0.95, epsilon: 1e-6) },
    Case("nadam") { try .nadam(learningRate: 0.05) },
    Case("lion") { try .lion(learningRate: 0.01) },
    Case("lamb") { try .lamb(learningRate: 0.01) },
    Case("ftrl") {
      try .ftrl(
        learningRate: 0.1, l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.02,
        l2ShrinkageRegularizationStrength: 0.01, beta: 0.1)
    },
  ]

  /// Keras's golden scenario (`goldenTrajectory`): x = ones(10), gradient full(10, 0.01), then
  /// arange(0.1, 1.1, 0.1), five steps. The float64 path gets the float32 gradients widened, so only
  /// the arithmetic differs. Tolerance 2e-6 absolute + 2e-6 relative, about 17 float32 ulps at 1:
  /// five steps of about a dozen float32 roundings each (≤ 6e-8 relative apiece) could in the
  /// worst case reach 3.6e-6; the largest gap measured over these cases is 4.1e-7 (adamw, whose
  /// weights shrink towards 0 with lr 1), nadam, rmsprop pytorch and adamax next at 2.2e-7 to 3.7e-7.
  @Test(arguments: cases) func doubleAndFloatPathsAgreeOnTheGoldenInput(_ c: Case) throws {
    let rows32 = goldenTrajectory(try c.make())
    let optimizer64 = Optimizer64(try c.make(), dimension: 10, parameterName: "x")
    var x = [Double](repeating: 1, count: 10)
    let arange = (0..<10).map { Float(0.1) + Float($0) * Float(0.1) }
    for (step, row32) in rows32.enumerated() {
      let gradient = (step == 0 ? [Float](repeating: 0.01, count: 10) : arange).map(Double.init)
      optimizer64.apply(to: &x, gradient: gradient)
      expectClose(row32, x, rtol: 2e-6, atol: 2e-6, "\(c.testDescription) step \(step + 1)")
    }
    #expect(optimizer64.iterations == 5)
  }

  /// SGD on f(w) = Σ aᵢ·wᵢ² (gradient 2aᵢ·wᵢ) gives wᵢ(t) = wᵢ(0)·(1 − 2aᵢ·lr)ᵗ. In float64 each
  /// step rounds a few times (≤ 1.1e-16 relative apiece), so 100 steps stay far below 1e-12
  /// relative, while float32 (6e-8 per rounding, and lr itself rounded to float32) cannot.
  @Test func sgdOnQuadraticMatchesTheClosedForm() throws {
    let a = [2.0, 0.5, 1.25]
    let start = [1.5, -2.0, 0.75]
    let lr = 0.1
    let optimizer = Optimizer64(try .sgd(learningRate: .constant(lr)), dimension: 3, parameterName: "w")
    var w = start
    for t in 1...100 {
      let gradient = (0..<3).map { 2 * a[$0] * w[$0] }
      optimizer.apply(to: &w, gradient: gradient)
      for i in 0..<3 {
        let expected = start[i] * pow(1 - 2 * a[i] * lr, Double(t))
        #expect(abs(w[i] - expected) <= 1e-12 * abs(expected), "t \(t), w[\(i)]: \(w[i]) vs \(expected)")
      }
    }
    // The rate is the spec's float64 0.1, not float32's 0.10000000149011612.
    #expect(optimizer.lastAppliedLearningRate == 0.1)
    #expect(optimizer.iterations == 100)
  }

  /// A per-step schedule is read in float64 at `iterations` before each step, unrounded.
  @Test func scheduleIsReadInFloat64() throws {
    let schedule = try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.7)
    let optimizer = Optimizer64(try .sgd(learningRate: .schedule(schedule)), dimension: 1, parameterName: "w")
    var w = [1.0]
    for step in 0..<6 {
      #expect(optimizer.learningRate == schedule(step))
      optimizer.apply(to: &w, gradient: [0])
      #expect(optimizer.lastAppliedLearningRate == schedule(step))
    }
  }

  /// Decoupled weight decay `w ← w − w·wd·lr` with a zero gradient gives w(t) = w(0)·(1 − wd·lr)ᵗ;
  /// a parameter name matching an exclusion gets none.
  @Test func weightDecayAndItsExclusions() throws {
    let options = OptimizerOptions(weightDecayExclusions: ["bias"])
    let decayed = Optimizer64(
      try .sgd(learningRate: 0.1, weightDecay: 0.2, options: options), dimension: 2, parameterName: "xy")
    let excluded = Optimizer64(
      try .sgd(learningRate: 0.1, weightDecay: 0.2, options: options), dimension: 2,
      parameterName: "dense/bias")
    var w = [3.0, -1.0]
    var v = [3.0, -1.0]
    for _ in 0..<10 {
      decayed.apply(to: &w, gradient: [0, 0])
      excluded.apply(to: &v, gradient: [0, 0])
    }
    let factor = pow(1 - 0.2 * 0.1, 10.0)
    #expect(abs(w[0] - 3 * factor) <= 1e-14 && abs(w[1] + factor) <= 1e-14, "\(w)")
    #expect(v == [3.0, -1.0])
  }
}
