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
  /// The lines, coloured in order.
  public var series: [Series]
  /// Whether the vertical axis is logarithmic (decade ticks).
  public var logarithmicY: Bool

  /// A chart; nothing is drawn until `svg()`.
  public init(title: String, xLabel: String, yLabel: String, series: [Series], logarithmicY: Bool = false) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.series = series
    self.logarithmicY = logarithmicY
  }

  /// The chart as an SVG document.
  public func svg() -> String {
    let (width, height) = (640.0, 400.0)
    let (left, right, top, bottom) = (72.0, 620.0, 40.0, 340.0)
    var doc = SVGDocument(width: width, height: height)
    let xs = series.flatMap(\.xs)
    let wholeXs = xs.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
    let x = AxisScale(covering: xs, pixels: (left, right), logarithmic: false, integral: wholeXs)
    let y = AxisScale(covering: series.flatMap(\.ys), pixels: (bottom, top), logarithmic: logarithmicY)
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
    doc.text(title, x: width / 2, y: 24, size: 15, bold: true)
    doc.text(xLabel, x: (left + right) / 2, y: bottom + 40)
    doc.text(yLabel + (logarithmicY ? " (log scale)" : ""), x: 18, y: (top + bottom) / 2, rotate: true)
    for (i, s) in series.enumerated() {
      let color = SVGDocument.palette[i % SVGDocument.palette.count]
      let points: [(Double, Double)?] = zip(s.xs, s.ys).map { px, py in
        guard let a = x.pixel(px), let b = y.pixel(py) else { return nil }
        return (a, b)
      }
      doc.polyline(points, stroke: color)
      if points.count == 1, let (a, b) = points[0] {
        doc.append("<circle cx=\"\(doc.n(a))\" cy=\"\(doc.n(b))\" r=\"3\" fill=\"\(color)\"/>")
      }
      let ly = top + 16 + Double(i) * 18
      doc.line(right - 150, ly - 4, right - 126, ly - 4, stroke: color, width: 2)
      doc.text(s.name, x: right - 120, y: ly, anchor: "start")
    }
    return doc.render()
  }
}
