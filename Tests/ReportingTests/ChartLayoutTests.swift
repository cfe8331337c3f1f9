import Foundation
import Testing
import _TestSupport

@testable import Reporting

/// Where the charts put things: legends that fit whatever the number and length of entries, tick
/// labels on log axes, category axes, and nothing outside the document.
@Suite struct ChartLayoutTests {
  /// A long label unlike its neighbours (as a sweep trial over a whole optimizer subtree reads).
  static func longName(_ i: Int) -> String {
    "optimizer=adam(learning_rate=\(0.001 * Double(i + 1)), beta_1=0.95, beta_2=0.999, epsilon=1e-07, "
      + "weight_decay=0.004, clipnorm=1)"
  }

  @Test(arguments: [1, 12, 150])
  func lineChartLegendStaysInsideTheDocument(count: Int) throws {
    let series = (0..<count).map { i in
      LineChart.Series(
        name: i % 2 == 0 ? Self.longName(i) : "lr=\(i)", xs: [0, 1, 2],
        ys: [2.0 + Double(i), 1.0, i == 3 ? .nan : 0.5])
    }
    let chart = LineChart(
      title: "a sweep with a rather long name: \(count) trials — val_loss per epoch", xLabel: "epoch",
      yLabel: "val_loss", series: series, logarithmicY: true, legendHeading: "optimizer, model.units")
    let svg = try #require(SVGInspection(chart.svg()))
    #expect(svg.overflows() == [])
    let listed = min(count, 40)
    #expect(svg.texts.filter { $0.hasPrefix("lr=") || $0.hasPrefix("optimizer=adam") }.count == listed)
    #expect(svg.texts.contains("… and 110 more") == (count == 150))
    // Elided labels keep their full text as a tooltip.
    let elided = svg.elements.filter { $0.name == "text" && $0.text.hasSuffix("…") }
    #expect(!elided.isEmpty)
    #expect(svg.elements.contains { $0.name == "title" && $0.text == Self.longName(0) })
  }

  @Test func manyLegendEntriesUseSeveralColumnsAndDistinctStyles() throws {
    let series = (0..<40).map { LineChart.Series(name: "lr=\($0)", xs: [0, 1], ys: [1, 2]) }
    let svg = try #require(
      SVGInspection(LineChart(title: "t", xLabel: "epoch", yLabel: "y", series: series).svg()))
    let labelXs = Set(
      svg.elements.filter { $0.name == "text" && $0.text.hasPrefix("lr=") }.compactMap { $0.number("x") })
    #expect(labelXs.count > 1)
    // 10 colours × 4 dash patterns: every legend swatch differs.
    let swatches = svg.elements.filter { $0.name == "line" && $0.attributes["stroke-width"] == "2" }
      .map { "\($0.attributes["stroke"]!) \($0.attributes["stroke-dasharray"] ?? "solid")" }
    #expect(swatches.count == 40 && Set(swatches).count == 40)
  }

  @Test func decadeTicksReadAsSpecsWriteThem() {
    #expect(
      (-6...6).map(AxisScale.decadeLabel) == [
        "1e-6", "1e-5", "0.0001", "0.001", "0.01", "0.1", "1", "10", "100", "1000", "10000", "1e5", "1e6",
      ])
  }

  @Test func elidedTextFitsItsWidth() {
    let long = String(repeating: "learning_rate=0.001, ", count: 10)
    let short = SVGDocument.elide(long, toWidth: 200, size: 12)
    #expect(short.hasSuffix("…") && long.hasPrefix(short.dropLast()))
    #expect(SVGDocument.textWidth(short, size: 12) <= 200)
    #expect(SVGDocument.elide("adam", toWidth: 200, size: 12) == "adam")
  }

  /// The circles' centres of one panel's points, in the order drawn.
  static func pointXs(_ svg: SVGInspection) -> [Double] {
    svg.elements.filter { $0.name == "circle" && $0.attributes["fill"] == ScatterChart.pointColor }
      .compactMap { $0.number("cx") }
  }

  @Test func logAxisSpacesDecadesEvenly() throws {
    let panel = ScatterChart.Panel(
      title: "optimizer.learning_rate", xLabel: "learning_rate", axis: .logarithmic,
      points: [0.001, 0.01, 0.1].map { .init(x: $0, y: 1, label: "lr=\($0)") })
    let svg = try #require(SVGInspection(ScatterChart(title: "t", yLabel: "val_loss", panels: [panel]).svg()))
    for label in ["0.001", "0.01", "0.1"] { #expect(svg.texts.contains(label), "\(label)") }
    let xs = Self.pointXs(svg)
    #expect(xs.count == 3 && abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.02)
    #expect(svg.overflows() == [])
  }

  @Test func linearAxisSpacesValuesInProportion() throws {
    let panel = ScatterChart.Panel(
      title: "units", xLabel: "units", axis: .linear,
      points: [8.0, 16, 48].map { .init(x: $0, y: 1, label: "") })
    let svg = try #require(SVGInspection(ScatterChart(title: "t", yLabel: "loss", panels: [panel]).svg()))
    let xs = Self.pointXs(svg)
    // 16 − 8 is a fifth of 48 − 8: equal steps on a log axis would not be.
    #expect(xs.count == 3 && abs((xs[2] - xs[0]) - 5 * (xs[1] - xs[0])) < 0.05)
  }

  @Test(arguments: [1, 12, 150])
  func categoryPanelsStayInsideTheDocument(count: Int) throws {
    let names = ["sgd", "adam(learning_rate=0.001, beta_1=0.95, beta_2=0.999)", "rmsprop(rho=0.8)"]
    let panels = (0..<5).map { p -> ScatterChart.Panel in
      let points = (0..<count).map { i -> ScatterChart.Point in
        let x = p == 0 ? 0.0001 * Double(i + 1) : Double(i % 3)
        let y = i == 5 ? Double.nan : 0.1 * Double(i + 1)
        return ScatterChart.Point(x: x, y: y, label: Self.longName(i), highlighted: i == 0)
      }
      return ScatterChart.Panel(
        title: "model.layers.\(p).a_fairly_long_parameter_name_to_shorten", xLabel: "optimizer",
        axis: p == 0 ? .logarithmic : .categories(names), points: points)
    }
    let chart = ScatterChart(
      title: "sweep: \(count) trials — val_loss against each swept parameter", yLabel: "val_loss",
      panels: panels,
      highlightLabel: "best: " + Self.longName(0) + Self.longName(1))
    let text = chart.svg()
    let svg = try #require(SVGInspection(text))
    #expect(svg.overflows() == [])
    #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf"))
    #expect(svg.texts.contains("sgd"))
    #expect(svg.elements.contains { $0.name == "title" && $0.text == names[1] })
  }

  @Test func pathPlotLegendStaysInsideWithManyPaths() throws {
    let grid = PathPlot.Grid(xMin: -2, xMax: 2, yMin: -1, yMax: 3, columns: 20, rows: 20) { x, y in
      x * x + y * y
    }
    let paths = (0..<150).map { i in
      PathPlot.Path(name: Self.longName(i), xs: [-1.5, Double(i) / 100], ys: [2.5, 0])
    }
    let svg = try #require(SVGInspection(PathPlot(title: "quadratic_grid", grid: grid, paths: paths).svg()))
    #expect(svg.overflows() == [])
    #expect(svg.texts.contains("… and 110 more"))
  }
}
