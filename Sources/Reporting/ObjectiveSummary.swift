import Foundation

/// `summary.json` of an objective run: where the optimizer ended and whether it found a minimum.
///
/// Distances are Euclidean in the `(x, y)` plane. Keys: `distance_to_nearest_minimum` (null if no
/// minimum is known), `final_loss`, `final_position` (`[x, y]`), `first_step_within_tolerance` (the
/// first step whose position is within `tolerance` of any known minimum, or null), `nearest_minimum`
/// (`[x, y]` or null), `steps` (updates done), `stop_reason`, `tolerance`, `wall_time_seconds`.
public struct ObjectiveSummary: Sendable, Equatable {
  /// `[x, y]` after the last step.
  public var finalPosition: [Double]
  /// The objective at the final position.
  public var finalLoss: Double
  /// The known minimum closest to the final position.
  public var nearestMinimum: [Double]?
  /// Euclidean distance from the final position to `nearestMinimum`.
  public var distanceToNearestMinimum: Double?
  /// The first step within `tolerance` of any known minimum.
  public var firstStepWithinTolerance: Int?
  /// The distance that counts as having reached a minimum.
  public var tolerance: Double
  /// Updates done.
  public var steps: Int
  /// Why the run stopped (`completed`, `diverged`, …).
  public var stopReason: String
  /// Elapsed wall-clock time.
  public var wallTimeSeconds: Double

  /// Summarizes a non-empty `path` against the function's `knownMinima` (`[x, y]` each).
  public init(
    path: [ObjectivePathPoint], knownMinima: [[Double]], tolerance: Double, stopReason: String,
    wallTimeSeconds: Double
  ) {
    precondition(!path.isEmpty, "an objective path has at least its starting point")
    precondition(knownMinima.allSatisfy { $0.count == 2 }, "minima are [x, y] pairs")
    func nearest(_ p: ObjectivePathPoint) -> (minimum: [Double], distance: Double)? {
      knownMinima.map { m in (m, ((p.x - m[0]) * (p.x - m[0]) + (p.y - m[1]) * (p.y - m[1])).squareRoot()) }
        .min { $0.distance < $1.distance }
    }
    let last = path[path.count - 1]
    finalPosition = [last.x, last.y]
    finalLoss = last.loss
    let n = nearest(last)
    nearestMinimum = n?.minimum
    distanceToNearestMinimum = n?.distance
    firstStepWithinTolerance = path.first { p in nearest(p).map { $0.distance <= tolerance } ?? false }?.step
    self.tolerance = tolerance
    steps = last.step
    self.stopReason = stopReason
    self.wallTimeSeconds = wallTimeSeconds
  }

  /// The JSON document.
  public var json: JSONValue {
    .object([
      "final_position": .array(finalPosition.map { .double($0) }),
      "final_loss": .double(finalLoss),
      "nearest_minimum": nearestMinimum.map { .array($0.map { .double($0) }) } ?? .null,
      "distance_to_nearest_minimum": .number(distanceToNearestMinimum),
      "first_step_within_tolerance": firstStepWithinTolerance.map { .int($0) } ?? .null,
      "tolerance": .double(tolerance),
      "steps": .int(steps),
      "stop_reason": .string(stopReason),
      "wall_time_seconds": .double(wallTimeSeconds),
    ])
  }

  /// Atomically writes `summary.json` into `folder`.
  public func write(to folder: RunFolder) throws {
    try AtomicFile.write(json.pretty, to: folder.file(RunFolder.FileName.summary))
  }
}
