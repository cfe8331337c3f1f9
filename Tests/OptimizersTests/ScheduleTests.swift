import Foundation
import Optimizers
import Testing

/// Schedules against `keras/src/optimizers/schedules/learning_rate_schedule_test.py` (its expected
/// values and its reference functions `np_cosine_decay`, `np_cosine_decay_restarts`,
/// `linear_warmup`, ported below; tolerance 1e-6 as theirs), and our own schedules against their
/// defining formulas with hand-computed values.
@Suite struct ScheduleTests {
  @Test func exponentialDecay() throws {
    expectClose(
      try ExponentialDecay(initialLearningRate: 0.05, decaySteps: 10, decayRate: 0.96)(5),
      0.05 * pow(0.96, 0.5))
    let stair = try ExponentialDecay(
      initialLearningRate: 0.1, decaySteps: 3, decayRate: 0.96, staircase: true)
    expectClose(stair(1), 0.1)
    expectClose(stair(2), 0.1)
    expectClose(stair(100), 0.1 * pow(0.96, Double(100 / 3)))
  }

  @Test func piecewiseConstantDecay() throws {
    let lr = try PiecewiseConstantDecay(boundaries: [100, 110, 120], values: [1.0, 0.1, 0.01, 0.001])
    for (step, expected) in [(-999, 1.0), (100, 1.0), (105, 0.1), (110, 0.1), (120, 0.01), (999, 0.001)] {
      expectClose(lr(step), expected, "step \(step)")
    }
    let b = try PiecewiseConstantDecay(boundaries: [1, 2, 3], values: [0.4, 0.5, 0.6, 0.7])
    for (step, expected) in [(0, 0.4), (1, 0.4), (2, 0.5), (3, 0.6), (4, 0.7)] {
      expectClose(b(step), expected)
    }
    #expect(throws: OptimizerError.self) { try PiecewiseConstantDecay(boundaries: [1, 2], values: [1]) }
  }

  @Test func polynomialDecay() throws {
    let (lr, end) = (0.05, 0.001)
    expectClose(try PolynomialDecay(initialLearningRate: lr, decaySteps: 10, endLearningRate: 0)(5), lr * 0.5)
    expectClose(try PolynomialDecay(initialLearningRate: lr, decaySteps: 10, endLearningRate: end)(10), end)
    expectClose(
      try PolynomialDecay(initialLearningRate: lr, decaySteps: 10, endLearningRate: end)(5), (lr + end) * 0.5)
    expectClose(try PolynomialDecay(initialLearningRate: lr, decaySteps: 10, endLearningRate: end)(15), end)
    expectClose(
      try PolynomialDecay(initialLearningRate: lr, decaySteps: 10, endLearningRate: end, cycle: true)(15),
      (lr - end) * 0.25 + end)
    // SqrtDecayTest
    let p = 0.5
    expectClose(
      try PolynomialDecay(initialLearningRate: lr, decaySteps: 10, endLearningRate: 0, power: p)(5),
      lr * pow(0.5, p))
    expectClose(
      try PolynomialDecay(initialLearningRate: lr, decaySteps: 10, endLearningRate: end, power: p)(10), end)
    expectClose(
      try PolynomialDecay(initialLearningRate: lr, decaySteps: 10, endLearningRate: end, power: p)(5),
      (lr - end) * pow(0.5, p) + end)
    expectClose(
      try PolynomialDecay(
        initialLearningRate: lr, decaySteps: 10, endLearningRate: end, power: p, cycle: true)(15),
      (lr - end) * pow(0.25, p) + end)
    expectClose(try PolynomialDecay(initialLearningRate: 0.001, decaySteps: 10, cycle: true)(0), 0.001)
  }

  @Test func inverseTimeDecay() throws {
    let (lr, k, rate) = (0.1, 10, 0.96)
    let smooth = try InverseTimeDecay(initialLearningRate: lr, decaySteps: k, decayRate: rate)
    let stair = try InverseTimeDecay(initialLearningRate: lr, decaySteps: k, decayRate: rate, staircase: true)
    for i in 0...k {
      expectClose(smooth(i), lr / (1 + Double(i) / Double(k) * rate))
      expectClose(stair(i), lr / (1 + rate * Double(i / k)))
    }
  }

