import Foundation
import Testing
import YAML

@testable import Spec

/// `sweep.parameters` distributions: decoding, drawing, and errors at their positions.
@Suite struct SweepDistributionTests {
  /// SplitMix64 written out again from the paper (Steele, Lea & Flood, 2014), so the expected draws
  /// below do not come from the code under test.
  struct ReferenceSplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &+ 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
  }

  static func sweep(_ lines: String, method: String = "random", trials: Int = 3) -> String {
    mlpSpec + "seed: 7\nsweep:\n  method: \(method)\n  trials: \(trials)\n  parameters:\n" + lines
  }

  @Test func referenceGeneratorMatchesThePublishedSequence() {
    var g = ReferenceSplitMix64(state: 0)
    // The first outputs for seed 0, as printed by the reference C implementation.
    #expect(g.next() == 0xE220_A839_7B1D_CDAF)
    #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
  }

  @Test func mappingFormsDecodeToDistributions() throws {
    let spec = try load(
      Self.sweep(
        """
            optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
            optimizer.beta_1: {uniform: [0.8, 0.99]}
            train.batch_size: {int_uniform: [16, 128]}
            optimizer.type: {choice: [adam, nadam]}
            model.layers.0.units: [32, 64]
            optimizer.epsilon: {uniform: [1, 2]}

        """)
    ).spec
    let parameters = try #require(spec.sweep).parameters
    #expect(
      parameters.map(\.distribution) == [
        .logUniform(1e-4, 1e-1), .uniform(0.8, 0.99), .intUniform(16, 128),
        .choice([.string("adam"), .string("nadam")]), .choice([.int(32), .int(64)]), .uniform(1, 2),
      ])
    #expect(parameters.map(\.values.count) == [0, 0, 0, 2, 2, 0])
    #expect(
      parameters[3]
        == SweepSpec.Parameter(path: "optimizer.type", values: [.string("adam"), .string("nadam")]))
  }

  @Test func resolvedSpecLoadsBackToTheSameSweep() throws {
    let loaded = try load(
      Self.sweep(
        """
            optimizer.learning_rate: {log_uniform: [0.0001, 0.1]}
            train.batch_size: {int_uniform: [16, 128]}
            optimizer.beta_1: {choice: [0.8, 0.9]}
            optimizer.epsilon: {uniform: [1, 2]}

        """))
    #expect(loaded.resolvedYAML.contains("    optimizer.learning_rate:\n      log_uniform: [0.0001, 0.1]\n"))
    #expect(loaded.resolvedYAML.contains("    optimizer.epsilon:\n      uniform: [1.0, 2.0]\n"))
    #expect(loaded.resolvedYAML.contains("    optimizer.beta_1: [0.8, 0.9]\n"))
    let again = try load(loaded.resolvedYAML)
    #expect(again.spec == loaded.spec)
    #expect(again.hash == loaded.hash)
  }

  @Test func drawsFollowTheSplitMix64Formulas() throws {
    let trials = try load(
      Self.sweep(
        """
            optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}
            optimizer.beta_1: {uniform: [0.8, 0.99]}
            model.layers.0.units: {int_uniform: [16, 128]}
            optimizer.type: [adam, nadam, sgd]

        """)
    ).sweepTrials()
    #expect(trials.count == 3)
    var g = ReferenceSplitMix64(state: 7)
    func unit(_ x: UInt64) -> Double { Double(x >> 11) / 9_007_199_254_740_992 }  // 2^53
    for trial in trials {
      let lr = exp(log(1e-4) + (log(1e-1) - log(1e-4)) * unit(g.next()))
      let beta1 = 0.8 + (0.99 - 0.8) * unit(g.next())
      let units = 16 + Int(g.next() % 113)
      let type = ["adam", "nadam", "sgd"][Int(g.next() % 3)]
      #expect(trial.spec.optimizer.double("learning_rate") == lr)
      #expect(trial.spec.model?.layers[0].int("units") == units)
      #expect(trial.spec.optimizer.type == type)
      if type != "sgd" { #expect(trial.spec.optimizer.double("beta_1") == beta1) }
      #expect(
        trial.assignments == [
          SweepSpec.Parameter(path: "optimizer.learning_rate", values: [.double(lr)]),
          SweepSpec.Parameter(path: "optimizer.beta_1", values: [.double(beta1)]),
          SweepSpec.Parameter(path: "model.layers.0.units", values: [.int(units)]),
          SweepSpec.Parameter(path: "optimizer.type", values: [.string(type)]),
        ])
      #expect(1e-4 <= lr && lr <= 1e-1 && 0.8 <= beta1 && beta1 <= 0.99)
    }
  }

  /// A choice draws exactly as sweeps always have, so existing random sweeps keep their trials.
  @Test func choiceKeepsTheOriginalDrawingRule() throws {
    let trials = try load(Self.sweep("    optimizer.learning_rate: [0.1, 0.01, 0.001]\n", trials: 6))
      .sweepTrials()
    var g = ReferenceSplitMix64(state: 7)
    let expected = (0..<6).map { _ in [0.1, 0.01, 0.001][Int(g.next() % 3)] }
    #expect(trials.map { $0.spec.optimizer.double("learning_rate") } == expected)
  }

  @Test func logUniformSpreadsOverDecades() throws {
    let trials = try load(
      Self.sweep("    optimizer.learning_rate: {log_uniform: [1.0e-4, 1.0e-1]}\n", trials: 200)
    ).sweepTrials()
    let rates = trials.map { $0.spec.optimizer.double("learning_rate") }
    #expect(rates.allSatisfy { 1e-4 <= $0 && $0 <= 1e-1 })
    // About a third in each decade (a uniform draw would put 90% in the last one).
    for (low, high) in [(1e-4, 1e-3), (1e-3, 1e-2), (1e-2, 1e-1)] {
      let count = rates.filter { low <= $0 && $0 < high }.count
      #expect(count > 40, "\(count) of 200 draws in [\(low), \(high))")
    }
  }

  @Test func intUniformIncludesBothEnds() throws {
    let trials = try load(Self.sweep("    model.layers.0.units: {int_uniform: [1, 4]}\n", trials: 40))
      .sweepTrials()
    #expect(Set(trials.compactMap { $0.spec.model?.layers[0].int("units") }) == [1, 2, 3, 4])
  }

  @Test func drawnValuesReadBackAsTheSameNumbers() throws {
    let trials = try load(
      Self.sweep("    optimizer.learning_rate: {log_uniform: [1.0e-7, 1.0e-5]}\n", trials: 20)
    ).sweepTrials()
    for trial in trials {
      guard case .double(let d) = trial.assignments[0].values[0] else {
        Issue.record("not a double: \(trial.assignments[0].values[0])")
        continue
      }
      #expect(try ScalarResolver.resolvePlain("\(d)") == .double(d))
      #expect(try load(trial.resolvedYAML).spec == trial.spec)
    }
    #expect(try ScalarResolver.resolvePlain("\(1e-05)") == .double(1e-05))
  }

  @Test func drawsAreReproducibleAndDependOnTheSeed() throws {
    let text = Self.sweep("    optimizer.learning_rate: {uniform: [0.001, 0.1]}\n")
    let first = try load(text).sweepTrials()
    #expect(try load(text).sweepTrials() == first)
    let other = try load(text, overrides: ["seed=8"]).sweepTrials()
    #expect(other.map(\.assignments) != first.map(\.assignments))
  }

  @Test func gridCombinesChoicesInBothForms() throws {
    let loaded = try load(
      mlpSpec
        + "sweep: {parameters: {optimizer.beta_1: {choice: [0.8, 0.9]}, optimizer.learning_rate: [0.1, 0.01]}}\n"
    )
    #expect(loaded.spec.sweep?.configurationCount == 4)
    let trials = try loaded.sweepTrials()
    #expect(
      trials.map { [$0.spec.optimizer.double("beta_1"), $0.spec.optimizer.double("learning_rate")] } == [
        [0.8, 0.1], [0.8, 0.01], [0.9, 0.1], [0.9, 0.01],
      ])
  }

  @Test func gridNeedsListedValues() {
    #expect(
      diagnostics(
        mlpSpec + """
          sweep:
            parameters:
              optimizer.beta_1: [0.9]
              optimizer.learning_rate: {uniform: [0.001, 0.1]}

          """) == """
          t.yaml:13:30: error: method: grid combines listed values, but 'optimizer.learning_rate' is drawn from uniform; use method: random with trials (or halving with trials)
              optimizer.learning_rate: {uniform: [0.001, 0.1]}
                                       ^
          """)
  }

  @Test func badDistributionsAreReportedWhereWritten() {
    let text = Self.sweep(
      """
          optimizer.learning_rate: {log_uniform: [0, 0.1]}
          optimizer.beta_1: {normal: [0, 1]}
          optimizer.beta_2: {unifrm: [0, 1]}
          model.layers.0.units: {int_uniform: [5, 1]}
          train.batch_size: {int_uniform: [1.5, 3]}
          optimizer.epsilon: {uniform: [2, 1]}
          optimizer.clipnorm: {choice: []}
          optimizer.clipvalue: 3
          optimizer.weight_decay: {uniform: [1, 2], choice: [3]}
          optimizer.ema_momentum: {uniform: [0.5]}

      """)
    #expect(
      diagnostics(text) == """
        t.yaml:15:44: error: log_uniform needs 0 < a < b, got [0, 0.1]
            optimizer.learning_rate: {log_uniform: [0, 0.1]}
                                                   ^
        t.yaml:16:24: error: unknown distribution 'normal'; expected choice, uniform, log_uniform or int_uniform
            optimizer.beta_1: {normal: [0, 1]}
                               ^
        t.yaml:17:24: error: unknown distribution 'unifrm'; expected choice, uniform, log_uniform or int_uniform; did you mean 'uniform'?
            optimizer.beta_2: {unifrm: [0, 1]}
                               ^
        t.yaml:18:41: error: int_uniform needs a <= b, got [5, 1]
            model.layers.0.units: {int_uniform: [5, 1]}
                                                ^
        t.yaml:19:37: error: int_uniform needs two integers [a, b], got [1.5, 3]
            train.batch_size: {int_uniform: [1.5, 3]}
                                            ^
        t.yaml:20:34: error: uniform needs a < b, got [2, 1]
            optimizer.epsilon: {uniform: [2, 1]}
                                         ^
        t.yaml:21:34: error: sweep.parameters.optimizer.clipnorm must be a non-empty list of values, got an empty list
            optimizer.clipnorm: {choice: []}
                                         ^
        t.yaml:22:26: error: sweep.parameters.optimizer.clipvalue must be a non-empty list of values or a mapping with one of choice, uniform, log_uniform or int_uniform, got the integer 3
            optimizer.clipvalue: 3
                                 ^
        t.yaml:23:29: error: sweep.parameters.optimizer.weight_decay must be a non-empty list of values or a mapping with one of choice, uniform, log_uniform or int_uniform, got a mapping of 2 keys
            optimizer.weight_decay: {uniform: [1, 2], choice: [3]}
                                    ^
        t.yaml:24:39: error: uniform needs two finite numbers [a, b], got [0.5]
            optimizer.ema_momentum: {uniform: [0.5]}
                                              ^
        """)
  }

  /// Both ends of a range are checked where they are written, as the scalars a draw gives.
  @Test func rangeEndsAreValidatedInTheSpec() {
    let text = Self.sweep(
      """
          optimizer.learning_rate: {uniform: [-1, 1]}
          model.layers.0.units: {uniform: [1, 10]}
          optimizer.beta_1: {choice: [0.9, 1.5]}

      """)
    #expect(
      diagnostics(text) == """
        t.yaml:15:41: error: with sweep value -1 (uniform's lower end) for 'optimizer.learning_rate': optimizer.learning_rate must be > 0, got -1
            optimizer.learning_rate: {uniform: [-1, 1]}
                                                ^
        t.yaml:16:38: error: with sweep value 1 (uniform's lower end) for 'model.layers.0.units': model.layers.0.units must be an integer, got the number 1.0
            model.layers.0.units: {uniform: [1, 10]}
                                             ^
        t.yaml:16:41: error: with sweep value 10 (uniform's upper end) for 'model.layers.0.units': model.layers.0.units must be an integer, got the number 10.0
            model.layers.0.units: {uniform: [1, 10]}
                                                ^
        t.yaml:17:38: error: with sweep value 1.5 for 'optimizer.beta_1': optimizer.beta_1 must be in [0, 1), got 1.5
            optimizer.beta_1: {choice: [0.9, 1.5]}
                                             ^
        """)
  }

  /// A list whose values are mappings is a choice of subtrees, not a distribution.
  @Test func listsOfSubtreesStayChoices() throws {
    let trials = try load(
      mlpSpec + "sweep: {parameters: {optimizer: [{type: sgd}, {type: adam, beta_1: 0.8}]}}\n"
    ).sweepTrials()
    #expect(trials.map(\.spec.optimizer.type) == ["sgd", "adam"])
    #expect(trials[1].spec.optimizer.double("beta_1") == 0.8)
  }
}
