import Foundation
import Reporting
import Spec
import Testing

@testable import Runner

/// Trials as units of work: selections, joining a sweep folder, claims, resuming a stopped sweep,
/// and `collect` rebuilding the same leaderboard from the trial folders alone.
@Suite struct SweepTrialUnitsTests {
  /// A 4-trial training sweep small enough to run in a fraction of a second per trial.
  static let training = """
    name: unit_sweep
    seed: 7
    data: {type: synthetic_regression, samples: 64, features: 3, targets: 1}
    model:
      input: [3]
      layers:
        - {type: dense, units: 4, activation: relu}
        - {type: dense, units: 1}
    loss: mse
    optimizer: {type: adam, learning_rate: 0.01}
    train: {epochs: 3, batch_size: 16, validation: 0.25}
    sweep:
      metric: val_loss
      parameters:
        optimizer.learning_rate: [0.001, 0.01]
        optimizer.beta_1: [0.9, 0.5]
    """

  static func run(_ text: String, out: URL, trials: String? = nil, stopAfter: Int? = nil) throws -> RunOutcome {
    let loaded = try loadSpec(text: text, name: "sweep.yaml")
    let selection = try trials.map { try TrialSelection.parse($0, environment: [:]) }
    var asked = 0
    return try runSweep(
      loaded, options: RunOptions(outDirectory: out.path), sweepOptions: SweepRunOptions(selection: selection),
      shouldStop: {
        defer { asked += 1 }
        return stopAfter.map { asked >= $0 } ?? false
      })
  }

  static func text(_ url: URL, _ name: String = "leaderboard.csv") throws -> String {
    String(decoding: try Data(contentsOf: url.appendingPathComponent(name)), as: UTF8.self)
  }

