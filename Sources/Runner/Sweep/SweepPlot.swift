import Datasets
import Reporting
import Spec

/// The sweep's comparison plot: every objective trial's path on one contour plot (`paths.svg`), or
/// every training trial's loss per epoch on one chart (`loss.svg`), each labelled by its values.
enum SweepPlot {
  /// The file name of the objective sweep's plot.
  static let pathsFileName = "paths.svg"
  /// The file name of the training sweep's plot.
  static let lossFileName = "loss.svg"

  /// `paths.svg`: the paths of `records` over the contours of `function`, minima marked.
  static func paths(
    title: String, function: TestFunction, scales: (a: Double, b: Double), records: [SweepTrialRecord],
    parameterPaths: [String]
  ) -> String {
    let drawn = records.filter { !$0.path.isEmpty }
    let grid = ObjectivePlotGrid.make(
      function: function, scales: scales, paths: drawn.map { ($0.path.map(\.x), $0.path.map(\.y)) })
    let plot = PathPlot(
      title: title, grid: grid,
      paths: drawn.map {
        PathPlot.Path(
          name: legend($0, parameterPaths: parameterPaths), xs: $0.path.map(\.x), ys: $0.path.map(\.y))
      },
      minima: knownMinima(function, scales: scales))
    return plot.svg()
  }

  /// `loss.svg`: the training loss per epoch of `records` (log scale when every value is positive).
  static func loss(title: String, records: [SweepTrialRecord], parameterPaths: [String]) -> String {
    let drawn = records.filter { !$0.lossPerEpoch.isEmpty }
    let values = drawn.flatMap(\.lossPerEpoch).filter(\.isFinite)
    let chart = LineChart(
      title: title, xLabel: "epoch", yLabel: "loss",
      series: drawn.map {
        LineChart.Series(
          name: legend($0, parameterPaths: parameterPaths), xs: $0.lossPerEpoch.indices.map(Double.init),
          ys: $0.lossPerEpoch)
      },
      logarithmicY: !values.isEmpty && values.allSatisfy { $0 > 0 })
    return chart.svg()
  }

  /// A legend entry: each value after the last part of its path (the whole path when two swept
  /// paths end alike), subtrees with a `type` as `adam(learning_rate=0.001)`.
  static func legend(_ record: SweepTrialRecord, parameterPaths: [String]) -> String {
    guard !record.assignments.isEmpty else { return "trial \(record.index)" }
    let lastParts = parameterPaths.map { $0.split(separator: ".").last.map(String.init) ?? $0 }
    let unique = Set(lastParts).count == lastParts.count
    return record.assignments.map { a in
      let name = unique ? (a.path.split(separator: ".").last.map(String.init) ?? a.path) : a.path
      return "\(name)=\(compact(a.values[0]))"
    }.joined(separator: " ")
  }

  /// `adam(learning_rate=0.001)` for a mapping with `type`, the value as written otherwise.
  static func compact(_ value: Value) -> String {
    guard case .map(let entries) = value, let type = entries.first(where: { $0.key == "type" }) else {
      return value.description
    }
    let rest = entries.filter { $0.key != "type" }.map { "\($0.key)=\($0.value)" }
    return rest.isEmpty ? type.value.description : "\(type.value)(\(rest.joined(separator: ", ")))"
  }
}
