/// A legend laid out below a chart, in as many columns as fit the chart's width and as many rows
/// as it needs, so that no entry is ever cut off by the document's edge (the chart grows downwards
/// instead).
///
/// Entries are read down each column, in the order given (callers list the best first). A label
/// wider than `maxLabelWidth` is shortened with `…` and keeps its full text as a tooltip. An
/// optional heading names what the entries list (`learning_rate, beta_1`), and an optional grey
/// last line says what is drawn but not listed (`… and 110 more`).
struct ChartLegend {
  /// How an entry's swatch is drawn.
  enum Marker {
    /// A short stroke, optionally dashed (lines, paths).
    case line(dash: String?)
    /// A filled dot (scatter points).
    case dot
  }

  /// One listed item.
  struct Entry {
    var label: String
    var color: String
    var marker: Marker
  }

  /// What the entries list, shown above them; nil for none.
  var heading: String?
  /// The listed items.
  var entries: [Entry]
  /// A grey line after the entries (`… and 110 more`), for series drawn but not listed.
  var more: String?

  /// The legend of line series named `names`, in the series' own styles: the first `limit` are
  /// listed, the rest counted (`… and K more`).
  static func lines(heading: String?, names: [String], limit: Int) -> ChartLegend {
    let listed = min(names.count, limit)
    return ChartLegend(
      heading: heading,
      entries: names.prefix(listed).enumerated().map { i, name in
        let style = SVGDocument.seriesStyle(i)
        return Entry(label: name, color: style.color, marker: .line(dash: style.dash))
      },
      more: names.count > listed ? "… and \(names.count - listed) more" : nil)
  }

  static let fontSize = 12.0
  static let rowHeight = 18.0
  static let swatchWidth = 24.0
  static let swatchGap = 6.0
  static let columnGap = 18.0
  /// Longer labels are shortened, so that one long subtree label does not force one column.
  static let maxLabelWidth = 340.0
  /// The colour of series drawn but not listed.
  static let unlistedColor = "#c7c7c7"

  /// Columns and rows of the entries at `width` px, and the labels as they will be shown.
  private func layout(width: Double) -> (columns: Int, rows: Int, columnWidth: Double, labels: [String]) {
    let room = min(Self.maxLabelWidth, width - Self.swatchWidth - Self.swatchGap)
    let labels = entries.map { SVGDocument.elide($0.label, toWidth: room, size: Self.fontSize) }
    let widest = labels.map { SVGDocument.textWidth($0, size: Self.fontSize) }.max() ?? 0
    let columnWidth = Self.swatchWidth + Self.swatchGap + widest + Self.columnGap
    // The last column needs no gap after it, hence `width + columnGap`.
    let fitting = max(1, Int((width + Self.columnGap) / columnWidth))
    let rows = entries.isEmpty ? 0 : (entries.count + fitting - 1) / fitting
    let columns = rows == 0 ? 0 : (entries.count + rows - 1) / rows
    return (columns, rows, columnWidth, labels)
  }

  /// The height the legend takes at `width` px (0 when it has nothing to show).
  func height(width: Double) -> Double {
    let lines = layout(width: width).rows + (heading == nil ? 0 : 1) + (more == nil ? 0 : 1)
    return Double(lines) * Self.rowHeight
  }

  /// Draws the legend in the band `left ..< left + width` from `top` down (`height(width:)` px).
  func draw(into doc: inout SVGDocument, left: Double, top: Double, width: Double) {
    let (_, rows, columnWidth, labels) = layout(width: width)
    // Baselines sit 13 px into each 18 px row: 12 px text with room for descenders below.
    var y = top + 13
    if let heading {
      doc.fittedText(heading + ":", width: width, x: left, y: y, anchor: "start", size: Self.fontSize)
      y += Self.rowHeight
    }
    for (i, entry) in entries.enumerated() {
      let x = left + Double(i / rows) * columnWidth
      let rowY = y + Double(i % rows) * Self.rowHeight
      swatch(entry.marker, color: entry.color, x: x, y: rowY - 4, into: &doc)
      let full = labels[i] == entry.label ? nil : entry.label
      doc.text(
        labels[i], x: x + Self.swatchWidth + Self.swatchGap, y: rowY, anchor: "start", size: Self.fontSize,
        tooltip: full)
    }
    if let more {
      let moreY = y + Double(rows) * Self.rowHeight
      swatch(.line(dash: nil), color: Self.unlistedColor, x: left, y: moreY - 4, into: &doc)
      doc.fittedText(
        more, width: width - Self.swatchWidth - Self.swatchGap, x: left + Self.swatchWidth + Self.swatchGap,
        y: moreY, anchor: "start", size: Self.fontSize)
    }
  }

  private func swatch(_ marker: Marker, color: String, x: Double, y: Double, into doc: inout SVGDocument) {
    switch marker {
    case .line(let dash):
      doc.append(
        "<line x1=\"\(doc.n(x))\" y1=\"\(doc.n(y))\" x2=\"\(doc.n(x + Self.swatchWidth))\" y2=\"\(doc.n(y))\" "
          + "stroke=\"\(color)\" stroke-width=\"2\"\(SVGDocument.dashAttribute(dash))/>")
    case .dot:
      doc.append(
        "<circle cx=\"\(doc.n(x + Self.swatchWidth / 2))\" cy=\"\(doc.n(y))\" r=\"4\" fill=\"\(color)\"/>")
    }
  }
}