  @Test func selectionsParseListsRangesAndAuto() throws {
    #expect(try TrialSelection.parse("3", environment: [:]).indices == [3])
    #expect(try TrialSelection.parse("8-11,3,5,3", environment: [:]).indices == [3, 5, 8, 9, 10, 11])
    let slurm = try TrialSelection.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "4", "PARALLEL_SEQ": "9"])
    #expect(slurm.indices == [4])
    #expect(slurm.source == "SLURM_ARRAY_TASK_ID=4")
    #expect(try TrialSelection.parse("auto", environment: ["JOB_COMPLETION_INDEX": "2"]).indices == [2])
    #expect(try TrialSelection.parse("auto", environment: ["PARALLEL_SEQ": "1"]).indices == [0], "1-based")
    for bad in ["", "x", "3-1", "-2", "1,,2", "2-"] {
      #expect(throws: TrialSelectionError.self) { try TrialSelection.parse(bad, environment: [:]) }
    }
    #expect(throws: TrialSelectionError.self) { try TrialSelection.parse("auto", environment: [:]) }
    #expect(throws: TrialSelectionError.self) { try TrialSelection.parse("auto", environment: ["PARALLEL_SEQ": "0"]) }
    #expect(throws: TrialSelectionError.self) { try TrialSelection.parse("4", environment: [:]).check(trialCount: 4) }
  }

  @Test func trialsRunOneByOneGiveTheWholeSweepsLeaderboard() throws {
    let root = try makeObjectiveTemporaryFolder()
    let whole = root.appendingPathComponent("whole")
    let parts = root.appendingPathComponent("parts")
    #expect(try Self.run(Self.training, out: whole).status == .completed)
    let first = try Self.run(Self.training, out: parts, trials: "2")
    #expect(first.status == .completed)
    #expect(try sweepJSON(parts.appendingPathComponent("sweep.json"))["status"] as? String == "incomplete")
    _ = try Self.run(Self.training, out: parts, trials: "0,3")
    _ = try Self.run(Self.training, out: parts, trials: "1-3")
    #expect(try Self.text(parts) == (try Self.text(whole)))
    #expect(try sweepJSON(parts.appendingPathComponent("sweep.json"))["status"] as? String == "completed")
    // collect rebuilds the same files from the trial folders alone.
    try FileManager.default.removeItem(at: parts.appendingPathComponent("leaderboard.csv"))
    let report = try collectSweep(at: parts.path)
    #expect(report.status == "completed")
    #expect(try Self.text(parts) == (try Self.text(whole)))
    for trial in 0..<4 {
      let name = SweepTrialRecord.folderName(trial)
      #expect(
        try Self.text(whole.appendingPathComponent(name), "metrics.csv")
          == (try Self.text(parts.appendingPathComponent(name), "metrics.csv")))
    }
  }

  @Test func anotherSpecCannotJoinTheSweepFolder() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep")
    _ = try Self.run(Self.training, out: out, trials: "0")
    let other = Self.training.replacingOccurrences(of: "epochs: 3", with: "epochs: 4")
    #expect {
      _ = try Self.run(other, out: out, trials: "1")
    } throws: { error in
      guard case .runtime(let message) = error as? RunFailure else { return false }
      return message.contains("these keys differ from its sweep.yaml: train.epochs")
    }
    #expect(try sweepTrialFolders(out) == ["trial-000"])
  }

  @Test func aStoppedSweepResumesToTheUninterruptedLeaderboard() throws {
    let root = try makeObjectiveTemporaryFolder()
    let whole = root.appendingPathComponent("whole")
    let stopped = root.appendingPathComponent("stopped")
    _ = try Self.run(Self.training, out: whole)
    #expect(try Self.run(Self.training, out: stopped, stopAfter: 2).status == .interrupted)
    let summary = try sweepJSON(stopped.appendingPathComponent("sweep.json"))
    #expect(summary["status"] as? String == "interrupted")
    // A trial whose process was killed: run.json says running, the pid is gone.
    let runJSON = stopped.appendingPathComponent("trial-001/run.json")
    var text = try Self.text(stopped.appendingPathComponent("trial-001"), "run.json")
    text = text.replacingOccurrences(of: "\"status\": \"completed\"", with: "\"status\": \"running\"")
    try text.write(to: runJSON, atomically: true, encoding: .utf8)
    #expect(try collectSweep(at: stopped.path).leaderboard.records[1].status == .dead)
    let finished = try Data(contentsOf: stopped.appendingPathComponent("trial-000/run.json"))
    let outcome = try resumeSweep(at: stopped.path, options: RunOptions())
    #expect(outcome.status == .completed)
    #expect(try Self.text(stopped) == (try Self.text(whole)))
    #expect(try Data(contentsOf: stopped.appendingPathComponent("trial-000/run.json")) == finished, "left untouched")
    let resumed = try RunManifest.read(from: RunFolder.existing(stopped.appendingPathComponent("trial-001")))
    #expect(resumed.status == .completed)
    #expect(resumed.resumes.count == 1, "the dead trial was resumed from its state")
  }

  @Test func claimsGoToOneProcessPerGeneration() throws {
    let claims = TrialClaims(sweepFolder: try makeObjectiveTemporaryFolder())
    #expect(claims.latest(3) == nil)
    #expect(try claims.take(3, generation: 0) != nil)
    #expect(try claims.take(3, generation: 0) == nil, "the same generation again fails")
    #expect(claims.latest(3)?.generation == 0)
    #expect(claims.latest(3)?.released == false)
    let second = try #require(try claims.take(3, generation: 1))
    TrialClaims.release(second)
    #expect(claims.latest(3)?.generation == 1)
    #expect(claims.latest(3)?.released == true)
  }

  @Test func exclusiveCreateKeepsTheFirstFile() throws {
    let url = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep.yaml")
    #expect(try AtomicFile.createExclusively(Array("a".utf8), at: url))
    #expect(try !AtomicFile.createExclusively(Array("b".utf8), at: url))
    #expect(try String(contentsOf: url, encoding: .utf8) == "a")
    #expect(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path) == ["sweep.yaml"])
  }
}
