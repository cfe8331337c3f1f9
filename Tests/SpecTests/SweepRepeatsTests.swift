import Foundation
import Testing

@testable import Spec

/// `sweep.repeats` and `sweep.seeds`: each configuration run once per seed.
@Suite struct SweepRepeatsTests {
  static let grid = mlpSpec + "seed: 40\nsweep:\n  parameters:\n    optimizer.learning_rate: [0.1, 0.01]\n"

  @Test func repeatsRunWithConsecutiveSeeds() throws {
    let loaded = try load(Self.grid + "  repeats: 3\n")
    #expect(loaded.spec.sweep?.repeats == 3 && loaded.spec.sweep?.configurationCount == 2)
    let trials = try loaded.sweepTrials()
    #expect(trials.map(\.index) == Array(0..<6))
    #expect(trials.map(\.configuration) == [0, 0, 0, 1, 1, 1])
    #expect(trials.map(\.repeatIndex) == [0, 1, 2, 0, 1, 2])
    #expect(trials.map(\.seed) == [40, 41, 42, 40, 41, 42])
    #expect(trials.map(\.spec.seed) == [40, 41, 42, 40, 41, 42])
    #expect(trials.allSatisfy { $0.index == $0.configuration * 3 + $0.repeatIndex })
    #expect(trials.map { $0.spec.optimizer.double("learning_rate") } == [0.1, 0.1, 0.1, 0.01, 0.01, 0.01])
    #expect(Set(trials.map(\.hash)).count == 6)
    #expect(trials[1].assignments == trials[0].assignments)
  }

  @Test func seedsListGivesTheSeeds() throws {
    let loaded = try load(Self.grid + "  seeds: [7, 3]\n")
    #expect(loaded.spec.sweep?.repeats == 2 && loaded.spec.sweep?.seeds == [7, 3])
    let trials = try loaded.sweepTrials()
    #expect(trials.map(\.seed) == [7, 3, 7, 3])
    #expect(trials.map(\.spec.seed) == [7, 3, 7, 3])
    #expect(trials.map(\.repeatIndex) == [0, 1, 0, 1])
  }

  /// Repeats take no draws: a configuration's repeats share its values, and the draws are those of
  /// the same sweep without repeats.
  @Test func repeatsShareDrawnValues() throws {
    let random =
      mlpSpec + "sweep:\n  method: random\n  trials: 4\n  parameters:\n"
      + "    optimizer.learning_rate: {log_uniform: [0.001, 0.1]}\n"
    let once = try load(random).sweepTrials()
    let twice = try load(random + "  repeats: 2\n").sweepTrials()
    #expect(twice.count == 8)
    #expect(twice.map(\.assignments) == once.flatMap { [$0.assignments, $0.assignments] })
    #expect(twice.map(\.seed) == [0, 1, 0, 1, 0, 1, 0, 1])
  }

  /// Without repeats or seeds, a trial is the spec with its values, as before repeats existed.
  @Test func withoutRepeatsTrialsKeepTheSpecsSeed() throws {
    let plain = try load(Self.grid).sweepTrials()
    let one = try load(Self.grid + "  repeats: 1\n").sweepTrials()
    #expect(plain == one)
    #expect(plain.map(\.seed) == [40, 40])
    let single = try load(
      mlpSpec.replacingOccurrences(of: "optimizer: adam", with: "optimizer: {type: adam, learning_rate: 0.1}")
        + "seed: 40\n")
    #expect(plain[0].hash == single.hash)
    #expect(plain[0].resolvedYAML == single.resolvedYAML)
  }

  @Test func repeatsAndSeedsAreChecked() {
    #expect(
      diagnostics(Self.grid + "  repeats: 2\n  seeds: [1, 2, 1]\n") == """
        t.yaml:15:10: error: give repeats or seeds, not both: each configuration runs once per seed
          seeds: [1, 2, 1]
                 ^
        t.yaml:15:17: error: seeds must be distinct; 1 is listed twice
          seeds: [1, 2, 1]
                        ^
        """)
    #expect(
      diagnostics(Self.grid + "  seeds: []\n")?.hasPrefix(
        "t.yaml:14:10: error: seeds must list at least one seed")
        == true)
    #expect(
      diagnostics(Self.grid + "  repeats: 0\n")?.hasPrefix(
        "t.yaml:14:12: error: sweep.repeats must be >= 1, got 0")
        == true)
    #expect(
      diagnostics(Self.grid + "  repeats: 2\n", overrides: ["sweep.parameters.seed=[1, 2]"]) == """
        <command line>:1:29: error: repeats and seeds set each trial's seed; seed cannot also be swept (list the seeds in sweep.seeds)
        --set sweep.parameters.seed=[1, 2]
                                    ^
        """)
  }

  /// Seeds, like `seed`, may use all 64 bits.
  @Test func seedsMayBeLarge() throws {
    let trials = try load(Self.grid + "  seeds: [4294967296, -9223372036854775808]\n").sweepTrials()
    #expect(trials.map(\.seed) == [4_294_967_296, Int.min, 4_294_967_296, Int.min])
  }

  @Test func repeatsCountTowardsTheTrialLimit() {
    #expect(
      diagnostics(
        mlpSpec + "sweep: {method: random, trials: 5000, repeats: 3, parameters: {optimizer.beta_1: [0.9]}}\n"
      )
        == """
        t.yaml:10:48: error: the sweep has 15000 trials (5000 draws × 3 repeats); at most 10000 are allowed: draw fewer or repeat less
        sweep: {method: random, trials: 5000, repeats: 3, parameters: {optimizer.beta_1: [0.9]}}
                                                       ^
        """)
    let values = "[" + (1...100).map(String.init).joined(separator: ", ") + "]"
    #expect(
      diagnostics(
        mlpSpec
          + "sweep:\n  repeats: 2\n  parameters:\n    train.epochs: \(values)\n    train.batch_size: \(values)\n"
      )?.hasPrefix(
        "t.yaml:13:5: error: the grid has 20000 trials (100 × 100 configurations × 2 repeats); at most 10000 are allowed"
      ) == true)
    #expect(
      diagnostics(
        mlpSpec
          + "sweep:\n  repeats: 1\n  parameters:\n    train.epochs: \(values)\n    train.batch_size: \(values)\n"
      )
        == nil)
  }
}
