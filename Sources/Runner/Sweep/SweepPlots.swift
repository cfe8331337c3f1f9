import Datasets
import Foundation
import Reporting
import Spec

/// Draws a sweep's comparison plots from its leaderboard: every objective trial's path on one
/// contour plot (`paths.svg`), or the ranking metric per epoch of every training trial
/// (`<metric>.svg`); and the metric against each swept value (`<metric>_vs_params.svg`).
enum SweepPlots {
  static func write(_ folder: SweepFolder, leaderboard: SweepLeaderboard) throws {
    let ranked = leaderboard.ranked
    let started = ranked.filter { !$0.history.isEmpty || !$0.path.isEmpty }
    let title = "\(folder.loaded.spec.name): \(started.count) trial\(started.count == 1 ? "" : "s")"
    let paths = leaderboard.parameterPaths
    let metric = leaderboard.metric
    if folder.loaded.spec.objective != nil {
      if let (function, scales) = commonFunction(folder.trials.map(\.spec)) {
        let svg = SweepPlot.paths(
          title: title, function: function, scales: scales, records: started, parameterPaths: paths)
        try AtomicFile.write(svg, to: folder.url.appendingPathComponent(SweepPlot.pathsFileName))
      }
    } else {
      let svg = SweepPlot.metricCurves(
        title: title, metric: metric,
        trials: started.map { ($0.assignments, $0.history.map { $0[metric] ?? .nan }) }, parameterPaths: paths,
        logarithmicY: nil)
      try AtomicFile.write(svg, to: folder.url.appendingPathComponent(SweepPlot.metricCurvesFileName(metric)))
    }
    guard !paths.isEmpty else { return }
    let points = ranked.compactMap { r -> (assignments: [SweepSpec.Parameter], value: Double)? in
      guard r.isRanked, let m = r.metric else { return nil }
      return (r.assignments, m)
    }
    var logarithmic: [String: Bool] = [:]
    for p in folder.sweep.parameters {
      if case .logUniform = p.distribution { logarithmic[p.path] = true }
    }
    let svg = SweepPlot.metricVersusParameters(
      title: title, metric: metric, points: points, parameterPaths: paths, logarithmic: logarithmic)
    try AtomicFile.write(svg, to: folder.url.appendingPathComponent(SweepPlot.metricVersusParametersFileName(metric)))
  }

  /// The test function every trial minimizes and its scales; nil when the trials' functions differ.
  private static func commonFunction(_ specs: [ExperimentSpec]) -> (TestFunction, (a: Double, b: Double))? {
    let objectives = specs.compactMap(\.objective)
    guard objectives.count == specs.count, let first = objectives.first,
      let function = TestFunction(rawValue: first.function),
      objectives.allSatisfy({ $0.function == first.function && $0.scales == first.scales })
    else { return nil }
    return (function, (first.scales[0], first.scales[1]))
  }
}
