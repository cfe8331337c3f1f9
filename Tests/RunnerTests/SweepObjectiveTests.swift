import Foundation
import Reporting
import Spec
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@testable import Runner

/// Objective sweeps end to end: trial folders, the ranking checked against each trial's own
/// `path.csv`, the comparison plot, divergence, interruption and the checks before any trial runs.
@Suite struct SweepObjectiveTests {
  static let grid = """
    name: quadratic_grid
    seed: 3
    objective: {function: quadratic, start: [1.5, -2], steps: 20}
    optimizer: {type: sgd, learning_rate: 0.1}
    sweep:
      method: grid
      parameters:
        optimizer.type: [sgd, adam]
        optimizer.learning_rate: [0.01, 0.1, 0.3]
    """

  /// The final loss of each trial, read from the last row of its own `path.csv`.
  static func finalLosses(_ folder: URL, trials: [String]) throws -> [String: Double] {
    var losses: [String: Double] = [:]
    for trial in trials {
      let rows = try readSweepCSV(folder.appendingPathComponent(trial).appendingPathComponent("path.csv"))
      #expect(rows.count == 21, "\(trial): 20 steps and the start")
      losses[trial] = Double(rows.last?["loss"] ?? "")
    }
    return losses
  }

  @Test func gridRunsEveryTrialAndRanksByFinalLoss() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep")
    let notes = SweepNotes()
    let loaded = try loadSpec(text: Self.grid, name: "sweep.yaml")
    // Through the dispatch a user's run takes: a spec with `sweep` must run the sweep.
    let outcome = try runExperiment(
      loaded, options: RunOptions(outDirectory: out.path, note: { notes.lines.append($0) }))
    #expect(outcome.status == .completed)
    #expect(outcome.folder.path == out.path)

    let trials = try sweepTrialFolders(out)
    #expect(trials == (0..<6).map { String(format: "trial-%03d", $0) })
    for trial in trials {
      let run = try sweepJSON(out.appendingPathComponent(trial).appendingPathComponent("run.json"))
      #expect(run["status"] as? String == "completed")
    }
    // Grid order: the first parameter varies slowest.
    let progress = notes.lines.filter { $0.hasPrefix("trial ") }
    #expect(progress.first == "trial 1/6: optimizer.type=sgd optimizer.learning_rate=0.01")
    #expect(progress.last == "trial 6/6: optimizer.type=adam optimizer.learning_rate=0.3")

    // The expected ranking, computed here from the files each trial wrote.
    let losses = try Self.finalLosses(out, trials: trials)
    let expected = trials.sorted { (losses[$0]!, $0) < (losses[$1]!, $1) }
    let rows = try readSweepCSV(out.appendingPathComponent("leaderboard.csv"))
    #expect(rows.map { $0["run_folder"]! } == expected)
    #expect(rows.map { $0["rank"]! } == (1...6).map(String.init))
    for row in rows {
      #expect(Double(row["loss"]!) == losses[row["run_folder"]!], "leaderboard loss of \(row["run_folder"]!)")
      #expect(row["status"] == "completed")
      let index = Int(row["trial"]!)!
      #expect(row["optimizer.type"] == (index < 3 ? "sgd" : "adam"))
      #expect(row["optimizer.learning_rate"] == ["0.01", "0.1", "0.3"][index % 3])
    }

    let summary = try sweepJSON(out.appendingPathComponent("sweep.json"))
    #expect(summary["status"] as? String == "completed")
    #expect(summary["trials_run"] as? Int == 6)
    #expect((summary["best"] as? [String: Any])?["run_folder"] as? String == expected[0])
    #expect(outcome.finalLogs["loss"] == losses[expected[0]])
    // sweep.yaml reloads to the same spec, though the grid sweeps optimizer.type (a resolved
    // optimizer would carry sgd's momentum into the adam trials).
    let reloaded = try loadSpec(path: out.appendingPathComponent("sweep.yaml").path)
    #expect(reloaded.hash == loaded.hash)
    #expect(try reloaded.sweepTrials().map(\.hash) == (try loaded.sweepTrials().map(\.hash)))
    #expect(try collectSweep(at: out.path).status == "completed")

    let svg = try Data(contentsOf: out.appendingPathComponent("paths.svg"))
    #expect(XMLParser(data: svg).parse())
    let text = String(decoding: svg, as: UTF8.self)
    #expect(text.contains(">quadratic_grid: 6 trials (type, learning_rate)<"))
    for type in ["sgd", "adam"] {
      for lr in ["0.01", "0.1", "0.3"] {
        #expect(text.contains(">\(type), \(lr)<"), "legend of \(type) \(lr)")
      }
    }
  }

  @Test func divergedTrialIsAResultRankedLast() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep")
    let outcome = try runSweepSpec(
      """
      name: diverging
      objective: {function: quadratic, start: [1, 1], steps: 20}
      optimizer: {type: sgd, learning_rate: 0.1}
      sweep:
        parameters:
          optimizer.learning_rate: [1.0e+20, 0.1]
      """, out: out)
    #expect(outcome.status == .completed)
    let rows = try readSweepCSV(out.appendingPathComponent("leaderboard.csv"))
    #expect(rows.map { $0["trial"]! } == ["1", "0"])
    #expect(rows.map { $0["status"]! } == ["completed", "diverged"])
    let summary = try sweepJSON(out.appendingPathComponent("sweep.json"))
    #expect((summary["best"] as? [String: Any])?["trial"] as? Int == 1)
  }

  @Test func stopAfterFirstTrialLeavesOneRowAndIsInterrupted() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep")
    let outcome = try runSweepSpec(Self.grid, out: out, shouldStop: { trialsRun in trialsRun >= 1 })
    #expect(outcome.status == .interrupted)
    #expect(try sweepTrialFolders(out) == ["trial-000"])
    let rows = try readSweepCSV(out.appendingPathComponent("leaderboard.csv"))
    // Every trial has a row: the one that ran first, then those not started, in trial order.
    #expect(rows.map { $0["run_folder"]! } == ["trial-000", "", "", "", "", ""])
    #expect(rows.map { $0["status"]! } == ["completed"] + Array(repeating: "missing", count: 5))
    let summary = try sweepJSON(out.appendingPathComponent("sweep.json"))
    #expect(summary["status"] as? String == "interrupted")
    #expect(summary["trials_run"] as? Int == 1)
    #expect(summary["trials"] as? Int == 6)
  }

  @Test func metricNotLoggedIsASpecErrorBeforeAnyTrial() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep")
    let text = Self.grid.replacingOccurrences(of: "method: grid", with: "method: grid\n  metric: val_loss")
    #expect {
      _ = try runSweepSpec(text, out: out)
    } throws: { error in
      guard case .spec(let list) = error as? RunFailure else { return false }
      return list.rendered.contains("sweep.yaml:7:11: error: sweep.metric 'val_loss' is not logged")
    }
    #expect(!FileManager.default.fileExists(atPath: out.path))
  }
}
