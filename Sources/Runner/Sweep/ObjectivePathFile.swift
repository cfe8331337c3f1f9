import Foundation
import Reporting

/// Reads back the `path.csv` an objective run wrote (`step,x,y,loss,lr`), for the sweep's plot.
enum ObjectivePathFile {
  /// The rows of `path.csv` in `folder`; empty when the file is missing or a row is malformed.
  static func read(folder: URL) -> [ObjectivePathPoint] {
    let url = folder.appendingPathComponent(RunFolder.FileName.objectivePath)
    guard let data = try? Data(contentsOf: url) else { return [] }
    var points: [ObjectivePathPoint] = []
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count == 5, let step = Int(fields[0]) else { return [] }
      let numbers = fields.dropFirst().compactMap { Double($0) }
      guard numbers.count == 4 else { return [] }
      points.append(
        ObjectivePathPoint(step: step, x: numbers[0], y: numbers[1], loss: numbers[2], lr: numbers[3]))
    }
    return points
  }
}
