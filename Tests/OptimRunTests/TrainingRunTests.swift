import Foundation
import Tensors
import Testing
import _TestSupport

extension EndToEnd {
  /// Whole training runs of the shipped specs, checked through the files they leave.
  @Suite("training runs")
  struct TrainingRunTests {
    /// The main job as written (15 epochs): it learns the digits, and its folder holds every file.
    @Test func digitsCNNReaches95PercentAndWritesTheWholeFolder() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(
        ["specs/digits_cnn.yaml", "--out", out, "--progress", "lines"], scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")

      // metrics.csv as Keras's CSVLogger writes it: CRLF rows, `epoch` then the sorted names.
      let metrics = try RunFolderFiles.csv(out + "/metrics.csv", lineEnd: "\r\n")
      #expect(metrics.header == ["epoch", "accuracy", "learning_rate", "loss", "val_accuracy", "val_loss"])
      #expect(metrics.rows.map { $0[0] } == (0..<15).map(String.init))
      let finalAccuracy = try #require(metrics.column("val_accuracy").last ?? nil)
      #expect(finalAccuracy >= 0.95)

      // run.json says how it ended, and the spec hash matches what `validate` computes.
      let run = try RunFolderFiles.jsonObject(out + "/run.json")
      #expect(run["status"] as? String == "completed")
      #expect(run["exit_reason"] as? String == "epochs_completed")
      // OpenBLAS's kernels: never a generic fallback family on a CPU that supports better ones
      // (the executable re-executes itself with OPENBLAS_CORETYPE set; see BLASCoreChoice).
      let core = try #require(run["blas_core"] as? String)
      let flags = BLASCoreChoice.cpuFlags()
      if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil, let best = BLASCoreChoice.family(forFlags: flags) {
        #expect(BLASCoreChoice.override(detected: core, environment: [:], cpuFlags: flags) == nil, "core \(core), CPU supports \(best)")
      }
      // Whether 3×3 convolutions may run as Winograd: on unless OPTIM_RUN_WINOGRAD=0 (read the same way here).
      #expect(run["winograd"] as? Bool == Conv2DWorkspace.winogradByDefault)
      #expect(
        run["winograd_tile"] as? Int
          == (Conv2DWorkspace.winogradByDefault ? Conv2DWorkspace.winogradTileByDefault : nil))
      #expect(run["haswell_kernels"] as? Bool == CPUFeatures.haswellKernels)
      let hash = try OptimRunProcess.run(
        ["validate", "--print-hash", "specs/digits_cnn.yaml"], scratch: scratch)
      #expect(hash.stdout.split(separator: " ").first.map(String.init) == run["spec_hash"] as? String)

      // metrics.jsonl: every line parses; 15 epoch lines; batch steps count up from 0 without gaps.
      let lines = try RunFolderFiles.jsonLines(out + "/metrics.jsonl")
      #expect(lines.filter { $0["kind"] as? String == "epoch" }.count == 15)
      let steps = lines.filter { $0["kind"] as? String == "batch" }.compactMap { $0["step"] as? Int }
      #expect(steps == Array(0..<steps.count))
      // 1,797 images, a fifth held out (ceil(359.4) = 360): 1,437 training images, 45 batches of 32.
      #expect(steps.count == 15 * 45)

      // lr_history.csv: one row per epoch (`every: epoch`), Adam's constant 0.001.
      let history = try RunFolderFiles.csv(out + "/lr_history.csv")
      #expect(history.header == ["step", "epoch", "lr"])
      #expect(history.rows.count == 15)
      #expect(history.column("lr").allSatisfy { abs(($0 ?? 0) - 0.001) < 1e-9 })

      let summary = try RunFolderFiles.jsonObject(out + "/summary.json")
      #expect(summary["epochs"] as? Int == 15)
      #expect(FileManager.default.fileExists(atPath: out + "/spec.yaml"))

      // The final checkpoint, named as Keras names the weights; kernels HWIO and (in, out).
      let checkpoint = try RunFolderFiles.safetensors(out + "/checkpoints/final.safetensors")
      let expected: [String: [Int]] = [
        "conv2d/kernel": [3, 3, 1, 16], "conv2d/bias": [16],
        "conv2d_1/kernel": [3, 3, 16, 32], "conv2d_1/bias": [32],
        // 8×8 → pooled 4×4 × 32 filters = 512 inputs.
        "dense/kernel": [512, 64], "dense/bias": [64],
        "dense_1/kernel": [64, 10], "dense_1/bias": [10],
      ]
      #expect(
        checkpoint.tensors == expected.mapValues { RunFolderFiles.TensorHeader(dtype: "F32", shape: $0) })

      // Plots: one per metric plus the learning rate, each well-formed SVG.
      for plot in ["loss.svg", "accuracy.svg", "lr.svg"] {
        #expect(try RunFolderFiles.svgRoot(out + "/" + plot) == "svg")
      }
      let files = try RunFolderFiles.parseEveryFile(in: out)
      #expect(files.filter { $0.hasSuffix(".svg") }.count == 3)
      #expect(Set(try RunFolderFiles.npzNames(out + "/splits.npz")) == ["train", "validation", "test"])

      // One progress line per epoch on stderr.
      let epochLines = r.stderrLines.filter { $0.hasPrefix("epoch ") }
      #expect(epochLines.count == 15)
      for (i, line) in epochLines.enumerated() {
        #expect(line.hasPrefix("epoch \(i + 1)/15 - loss "), "\(line)")
      }
    }

    /// The diabetes MLP predicts better than a constant.
    ///
    /// The shipped spec holds out a seeded random fifth (`test_split`), which only the project's own
    /// shuffle could reproduce; so the run uses Keras's `validation_split` instead (the last 20% of
    /// the rows in file order: 442 − floor(442 · 0.8) = 89 rows), which this test can compute from
    /// `data/diabetes.csv` alone. The baseline is the validation MSE of predicting the mean training
    /// target, the best constant a model could learn without the features (var(val) + (mean(train) −
    /// mean(val))², at least the variance of the validation targets). Targets are not standardized,
    /// so `val_loss` is in the same units.
    @Test func diabetesMLPBeatsPredictingTheTrainingMean() throws {
      let scratch = try ScratchFolder()
      let out = scratch.path("run")
      let r = try OptimRunProcess.run(
        [
          "specs/diabetes_mlp.yaml", "--out", out, "--progress", "none",
          "--set", "data.test_split=null", "--set", "train.validation=0.2",
        ], scratch: scratch)
      #expect(r.status == 0, "stderr: \(r.stderr)")

      let data = try RunFolderFiles.text(RepositoryPaths.path("data/diabetes.csv"))
      var rows = data.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
      let header = rows.removeFirst()
      let targetColumn = try #require(header.firstIndex(of: "target"))
      let targets = try rows.map { try #require(Double($0[targetColumn])) }
      #expect(targets.count == 442)
      let splitAt = Int((Double(targets.count) * 0.8).rounded(.down))
      let train = targets[..<splitAt]
      let validation = targets[splitAt...]
      let trainMean = train.reduce(0, +) / Double(train.count)
      let baseline =
        validation.map { ($0 - trainMean) * ($0 - trainMean) }.reduce(0, +) / Double(validation.count)

      let metrics = try RunFolderFiles.csv(out + "/metrics.csv", lineEnd: "\r\n")
      #expect(metrics.rows.count == 50)
      let valLoss = try #require(metrics.column("val_loss").last ?? nil)
      #expect(valLoss < baseline, "val_loss \(valLoss), baseline \(baseline)")
    }
  }
}
