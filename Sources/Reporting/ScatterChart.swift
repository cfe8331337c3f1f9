import Foundation

/// An SVG of side-by-side scatter panels sharing one vertical axis: one quantity (a sweep's
/// ranking metric) against several others (each swept parameter), one point per observation.
///
/// A panel's horizontal axis is linear, logarithmic, or a row of named categories (points spread a
/// little within their category so that equal values stay countable). Every point carries its
/// label as a tooltip; highlighted points (the best trial) are drawn larger, on top, in red.
/// Non-finite points, and non-positive ones on a log axis, are left out. Same input, same bytes.
public struct ScatterChart: Sendable, Equatable {
  /// How a panel's horizontal axis places values.
  public enum XAxis: Sendable, Equatable {
    /// Evenly spaced values.
    case linear
    /// Decades evenly spaced (values ≤ 0 cannot be shown).
    case logarithmic
    /// These names at equal spacing, left to right; a point's `x` is the index of its name.
    case categories([String])
  }

  /// One observation.
  public struct Point: Sendable, Equatable {
    /// The horizontal value (the category's index on a category axis).
    public var x: Double
    /// The vertical value.
    public var y: Double
    /// Shown when the pointer rests on the point.
    public var label: String
    /// Drawn larger and in red, above the others.
    public var highlighted: Bool

    /// A point.
    public init(x: Double, y: Double, label: String, highlighted: Bool = false) {
      (self.x, self.y, self.label, self.highlighted) = (x, y, label, highlighted)
    }
  }

  /// One scatter plot of the chart.
  public struct Panel: Sendable, Equatable {
    /// Shown above the panel.
    public var title: String
    /// Under the horizontal axis.
    public var xLabel: String
    /// How the horizontal axis places values.
    public var axis: XAxis
    /// The points.
    public var points: [Point]

    /// A panel.
    public init(title: String, xLabel: String, axis: XAxis, points: [Point]) {
      (self.title, self.xLabel, self.axis, self.points) = (title, xLabel, axis, points)
    }
  }

  /// Shown above the panels.
  public var title: String
  /// The vertical axis label, on every panel.
  public var yLabel: String
  /// The panels, left to right, then in rows.
  public var panels: [Panel]
  /// Whether the shared vertical axis is logarithmic.
  public var logarithmicY: Bool
  /// The legend entry of the highlighted points (`best: adam(learning_rate=0.001)`); nil for none.
  public var highlightLabel: String?

  /// A chart; nothing is drawn until `svg()`.
  public init(
    title: String, yLabel: String, panels: [Panel], logarithmicY: Bool = false, highlightLabel: String? = nil
  ) {
    (self.title, self.yLabel, self.panels, self.logarithmicY) = (title, yLabel, panels, logarithmicY)
    self.highlightLabel = highlightLabel
  }

  static let pointColor = "#1f77b4"
  static let highlightColor = "#d62728"
  /// Category names longer than this are shortened (they are drawn upright when they do not fit).
  static let maxCategoryLabelWidth = 130.0
  static let tickSize = 11.0
  static let plotHeight = 220.0

