/// Whether a monitored quantity should go down or up.
public enum MonitorMode: String, Sendable {
  case auto, min, max
}

/// Error for a monitor whose direction cannot be inferred (Keras raises the same `ValueError`).
public struct MonitorError: Error, Sendable, CustomStringConvertible {
  public var description: String
}

/// The comparison shared by early stopping and model checkpointing (Keras's `MonitorCallback`):
/// the monitored name, its direction and `min_delta`.
public struct Monitor: Sendable {
  public let name: String
  /// `true` when smaller is better.
  public let minimize: Bool
  /// Keras stores `-|min_delta|` for min mode and `+|min_delta|` for max mode.
  public let signedDelta: Double

  /// Metrics whose Keras `_direction` is "up"; loss-like names go down.
  public static let increasingMetrics: Set<String> = [
    "accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
    "precision", "recall", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "auc",
    "f1_score",
  ]
  /// Metrics whose Keras `_direction` is "down".
  public static let decreasingMetrics: Set<String> = [
    "loss", "mae", "mse", "rmse", "huber", "mean_absolute_error", "mean_squared_error", "root_mean_squared_error",
  ]

  /// Resolves `mode` for `name` as Keras 3's `MonitorCallback._set_monitor_op` does.
  public init(name: String, mode: MonitorMode, minDelta: Double) throws(MonitorError) {
    self.name = name
    switch mode {
    case .min: minimize = true
    case .max: minimize = false
    case .auto:
      let base = name.hasPrefix("val_") ? String(name.dropFirst(4)) : name
      if Monitor.decreasingMetrics.contains(base) {
        minimize = true
      } else if Monitor.increasingMetrics.contains(base) {
        minimize = false
      } else {
        throw MonitorError(
          description: "cannot tell whether '\(name)' should be minimized or maximized; set mode: min or mode: max")
      }
    }
    signedDelta = minimize ? -abs(minDelta) : abs(minDelta)
  }

  /// The starting "best": +inf when minimizing, -inf when maximizing.
  public var worst: Double { minimize ? .infinity : -.infinity }

  /// Keras's `_is_improvement`: `op(current - min_delta, reference)`.
  public func isImprovement(_ current: Double, over reference: Double) -> Bool {
    minimize ? current - signedDelta < reference : current - signedDelta > reference
  }
}
