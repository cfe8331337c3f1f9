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
    let legend = legends(drawn, parameterPaths: parameterPaths)
    let plot = PathPlot(
      title: legend.columns.map { "\(title) (\($0))" } ?? title, grid: grid,
      paths: zip(drawn, legend.entries).map { r, name in
        PathPlot.Path(name: name, xs: r.path.map(\.x), ys: r.path.map(\.y))
      },
      minima: knownMinima(function, scales: scales))
    return plot.svg()
  }

  /// `loss.svg`: the training loss per epoch of `records` (log scale when every value is positive).
  static func loss(title: String, records: [SweepTrialRecord], parameterPaths: [String]) -> String {
    let drawn = records.filter { !$0.lossPerEpoch.isEmpty }
    let values = drawn.flatMap(\.lossPerEpoch).filter(\.isFinite)
    let legend = legends(drawn, parameterPaths: parameterPaths)
    let chart = LineChart(
      title: legend.columns.map { "\(title) (\($0))" } ?? title, xLabel: "epoch", yLabel: "loss",
      series: zip(drawn, legend.entries).map { r, name in
        LineChart.Series(name: name, xs: r.lossPerEpoch.indices.map(Double.init), ys: r.lossPerEpoch)
      },
      logarithmicY: !values.isEmpty && values.allSatisfy { $0 > 0 })
    return chart.svg()
  }

  /// The legend entries of `records` and what they list. One swept path: `name=value` with the
  /// last part of the path (`learning_rate=0.01`); several: the values alone (`0.01, 0.9`), their
  /// names given once as `columns` for the title (`learning_rate, beta_1`; whole paths when two
  /// end alike). A subtree with a `type` reads `adam(beta_1=0.95)`, leaving out the arguments every
  /// trial gives the same value (`sgd` when only the type differs).
  static func legends(_ records: [SweepTrialRecord], parameterPaths: [String]) -> (
    entries: [String], columns: String?
  ) {
    let lastParts = parameterPaths.map { $0.split(separator: ".").last.map(String.init) ?? $0 }
    let names = Set(lastParts).count == lastParts.count ? lastParts : parameterPaths
    let common: [Set<String>] = parameterPaths.indices.map { p in
      let sets = records.map { r in
        p < r.assignments.count ? Set(entryTexts(r.assignments[p].values[0])) : []
      }
      return sets.dropFirst().reduce(sets.first ?? []) { $0.intersection($1) }
    }
    let entries = records.map { record in
      guard !record.assignments.isEmpty else { return "trial \(record.index)" }
      let values = record.assignments.enumerated().map { p, a in
        compact(a.values[0], omitting: p < common.count ? common[p] : [])
      }
      return names.count == 1 ? "\(names[0])=\(values[0])" : values.joined(separator: ", ")
    }
    return (entries, names.count > 1 ? names.joined(separator: ", ") : nil)
  }

  /// `key: value` texts of a mapping's entries other than `type` (none for other values).
  private static func entryTexts(_ value: Value) -> [String] {
    guard case .map(let entries) = value else { return [] }
    return entries.filter { $0.key != "type" }.map { "\($0.key): \($0.value)" }
  }

  /// `adam(learning_rate=0.001)` for a mapping with `type` (without the `omitting` entries), the
  /// value as written otherwise.
  static func compact(_ value: Value, omitting: Set<String> = []) -> String {
    guard case .map(let entries) = value, let type = entries.first(where: { $0.key == "type" }) else {
      return value.description
    }
    let rest = entries.filter { $0.key != "type" && !omitting.contains("\($0.key): \($0.value)") }
      .map { "\($0.key)=\($0.value)" }
    return rest.isEmpty ? type.value.description : "\(type.value)(\(rest.joined(separator: ", ")))"
  }
}