  /// The chart as an SVG document: one panel 640 px wide, or two or three panels 320 px wide per row.
  public func svg() -> String {
    let columns = panels.count <= 1 ? 1 : panels.count <= 4 ? 2 : 3
    let panelWidth = columns == 1 ? 640.0 : 320.0
    let width = panelWidth * Double(columns)
    let y = AxisScale(
      covering: panels.flatMap { $0.points.map(\.y) }, pixels: (0, 1), logarithmic: logarithmicY)
    let left = 36 + (y.ticks().map { SVGDocument.textWidth($0.label, size: Self.tickSize) }.max() ?? 0)
    // Every panel gets the room of the tallest upright category names, so that rows line up.
    let labelBand =
      panels.map { Self.categoryLabels($0.axis, plotWidth: panelWidth - left - 24) }
      .map { $0.upright ? ($0.names.map { SVGDocument.textWidth($0, size: Self.tickSize) }.max() ?? 0) : 8 }
      .max() ?? 8
    let panelHeight = 30 + Self.plotHeight + 12 + labelBand + 28
    let rows = (panels.count + columns - 1) / columns
    let legend = ChartLegend(
      heading: nil,
      entries: highlightLabel.map { [.init(label: $0, color: Self.highlightColor, marker: .dot)] } ?? [],
      more: nil)
    let legendTop = 40 + panelHeight * Double(rows)
    var doc = SVGDocument(width: width, height: legendTop + legend.height(width: width - 48) + 10)
    doc.fittedText(title, width: width - 16, x: width / 2, y: 24, size: 15, bold: true)
    for (i, panel) in panels.enumerated() {
      let top = 40 + panelHeight * Double(i / columns) + 30
      let frame = (
        left: panelWidth * Double(i % columns), width: panelWidth, plotLeft: left, top: top,
        bottom: top + Self.plotHeight
      )
      draw(panel, into: &doc, frame: frame, yTicks: y.ticks(), labelBand: labelBand)
    }
    legend.draw(into: &doc, left: 24, top: legendTop, width: width - 48)
    return doc.render()
  }

  /// Draws one panel in the column `frame.left ..< frame.left + frame.width`, its plot area
  /// `plotLeft` px in, from `top` to `bottom`.
  private func draw(
    _ panel: Panel, into doc: inout SVGDocument,
    frame: (left: Double, width: Double, plotLeft: Double, top: Double, bottom: Double),
    yTicks: [(value: Double, label: String)], labelBand: Double
  ) {
    let (left, top, bottom) = (frame.left + frame.plotLeft, frame.top, frame.bottom)
    let values = panel.points.map(\.x)
    let numeric = AxisScale(
      covering: values, pixels: (0, 1), logarithmic: panel.axis == .logarithmic,
      integral: values.allSatisfy { !$0.isFinite || $0 == $0.rounded() })
    // The last x tick label is centred on the plot's right edge: keep half of it inside the column.
    let halfTick = numeric.ticks().map { SVGDocument.textWidth($0.label, size: Self.tickSize) / 2 }.max() ?? 0
    let isNumeric = panel.axis == .linear || panel.axis == .logarithmic
    let right = frame.left + frame.width - max(24, isNumeric ? halfTick + 4 : 0)
    let y = AxisScale(
      covering: panels.flatMap { $0.points.map(\.y) }, pixels: (bottom, top), logarithmic: logarithmicY)
    for tick in yTicks {
      guard let py = y.pixel(tick.value) else { continue }
      doc.line(left, py, right, py, stroke: "#e0e0e0")
      doc.text(tick.label, x: left - 6, y: py + 4, anchor: "end", size: Self.tickSize)
    }
    var place: (Double) -> Double?
    var spread = 0.0
    switch panel.axis {
    case .categories(let names):
      let band = (right - left) / Double(max(1, names.count))
      let labels = Self.categoryLabels(panel.axis, plotWidth: right - left)
      // Upright names need a line's height each: of many categories, name every k-th.
      let every = labels.upright ? max(1, Int((Self.tickSize * 1.25 / band).rounded(.up))) : 1
      for (k, name) in labels.names.enumerated() where k % every == 0 {
        let px = left + band * (Double(k) + 0.5)
        doc.line(px, top, px, bottom, stroke: "#e0e0e0")
        let full = name == names[k] ? nil : names[k]
        if labels.upright {
          doc.text(
            name, x: px + 4, y: bottom + 8, anchor: "end", size: Self.tickSize, rotate: true, tooltip: full)
        } else {
          doc.text(name, x: px, y: bottom + 16, size: Self.tickSize, tooltip: full)
        }
      }
      place = { v in v.isFinite ? left + band * (v + 0.5) : nil }
      // Points of one category share the middle 40% of its band.
      spread = 0.4 * band
    case .linear, .logarithmic:
      let x = AxisScale(
        low: numeric.low, high: numeric.high, pixels: (left, right), logarithmic: numeric.logarithmic)
      let ticks = numeric.ticks()
      // Every k-th tick, so that labels of a narrow panel do not run into each other.
      let pitch = (right - left) / Double(max(1, ticks.count - 1))
      let every = max(1, Int(((2 * halfTick + 6) / pitch).rounded(.up)))
      for (k, tick) in ticks.enumerated() where k % every == 0 {
        guard let px = x.pixel(tick.value) else { continue }
        doc.line(px, top, px, bottom, stroke: "#e0e0e0")
        doc.text(tick.label, x: px, y: bottom + 16, size: Self.tickSize)
      }
      place = x.pixel
    }
    doc.append(
      "<rect x=\"\(doc.n(left))\" y=\"\(doc.n(top))\" width=\"\(doc.n(right - left))\" "
        + "height=\"\(doc.n(bottom - top))\" fill=\"none\" stroke=\"#333\"/>")
    doc.fittedText(
      panel.title, width: frame.width - 16, x: frame.left + frame.width / 2, y: top - 10, size: 13, bold: true
    )
    doc.fittedText(panel.xLabel, width: right - left, x: (left + right) / 2, y: bottom + 12 + labelBand + 16)
    doc.fittedText(
      yLabel + (logarithmicY ? " (log scale)" : ""), width: bottom - top, x: frame.left + 16,
      y: (top + bottom) / 2, rotate: true)
    // Highlighted points last, so that they lie on top.
    let ordered =
      panel.points.enumerated().filter { !$0.element.highlighted }
      + panel.points.enumerated().filter(\.element.highlighted)
    let slots = Self.slots(panel.points)
    for (k, point) in ordered {
      guard let px = place(point.x), let py = y.pixel(point.y) else { continue }
      let color = point.highlighted ? Self.highlightColor : Self.pointColor
      doc.append(
        "<circle cx=\"\(doc.n(px + slots[k] * spread))\" cy=\"\(doc.n(py))\" "
          + "r=\"\(point.highlighted ? 5 : 3.5)\" fill=\"\(color)\" fill-opacity=\"\(point.highlighted ? 1 : 0.6)\">"
          + "<title>\(SVGDocument.escape(point.label))</title></circle>")
    }
  }

