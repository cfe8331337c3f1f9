import Foundation
import Optimizers
import Spec
import Tensors
import Testing
import YAML
import _TestSupport

@testable import Runner

/// The per-step schedule built from `schedule` with optimizer learning rate 0.1.
func perStep(_ schedule: String) throws -> any LearningRateSchedule {
  let loaded = try loadObjectiveSpec(
    "name: t\nobjective: {function: booth, start: [0, 0], steps: 1}\noptimizer: {type: sgd, learning_rate: 0.1}\n"
      + "schedule: \(schedule)\n")
  let built = try ScheduleBuilder.make(try #require(loaded.spec.schedule), optimizerLearningRate: 0.1)
  guard case .perStep(let s) = built else {
    Issue.record("\(schedule) is not per-step")
    return ConstantSchedule(learningRate: .nan)
  }
  return s
}

/// Each schedule against Keras's published formula (`keras/src/optimizers/schedules/
/// learning_rate_schedule.py` docstrings), evaluated by hand at chosen steps; lr0 = 0.1 unless the
/// schedule names its own `initial_learning_rate`.
@Suite struct ScheduleBuilderTests {
  func expectValues(_ s: any LearningRateSchedule, _ expected: [(Int, Double)]) {
    for (step, value) in expected {
      #expect(
        isClose(s(step), value, relative: 1e-12, absolute: 1e-15), "step \(step): \(s(step)) vs \(value)")
    }
  }

  @Test func constant() throws {
    expectValues(try perStep("constant"), [(0, 0.1), (1000, 0.1)])
    expectValues(try perStep("{type: constant, initial_learning_rate: 0.3}"), [(7, 0.3)])
  }

  /// lr0 · rate^(step / decay_steps), floored exponent with staircase.
  @Test func exponentialDecay() throws {
    expectValues(
      try perStep("{type: exponential_decay, decay_steps: 10, decay_rate: 0.5}"),
      [(0, 0.1), (5, 0.1 * 0.5.squareRoot()), (20, 0.025)])
    expectValues(
      try perStep(
        "{type: exponential_decay, decay_steps: 10, decay_rate: 0.5, staircase: true, initial_learning_rate: 0.4}"
      ),
      [(0, 0.4), (15, 0.2), (20, 0.1)])
  }

  @Test func piecewiseConstantDecay() throws {
    expectValues(
      try perStep("{type: piecewise_constant_decay, boundaries: [10, 20], values: [1.0, 0.5, 0.1]}"),
      [(0, 1), (10, 1), (11, 0.5), (20, 0.5), (21, 0.1)])
  }

  /// (lr0 − end)·(1 − min(step, d)/d)^power + end.
  @Test func polynomialDecay() throws {
    expectValues(
      try perStep("{type: polynomial_decay, decay_steps: 100, end_learning_rate: 0.01, power: 2}"),
      [(0, 0.1), (50, 0.09 * 0.25 + 0.01), (200, 0.01)])
    // cycle: d = 100·ceil(150/100) = 200 at step 150.
    expectValues(
      try perStep("{type: polynomial_decay, decay_steps: 100, end_learning_rate: 0.01, cycle: true}"),
      [(150, 0.09 * 0.25 + 0.01)])
  }

  /// lr0 / (1 + rate · step / decay_steps).
  @Test func inverseTimeDecay() throws {
    expectValues(
      try perStep("{type: inverse_time_decay, decay_steps: 10, decay_rate: 1.0}"),
      [(0, 0.1), (20, 0.1 / 3), (5, 0.1 / 1.5)])
    expectValues(
      try perStep("{type: inverse_time_decay, decay_steps: 10, decay_rate: 1.0, staircase: true}"),
      [(15, 0.05)])
  }

  /// lr0·((1 − alpha)·½(1 + cos(π·min(step, d)/d)) + alpha), after a linear warmup to warmup_target.
  @Test func cosineDecay() throws {
    expectValues(
      try perStep("{type: cosine_decay, decay_steps: 100, alpha: 0.1}"),
      [(0, 0.1), (50, 0.1 * (0.9 * 0.5 + 0.1)), (100, 0.01)])
    expectValues(
      try perStep("{type: cosine_decay, decay_steps: 100, warmup_target: 0.5, warmup_steps: 10}"),
      [(5, 0.1 + 0.4 * 0.5), (10, 0.5), (60, 0.25)])
  }

  /// SGDR: periods 10, 20, 40, … (t_mul 2), each starting m_mul = 0.5 times lower.
  @Test func cosineDecayRestarts() throws {
    let s = try perStep("{type: cosine_decay_restarts, first_decay_steps: 10, t_mul: 2.0, m_mul: 0.5}")
    // Step 5: half way through the first period. Step 10: the second period starts at 0.5·lr0.
    // Step 20: half way through the second period (10..30): 0.05·½(1 + cos(π/2)).
    expectValues(s, [(0, 0.1), (5, 0.05), (10, 0.05), (20, 0.025)])
  }

  /// A ramp from `start` to the inner schedule's first value, then the inner schedule shifted.
  @Test func linearWarmupNestsASchedule() throws {
    expectValues(
      try perStep(
        "{type: linear_warmup, warmup_steps: 10, schedule: {type: exponential_decay, decay_steps: 10, decay_rate: 0.5}}"
      ),
      [(0, 0), (5, 0.05), (10, 0.1), (20, 0.05)])
    expectValues(
      try perStep("{type: linear_warmup, warmup_steps: 4, start: 0.02}"), [(0, 0.02), (2, 0.06), (9, 0.1)])
    // The nested schedule's own initial_learning_rate wins.
    expectValues(
      try perStep(
        "{type: linear_warmup, warmup_steps: 2, schedule: {type: constant, initial_learning_rate: 0.4}}"),
      [(1, 0.2), (5, 0.4)])
  }

  @Test func linearWarmupRejectsARunningSchedule() throws {
    let error = #expect(throws: DiagnosticList.self) {
      _ = try buildOptimizer(
        "sgd", schedule: "{type: linear_warmup, warmup_steps: 5, schedule: {type: step_decay, every: 2}}")
    }
    #expect(error?.diagnostics.first?.keyPath == "schedule.schedule")
    #expect(error?.rendered.hasPrefix("t.yaml:4:") == true)
    #expect(error?.rendered.contains("linear_warmup cannot wrap 'step_decay'") == true)
  }

  /// step_decay: lr0 · drop^floor(epoch / every), written into the optimizer at each epoch's start.
  @Test func stepDecayRewritesTheRateEachEpoch() throws {
    let optimizer = try buildOptimizer(
      "{type: sgd, learning_rate: 0.1}", schedule: "{type: step_decay, drop: 0.5, every: 2}")
    #expect(optimizer.isLearningRateSettable)
    for (epoch, expected) in [(0, 0.1), (1, 0.1), (2, 0.05), (5, 0.025)] {
      optimizer.beginEpoch(epoch)
      #expect(optimizer.learningRate == Double(Float(expected)), "epoch \(epoch)")
    }
  }

  /// expression every step: evaluated before every update, the first included, from the rate it
  /// wrote last (as Keras's LearningRateScheduler assigns back into the float32 variable).
  @Test func expressionEveryStepCompounds() throws {
    let optimizer = try buildOptimizer(
      "{type: sgd, learning_rate: 0.1}", schedule: "{type: expression, every: step, value: \"lr * 0.5\"}")
    let p = Parameter(name: "w", value: Tensor(shape: [1], values: [1]))
    var applied: [Float] = []
    for _ in 0..<3 {
      optimizer.apply(to: [p])
      applied.append(optimizer.lastAppliedLearningRate!)
    }
    #expect(applied == [Float(0.1) * 0.5, Float(0.1) * 0.25, Float(0.1) * 0.125])
  }

  /// `initial_lr` is the schedule's own initial_learning_rate, which is also where `lr` starts.
  @Test func expressionUsesItsOwnInitialRate() throws {
    let optimizer = try buildOptimizer(
      "{type: sgd, learning_rate: 0.1}",
      schedule:
        "{type: expression, every: step, initial_learning_rate: 0.4, value: \"step < 1 ? lr : initial_lr / (step + 1)\"}"
    )
    let p = Parameter(name: "w", value: Tensor(shape: [1], values: [1]))
    var applied: [Float] = []
    for _ in 0..<3 {
      optimizer.apply(to: [p])
      applied.append(optimizer.lastAppliedLearningRate!)
    }
    #expect(applied == [Float(0.4), Float(0.4 / 2), Float(0.4 / 3)])
  }

  /// A per-step schedule drives the optimizer: the rate of step t is schedule(t), rounded to float32.
  @Test func perStepScheduleBecomesTheOptimizersRate() throws {
    let optimizer = try buildOptimizer(
      "{type: adam, learning_rate: 0.1}",
      schedule: "{type: exponential_decay, decay_steps: 1, decay_rate: 0.5}")
    #expect(!optimizer.isLearningRateSettable)
    let p = Parameter(name: "w", value: Tensor(shape: [1], values: [1]))
    var applied: [Float] = []
    for _ in 0..<3 {
      p.gradient.buffer[0] = 1
      optimizer.apply(to: [p])
      applied.append(optimizer.lastAppliedLearningRate!)
    }
    #expect(applied == [Float(0.1), Float(0.05), Float(0.025)])
  }
}
