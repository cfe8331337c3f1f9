// TEMPORARY until the plot branch is merged.
import Reporting
import Spec

extension SweepPlot {
  static func metricCurves(
    title: String, metric: String, trials: [(assignments: [SweepSpec.Parameter], values: [Double])],
    parameterPaths: [String], logarithmicY: Bool?
  ) -> String {
    LineChart(
      title: title, xLabel: "epoch", yLabel: metric,
      series: trials.enumerated().map { i, t in
        LineChart.Series(name: "\(i)", xs: t.values.indices.map(Double.init), ys: t.values)
      }, logarithmicY: false
    ).svg()
  }
  static func metricCurvesFileName(_ metric: String) -> String { metric + ".svg" }
  static func metricVersusParameters(
    title: String, metric: String, points: [(assignments: [SweepSpec.Parameter], value: Double)],
    parameterPaths: [String], logarithmic: [String: Bool]
  ) -> String { "<svg/>" }
  static func metricVersusParametersFileName(_ metric: String) -> String { metric + "_vs_params.svg" }
}
extension SweepTrialRecord {
  var lossPerEpoch: [Double] { history.map { $0["loss"] ?? .nan } }
}
