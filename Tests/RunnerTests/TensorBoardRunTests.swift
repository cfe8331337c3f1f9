import Foundation
import Reporting
import Spec
import Testing
import _TestSupport

@testable import Runner

/// The `tensorboard` callback in whole runs and sweeps, read back with TensorBoard's own readers
/// (scripts/reference/tensorboard_check.py): histograms against the epoch checkpoints, and the
/// HParams dashboard's session groups against the sweep's trials.
@Suite struct TensorBoardRunTests {
  /// Runs tensorboard_check.py and decodes its JSON.
  static func check(_ arguments: [String]) throws -> [String: Any] {
    let output = try TestPython.run(
      script: RepositoryPaths.path("scripts/reference/tensorboard_check.py"), arguments: arguments)
    try #require(output.status == 0, "tensorboard_check.py \(arguments): \(output.stderr)")
    return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] ?? [:]
  }

  /// Plain SGD on the whole training set as one batch: each epoch is one step, so the checkpoints
  /// of two successive epochs give the last batch's gradient, (w_before - w_after) / lr.
  static let histogramSpec = """
    name: tb_histograms
    seed: 3
    data: {type: synthetic_regression, samples: 48, features: 3, targets: 1}
    model:
      input: [3]
      layers:
        - {type: dense, units: 5, activation: tanh}
        - {type: dense, units: 1}
    loss: mse
    optimizer: {type: sgd, learning_rate: 0.1}
    train: {epochs: 3, batch_size: 1000}
    callbacks:
      - {type: tensorboard, histogram_freq: 1, log_dir: tb}
      - {type: model_checkpoint, every: 1}
    """

  @Test func weightHistogramsAreTheEpochCheckpointsAndGradientsTheLastStep() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("run")
    let outcome = try runExperiment(
      try loadSpec(text: Self.histogramSpec, name: "tb.yaml"), options: RunOptions(outDirectory: out.path))
    #expect(outcome.status == .completed)
    // log_dir is relative to the run folder.
    let logDir = out.appendingPathComponent("tb/train")
    let result = try Self.check(["histograms", out.path, logDir.path, "0.1"])
    let weights = try #require(result["weights"] as? [[String: Any]])
    let tags = Set(weights.map { $0["tag"] as? String ?? "" })
    #expect(
      tags == [
        "dense/kernel/histogram", "dense/bias/histogram", "dense_1/kernel/histogram",
        "dense_1/bias/histogram",
      ])
    #expect(weights.count == 4 * 3, "one per parameter and epoch")
    for w in weights {
      let label = "\(w["tag"]!) at \(w["step"]!)"
      // Bucket for bucket what histogram_pb makes of the checkpoint's tensor.
      #expect(w["equal"] as? Bool == true, "\(label)")
      #expect(w["min"] as? Double == w["numpy_min"] as? Double, "\(label)")
      #expect(w["max"] as? Double == w["numpy_max"] as? Double, "\(label)")
      #expect(w["num"] as? Double == (w["numpy_num"] as? Int).map(Double.init), "\(label)")
      #expect(w["shape"] as? [Int] == [30, 3], "\(label)")
    }
    let gradients = try #require(result["gradients"] as? [[String: Any]])
    #expect(gradients.count == 4 * 3)
    var implied = 0
    for g in gradients {
      guard let impliedMin = g["implied_min"] as? Double, let impliedMax = g["implied_max"] as? Double else {
        continue
      }
      implied += 1
      let label = "\(g["tag"]!) at \(g["step"]!)"
      let (low, high) = (try #require(g["min"] as? Double), try #require(g["max"] as? Double))
      #expect(abs(low) + abs(high) > 1e-6, "a real gradient, not zeroed buffers: \(label)")
      #expect(
        abs(low - impliedMin) < 1e-4 && abs(high - impliedMax) < 1e-4,
        "\(label): \(low)...\(high) vs \(impliedMin)...\(impliedMax)")
    }
    #expect(implied == 4 * 2, "epochs 1 and 2 have a checkpoint before them")
  }

  /// Two learning rates × two shuffle settings, each configuration run with two seeds.
  static let sweepSpec = """
    name: tb_sweep
    seed: 5
    data: {type: synthetic_regression, samples: 40, features: 3, targets: 1}
    model:
      input: [3]
      layers:
        - {type: dense, units: 1}
    loss: mse
    metrics: [mae]
    optimizer: {type: adam, learning_rate: 0.001}
    train: {epochs: 2, batch_size: 8, validation: 0.25}
    callbacks:
      - {type: tensorboard}
    sweep:
      metric: val_loss
      repeats: 2
      parameters:
        optimizer.learning_rate: [0.001, 0.05]
        train.shuffle: [true, false]
    """

  @Test func sweepTrialsAreSessionGroupsOfTheHParamsDashboard() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep")
    #expect(try runSweepSpec(Self.sweepSpec, out: out).status == .completed)
    let result = try Self.check(["hparams", out.path])
    let runs = try #require(result["runs"] as? [String: [String: [String: Any]]])

    let experiment = try #require(runs["tensorboard"]?["_hparams_/experiment"])
    let infos = try #require(experiment["hparam_infos"] as? [[String: Any]])
    #expect(infos.map { $0["name"] as? String } == ["optimizer.learning_rate", "train.shuffle"])
    #expect(infos.map { $0["type"] as? String } == ["DATA_TYPE_FLOAT64", "DATA_TYPE_BOOL"])
    #expect(infos[0]["domain_discrete"] as? [Double] == [0.001, 0.05])
    #expect(infos[1]["domain_discrete"] as? [Bool] == [true, false])
    let metrics = (experiment["metric_infos"] as? [[String: Any]] ?? []).map {
      ($0["name"] as? [String: String] ?? [:]).map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
    }
    #expect(
      metrics == [
        "group=train tag=epoch_loss", "group=train tag=epoch_mae", "group=validation tag=epoch_loss",
        "group=validation tag=epoch_mae",
      ])

    // Each trial's session holds the values its own spec.yaml ran with, grouped by configuration.
    let trials = try sweepTrialFolders(out)
    #expect(trials.count == 8)
    var valLoss: [String: Double] = [:]
    for (i, trial) in trials.enumerated() {
      let session = try #require(runs["\(trial)/tensorboard"], "no session in \(trial)")
      let start = try #require(session["_hparams_/session_start_info"])
      let spec = try loadSpec(
        path: out.appendingPathComponent(trial).appendingPathComponent("spec.yaml").path
      ).spec
      let hparams = try #require(start["hparams"] as? [String: Any])
      #expect(
        hparams["optimizer.learning_rate"] as? Double == spec.optimizer.arguments["learning_rate"]?.asDouble)
      #expect(hparams["train.shuffle"] as? Bool == spec.train.shuffle)
      #expect(start["group_name"] as? String == "configuration-00\(i / 2)")
      #expect(session["_hparams_/session_end_info"]?["status"] as? String == "STATUS_SUCCESS")
      let rows = try readSweepCSV(out.appendingPathComponent(trial).appendingPathComponent("metrics.csv"))
      valLoss[trial] = Double(rows.last?["val_loss"] ?? "")
    }

    // TensorBoard's HParams backend: one row per configuration, its two seeds' sessions, and the
    // validation loss of their last epochs averaged.
    let groups = try #require(result["groups"] as? [[String: Any]])
    #expect(groups.map { $0["name"] as? String ?? "" }.sorted() == (0..<4).map { "configuration-00\($0)" })
    for group in groups {
      let name = group["name"] as? String ?? ""
      let sessions = (group["sessions"] as? [[String]] ?? []).sorted { $0[0] < $1[0] }
      let configuration = Int(name.suffix(3)) ?? -1
      let members = [2 * configuration, 2 * configuration + 1].map(SweepTrialRecord.folderName)
      #expect(sessions == members.map { ["\($0)/tensorboard", "STATUS_SUCCESS"] })
      let mean = members.compactMap { valLoss[$0] }.reduce(0, +) / 2
      let shown = try #require((group["metrics"] as? [String: Double])?["validation/epoch_loss"])
      #expect(abs(shown - mean) < 1e-5 * max(1, abs(mean)), "\(name): \(shown) vs \(mean)")
    }
  }

  @Test func aSweepWithoutTheCallbackWritesNoHParams() throws {
    let out = try makeObjectiveTemporaryFolder().appendingPathComponent("sweep")
    let spec = Self.sweepSpec.replacingOccurrences(of: "callbacks:\n  - {type: tensorboard}\n", with: "")
    #expect(!spec.contains("tensorboard"))
    #expect(try runSweepSpec(spec, out: out).status == .completed)
    let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
    #expect(!names.contains("tensorboard"))
    #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("trial-000/tensorboard").path))
  }

  @Test func logDirIsRelativeToTheRunFolderOrAbsoluteAndUnknownKeysAreRefused() throws {
    let run = URL(fileURLWithPath: "/runs/r1")
    #expect(CallbackBuilder.tensorBoardFolder("tensorboard", runFolder: run)?.path == "/runs/r1/tensorboard")
    #expect(CallbackBuilder.tensorBoardFolder("logs/fit", runFolder: run)?.path == "/runs/r1/logs/fit")
    #expect(CallbackBuilder.tensorBoardFolder("/tmp/tb", runFolder: run)?.path == "/tmp/tb")
    #expect(CallbackBuilder.tensorBoardFolder(" ", runFolder: run) == nil)
    // Keras's keys are accepted; one Keras 3 does not have (TF1's write_grads) is not.
    _ = try loadSpec(
      text: Self.histogramSpec.replacingOccurrences(
        of: "log_dir: tb}",
        with:
          "log_dir: tb, write_graph: true, write_images: false, profile_batch: 0, embeddings_freq: 0, write_steps_per_second: true}"
      ),
      name: "keras.yaml")
    #expect(throws: (any Error).self) {
      _ = try loadSpec(
        text: Self.histogramSpec.replacingOccurrences(
          of: "log_dir: tb}", with: "log_dir: tb, write_grads: true}"),
        name: "tf1.yaml")
    }
  }

  @Test func kerasOnlyKeysThatWouldWriteSomethingAreWarnedAbout() throws {
    #expect(experimentWarnings(try loadSpec(text: Self.histogramSpec, name: "tb.yaml")).isEmpty)
    let asking = Self.histogramSpec.replacingOccurrences(
      of: "log_dir: tb}", with: "log_dir: tb, write_images: true, profile_batch: 3, write_graph: true}")
    let warnings = experimentWarnings(try loadSpec(text: asking, name: "tb.yaml"))
    #expect(warnings.count == 2)
    #expect(warnings.allSatisfy { $0.severity == .warning })
    #expect(warnings.map(\.keyPath) == ["callbacks.0.write_images", "callbacks.0.profile_batch"])
    #expect(warnings.allSatisfy { $0.message.contains("writes nothing") })
  }
}