  // learning_rate_schedule_test.py: CosineDecayTest.np_cosine_decay
  func npCosineDecay(_ step: Int, _ decaySteps: Int, alpha: Double = 0) -> Double {
    let fraction = Double(min(step, decaySteps)) / Double(decaySteps)
    return (1 - alpha) * 0.5 * (1 + cos(Double.pi * fraction)) + alpha
  }

  // learning_rate_schedule_test.py: CosineDecayTest.linear_warmup (initial_lr is 0 in its uses)
  func linearWarmup(_ step: Int, _ warmupSteps: Int, _ initial: Double, _ target: Double) -> Double {
    Double(step) / Double(warmupSteps) * (target - initial)
  }

  @Test func cosineDecay() throws {
    for step in stride(from: 0, to: 1500, by: 250) {
      expectClose(try CosineDecay(initialLearningRate: 1, decaySteps: 1000)(step), npCosineDecay(step, 1000))
      expectClose(
        try CosineDecay(initialLearningRate: 1, decaySteps: 1000, alpha: 0.1)(step),
        npCosineDecay(step, 1000, alpha: 0.1))
      expectClose(
        try CosineDecay(initialLearningRate: 0, decaySteps: 10, warmupTarget: 10, warmupSteps: 1500)(step),
        linearWarmup(step, 1500, 0, 10))
    }
    for step in stride(from: 0, to: 3000, by: 250) {
      let lr = try CosineDecay(initialLearningRate: 0, decaySteps: 1000, warmupTarget: 10, warmupSteps: 2000)
      let expected =
        step < 2001 ? linearWarmup(step, 2000, 0, 10) : 10 * npCosineDecay(step - 2000, 1000)
      expectClose(lr(step), expected, "step \(step)")
    }
  }

  // learning_rate_schedule_test.py: CosineDecayRestartsTest.np_cosine_decay_restarts
  func npCosineDecayRestarts(
    _ step: Int, _ decaySteps: Int, tMul: Double = 2, mMul: Double = 1, alpha: Double = 0
  ) -> Double {
    var (s, d, fac) = (Double(step), Double(decaySteps), 1.0)
    while s >= d {
      s -= d
      d *= tMul
      fac *= mMul
    }
    return (1 - alpha) * fac * 0.5 * (1 + cos(Double.pi * s / d)) + alpha
  }

  @Test func cosineDecayRestarts() throws {
    for step in stride(from: 0, to: 1500, by: 250) {
      expectClose(
        try CosineDecayRestarts(initialLearningRate: 1, firstDecaySteps: 1000)(step),
        npCosineDecayRestarts(step, 1000))
      expectClose(
        try CosineDecayRestarts(initialLearningRate: 1, firstDecaySteps: 1000, alpha: 0.1)(step),
        npCosineDecayRestarts(step, 1000, alpha: 0.1))
      expectClose(
        try CosineDecayRestarts(initialLearningRate: 1, firstDecaySteps: 1000, mMul: 0.9)(step),
        npCosineDecayRestarts(step, 1000, mMul: 0.9))
      expectClose(
        try CosineDecayRestarts(initialLearningRate: 1, firstDecaySteps: 1000, tMul: 1)(step),
        npCosineDecayRestarts(step, 1000, tMul: 1))
    }
  }

