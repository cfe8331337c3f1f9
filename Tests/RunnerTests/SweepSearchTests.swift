import Foundation
import Reporting
import Spec
import Testing

@testable import Runner

/// Ranking by the best epoch, seeds repeated per configuration, and successive halving, end to end.
@Suite struct SweepSearchTests {
  static func spec(sweep: String, epochs: Int = 4, callbacks: String = "") -> String {
    """
    name: search_sweep
    seed: 3
    data: {type: synthetic_regression, samples: 64, features: 3, targets: 1}
    model:
      input: [3]
      layers:
        - {type: dense, units: 4, activation: relu}
        - {type: dense, units: 1}
    loss: mse
    optimizer: {type: adam, learning_rate: 0.01}
    train: {epochs: \(epochs), batch_size: 16, validation: 0.25}
    \(callbacks)
    sweep:
    \(sweep.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
    """
  }

  static func run(_ text: String, out: URL) throws -> RunOutcome {
    try runSweep(try loadSpec(text: text, name: "sweep.yaml"), options: RunOptions(outDirectory: out.path))
  }

  static func metrics(_ folder: URL, _ trial: Int) throws -> [SweepCSVRow] {
    try readSweepCSV(folder.appendingPathComponent(SweepTrialRecord.folderName(trial)).appendingPathComponent("metrics.csv"))
  }

  @Test func rankByBestTakesTheBestEpochAndLastTheFinalOne() throws {
    let root = try makeObjectiveTemporaryFolder()
    // A large rate makes val_loss bounce, so best and last differ for some trial.
    let sweep = """
      metric: val_loss
      parameters:
        optimizer.learning_rate: [0.5, 0.05, 0.005]
      """
    for rankBy in ["best", "last"] {
      let out = root.appendingPathComponent(rankBy)
      _ = try Self.run(Self.spec(sweep: sweep + "\nrank_by: \(rankBy)", epochs: 6), out: out)
      for row in try readSweepCSV(out.appendingPathComponent("leaderboard.csv")) {
        let trial = Int(row["trial"]!)!
        let values = try Self.metrics(out, trial).map { Double($0["val_loss"]!)! }
        let expected = rankBy == "best" ? values.min()! : values.last!
        let epoch = rankBy == "best" ? values.firstIndex(of: expected)! : values.count - 1
        #expect(Double(row["val_loss"]!) == expected)
        #expect(row["best_epoch"] == String(epoch))
        #expect(row["epochs"] == "6")
      }
    }
  }

