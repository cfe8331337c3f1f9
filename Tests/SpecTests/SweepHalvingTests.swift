import Foundation
import Testing

@testable import Spec

/// `method: halving`: its settings, its rungs, and its trials' first-rung epochs.
@Suite struct SweepHalvingTests {
  static func halving(_ keys: String, epochs: Int = 27) -> String {
    mlpSpec + "train: {epochs: \(epochs)}\nsweep:\n  method: halving\n" + keys
      + "  parameters:\n    optimizer.learning_rate: [0.1, 0.01, 0.001]\n    optimizer.beta_1: [0.8, 0.9, 0.95]\n"
  }

  static func rungs(_ n: Int, eta: Int, min: Int, max: Int) -> [[Int]] {
    let sweep = SweepSpec(
      method: .halving, halving: .init(minEpochs: min, eta: eta, maxEpochs: max), parameters: [])
    return sweep.halvingRungs(configurations: n).map { [$0.epochs, $0.survivors] }
  }

  @Test func rungsDivideBySurvivorsAndMultiplyEpochs() {
    #expect(Self.rungs(27, eta: 3, min: 1, max: 27) == [[1, 27], [3, 9], [9, 3], [27, 1]])
    #expect(Self.rungs(10, eta: 3, min: 1, max: 9) == [[1, 10], [3, 3], [9, 1]])
    // Epochs capped at max_epochs; the list stops at the rung that reaches it.
    #expect(Self.rungs(100, eta: 2, min: 3, max: 10) == [[3, 100], [6, 50], [10, 25]])
    // Stops at one survivor before max_epochs.
    #expect(Self.rungs(4, eta: 4, min: 1, max: 100) == [[1, 4], [4, 1]])
    #expect(Self.rungs(5, eta: 3, min: 5, max: 5) == [[5, 5]])
    #expect(Self.rungs(1, eta: 3, min: 1, max: 27) == [[1, 1]])
    let grid = SweepSpec(method: .grid, parameters: [])
    #expect(grid.halvingRungs(configurations: 9).isEmpty)
  }

  @Test func defaultsAndTrialEpochs() throws {
    let loaded = try load(Self.halving(""))
    let sweep = try #require(loaded.spec.sweep)
    #expect(sweep.halving == SweepSpec.Halving(minEpochs: 1, eta: 3, maxEpochs: 27))
    #expect(sweep.configurationCount == 9)
    // 9 configurations: one survivor after 9 epochs, before max_epochs.
    #expect(
      sweep.halvingRungs(configurations: 9).map { [$0.epochs, $0.survivors] } == [[1, 9], [3, 3], [9, 1]])
    let trials = try loaded.sweepTrials()
    #expect(trials.count == 9)
    #expect(trials.allSatisfy { $0.spec.train.epochs == 1 })
    #expect(loaded.spec.train.epochs == 27)
    #expect(loaded.resolvedYAML.contains("min_epochs: 1\n  eta: 3\n  max_epochs: 27\n"))
    #expect(try load(loaded.resolvedYAML).spec == loaded.spec)
  }

  @Test func settingsAndDrawnConfigurations() throws {
    let loaded = try load(
      Self.halving("  trials: 5\n  min_epochs: 2\n  eta: 2\n  max_epochs: 8\n  seeds: [1, 2]\n", epochs: 3))
    let sweep = try #require(loaded.spec.sweep)
    #expect(sweep.halving == SweepSpec.Halving(minEpochs: 2, eta: 2, maxEpochs: 8))
    #expect(sweep.configurationCount == 5)
    let trials = try loaded.sweepTrials()
    #expect(trials.count == 10)
    #expect(trials.allSatisfy { $0.spec.train.epochs == 2 })
    #expect(trials.map(\.seed) == [1, 2, 1, 2, 1, 2, 1, 2, 1, 2])
  }

  @Test func misplacedOrConflictingSettings() {
    #expect(
      diagnostics(mlpSpec + "sweep: {eta: 2, max_epochs: 4, parameters: {optimizer.beta_1: [0.9]}}\n") == """
        t.yaml:10:14: error: eta applies only to method: halving
        sweep: {eta: 2, max_epochs: 4, parameters: {optimizer.beta_1: [0.9]}}
                     ^
        t.yaml:10:29: error: max_epochs applies only to method: halving
        sweep: {eta: 2, max_epochs: 4, parameters: {optimizer.beta_1: [0.9]}}
                                    ^
        """)
    #expect(
      diagnostics(Self.halving("  min_epochs: 4\n  max_epochs: 3\n  eta: 1\n")) == """
        t.yaml:15:8: error: sweep.eta must be >= 2, got 1
          eta: 1
               ^
        """)
    #expect(
      diagnostics(Self.halving("  min_epochs: 4\n  max_epochs: 3\n")) == """
        t.yaml:13:15: error: min_epochs (4) must be at most max_epochs (3)
          min_epochs: 4
                      ^
        """)
    #expect(
      diagnostics(Self.halving("  min_epochs: 4\n", epochs: 3)) == """
        t.yaml:13:15: error: min_epochs (4) must be at most max_epochs (3, from train.epochs); set max_epochs or train.epochs
          min_epochs: 4
                      ^
        """)
    #expect(
      diagnostics(Self.halving("", epochs: 3), overrides: ["sweep.parameters[train.epochs]=[1, 2]"]) == """
        <command line>:1:38: error: method: halving sets train.epochs itself (min_epochs, then more at each rung); it cannot be swept
        --set sweep.parameters[train.epochs]=[1, 2]
                                             ^
        """)
    #expect(
      diagnostics(
        Self.halving("").replacingOccurrences(of: "[0.1, 0.01, 0.001]", with: "{log_uniform: [0.001, 0.1]}"))
          == """
          t.yaml:14:30: error: method: halving without trials combines listed values, but 'optimizer.learning_rate' is drawn from log_uniform; use method: random with trials (or halving with trials)
              optimizer.learning_rate: {log_uniform: [0.001, 0.1]}
                                       ^
          """)
  }

  @Test func objectivesHaveNoEpochsToHalve() {
    let objective = """
      name: rosen
      objective: {function: rosenbrock, start: [-1.5, 2.5], steps: 100}
      optimizer: adam
      sweep: {method: halving, parameters: {optimizer.learning_rate: [0.1, 0.01]}}

      """
    #expect(
      diagnostics(objective) == """
        t.yaml:4:17: error: method: halving trains for more epochs at each rung; an objective experiment has steps, not epochs
        sweep: {method: halving, parameters: {optimizer.learning_rate: [0.1, 0.01]}}
                        ^
        """)
  }

  @Test func gridTakesNoTrials() {
    #expect(
      diagnostics(mlpSpec + "sweep: {trials: 3, parameters: {optimizer.beta_1: [0.9]}}\n")?.hasPrefix(
        "t.yaml:10:17: error: trials applies only to method: random or halving") == true)
  }
}
