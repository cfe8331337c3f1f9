import Foundation
import Reporting
import Spec
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import Runner

/// Random sweeps (trial count, reproducible draws) and a training sweep ranked by the `val_loss`
/// each trial wrote in its own `metrics.csv`.
@Suite struct SweepRandomAndTrainingTests {
  static let random = """
    name: random_sweep
    seed: 11
    objective: {function: himmelblau, start: [-4, 4], steps: 5}
    optimizer: {type: sgd, learning_rate: 0.01}
    sweep:
      method: random
      trials: 4
      parameters:
        optimizer.type: [sgd, adam, rmsprop]
        optimizer.learning_rate: [0.001, 0.002, 0.005, 0.01, 0.02]
    """

  /// Each trial's assignments as leaderboard cells, by trial number.
  static func assignments(_ out: URL) throws -> [String: [String]] {
    let rows = try readSweepCSV(out.appendingPathComponent("leaderboard.csv"))
    return Dictionary(
      uniqueKeysWithValues: rows.map {
        ($0["trial"]!, [$0["optimizer.type"]!, $0["optimizer.learning_rate"]!])
      })
  }

  @Test func randomSweepRunsTrialsDrawsReproducibly() throws {
    let root = try makeObjectiveTemporaryFolder()
    let (a, b) = (root.appendingPathComponent("a"), root.appendingPathComponent("b"))
    #expect(try runSweepSpec(Self.random, out: a).status == .completed)
    #expect(try runSweepSpec(Self.random, out: b).status == .completed)
    #expect(try sweepTrialFolders(a) == ["trial-000", "trial-001", "trial-002", "trial-003"])
    let drawn = try Self.assignments(a)
    #expect(drawn.count == 4)
    #expect(try Self.assignments(b) == drawn)
    // Each trial ran what the leaderboard says it drew: its own spec.yaml holds the values.
    for (trial, values) in drawn {
      let spec = try loadSpec(
        path: a.appendingPathComponent(SweepTrialRecord.folderName(Int(trial)!)).appendingPathComponent(
          "spec.yaml"
        ).path)
      #expect(spec.spec.optimizer.type == values[0])
      #expect(spec.spec.optimizer.arguments["learning_rate"]?.asDouble == Double(values[1]))
    }
    // The same sweep folder contents (but times) again: the trial files are byte-identical.
    for trial in try sweepTrialFolders(a) {
      let pathA = try Data(contentsOf: a.appendingPathComponent(trial).appendingPathComponent("path.csv"))
      #expect(
        pathA == (try Data(contentsOf: b.appendingPathComponent(trial).appendingPathComponent("path.csv"))))
    }
  }

  static let training = """
    name: tiny_training_sweep
    seed: 5
    data: {type: synthetic_regression, samples: 40, features: 3, targets: 1}
    model:
      input: [3]
      layers:
        - {type: dense, units: 1}
    loss: mse
    optimizer: {type: adam, learning_rate: 0.001}
    train: {epochs: 1, batch_size: 8, validation: 0.25}
    sweep:
      metric: val_loss
      parameters:
        optimizer.learning_rate: [0.001, 0.3, 0.05]
    """

  @Test func trainingSweepRanksByValLossFromEachMetricsCSV() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep")
    let outcome = try runSweepSpec(Self.training, out: out)
    #expect(outcome.status == .completed)
    let trials = try sweepTrialFolders(out)
    #expect(trials == ["trial-000", "trial-001", "trial-002"])
    var valLoss: [String: Double] = [:]
    for trial in trials {
      let rows = try readSweepCSV(out.appendingPathComponent(trial).appendingPathComponent("metrics.csv"))
      #expect(rows.count == 1, "one epoch")
      valLoss[trial] = Double(rows.last?["val_loss"] ?? "")
      #expect(valLoss[trial]?.isFinite == true)
    }
    let expected = trials.sorted { (valLoss[$0]!, $0) < (valLoss[$1]!, $1) }
    let rows = try readSweepCSV(out.appendingPathComponent("leaderboard.csv"))
    #expect(rows.map { $0["run_folder"]! } == expected)
    for row in rows {
      #expect(Double(row["val_loss"]!) == valLoss[row["run_folder"]!])
    }
    #expect(outcome.finalLogs["val_loss"] == valLoss[expected[0]])
    let svg = try Data(contentsOf: out.appendingPathComponent("val_loss.svg"))
    #expect(XMLParser(data: svg).parse())
    #expect(String(decoding: svg, as: UTF8.self).contains(">learning_rate=0.3<"))
  }
}

/// Trials that cannot run are recorded as `failed` and the sweep goes on; when all fail, the first
/// failure is thrown (with its exit-code class) after the leaderboard is written.
@Suite struct SweepFailedTrialTests {
  static func spec(paths: [String]) -> String {
    """
    name: csv_sweep
    data: {type: csv, path: \(paths[0]), target: y}
    model:
      layers:
        - {type: dense, units: 1}
    loss: mse
    optimizer: sgd
    train: {epochs: 1, batch_size: 2}
    sweep:
      parameters:
        data.path: [\(paths.joined(separator: ", "))]
    """
  }

  @Test func failedTrialIsRecordedAndTheSweepGoesOn() throws {
    let root = try makeObjectiveTemporaryFolder()
    let good = root.appendingPathComponent("good.csv")
    try "a,b,y\n1,2,3\n2,1,0\n0,1,1\n1,1,2\n".write(to: good, atomically: true, encoding: .utf8)
    let missing = root.appendingPathComponent("missing.csv")
    let out = root.appendingPathComponent("sweep")
    let outcome = try runSweepSpec(Self.spec(paths: [missing.path, good.path]), out: out)
    #expect(outcome.status == .failed)
    #expect(outcome.exitReason.hasPrefix("1 trial failed; 1 of 2 trials failed (trial 0: "))
    let rows = try readSweepCSV(out.appendingPathComponent("leaderboard.csv"))
    #expect(rows.map { $0["trial"]! } == ["1", "0"])
    #expect(rows.map { $0["status"]! } == ["completed", "failed"])
    #expect(rows.map { $0["loss"]! }.last == "")
  }

  @Test func allTrialsFailingThrowsTheFirstFailure() throws {
    let root = try makeObjectiveTemporaryFolder()
    let paths = ["a.csv", "b.csv"].map { root.appendingPathComponent($0).path }
    let out = root.appendingPathComponent("sweep")
    #expect {
      _ = try runSweepSpec(Self.spec(paths: paths), out: out)
    } throws: { error in
      guard case .data(let message) = error as? RunFailure else { return false }
      return message.contains("a.csv")
    }
    let rows = try readSweepCSV(out.appendingPathComponent("leaderboard.csv"))
    #expect(rows.map { $0["status"]! } == ["failed", "failed"])
    #expect(try sweepJSON(out.appendingPathComponent("sweep.json"))["status"] as? String == "failed")
  }
}
