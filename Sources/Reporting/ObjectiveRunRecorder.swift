import Foundation
import Training

/// Writes an objective run's folder (an optimizer on a test function): `spec.yaml`, `run.json`,
/// `path.csv`, and at the end `summary.json`, `path.svg` and the final `run.json`.
///
/// Points are buffered; `path.csv` is flushed every `flushEvery` points and at the end.
public final class ObjectiveRunRecorder {
  /// The run folder.
  public let folder: RunFolder
  /// What `run.json` currently says.
  public private(set) var manifest: RunManifest
  /// `path.csv`.
  public let path: ObjectivePathLog
  private let flushEvery: Int

  /// Starts recording into `folder`: writes `spec.yaml`, `run.json` (running) and `path.csv`'s header.
  public init(folder: RunFolder, manifest: RunManifest, resolvedSpec: String, flushEvery: Int = 100) throws {
    precondition(flushEvery >= 1)
    self.folder = folder
    self.manifest = manifest
    self.manifest.status = .running
    self.flushEvery = flushEvery
    try folder.writeSpec(resolvedSpec)
    self.manifest.heartbeat = Date()
    self.manifest.armForcedExitRecord(in: folder, reason: "stopped at once by a second signal")
    try self.manifest.write(to: folder)
    path = try ObjectivePathLog(folder: folder)
  }

  /// Records the position after `point.step` updates (step 0 first).
  public func record(_ point: ObjectivePathPoint) throws {
    path.append(point)
    if path.points.count % flushEvery == 0 { try path.flush() }
  }

  /// Writes `path.csv`, `summary.json`, `path.svg` (over `grid`, if given) and the final `run.json`.
  public func finish(
    status: RunStatus, exitReason: String, summary: ObjectiveSummary, grid: PathPlot.Grid?,
    minima: [[Double]],
    endTime: Date
  ) throws {
    precondition(status != .running, "finish with a final status")
    // Every step is tried; the first failure becomes the run's cause (unless it had failed already),
    // so a full disk still ends with a final status in run.json.
    var firstError: Error?
    func attempt(_ body: () throws -> Void) {
      do { try body() } catch { firstError = firstError ?? error }
    }
    attempt { try path.flush() }
    attempt { try path.sync() }
    attempt { try summary.write(to: folder) }
    if let grid {
      attempt {
        let plot = PathPlot(
          title: manifest.name, grid: grid,
          paths: [.init(name: manifest.name, xs: path.points.map(\.x), ys: path.points.map(\.y))],
          minima: minima)
        try AtomicFile.write(plot.svg(), to: folder.file("path.svg"))
      }
    }
    manifest.status = status
    manifest.exitReason = exitReason
    if let firstError, status != .failed {
      manifest.status = .failed
      manifest.exitReason = ReportingError.reason(of: firstError)
    }
    manifest.endTime = endTime
    manifest.heartbeat = endTime
    Interruption.setEmergencyRecord(nil, path: "")
    try manifest.write(to: folder)
  }
}