  /// Each point's offset from its category's tick, in units of `spread`: points that share a value
  /// spread evenly from −0.5 to 0.5 in the order given, so that they can be counted; a value's only
  /// point stays on its tick.
  static func slots(_ points: [Point]) -> [Double] {
    let shown = points.map { $0.x.isFinite && $0.y.isFinite }
    var shares: [Double: Int] = [:]
    for (point, isShown) in zip(points, shown) where isShown { shares[point.x, default: 0] += 1 }
    var placed: [Double: Int] = [:]
    return zip(points, shown).map { point, isShown in
      guard isShown, let m = shares[point.x], m > 1 else { return 0 }
      let j = placed[point.x, default: 0]
      placed[point.x] = j + 1
      return Double(j) / Double(m - 1) - 0.5
    }
  }

  /// The names of a category axis as drawn: level when every one fits its share of `plotWidth`,
  /// else upright and shortened to `maxCategoryLabelWidth` (none for a numeric axis).
  static func categoryLabels(_ axis: XAxis, plotWidth: Double) -> (names: [String], upright: Bool) {
    guard case .categories(let names) = axis else { return ([], false) }
    let band = plotWidth / Double(max(1, names.count))
    if names.allSatisfy({ SVGDocument.textWidth($0, size: tickSize) <= band - 4 }) { return (names, false) }
    return (names.map { SVGDocument.elide($0, toWidth: maxCategoryLabelWidth, size: tickSize) }, true)
  }
}
