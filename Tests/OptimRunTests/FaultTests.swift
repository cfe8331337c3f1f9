import Foundation
import Testing
import _TestSupport

extension EndToEnd {
  /// Faults of the machine a run meets: a full disk, a closed pipe.
  @Suite("faults")
  struct FaultTests {
    /// On a tmpfs that fills up mid-run, the run fails with the first cause in run.json, every log
    /// holds the same epochs, no temporary file is left; after space is freed, `resume` finishes it
    /// and the folder equals an uninterrupted run's. (Tests run as root, which may mount.)
    @Test func aFullDiskFailsTheRunCleanlyAndResumeFinishesIt() throws {
      let scratch = try ScratchFolder()
      let reference = scratch.path("reference")
      let arguments = ["specs/digits_cnn.yaml", "--progress", "none", "--set", "train.epochs=6"]
      let r = try OptimRunProcess.run(arguments + ["--out", reference], scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")

      let mount = scratch.path("small-disk")
      try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
      #expect(shell("mount -t tmpfs -o size=4m tmpfs '\(mount)'") == 0, "mounting a tmpfs needs root")
      defer { _ = shell("umount -l '\(mount)'") }
      // Leave about 800 KB: enough to create the folder and keep one state (0.45 MB), not a second
      // beside it (`state-next.safetensors` while `state.safetensors` stays).
      #expect(shell("dd if=/dev/zero of='\(mount)/filler' bs=1024 count=\(4096 - 800) status=none") == 0)
      let out = mount + "/run"
      let full = try OptimRunProcess.run(arguments + ["--out", out], scratch: scratch)
      #expect(full.status == 1, "stderr: \(full.stderr)")
      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["status"] as? String == "failed")
      let reason = run["exit_reason"] as? String ?? ""
      #expect(reason.hasPrefix("no space left on device"), "exit_reason: \(reason)")

      let csvEpochs = try RunFolderFiles.csv(out + "/metrics.csv", lineEnd: "\r\n").rows.count
      let jsonEpochs = try RunFolderFiles.jsonLines(out + "/metrics.jsonl").filter { $0["kind"] as? String == "epoch" }
        .count
      let lrEpochs = try RunFolderFiles.csv(out + "/lr_history.csv").rows.count
      #expect(csvEpochs < 6)
      #expect(csvEpochs == jsonEpochs && jsonEpochs == lrEpochs, "\(csvEpochs) \(jsonEpochs) \(lrEpochs)")
      let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter {
        $0.contains(".tmp-") || $0.hasPrefix("state-next")
      }
      #expect(leftovers.isEmpty, "temporary files left: \(leftovers)")

      try FileManager.default.removeItem(atPath: mount + "/filler")
      let resumed = try OptimRunProcess.run(["resume", out, "--progress", "none"], scratch: scratch)
      #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
      try expectSameRun(out, as: reference, files: everyRunsFiles, "after a full disk")
    }

    /// A sweep on a disk that fills up: each trial fails with its cause, the sweep goes on to the
    /// next, and sweep.json ends `failed` naming the first cause; after space is freed, `resume`
    /// finishes the trials and the leaderboard equals an uninterrupted sweep's.
    @Test func aFullDiskFailsASweepsTrialsAndResumeFinishesThem() throws {
      let scratch = try ScratchFolder()
      let arguments = [
        "specs/digits_cnn.yaml", "--progress", "none", "--set", "train.epochs=4",
        "--set", "sweep={parameters: {optimizer.learning_rate: [0.01, 0.002]}}",
      ]
      let reference = scratch.path("reference")
      #expect(try OptimRunProcess.run(arguments + ["--out", reference], scratch: scratch).status == 0)
      let mount = scratch.path("small-disk")
      try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
      #expect(shell("mount -t tmpfs -o size=4m tmpfs '\(mount)'") == 0, "mounting a tmpfs needs root")
      defer { _ = shell("umount -l '\(mount)'") }
      #expect(shell("dd if=/dev/zero of='\(mount)/filler' bs=1024 count=\(4096 - 800) status=none") == 0)
      let out = mount + "/sweep"
      let full = try OptimRunProcess.run(arguments + ["--out", out], scratch: scratch)
      #expect(full.status == 1, "stderr: \(full.stderr)")
      #expect(full.stderr.contains("trial 2/2: optimizer.learning_rate=0.002"), "the sweep went on")
      let sweep = try RunFolderFiles.jsonObject(out + "/sweep.json")
      #expect(sweep["status"] as? String == "failed")
      let reason = sweep["exit_reason"] as? String ?? ""
      #expect(reason.hasPrefix("2 of 2 trials failed (trial-000: no space left on device"), "exit_reason: \(reason)")

      try FileManager.default.removeItem(atPath: mount + "/filler")
      let resumed = try OptimRunProcess.run(["resume", out, "--progress", "none"], scratch: scratch)
      #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
      #expect(try RunFolderFiles.jsonObject(out + "/sweep.json")["status"] as? String == "completed")
      #expect(
        try String(contentsOfFile: out + "/leaderboard.csv", encoding: .utf8)
          == (try String(contentsOfFile: reference + "/leaderboard.csv", encoding: .utf8)))
    }

    /// `optim-run spec 2>&1 | head -2` used to kill the run with SIGPIPE; now the run finishes and
    /// run.json says completed.
    @Test func aClosedPipeNeverStopsTraining() throws {
      let scratch = try ScratchFolder()
      let executable = try #require(SummaryCommandTests.executable)
      let out = scratch.path("run")
      let status = shell(
        "cd '\(RepositoryPaths.root)' && '\(executable)' specs/digits_cnn.yaml --out '\(out)' --progress lines "
          + "--json --set train.epochs=4 2>&1 | head -2 >/dev/null; exit ${PIPESTATUS[0]}")
      #expect(status == 0)
      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["status"] as? String == "completed")
      #expect(try RunFolderFiles.csv(out + "/metrics.csv", lineEnd: "\r\n").rows.count == 4)
    }
  }
}

/// Runs `command` with bash and returns its exit status.
func shell(_ command: String) -> Int32 {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/bash")
  process.arguments = ["-c", command]
  do {
    try process.run()
  } catch {
    return -1
  }
  process.waitUntilExit()
  return process.terminationStatus
}
