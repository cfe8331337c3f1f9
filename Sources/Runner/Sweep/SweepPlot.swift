import Datasets
import Reporting
import Spec

/// The sweep's comparison plots, each trial labelled by its values: every objective trial's path
/// on one contour plot (`paths.svg`); for training sweeps, the ranking metric per epoch of every
/// trial (`val_loss.svg`) and the final metric against each swept parameter
/// (`val_loss_vs_params.svg`).
///
/// The plot functions take plain data, trials listed best-first: the first trials get the legend's
/// entries (at most 40, the rest drawn grey and counted) and are drawn on top, and the first point
/// of `metricVersusParameters` is marked as the best.
enum SweepPlot {
  /// The file name of the objective sweep's plot.
  static let pathsFileName = "paths.svg"

  /// `paths.svg`: the paths of `records` over the contours of `function`, minima marked.
  static func paths(
    title: String, function: TestFunction, scales: (a: Double, b: Double), records: [SweepTrialRecord],
    parameterPaths: [String]
  ) -> String {
    let drawn = records.filter { !$0.path.isEmpty }
    let grid = ObjectivePlotGrid.make(
      function: function, scales: scales, paths: drawn.map { ($0.path.map(\.x), $0.path.map(\.y)) })
    let legend = legends(drawn.map(\.assignments), parameterPaths: parameterPaths)
    let plot = PathPlot(
      title: legend.columns.map { "\(title) (\($0))" } ?? title, grid: grid,
      paths: zip(drawn, legend.entries).map { r, name in
        PathPlot.Path(name: name, xs: r.path.map(\.x), ys: r.path.map(\.y))
      },
      minima: knownMinima(function, scales: scales))
    return plot.svg()
  }

  /// `<metric>.svg` (`val_loss.svg`): the ranking metric per epoch (0 first) of every trial, one
  /// line each, trials listed best-first. Trials without a finite value draw nothing and take no
  /// legend entry; NaN and infinite values break their line.
  ///
  /// `logarithmicY` nil picks a log axis when every finite value is positive and the largest is
  /// more than 10 times the smallest (a loss falling over decades); a metric within one decade
  /// (accuracy, a loss from 0.7 to 0.3) reads better on a linear axis, which a log axis padded to
  /// whole decades would squeeze into a strip.
  static func metricCurves(
    title: String, metric: String, trials: [(assignments: [SweepSpec.Parameter], values: [Double])],
    parameterPaths: [String], logarithmicY: Bool?
  ) -> String {
    let drawn = trials.filter { $0.values.contains(where: \.isFinite) }
    let legend = legends(drawn.map(\.assignments), parameterPaths: parameterPaths)
    let chart = LineChart(
      title: "\(title) — \(metric) per epoch", xLabel: "epoch", yLabel: metric,
      series: zip(drawn, legend.entries).map { trial, name in
        LineChart.Series(name: name, xs: trial.values.indices.map(Double.init), ys: trial.values)
      },
      logarithmicY: logarithmicY ?? prefersLogarithmic(drawn.flatMap(\.values)),
      legendHeading: legend.columns)
    return chart.svg()
  }

  /// `val_loss.svg` for `val_loss`: the metric with characters other than ASCII letters, digits,
  /// `_`, `.` and `-` replaced by `_`, so that any metric name makes one plain file name.
  static func metricCurvesFileName(_ metric: String) -> String { fileStem(metric) + ".svg" }

