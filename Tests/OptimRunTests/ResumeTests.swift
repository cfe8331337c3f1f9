import Foundation
import Testing
import Tensors
import _TestSupport

/// A spec exercising everything a state must carry: dropout (random stream by step), Adam slots,
/// reduce_lr_on_plateau (changes the rate), early stopping with best weights, a per-step and
/// per-parameter LR history, validation from a fraction of shuffled training data, and a
/// model_checkpoint. The digits are real and small, so a run takes about a second.
let resumeSpec = """
  name: resume_check
  seed: 7
  data: {type: npy, x: \(RepositoryPaths.root)/data/digits/x.npy, y: \(RepositoryPaths.root)/data/digits/y.npy, rescale: 0.0625}
  model:
    input: [8, 8]
    layers:
      - flatten
      - {type: dense, units: 32, activation: relu}
      - {type: dropout, rate: 0.3}
      - {type: dense, units: 10, activation: softmax}
  loss: sparse_categorical_crossentropy
  metrics: [accuracy]
  optimizer: {type: adam, learning_rate: 0.01}
  train: {epochs: 8, batch_size: 64, validation: 0.2}
  callbacks:
    - {type: lr_history, every: step, per_parameter: true}
    - {type: reduce_lr_on_plateau, monitor: val_loss, factor: 0.5, patience: 1, min_delta: 0.01}
    - {type: early_stopping, monitor: val_loss, patience: 3, min_delta: 0.005, restore_best_weights: true}
    - {type: model_checkpoint, monitor: val_loss, save_best_only: true, filename: best.safetensors}

  """

/// The files every training run writes that a resumed run must reproduce byte for byte.
let everyRunsFiles = ["metrics.csv", "metrics.jsonl", "lr_history.csv", "checkpoints/final.safetensors"]

/// Those of `resumeSpec`, which also keeps per-parameter step sizes.
let identicalFiles = everyRunsFiles + ["lr_per_parameter.csv"]

/// The lines of `summary.json` (written with sorted keys, one per line) without the two that
/// measure time; checks first that the file is a JSON object.
func summaryWithoutTimes(_ folder: String) throws -> [String] {
  _ = try RunFolderFiles.jsonObject(folder + "/summary.json")
  return try RunFolderFiles.text(folder + "/summary.json").split(separator: "\n").map(String.init).filter {
    !$0.contains("\"wall_time_seconds\"") && !$0.contains("\"steps_per_second\"")
  }
}

/// Expects `folder` to hold what `reference` holds, byte for byte (times in summary.json aside).
func expectSameRun(_ folder: String, as reference: String, files: [String] = identicalFiles, _ label: String) throws {
  for name in files {
    let a = FileManager.default.contents(atPath: reference + "/" + name)
    let b = FileManager.default.contents(atPath: folder + "/" + name)
    #expect(a != nil && a == b, "\(label): \(name) differs from the uninterrupted run")
  }
  let (a, b) = (try summaryWithoutTimes(folder), try summaryWithoutTimes(reference))
  #expect(a == b, "\(label): summary.json differs")
  let leftovers = (try FileManager.default.contentsOfDirectory(atPath: folder)).filter { $0.contains(".tmp-") }
  #expect(leftovers.isEmpty, "\(label): temporary files left: \(leftovers)")
}

