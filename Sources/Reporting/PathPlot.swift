/// An SVG plot of optimizer paths over the contour lines of a 2-D objective (Rosenbrock,
/// Himmelblau, …), with a legend; deterministic and dependency-free.
///
/// Each path starts with a hollow circle and ends with a filled one; known minima are marked `×`.
/// The plot covers the grid's extent; path parts outside it are clipped.
public struct PathPlot: Sendable, Equatable {
  /// Function values sampled on a regular grid: `values[row * columns + column]` is the value at
  /// `x = xMin + column·(xMax−xMin)/(columns−1)`, `y = yMin + row·(yMax−yMin)/(rows−1)`.
  public struct Grid: Sendable, Equatable {
    /// Left edge.
    public var xMin: Double
    /// Right edge.
    public var xMax: Double
    /// Bottom edge.
    public var yMin: Double
    /// Top edge.
    public var yMax: Double
    /// Samples along x.
    public var columns: Int
    /// Samples along y.
    public var rows: Int
    /// Function values, row-major, row 0 at `yMin`.
    public var values: [Double]

    /// A grid of at least 2×2 samples over a non-empty rectangle.
    public init(
      xMin: Double, xMax: Double, yMin: Double, yMax: Double, columns: Int, rows: Int, values: [Double]
    ) {
      precondition(
        columns >= 2 && rows >= 2 && values.count == columns * rows, "grid of \(values.count) values")
      precondition(xMin < xMax && yMin < yMax, "empty grid extent")
      (self.xMin, self.xMax, self.yMin, self.yMax) = (xMin, xMax, yMin, yMax)
      (self.columns, self.rows, self.values) = (columns, rows, values)
    }

    /// Samples `f` on a `columns × rows` grid.
    public init(
      xMin: Double, xMax: Double, yMin: Double, yMax: Double, columns: Int, rows: Int,
      sampling f: (Double, Double) -> Double
    ) {
      var values: [Double] = []
      values.reserveCapacity(columns * rows)
      for r in 0..<rows {
        for c in 0..<columns {
          values.append(
            f(
              xMin + Double(c) * (xMax - xMin) / Double(columns - 1),
              yMin + Double(r) * (yMax - yMin) / Double(rows - 1)))
        }
      }
      self.init(xMin: xMin, xMax: xMax, yMin: yMin, yMax: yMax, columns: columns, rows: rows, values: values)
    }

    func value(row: Int, column: Int) -> Double { values[row * columns + column] }
  }

  /// One optimizer's trajectory.
  public struct Path: Sendable, Equatable {
    /// The legend entry.
    public var name: String
    /// First coordinates, step 0 first.
    public var xs: [Double]
    /// Second coordinates.
    public var ys: [Double]

    /// A path; `xs` and `ys` have equal length.
    public init(name: String, xs: [Double], ys: [Double]) {
      precondition(xs.count == ys.count, "\(xs.count) x values for \(ys.count) y values")
      (self.name, self.xs, self.ys) = (name, xs, ys)
    }
  }

  /// Shown above the plot.
  public var title: String
  /// The sampled objective whose contours are drawn.
  public var grid: Grid
  /// The trajectories, coloured in order.
  public var paths: [Path]
  /// Contour levels; nil picks 12 from the grid's values (denser near the minimum).
  public var levels: [Double]?
  /// Known minima `[x, y]`, marked on the plot.
  public var minima: [[Double]]
  /// The first this many paths get a colour and a legend entry; the rest are drawn thin and grey
  /// underneath and counted as `… and K more` (see `LineChart.legendLimit`).
  public var legendLimit: Int

  /// A plot; nothing is drawn until `svg()`.
  public init(
    title: String, grid: Grid, paths: [Path], levels: [Double]? = nil, minima: [[Double]] = [],
    legendLimit: Int = 40
  ) {
    self.title = title
    self.grid = grid
    self.paths = paths
    self.levels = levels
    self.minima = minima
    self.legendLimit = max(0, legendLimit)
  }

