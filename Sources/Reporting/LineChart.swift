/// An SVG line chart of one or more series (loss and `val_loss` per epoch, the learning rate per
/// step), optionally with a logarithmic y axis. No dependencies; the same input gives the same bytes.
///
/// Non-finite points (and non-positive ones on a log axis) are left out and break the line.
public struct LineChart: Sendable, Equatable {
  /// One named line.
  public struct Series: Sendable, Equatable {
    /// The legend entry.
    public var name: String
    /// Horizontal values (epoch or step).
    public var xs: [Double]
    /// Vertical values; non-finite ones break the line.
    public var ys: [Double]

    /// A series; `xs` and `ys` have equal length.
    public init(name: String, xs: [Double], ys: [Double]) {
      precondition(xs.count == ys.count, "\(xs.count) x values for \(ys.count) y values")
      self.name = name
      self.xs = xs
      self.ys = ys
    }
  }

  /// Shown above the chart.
  public var title: String
  /// The horizontal axis label.
  public var xLabel: String
  /// The vertical axis label.
  public var yLabel: String
  /// The lines, coloured in order; list the most important first (it is drawn on top).
  public var series: [Series]
  /// Whether the vertical axis is logarithmic (decade ticks).
  public var logarithmicY: Bool
  /// What the legend entries list (`learning_rate, beta_1`), shown above them; nil for none.
  public var legendHeading: String?
  /// The first this many series get a style of their own and a legend entry; the rest are drawn
  /// thin and grey underneath and counted as `… and K more`, so that a sweep of 200 trials keeps
  /// a legend one can read.
  public var legendLimit: Int

  /// A chart; nothing is drawn until `svg()`.
  public init(
    title: String, xLabel: String, yLabel: String, series: [Series], logarithmicY: Bool = false,
    legendHeading: String? = nil, legendLimit: Int = 40
  ) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.logarithmicY = logarithmicY
    self.legendHeading = legendHeading
    self.legendLimit = max(0, legendLimit)
  }

  /// The chart as an SVG document: 640 px wide, the legend below the plot (see `ChartLegend`).
  public func svg() -> String { Self.stacked([self]) }

  /// Several charts one below the other in one SVG document (a panel per metric), each as
  /// `svg()` draws it alone.
  public static func stacked(_ charts: [LineChart]) -> String {
    var doc = SVGDocument(width: width, height: charts.reduce(0) { $0 + $1.height })
    var top = 0.0
    for chart in charts {
      chart.draw(into: &doc, top: top)
      top += chart.height
    }
    return doc.render()
  }

  private static let width = 640.0

  private var legend: ChartLegend {
    ChartLegend.lines(
      heading: series.isEmpty ? nil : legendHeading, names: series.map(\.name), limit: legendLimit)
  }

  /// The chart's height in px: title, plot, axis labels, then the legend.
  private var height: Double { 340 + 52 + legend.height(width: Self.width - 48) + 10 }

  /// Draws the chart into `doc` with its top edge at `offset`.
  private func draw(into doc: inout SVGDocument, top offset: Double) {
    let width = Self.width
    let xs = series.flatMap(\.xs)
    let wholeXs = xs.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
    let ys = series.flatMap(\.ys)
    // The y tick labels do not depend on pixels: measure them first to size the left margin.
    let yTicks = AxisScale(covering: ys, pixels: (0, 1), logarithmic: logarithmicY).ticks()
    let widestTick = yTicks.map { SVGDocument.textWidth($0.label, size: 11) }.max() ?? 0
    let (left, right, top, bottom) = (max(72, 36 + widestTick), width - 24, offset + 40, offset + 340)
    let legend = self.legend
    let listed = legend.entries.count
    let legendTop = bottom + 52
    let x = AxisScale(covering: xs, pixels: (left, right), logarithmic: false, integral: wholeXs)
    let y = AxisScale(covering: ys, pixels: (bottom, top), logarithmic: logarithmicY)
    for tick in x.ticks() {
      guard let px = x.pixel(tick.value) else { continue }
      doc.line(px, top, px, bottom, stroke: "#e0e0e0")
      doc.text(tick.label, x: px, y: bottom + 16, size: 11)
    }
    for tick in y.ticks() {
      guard let py = y.pixel(tick.value) else { continue }
      doc.line(left, py, right, py, stroke: "#e0e0e0")
      doc.text(tick.label, x: left - 6, y: py + 4, anchor: "end", size: 11)
    }
    doc.append(
      "<rect x=\"\(doc.n(left))\" y=\"\(doc.n(top))\" width=\"\(doc.n(right - left))\" "
        + "height=\"\(doc.n(bottom - top))\" fill=\"none\" stroke=\"#333\"/>")
    doc.fittedText(title, width: width - 16, x: width / 2, y: offset + 24, size: 15, bold: true)
    doc.fittedText(xLabel, width: right - left, x: (left + right) / 2, y: bottom + 38)
    doc.fittedText(
      yLabel + (logarithmicY ? " (log scale)" : ""), width: bottom - top, x: 18, y: (top + bottom) / 2,
      rotate: true)
    // Last series first, so that the first (the best trial of a sweep) lies on top.
    for (i, s) in series.enumerated().reversed() {
      let style = i < listed ? SVGDocument.seriesStyle(i) : (color: ChartLegend.unlistedColor, dash: nil)
      let points: [(Double, Double)?] = zip(s.xs, s.ys).map { px, py in
        guard let a = x.pixel(px), let b = y.pixel(py) else { return nil }
        return (a, b)
      }
      // A group with a <title>: hovering a line names it, which the legend cannot do for 200.
      doc.append("<g><title>\(SVGDocument.escape(s.name))</title>")
      doc.polyline(
        points, stroke: style.color, width: i < listed ? 1.5 : 1, extra: SVGDocument.dashAttribute(style.dash)
      )
      // A point with no drawn neighbour (a one-epoch run, a value between NaNs) is no line: a dot.
      for (k, point) in points.enumerated() {
        guard let (a, b) = point, k == 0 || points[k - 1] == nil,
          k == points.count - 1 || points[k + 1] == nil
        else { continue }
        doc.append("<circle cx=\"\(doc.n(a))\" cy=\"\(doc.n(b))\" r=\"3\" fill=\"\(style.color)\"/>")
      }
      doc.append("</g>")
    }
    legend.draw(into: &doc, left: 24, top: legendTop, width: width - 48)
  }
}