extension EndToEnd {
  /// `optim-run resume` continues a stopped run exactly.
  @Suite("resume")
  struct ResumeTests {
    /// Stops a run with SIGTERM or SIGKILL at pseudo-random moments (several stops per run, each
    /// followed by `resume`), for 12 seeds; every finished folder equals the uninterrupted run's.
    @Test func stoppedAnywhereAndResumedEqualsTheUninterruptedRun() throws {
      let scratch = try ScratchFolder()
      let spec = try scratch.write(resumeSpec, to: "resume.yaml")
      let reference = scratch.path("reference")
      let r = try OptimRunProcess.run([spec, "--out", reference, "--progress", "none"], scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let summary = try RunFolderFiles.jsonObject(reference + "/summary.json")
      let steps = summary["steps"] as? Int ?? 0
      #expect(steps > 100)
      // Stops land up to 400 ms after a process's first epoch line, or within 80 % of the
      // uninterrupted run's training time when that is shorter: a faster build must not finish
      // most runs before the signal comes.
      let training = summary["wall_time_seconds"] as? Double ?? 0.5
      let stopWindow = min(400_000, max(20_000, Int(training * 800_000)))

      var generator = RandomStream(seed: 2026, name: "resume-test/stops")
      var stops = 0
      var killed = 0
      for trial in 0..<12 {
        let out = scratch.path("run-\(trial)")
        var arguments = [spec, "--out", out, "--progress", "lines"]
        var finished = false
        var round = 0
        while !finished {
          round += 1
          let process = try OptimRunProcess(arguments, scratch: scratch)
          // Wait for the first epoch line of this process, then a pseudo-random time into the run.
          _ = process.waitForStderr(deadline: 120) { $0.contains("epoch ") || $0.contains("completed") }
          usleep(UInt32(generator.nextInt(below: stopWindow)))
          let useKill = generator.nextInt(below: 3) == 0
          process.send(useKill ? SIGKILL : SIGTERM)
          let ended = process.finish()
          if ended.uncaughtSignal {
            #expect(ended.status == SIGKILL)
            killed += 1
            stops += 1
          } else if ended.status == 130 {
            stops += 1
            let run = try RunFolderFiles.jsonObject(out + "/run.json")
            #expect(run["status"] as? String == "interrupted")
            #expect(run["exit_reason"] as? String == "interrupted by SIGTERM")
          } else {
            #expect(ended.status == 0, "trial \(trial) round \(round): \(ended.stderr)")
            finished = true
          }
          arguments = ["resume", out, "--progress", "lines"]
          if round > 8 {
            // Resume to the end without stopping.
            let last = try OptimRunProcess.run(["resume", out, "--progress", "none"], scratch: scratch)
            #expect(last.status == 0, "stderr: \(last.stderr)")
            finished = true
          }
        }
        try expectSameRun(out, as: reference, "trial \(trial)")
        let run = try RunFolderFiles.jsonObject(out + "/run.json")
        #expect(run["status"] as? String == "early_stopped" || run["status"] as? String == "completed")
      }
      #expect(stops >= 10, "only \(stops) stops landed inside a run")
      #expect(killed >= 2, "only \(killed) SIGKILLs landed inside a run")
    }

    /// A 3-epoch run resumed with `--set train.epochs=6` equals a 6-epoch run; a finished run
    /// resumed without more epochs says so and exits 0; other keys are refused by name.
    @Test func extendingAFinishedRunEqualsALongerRun() throws {
      let scratch = try ScratchFolder()
      let base = "specs/digits_cnn.yaml"
      let long = scratch.path("long")
      let short = scratch.path("short")
      for (out, epochs) in [(long, 6), (short, 3)] {
        let r = try OptimRunProcess.run(
          [base, "--out", out, "--progress", "none", "--set", "train.epochs=\(epochs)"], scratch: scratch)
        #expect(r.status == 0, "stderr: \(r.stderr)")
      }
      let again = try OptimRunProcess.run(["resume", short], scratch: scratch)
      #expect(again.status == 0)
      #expect(again.stderr.contains("the run completed its 3 epochs"))

      let refused = try OptimRunProcess.run(
        ["resume", short, "--set", "train.epochs=6", "--set", "optimizer.learning_rate=0.1"], scratch: scratch)
      #expect(refused.status == 1)
      #expect(refused.stderr.contains("these keys differ from the run's spec.yaml: optimizer.learning_rate"))

      let extended = try OptimRunProcess.run(
        ["resume", short, "--set", "train.epochs=6", "--progress", "none"], scratch: scratch)
      #expect(extended.status == 0, "stderr: \(extended.stderr)")
      try expectSameRun(short, as: long, files: everyRunsFiles, "extended")
      let run = try RunFolderFiles.jsonObject(short + "/run.json")
      let resumes = try #require(run["resumes"] as? [[String: Any]])
      #expect(resumes.count == 1)
      #expect(resumes.first?["from_epoch"] as? Int == 3)
      #expect(run["spec_hash"] as? String == (try RunFolderFiles.jsonObject(long + "/run.json"))["spec_hash"] as? String)
    }

    /// A U-Net with batch normalization (moving statistics are non-trainable weights) and skip
    /// concatenations, stopped twice by SIGTERM, resumes to the uninterrupted run's files.
    @Test func aUNetWithBatchNormalizationResumesExactly() throws {
      let scratch = try ScratchFolder()
      let spec = try scratch.write(
        """
        name: small_unet
        seed: 3
        data: {type: synthetic_segmentation, samples: 48, shape: [16, 16, 1], test_split: 0.25}
        model:
          input: [16, 16, 1]
          layers:
            - {type: conv2d, name: c1, filters: 8, kernel_size: 3, padding: same}
            - {type: batch_normalization}
            - {type: activation, activation: relu}
            - {type: max_pooling2d, pool_size: 2}
            - {type: conv2d, filters: 16, kernel_size: 3, padding: same, activation: relu}
            - {type: dropout, rate: 0.2}
            - {type: up_sampling2d, size: 2}
            - {type: concatenate, inputs: [previous, c1]}
            - {type: conv2d, filters: 1, kernel_size: 1, activation: sigmoid}
        loss: binary_crossentropy
        metrics: [accuracy]
        optimizer: {type: adam, learning_rate: 0.005}
        train: {epochs: 6, batch_size: 4, validation: test}

        """, to: "unet.yaml")
      let reference = scratch.path("reference")
      let r = try OptimRunProcess.run([spec, "--out", reference, "--progress", "none"], scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let weights = try RunFolderFiles.safetensors(reference + "/checkpoints/final.safetensors")
      #expect(weights.tensors.keys.contains("batch_normalization/moving_mean"))

      let out = scratch.path("stopped")
      var arguments = [spec, "--out", out, "--progress", "lines"]
      for delay: UInt32 in [150_000, 350_000] {
        let process = try OptimRunProcess(arguments, scratch: scratch)
        _ = process.waitForStderr(deadline: 120) { $0.contains("epoch ") }
        usleep(delay)
        process.send(SIGTERM)
        let ended = process.finish()
        #expect(ended.status == 130 || ended.status == 0, "stderr: \(ended.stderr)")
        arguments = ["resume", out, "--progress", "lines"]
      }
      let last = try OptimRunProcess.run(["resume", out, "--progress", "none"], scratch: scratch)
      #expect(last.status == 0, "stderr: \(last.stderr)")
      try expectSameRun(out, as: reference, files: everyRunsFiles, "unet")
    }

    /// `resume` refuses a run whose process is alive, and a diverged run; a second signal ends a
    /// run at once with exit 5 and still marks run.json.
    @Test func liveRunsAreRefusedAndASecondSignalExitsAtOnce() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("live")
      let process = try OptimRunProcess(
        ["specs/digits_cnn.yaml", "--out", out, "--progress", "lines", "--set", "train.epochs=200"], scratch: scratch)
      #expect(process.waitForStderr(deadline: 120) { $0.contains("epoch 1/") })
      let refused = try OptimRunProcess.run(["resume", out], scratch: scratch)
      #expect(refused.status == 1)
      #expect(refused.stderr.contains("the run is still running as process"))

      // Two different signals: two of the same kind sent at once may merge into one delivery.
      process.send(SIGTERM)
      process.send(SIGINT)
      let ended = process.finish()
      #expect(ended.status == 5, "stderr: \(ended.stderr)")
      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["status"] as? String == "interrupted")
      #expect((run["exit_reason"] as? String)?.contains("second signal") == true)

      let diverged = scratch.path("diverged")
      let spec = try scratch.write(ExitStatusTests.divergingSpec, to: "diverging.yaml")
      let d = try OptimRunProcess.run([spec, "--out", diverged, "--progress", "none"], scratch: scratch)
      #expect(d.status == 4)
      let again = try OptimRunProcess.run(["resume", diverged], scratch: scratch)
      #expect(again.status == 1)
      #expect(again.stderr.contains("resuming would diverge again"))
    }
  }
}
