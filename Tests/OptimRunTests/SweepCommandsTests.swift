import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// The sweep commands through the binary: `trials`, `--trial` (explicit and `auto`), `--jobs`,
  /// `collect` and `resume` of a sweep folder, and the bracketed `--set` of a swept path.
  @Suite("sweep commands")
  struct SweepCommandsTests {
    static let shortened = ["--set", "train.epochs=2", "--progress", "none"]

    static func leaderboard(_ folder: String) throws -> String {
      try String(contentsOfFile: folder + "/leaderboard.csv", encoding: .utf8)
    }

    @Test func trialsListsEveryTrialOnItsOwnLine() throws {
      let scratch = try ScratchFolder()
      let r = try OptimRunProcess.run(["trials", "specs/grid_search.yaml"], scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let lines = r.stdout.split(separator: "\n").map(String.init)
      #expect(lines.count == 12)
      #expect(lines[0] == "0\toptimizer.learning_rate=0.001\toptimizer.beta_1=0.9\toptimizer.beta_2=0.999")
      #expect(lines[11] == "11\toptimizer.learning_rate=0.1\toptimizer.beta_1=0.95\toptimizer.beta_2=0.9999")
      let json = try OptimRunProcess.run(["trials", "specs/grid_search.yaml", "--json"], scratch: scratch)
      let objects = try json.stdout.split(separator: "\n").map {
        try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
      }
      #expect(objects.count == 12)
      #expect(objects.map { $0["trial"] as? Int } == Array(0..<12))
      #expect(Set(objects.compactMap { $0["spec_hash"] as? String }).count == 12)
      // A swept path is overridden on its own with brackets.
      let one = try OptimRunProcess.run(
        ["trials", "specs/grid_search.yaml", "--set", "sweep.parameters[optimizer.learning_rate]=[0.1]"],
        scratch: scratch)
      #expect(one.status == 0, "stderr: \(one.stderr)")
      #expect(one.stdout.split(separator: "\n").count == 4)
      let halving = try OptimRunProcess.run(["trials", "specs/halving_search.yaml"], scratch: scratch)
      #expect(halving.stderr.contains("rung 0: 9 × 1 epochs; rung 1: 3 × 3 epochs; rung 2: 1 × 9 epochs"))
    }

    @Test func jobsAndSingleTrialsGiveTheSequentialLeaderboard() throws {
      let scratch = try ScratchFolder()
      let sequential = scratch.path("sequential")
      let jobs = scratch.path("jobs")
      let byTrial = scratch.path("by-trial")
      let spec = "specs/grid_search.yaml"
      #expect(try OptimRunProcess.run([spec, "--out", sequential] + Self.shortened, scratch: scratch).status == 0)
      let parallel = try OptimRunProcess.run([spec, "--out", jobs, "--jobs", "2"] + Self.shortened, scratch: scratch)
      #expect(parallel.status == 0, "stderr: \(parallel.stderr)")
      #expect(parallel.stderr.contains("running 12 trials, 2 at a time"))
      #expect(try Self.leaderboard(jobs) == (try Self.leaderboard(sequential)))
      // One process per trial, as a scheduler runs them; --trial auto reads GNU parallel's 1-based number.
      for k in 0..<12 {
        let r =
          k % 2 == 0
          ? try OptimRunProcess.run([spec, "--out", byTrial, "--trial", "\(k)"] + Self.shortened, scratch: scratch)
          : try OptimRunProcess.run(
            [spec, "--out", byTrial, "--trial", "auto"] + Self.shortened, scratch: scratch,
            launcher: ["/usr/bin/env", "PARALLEL_SEQ=\(k + 1)"])
        #expect(r.status == 0, "trial \(k): \(r.stderr)")
        if k % 2 == 1 { #expect(r.stderr.contains("--trial auto: PARALLEL_SEQ=\(k + 1)")) }
      }
      let collect = try OptimRunProcess.run(["collect", byTrial], scratch: scratch)
      #expect(collect.status == 0, "stdout: \(collect.stdout)")
      #expect(collect.stdout.contains("completed (12 trials; best trial-"))
      #expect(try Self.leaderboard(byTrial) == (try Self.leaderboard(sequential)))
      // Another spec may not join the folder.
      let other = try OptimRunProcess.run(
        [spec, "--out", byTrial, "--trial", "0", "--set", "train.epochs=3", "--progress", "none"], scratch: scratch)
      #expect(other.status == 1)
      #expect(other.stderr.contains("these keys differ from its sweep.yaml: train.epochs"))
    }

    @Test func collectReportsMissingTrialsAndResumeRunsThem() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("sweep")
      let spec = "specs/grid_search.yaml"
      #expect(try OptimRunProcess.run([spec, "--out", out, "--trial", "0-2,7"] + Self.shortened, scratch: scratch).status == 0)
      let partial = try OptimRunProcess.run(["collect", out], scratch: scratch)
      #expect(partial.status == 1)
      #expect(partial.stdout.contains("incomplete (8 of 12 trials not run yet)"))
      #expect(partial.stdout.contains("missing: 3-6,8-11"))
      let before = try Data(contentsOf: URL(fileURLWithPath: out + "/trial-007/run.json"))
      let resumed = try OptimRunProcess.run(["resume", out, "--progress", "none"], scratch: scratch)
      #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
      #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/trial-007/run.json")) == before)
      let json = try OptimRunProcess.run(["collect", out, "--json"], scratch: scratch)
      #expect(json.status == 0)
      let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
      #expect(summary["status"] as? String == "completed")
      #expect((summary["counts"] as? [String: Int])?["completed"] == 12)
    }

    /// SIGKILL leaves nothing written: collect finds the trial's process gone (dead), resume runs
    /// it again from its state and the rest, and the leaderboard is the uninterrupted sweep's.
    @Test func aKilledSweepIsCollectedAsInterruptedAndResumed() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("sweep")
      let reference = scratch.path("reference")
      let arguments = ["specs/grid_search.yaml", "--progress", "none"]
      #expect(try OptimRunProcess.run(arguments + ["--out", reference], scratch: scratch).status == 0)
      let process = try OptimRunProcess(arguments + ["--out", out], scratch: scratch)
      #expect(process.waitForStderr { $0.contains("trial 3/12:") })
      process.send(SIGKILL)
      _ = process.finish()
      let collect = try OptimRunProcess.run(["collect", out], scratch: scratch)
      #expect(collect.status == 1)
      #expect(collect.stdout.contains(": interrupted ("), "stdout: \(collect.stdout)")
      // Killed in trial 2, before or after its run folder was made.
      #expect(collect.stdout.contains("dead 1, completed 2"), "stdout: \(collect.stdout)")
      let resumed = try OptimRunProcess.run(["resume", out, "--progress", "none"], scratch: scratch)
      #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
      #expect(try Self.leaderboard(out) == (try Self.leaderboard(reference)))
    }

    @Test func sweepOptionsAreCheckedBeforeAnything() throws {
      let scratch = try ScratchFolder()
      let noOut = try OptimRunProcess.run(["specs/grid_search.yaml", "--trial", "1"], scratch: scratch)
      #expect(noOut.status == 2)
      #expect(noOut.stderr.contains("--trial needs --out SWEEP_DIR"))
      let single = try OptimRunProcess.run(
        ["specs/mlp_regression.yaml", "--jobs", "2", "--out", scratch.path("x")], scratch: scratch)
      #expect(single.status == 2)
      #expect(single.stderr.contains("--trial and --jobs are for specs with a sweep section"))
      let outOfRange = try OptimRunProcess.run(
        ["specs/grid_search.yaml", "--trial", "12", "--out", scratch.path("y")], scratch: scratch)
      #expect(outOfRange.status != 0)
      #expect(outOfRange.stderr.contains("the sweep has 12 trials, 0 to 11"))
      let auto = try OptimRunProcess.run(
        ["specs/grid_search.yaml", "--trial", "auto", "--out", scratch.path("z")], scratch: scratch,
        launcher: ["/usr/bin/env", "-u", "SLURM_ARRAY_TASK_ID", "-u", "JOB_COMPLETION_INDEX", "-u", "PARALLEL_SEQ"])
      #expect(auto.status == 2)
      #expect(auto.stderr.contains("none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX, PARALLEL_SEQ is set"))
    }
  }
}
