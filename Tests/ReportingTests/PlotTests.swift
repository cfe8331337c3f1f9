import Foundation
import Testing

@testable import Reporting

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct PlotTests {
  @Test func lineChartIsWellFormedDeterministicAndEscapesNames() {
    let chart = LineChart(
      title: "loss <train> & \"val\"", xLabel: "epoch", yLabel: "loss",
      series: [
        .init(name: "loss", xs: [0, 1, 2, 3], ys: [2.3, 1.1, .nan, 0.4]),
        .init(name: "val_loss's", xs: [0, 1, 2, 3], ys: [2.4, 1.3, 0.9, .infinity]),
      ])
    let svg = chart.svg()
    #expect(isWellFormedXML(Data(svg.utf8)))
    #expect(svg == chart.svg())
    #expect(svg.contains("loss &lt;train&gt; &amp; &quot;val&quot;"))
    #expect(svg.contains("val_loss&apos;s"))
    // The NaN at epoch 2 breaks the first line into two pieces: two "M" commands in its path (the
    // last one drawn, so that the first series lies on top).
    let firstPath = svg.components(separatedBy: "<path d=\"").last!.prefix { $0 != "\"" }
    #expect(firstPath.filter { $0 == "M" }.count == 2)
  }

  @Test func logScaleChartHasDecadeTicksAndSkipsNonPositiveValues() {
    let chart = LineChart(
      title: "learning rate", xLabel: "step", yLabel: "lr",
      series: [.init(name: "lr", xs: [0, 1, 2, 3], ys: [0.1, 0.01, 0, 0.001])], logarithmicY: true)
    let svg = chart.svg()
    #expect(isWellFormedXML(Data(svg.utf8)))
    for label in [">0.001<", ">0.01<", ">0.1<"] { #expect(svg.contains(label), "\(label)") }
  }

  @Test func epochAxesTickOnlyAtWholeNumbers() {
    let svg = LineChart(
      title: "t", xLabel: "epoch", yLabel: "y", series: [.init(name: "a", xs: [0, 1], ys: [1, 2])]
    ).svg()
    #expect(svg.contains(">0<") && svg.contains(">1<"))
    #expect(!svg.contains(">0.2<") && !svg.contains(">0.5<"))
  }

  @Test(arguments: [false, true])
  func extremeValuesFromADivergedRunStillDraw(logarithmic: Bool) {
    let ys = [1e308, -1e308, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1]
    let chart = LineChart(
      title: "loss", xLabel: "epoch", yLabel: "loss",
      series: [.init(name: "loss", xs: [0, 1, 2, 3, 4], ys: ys)],
      logarithmicY: logarithmic)
    #expect(isWellFormedXML(Data(chart.svg().utf8)))
  }

  @Test func emptyAndSinglePointChartsAreStillWellFormed() {
    #expect(isWellFormedXML(Data(LineChart(title: "t", xLabel: "x", yLabel: "y", series: []).svg().utf8)))
    let one = LineChart(title: "t", xLabel: "x", yLabel: "y", series: [.init(name: "a", xs: [0], ys: [1])])
      .svg()
    #expect(isWellFormedXML(Data(one.utf8)))
    #expect(one.contains("<circle"))
  }

  @Test func contourOfACircleLiesOnTheCircle() {
    // f = x² + y² on [-2, 2]²: the level-1 contour is the unit circle. Linear interpolation along a
    // cell edge of length h = 0.1 errs by at most h²/8·max|f''|/min|f'| ≈ 0.0025 at radius 1.
    let grid = PathPlot.Grid(xMin: -2, xMax: 2, yMin: -2, yMax: 2, columns: 41, rows: 41) { x, y in
      x * x + y * y
    }
    let segments = ContourLines.segments(grid, level: 1)
    #expect(segments.count > 40)
    for (a, b) in segments {
      #expect(abs((a.0 * a.0 + a.1 * a.1).squareRoot() - 1) < 0.003)
      #expect(abs((b.0 * b.0 + b.1 * b.1).squareRoot() - 1) < 0.003)
    }
  }

  @Test func pathPlotIsWellFormedWithLegendAndMinima() {
    // Rosenbrock on [-2, 2] × [-1, 3] with three paths, one of which leaves the grid.
    let grid = PathPlot.Grid(xMin: -2, xMax: 2, yMin: -1, yMax: 3, columns: 60, rows: 60) { x, y in
      (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
    }
    let plot = PathPlot(
      title: "rosenbrock_compare", grid: grid,
      paths: [
        .init(name: "sgd", xs: [-1.5, -1.0, 0.0], ys: [2.5, 1.0, 0.0]),
        .init(name: "adam", xs: [-1.5, 0.5, 1.0], ys: [2.5, 0.3, 1.0]),
        .init(name: "rmsprop", xs: [-1.5, 40, .nan], ys: [2.5, -30, 1]),
      ], minima: [[1, 1]])
    let svg = plot.svg()
    #expect(isWellFormedXML(Data(svg.utf8)))
    #expect(svg == plot.svg())
    for name in [">sgd<", ">adam<", ">rmsprop<"] { #expect(svg.contains(name)) }
    #expect(svg.contains("clip-path=\"url(#plot-area)\""))
    #expect(svg.components(separatedBy: "stroke=\"#b0b0b0\"").count - 1 == 12)
  }
}
