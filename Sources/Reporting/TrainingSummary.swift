import Foundation

/// Which way a monitored metric improves, for picking the best epoch in `summary.json`.
public enum BestEpochRule: String, Sendable {
  /// Lower is better (losses, errors).
  case min
  /// Higher is better (accuracy, AUC).
  case max
}

/// `summary.json` of a training run: final and best metrics, the best epoch, why it stopped, and
/// how fast it went.
///
/// Keys: `best_epoch` (0-based, or null when the monitored metric never had a finite value),
/// `best_metrics` (that epoch's logs, or `{}`), `epochs` (epochs completed), `final_metrics` (the last
/// epoch's logs, or `{}`), `monitor`, `mode`, `steps`, `steps_per_second` (null when no time passed),
/// `stop_reason`, `wall_time_seconds`. Ties keep the earliest epoch; NaN never counts as best.
public struct TrainingSummary: Sendable, Equatable {
  /// The last epoch's logs.
  public var finalMetrics: [String: Double]
  /// The best epoch's logs.
  public var bestMetrics: [String: Double]
  /// The 0-based epoch where `monitor` was best.
  public var bestEpoch: Int?
  /// Epochs completed.
  public var epochs: Int
  /// The metric that picks the best epoch.
  public var monitor: String
  /// Whether `monitor` improves downwards or upwards.
  public var rule: BestEpochRule
  /// Why training stopped (`completed`, `early_stopping`, `nan_loss`, …).
  public var stopReason: String
  /// Elapsed wall-clock time.
  public var wallTimeSeconds: Double
  /// Optimizer steps taken.
  public var steps: Int
  /// The held-out test split's loss and metrics, evaluated once after training with the weights
  /// the run keeps; nil when there is no test split or it served as validation data.
  public var testMetrics: [String: Double]?
  /// The number of test examples behind `testMetrics`.
  public var testSamples: Int?

  /// Summarizes `history` (one log per epoch, epoch 0 first), choosing the best epoch by `monitor`.
  public init(
    history: [[String: Double]], monitor: String, rule: BestEpochRule, stopReason: String,
    wallTimeSeconds: Double, steps: Int
  ) {
    var best: (epoch: Int, value: Double)?
    for (epoch, logs) in history.enumerated() {
      guard let value = logs[monitor], value.isFinite else { continue }
      if let b = best, rule == .min ? !(value < b.value) : !(value > b.value) { continue }
      best = (epoch, value)
    }
    finalMetrics = history.last ?? [:]
    bestEpoch = best?.epoch
    bestMetrics = best.map { history[$0.epoch] } ?? [:]
    epochs = history.count
    self.monitor = monitor
    self.rule = rule
    self.stopReason = stopReason
    self.wallTimeSeconds = wallTimeSeconds
    self.steps = steps
    testMetrics = nil
    testSamples = nil
  }

  /// Optimizer steps per second of wall time, or nil if no time was measured.
  public var stepsPerSecond: Double? { wallTimeSeconds > 0 ? Double(steps) / wallTimeSeconds : nil }

  /// The JSON document.
  public var json: JSONValue {
    .object([
      "final_metrics": .numbers(finalMetrics),
      "best_metrics": .numbers(bestMetrics),
      "best_epoch": bestEpoch.map { .int($0) } ?? .null,
      "epochs": .int(epochs),
      "monitor": .string(monitor),
      "mode": .string(rule.rawValue),
      "stop_reason": .string(stopReason),
      "wall_time_seconds": .double(wallTimeSeconds),
      "steps": .int(steps),
      "steps_per_second": .number(stepsPerSecond),
      "test_metrics": testMetrics.map { .numbers($0) } ?? .null,
      "test_samples": testSamples.map { .int($0) } ?? .null,
    ])
  }

  /// Atomically writes `summary.json` into `folder`.
  public func write(to folder: RunFolder, syncFolder: Bool = true) throws {
    try AtomicFile.write(json.pretty, to: folder.file(RunFolder.FileName.summary), syncFolder: syncFolder)
  }
}
