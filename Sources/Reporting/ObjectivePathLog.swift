import Foundation

/// One row of an objective run's path: the position after `step` updates (step 0 is the start).
public struct ObjectivePathPoint: Sendable, Equatable {
  /// Updates done (0 for the starting point).
  public var step: Int
  /// First coordinate.
  public var x: Double
  /// Second coordinate.
  public var y: Double
  /// The objective's value at `(x, y)`.
  public var loss: Double
  /// The learning rate read at this step, i.e. used for the update from `step` to `step + 1`.
  public var lr: Double

  /// Creates a point.
  public init(step: Int, x: Double, y: Double, loss: Double, lr: Double) {
    self.step = step
    self.x = x
    self.y = y
    self.loss = loss
    self.lr = lr
  }
}

/// `path.csv` of an objective run: `step,x,y,loss,lr`, one row per step including step 0.
///
/// Numbers are Python's `repr`; lines end with `\n`. Points are buffered; `flush()` appends the
/// rows added since the last one (call it every so many steps and at the end).
public final class ObjectivePathLog {
  /// The file.
  public var url: URL { file.url }
  /// Every point recorded, in order.
  public private(set) var points: [ObjectivePathPoint] = []
  private let file: AppendLogFile

  /// The header line.
  public static let header = "step,x,y,loss,lr\n"

  /// Creates `path.csv` in `folder` with its header.
  public init(folder: RunFolder) throws {
    file = try AppendLogFile(url: folder.file(RunFolder.FileName.objectivePath), existing: false)
    file.append(ObjectivePathLog.header)
    try flush()
  }

  /// Buffers one row.
  public func append(_ p: ObjectivePathPoint) {
    points.append(p)
    let numbers = [p.x, p.y, p.loss, p.lr].map(PythonFloat.repr).joined(separator: ",")
    file.append("\(p.step),\(numbers)\n")
  }

  /// Appends the rows buffered since the last flush.
  public func flush() throws { try file.flush() }

  /// `fsync`s the file.
  public func sync() throws { try file.sync() }
}