  /// `<metric>_vs_params.svg`: one panel per swept path, the metric (y, shared) against the
  /// path's value (x), one point per trial, listed best-first (the first point is marked as the
  /// best). Numbers lie on a linear axis, or a log one when `logarithmic[path] == true` and every
  /// value is positive (a `log_uniform` parameter); other values (strings, booleans, subtrees like
  /// `{type: adam, ...}`) are categories along x in order of first appearance, named as the curves'
  /// legend names them. The y axis is chosen as in `metricCurves` with `logarithmicY` nil.
  static func metricVersusParameters(
    title: String, metric: String, points: [(assignments: [SweepSpec.Parameter], value: Double)],
    parameterPaths: [String], logarithmic: [String: Bool]
  ) -> String {
    let entries = legends(points.map(\.assignments), parameterPaths: parameterPaths)
    let labels = zip(points, entries.entries).map { point, entry in
      "\(entry): \(metric) = \(PythonFloat.repr(point.value))"
    }
    let panels = parameterPaths.map { path in
      let values = points.map { point in point.assignments.first { $0.path == path }?.values.first }
      let numbers = values.map { $0?.asDouble }
      let axis: ScatterChart.XAxis
      var xs: [Double]
      if numbers.allSatisfy({ $0 != nil }) {
        let positive = numbers.allSatisfy { $0! > 0 }
        axis = logarithmic[path] == true && positive ? .logarithmic : .linear
        xs = numbers.map { $0! }
      } else {
        let common = commonEntries(values.compactMap { $0 })
        let names = values.map { $0.map { compact($0, omitting: common) } ?? "none" }
        var order: [String] = []
        for name in names where !order.contains(name) { order.append(name) }
        axis = .categories(order)
        xs = names.map { Double(order.firstIndex(of: $0)!) }
      }
      return ScatterChart.Panel(
        title: path, xLabel: lastPart(path) + (axis == .logarithmic ? " (log scale)" : ""), axis: axis,
        points: xs.indices.map { i in
          .init(
            x: xs[i], y: points[i].value, label: labels[i], highlighted: i == 0 && points[i].value.isFinite)
        })
    }
    let best = points.first.flatMap { $0.value.isFinite ? "best: \(entries.entries[0])" : nil }
    let chart = ScatterChart(
      title: "\(title) — \(metric) by parameter", yLabel: metric, panels: panels,
      logarithmicY: prefersLogarithmic(points.map(\.value)), highlightLabel: best)
    return chart.svg()
  }

  /// `val_loss_vs_params.svg` for `val_loss` (the metric made a file name as in `metricCurvesFileName`).
  static func metricVersusParametersFileName(_ metric: String) -> String {
    fileStem(metric) + "_vs_params.svg"
  }

  /// Whether a log axis shows `values` better: every finite one positive, spanning over a decade.
  static func prefersLogarithmic(_ values: [Double]) -> Bool {
    let finite = values.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max(), low > 0 else { return false }
    return high / low > 10
  }

  private static func fileStem(_ metric: String) -> String {
    let stem = String(
      metric.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) ? $0 : "_" })
    // `.`, `..` and the empty name would not name a file of their own.
    return stem.allSatisfy { $0 == "." } ? "metric" + stem : stem
  }

  private static func lastPart(_ path: String) -> String {
    path.split(separator: ".").last.map(String.init) ?? path
  }

  /// The legend entries of trials with these `assignments` and what they list. One swept path:
  /// `name=value` with the last part of the path (`learning_rate=0.01`); several: the values alone
  /// (`0.01, 0.9`), their names given once as `columns` (`learning_rate, beta_1`; whole paths when
  /// two end alike). A subtree with a `type` reads `adam(beta_1=0.95)`, leaving out the arguments
  /// every trial gives the same value (`sgd` when only the type differs). Values are found by
  /// path; a trial without any reads `trial <position>`.
  static func legends(_ assignments: [[SweepSpec.Parameter]], parameterPaths: [String]) -> (
    entries: [String], columns: String?
  ) {
    let lastParts = parameterPaths.map(lastPart)
    let names = Set(lastParts).count == lastParts.count ? lastParts : parameterPaths
    let values = parameterPaths.map { path in
      assignments.map { trial in trial.first { $0.path == path }?.values.first }
    }
    let common = values.map { commonEntries($0.compactMap { $0 }) }
    let entries = assignments.indices.map { t in
      guard !assignments[t].isEmpty else { return "trial \(t)" }
      let texts = parameterPaths.indices.map { p in
        values[p][t].map { compact($0, omitting: common[p]) } ?? "none"
      }
      return names.count == 1 ? "\(names[0])=\(texts[0])" : texts.joined(separator: ", ")
    }
    return (entries, names.count > 1 ? names.joined(separator: ", ") : nil)
  }

  /// The `key: value` texts of subtree arguments every one of `values` shares, which a label
  /// need not repeat.
  private static func commonEntries(_ values: [Value]) -> Set<String> {
    let sets = values.map { Set(entryTexts($0)) }
    return sets.dropFirst().reduce(sets.first ?? []) { $0.intersection($1) }
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