  @Test func nonPositiveDecayStepsAreRejected() {
    #expect(throws: OptimizerError.self) {
      try ExponentialDecay(initialLearningRate: 1, decaySteps: 0, decayRate: 0.5)
    }
    #expect(throws: OptimizerError.self) { try CosineDecay(initialLearningRate: 1, decaySteps: -1) }
    #expect(throws: OptimizerError.self) {
      try CosineDecayRestarts(initialLearningRate: 1, firstDecaySteps: 0)
    }
  }

  @Test func linearWarmupRampsThenShiftsTheWrappedSchedule() throws {
    let ramp = try LinearWarmup(ConstantSchedule(learningRate: 0.1), warmupSteps: 4)
    for (step, expected) in [(0, 0.0), (1, 0.025), (2, 0.05), (3, 0.075), (4, 0.1), (9, 0.1)] {
      expectClose(ramp(step), expected, "step \(step)")
    }
    // The wrapped schedule starts its own step 0 when the warmup ends.
    let inner = try PiecewiseConstantDecay(boundaries: [2], values: [1.0, 0.5])
    let shifted = try LinearWarmup(inner, warmupSteps: 4, start: 0.2)
    for (step, expected) in [(0, 0.2), (2, 0.6), (4, 1.0), (6, 1.0), (7, 0.5)] {
      expectClose(shifted(step), expected, "step \(step)")
    }
  }

  @Test func scheduleIsReadAtIterationsBeforeTheStep() throws {
    // SGD, w = 0, g = 1, lr = 0.1·0.5^step: w = −0.1, −0.15, −0.175.
    let schedule = try ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5)
    let optimizer = try Optimizer.sgd(learningRate: .schedule(schedule))
    let p = parameter("p", [0])
    var seen: [Float] = []
    for expected in [-0.1, -0.15, -0.175] {
      setGradient(p, [1])
      optimizer.apply(to: [p])
      seen.append(optimizer.lastAppliedLearningRate!)
      expectClose(Double(p.value.buffer[0]), expected)
    }
    #expect(seen == [0.1, 0.05, 0.025])
    #expect(optimizer.iterations == 3)
    #expect(!optimizer.isLearningRateSettable)
    #expect(throws: OptimizerError.learningRateNotSettable(optimizer: "sgd")) {
      try optimizer.setLearningRate(1)
    }
  }

  @Test func stepDecayPerEpoch() throws {
    // lr = 0.1 · 0.5^floor(epoch / 2)
    let optimizer = try Optimizer.sgd(learningRate: 0.1)
    optimizer.runningSchedule = try StepDecay(drop: 0.5, every: 2)
    var rates: [Double] = []
    for epoch in 0..<6 {
      optimizer.beginEpoch(epoch)
      rates.append(optimizer.learningRate)
    }
    let expected = [0.1, 0.1, 0.05, 0.05, 0.025, 0.025].map { Double(Float($0)) }
    #expect(rates == expected)
  }

  @Test func expressionPerEpochMatchesKerasLearningRateSchedulerExample() throws {
    // keras/src/callbacks/learning_rate_scheduler.py docstring: SGD() (lr 0.01), lr unchanged for
    // epochs < 10 then lr·exp(−0.1); after 15 epochs round(lr, 5) == 0.00607.
    let optimizer = try Optimizer.sgd()
    optimizer.runningSchedule = ExpressionSchedule(every: .epoch) { c in
      c.epoch < 10 ? c.learningRate : c.learningRate * exp(-0.1)
    }
    for epoch in 0..<15 { optimizer.beginEpoch(epoch) }
    #expect((optimizer.learningRate * 1e5).rounded() / 1e5 == 0.00607)
  }

  @Test func expressionPerStepSeesStepAndInitialRate() throws {
    // lr = initial / (1 + step): 0.1, 0.05, 0.0333…; w = 0, g = 1 → w = −Σ lr.
    let optimizer = try Optimizer.sgd(learningRate: 0.1)
    optimizer.runningSchedule = ExpressionSchedule(every: .step) { c in
      c.initialLearningRate / Double(1 + c.step)
    }
    let p = parameter("p", [0])
    for _ in 0..<3 {
      setGradient(p, [1])
      optimizer.apply(to: [p])
    }
    expectClose(Double(p.value.buffer[0]), -(0.1 + 0.05 + 0.1 / 3), rtol: 1e-6, atol: 1e-7)
    expectClose(Double(optimizer.lastAppliedLearningRate!), 0.1 / 3)
  }
}