  /// The plot as an SVG document, the legend below the plot (see `ChartLegend`).
  public func svg() -> String {
    let (left, top, size) = (60.0, 40.0, 480.0)
    let aspect = (grid.yMax - grid.yMin) / (grid.xMax - grid.xMin)
    let plotWidth = aspect <= 1 ? size : size / aspect
    let plotHeight = aspect <= 1 ? size * aspect : size
    let (right, bottom) = (left + plotWidth, top + plotHeight)
    // A tall grid's plot is narrow: the document keeps 480 px for the title and the legend.
    let width = max(right + 24, 540)
    let legend = ChartLegend.lines(heading: nil, names: paths.map(\.name), limit: legendLimit)
    let listed = legend.entries.count
    let legendTop = bottom + 52
    var doc = SVGDocument(width: width, height: legendTop + legend.height(width: width - 48) + 10)
    let x = AxisScale(low: grid.xMin, high: grid.xMax, pixels: (left, right), logarithmic: false)
    let y = AxisScale(low: grid.yMin, high: grid.yMax, pixels: (bottom, top), logarithmic: false)
    let area =
      "x=\"\(doc.n(left))\" y=\"\(doc.n(top))\" width=\"\(doc.n(plotWidth))\" height=\"\(doc.n(plotHeight))\""
    doc.append("<defs><clipPath id=\"plot-area\"><rect \(area)/></clipPath></defs>")
    doc.fittedText(title, width: width - 16, x: width / 2, y: 24, size: 15, bold: true)
    for level in levels ?? ContourLines.automaticLevels(grid, count: 12) {
      var d = ""
      for (a, b) in ContourLines.segments(grid, level: level) {
        d +=
          "M" + doc.n(x.pixel(a.0)!) + " " + doc.n(y.pixel(a.1)!) + "L" + doc.n(x.pixel(b.0)!) + " "
          + doc.n(y.pixel(b.1)!)
      }
      if !d.isEmpty { doc.append("<path d=\"\(d)\" fill=\"none\" stroke=\"#b0b0b0\" stroke-width=\"0.8\"/>") }
    }
    doc.append("<rect \(area) fill=\"none\" stroke=\"#333\"/>")
    for tick in AxisScale(covering: [grid.xMin, grid.xMax], pixels: (left, right), logarithmic: false).ticks()
    where tick.value >= grid.xMin && tick.value <= grid.xMax {
      doc.text(tick.label, x: x.pixel(tick.value)!, y: bottom + 16, size: 11)
    }
    for tick in AxisScale(covering: [grid.yMin, grid.yMax], pixels: (bottom, top), logarithmic: false).ticks()
    where tick.value >= grid.yMin && tick.value <= grid.yMax {
      doc.text(tick.label, x: left - 6, y: y.pixel(tick.value)! + 4, anchor: "end", size: 11)
    }
    doc.text("x", x: (left + right) / 2, y: bottom + 40)
    doc.text("y", x: 20, y: (top + bottom) / 2)
    for m in minima where m.count == 2 {
      guard let px = x.pixel(m[0]), let py = y.pixel(m[1]) else { continue }
      doc.append(
        "<path d=\"M\(doc.n(px - 5)) \(doc.n(py - 5))L\(doc.n(px + 5)) \(doc.n(py + 5))M\(doc.n(px - 5)) "
          + "\(doc.n(py + 5))L\(doc.n(px + 5)) \(doc.n(py - 5))\" stroke=\"black\" stroke-width=\"2\"/>")
    }
    // Last path first, so that the first (the best trial of a sweep) lies on top.
    for (i, path) in paths.enumerated().reversed() {
      let style = i < listed ? SVGDocument.seriesStyle(i) : (color: ChartLegend.unlistedColor, dash: nil)
      let color = style.color
      let points: [(Double, Double)?] = zip(path.xs, path.ys).map { a, b in
        guard let px = x.pixel(a), let py = y.pixel(b) else { return nil }
        return (px, py)
      }
      doc.append("<g><title>\(SVGDocument.escape(path.name))</title>")
      doc.polyline(
        points, stroke: color, width: i < listed ? 1.5 : 1,
        extra: SVGDocument.dashAttribute(style.dash) + " clip-path=\"url(#plot-area)\"")
      let finite = points.compactMap { $0 }
      if let (sx, sy) = finite.first {
        doc.append(
          "<circle cx=\"\(doc.n(sx))\" cy=\"\(doc.n(sy))\" r=\"4\" fill=\"white\" stroke=\"\(color)\" "
            + "stroke-width=\"1.5\" clip-path=\"url(#plot-area)\"/>")
      }
      if let (ex, ey) = finite.last {
        doc.append(
          "<circle cx=\"\(doc.n(ex))\" cy=\"\(doc.n(ey))\" r=\"4\" fill=\"\(color)\" clip-path=\"url(#plot-area)\"/>"
        )
      }
      doc.append("</g>")
    }
    legend.draw(into: &doc, left: 24, top: legendTop, width: width - 48)
    return doc.render()
  }
}