  @Test func repeatsAggregatePerConfiguration() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep")
    let sweep = """
      metric: val_loss
      repeats: 3
      parameters:
        optimizer.learning_rate: [0.05, 0.005]
      """
    #expect(try Self.run(Self.spec(sweep: sweep, epochs: 2), out: out).status == .completed)
    #expect(try sweepTrialFolders(out).count == 6)
    let trials = try readSweepCSV(out.appendingPathComponent("trials.csv"))
    #expect(trials.count == 6)
    let configurations = try readSweepCSV(out.appendingPathComponent("leaderboard.csv"))
    #expect(configurations.count == 2)
    for row in configurations {
      let c = Int(row["configuration"]!)!
      let mine = trials.filter { $0["configuration"] == String(c) }
      #expect(Set(mine.map { $0["seed"]! }) == ["3", "4", "5"], "seed, seed + 1, seed + 2")
      let values = mine.map { Double($0["val_loss"]!)! }
      let mean = values.reduce(0, +) / 3
      let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
      #expect(abs(Double(row["val_loss_mean"]!)! - mean) <= 1e-12 * abs(mean))
      #expect(abs(Double(row["val_loss_std"]!)! - std) <= 1e-9 * std)
      #expect(Double(row["val_loss_min"]!) == values.min())
      #expect(Double(row["val_loss_max"]!) == values.max())
      #expect(row["count"] == "3")
      // Different seeds train differently.
      #expect(Set(values).count == 3)
    }
    let means = configurations.map { Double($0["val_loss_mean"]!)! }
    #expect(means == means.sorted(), "ranked by the mean")
  }

  @Test func halvingPromotesTheBestAndMatchesTrainingThemAlone() throws {
    let root = try makeObjectiveTemporaryFolder()
    let out = root.appendingPathComponent("sweep")
    let sweep = """
      method: halving
      metric: val_loss
      min_epochs: 1
      eta: 3
      max_epochs: 3
      parameters:
        optimizer.learning_rate: [0.3, 0.1, 0.03, 0.01, 0.003, 0.001]
      """
    let text = Self.spec(sweep: sweep, epochs: 3)
    #expect(try Self.run(text, out: out).status == .completed)
    let rows = try readSweepCSV(out.appendingPathComponent("leaderboard.csv"))
    let epochs = Dictionary(uniqueKeysWithValues: rows.map { (Int($0["trial"]!)!, Int($0["epochs"]!)!) })
    // 6 configurations, eta 3: all train 1 epoch, the best 2 go on to 3.
    #expect(epochs.values.filter { $0 == 3 }.count == 2)
    #expect(epochs.values.filter { $0 == 1 }.count == 4)
    // The promoted were the best two after one epoch.
    let firstEpoch = try (0..<6).map { try Double(Self.metrics(out, $0)[0]["val_loss"]!)! }
    let bestTwo = Set((0..<6).sorted { firstEpoch[$0] < firstEpoch[$1] }.prefix(2))
    #expect(Set(epochs.filter { $0.value == 3 }.keys) == bestTwo)
    #expect(rows.prefix(2).allSatisfy { $0["epochs"] == "3" }, "the last rung ranks first")
    // A promoted trial's run equals training its spec for 3 epochs alone.
    let promoted = bestTwo.min()!
    let trialSpec = out.appendingPathComponent(SweepTrialRecord.folderName(promoted)).appendingPathComponent("spec.yaml")
    let alone = root.appendingPathComponent("alone")
    _ = try runExperiment(try loadSpec(path: trialSpec.path), options: RunOptions(outDirectory: alone.path))
    let aloneRows = try readSweepCSV(alone.appendingPathComponent("metrics.csv"))
    #expect(aloneRows.count == 3)
    #expect(try Self.metrics(out, promoted).map(\.fields) == aloneRows.map(\.fields))
    let summary = try sweepJSON(out.appendingPathComponent("sweep.json"))
    #expect(summary["status"] as? String == "completed")
  }

  @Test func halvingTrialWaitsForItsRungAcrossProcesses() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep")
    let sweep = """
      method: halving
      metric: val_loss
      eta: 2
      max_epochs: 2
      parameters:
        optimizer.learning_rate: [0.1, 0.001]
      """
    let loaded = try loadSpec(text: Self.spec(sweep: sweep, epochs: 2), name: "sweep.yaml")
    func run(_ trial: String) throws -> RunOutcome {
      try runSweep(
        loaded, options: RunOptions(outDirectory: out.path),
        sweepOptions: SweepRunOptions(selection: try TrialSelection.parse(trial, environment: [:])))
    }
    // Trial 0 trains rung 0 (progress: no error); called again before trial 1 has trained its
    // rung, it has nothing to do and fails, naming the trial its rung waits for.
    #expect(try run("0").status == .completed)
    #expect {
      _ = try run("0")
    } throws: { error in
      guard case .runtime(let message) = error as? RunFailure else { return false }
      return message.contains("the rung waits for trials 1")
    }
    _ = try run("1")
    // Now rung 0 is complete: each call takes its trial on, or says it was not promoted.
    _ = try run("0")
    _ = try run("1")
    let rows = try readSweepCSV(out.appendingPathComponent("leaderboard.csv"))
    #expect(rows.map { $0["epochs"]! }.sorted() == ["1", "2"])
    #expect(try collectSweep(at: out.path).status == "completed")
  }
}
