import Foundation
import Reporting
import Spec

/// A sweep's data for TensorBoard's HParams dashboard, written only when the spec has a
/// `tensorboard` callback (training sweeps): `tensorboard --logdir SWEEP_FOLDER` then lists every
/// trial with its swept values and metrics.
///
/// Layout (the convention of `tensorboard.plugins.hparams.api`): the sweep folder's own
/// `tensorboard/` holds the experiment (every swept path with its domain, and the metrics), written
/// once by the first process that opens the sweep; each trial's `tensorboard` callback writes its
/// session start (the trial's values) into its log folder (`trial-NNN/tensorboard/`) when it
/// begins, and its end (success, or failure when it diverged or failed) when its run ends, so
/// trials running in other processes or hosts write their own. The metrics are the trial's
/// `epoch_*` scalars in `train/` and `validation/` under its log folder.
///
/// Values: a path whose values are all numbers (or drawn from a range) is a number, all booleans a
/// boolean, anything else a string (a subtree as the leaderboard writes it). The session group is
/// the trial's folder name, or with `repeats` > 1, `configuration-NNN`: the dashboard shows the
/// repeats of one configuration as one row, their metrics averaged.
enum SweepTensorBoard {
  /// The folder of the experiment summary, inside the sweep folder.
  static let folderName = "tensorboard"

  /// Whether the sweep writes HParams data: a training spec with a `tensorboard` callback.
  static func isEnabled(_ spec: ExperimentSpec) -> Bool {
    spec.objective == nil && spec.callbacks.contains { $0.type == "tensorboard" }
  }

  /// The HParams session of `trial`.
  static func session(for trial: SweepTrial, sweep: SweepSpec) -> TensorBoardSession {
    let hparams = trial.assignments.map { a in
      let parameter = sweep.parameters.first { $0.path == a.path } ?? a
      return (name: a.path, value: value(a.values[0], kind: kind(of: parameter)))
    }
    let group =
      sweep.repeats > 1
      ? "configuration-" + SweepTrialRecord.threeDigits(trial.configuration) : SweepTrialRecord.folderName(trial.index)
    return TensorBoardSession(hparams: hparams, groupName: group)
  }

  /// Writes the experiment summary into the sweep folder's `tensorboard/`, unless a file is
  /// already there (another process wrote it: the content is the same).
  static func writeExperiment(_ folder: SweepFolder, time: Date = Date()) throws {
    let url = folder.url.appendingPathComponent(folderName)
    if FileManager.default.fileExists(atPath: url.path), !(try EventFileReader.eventFiles(in: url)).isEmpty {
      return
    }
    let file = try EventFileWriter(folder: url, time: time)
    file.add(
      TensorBoardEvent(
        wallTime: time.timeIntervalSince1970,
        tensors: [
          TensorBoardHParams.experiment(
            hparams: hparams(folder.sweep), metrics: metrics(folder.loaded.spec),
            timeCreated: time.timeIntervalSince1970)
        ]))
    try file.flush()
    file.close()
  }

  /// Every swept path with its domain.
  static func hparams(_ sweep: SweepSpec) -> [TensorBoardHParams.HParam] {
    sweep.parameters.map { p in
      let domain: TensorBoardHParams.Domain
      switch p.distribution {
      case .choice(let values):
        let k = kind(of: p)
        domain = .discrete(values.map { value($0, kind: k) })
      case .uniform(let a, let b), .logUniform(let a, let b): domain = .interval(min: a, max: b)
      case .intUniform(let a, let b): domain = .interval(min: Double(a), max: Double(b))
      }
      return TensorBoardHParams.HParam(name: p.path, domain: domain)
    }
  }

  /// The `epoch_*` scalars of the loss and metrics: `train/` and, with validation, `validation/`.
  static func metrics(_ spec: ExperimentSpec) -> [TensorBoardHParams.Metric] {
    let names = ["loss"] + spec.metrics.map(\.type)
    var result = names.map {
      TensorBoardHParams.Metric(group: "train", tag: "epoch_" + $0, isValidation: false)
    }
    if spec.train.validation != .none {
      result += names.map {
        TensorBoardHParams.Metric(group: "validation", tag: "epoch_" + $0, isValidation: true)
      }
    }
    return result
  }

  private enum Kind { case number, bool, string }

  private static func kind(of parameter: SweepSpec.Parameter) -> Kind {
    guard case .choice(let values) = parameter.distribution else { return .number }
    if values.allSatisfy({ if case .int = $0 { true } else if case .double = $0 { true } else { false } }) {
      return .number
    }
    if values.allSatisfy({ if case .bool = $0 { true } else { false } }) { return .bool }
    return .string
  }

  private static func value(_ v: Value, kind: Kind) -> TensorBoardHParams.Value {
    switch (kind, v) {
    case (.number, .int(let i)): .number(Double(i))
    case (.number, .double(let d)): .number(d)
    case (.bool, .bool(let b)): .bool(b)
    case (_, .string(let s)): .string(s)
    default: .string(SweepTrialRecord.text(v))
    }
  }
}
