import Foundation
import Reporting

extension RunComparison {
  /// The names plotted: every metrics.csv column but the learning rate, sorted.
  var plottedMetrics: [String] {
    let logged = Set(runs.flatMap { $0.history.flatMap(\.keys) })
    return logged.subtracting(["lr", "learning_rate"]).sorted()
  }

  /// One SVG with a panel per metric (`loss`, `val_loss`, `accuracy`, ...), each run's curve per
  /// epoch in every panel in the same colour, named by its label.
  public var plotSVG: String {
    let charts = plottedMetrics.map { metric in
      LineChart(
        title: metric, xLabel: "epoch", yLabel: metric,
        series: runs.map { r in
          // Every run in every panel (NaN where it lacks the metric), so a run keeps its colour.
          .init(
            name: r.label, xs: r.history.indices.map(Double.init), ys: r.history.map { $0[metric] ?? .nan })
        })
    }
    return LineChart.stacked(charts)
  }

  /// Writes `plotSVG` to `path` atomically; fails when no run has a metric curve.
  public func writePlot(to path: String) throws(RunFailure) {
    guard !plottedMetrics.isEmpty else {
      throw .runtime("cannot plot: none of the runs has rows in metrics.csv")
    }
    do {
      try AtomicFile.write(plotSVG, to: URL(fileURLWithPath: path))
    } catch {
      throw .runtime("cannot write the plot \(path): \(error)")
    }
  }
}
