import Foundation

/// A minimal SVG writer: elements appended in order, text escaped, coordinates printed with two
/// decimals so that output is deterministic and compact.
struct SVGDocument {
  let width: Double
  let height: Double
  private var body: [String] = []

  /// Matplotlib's `tab10` colours, used in order for series and paths.
  static let palette = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
    "#17becf",
  ]

  init(width: Double, height: Double) {
    self.width = width
    self.height = height
  }

  /// Appends raw markup (the caller escapes any text in it).
  mutating func append(_ element: String) { body.append(element) }

  mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1
  ) {
    append(
      "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" "
        + "stroke-width=\"\(n(width))\"/>")
  }

  /// Text at (x, y) (the baseline); `rotate` turns it to read upwards about that point. `tooltip`
  /// (the full text of an elided label) goes into a `<title>` child, which viewers show on hover.
  mutating func text(
    _ s: String, x: Double, y: Double, anchor: String = "middle", size: Double = 12, rotate: Bool = false,
    bold: Bool = false, tooltip: String? = nil
  ) {
    let transform = rotate ? " transform=\"rotate(-90 \(n(x)) \(n(y)))\"" : ""
    let weight = bold ? " font-weight=\"bold\"" : ""
    let title = tooltip.map { "<title>\(SVGDocument.escape($0))</title>" } ?? ""
    append(
      "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\" font-size=\"\(n(size))\"\(weight)\(transform)>"
        + title + SVGDocument.escape(s) + "</text>")
  }

  /// Text shortened with `…` to at most `width` px, its full form as a tooltip when shortened.
  mutating func fittedText(
    _ s: String, width: Double, x: Double, y: Double, anchor: String = "middle", size: Double = 12,
    rotate: Bool = false, bold: Bool = false
  ) {
    let short = SVGDocument.elide(s, toWidth: width, size: size, bold: bold)
    text(
      short, x: x, y: y, anchor: anchor, size: size, rotate: rotate, bold: bold, tooltip: short == s ? nil : s
    )
  }

  /// A path through `points`, broken wherever a point is nil (a non-finite or off-scale value).
  mutating func polyline(
    _ points: [(Double, Double)?], stroke: String, width: Double = 1.5, extra: String = ""
  ) {
    // Built as bytes: a per-step learning-rate plot has a point per step.
    var path: [UInt8] = []
    var penDown = false
    for p in points {
      guard let (x, y) = p else {
        penDown = false
        continue
      }
      path.append(penDown ? UInt8(ascii: "L") : UInt8(ascii: "M"))
      SVGDocument.appendNumber(x, to: &path)
      path.append(UInt8(ascii: " "))
      SVGDocument.appendNumber(y, to: &path)
      penDown = true
    }
    guard !path.isEmpty else { return }
    let d = String(decoding: path, as: UTF8.self)
    append(
      "<path d=\"\(d)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" "
        + "stroke-linejoin=\"round\" stroke-linecap=\"round\"\(extra)/>")
  }

  /// The document.
  func render() -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
      + "viewBox=\"0 0 \(n(width)) \(n(height))\" font-family=\"sans-serif\">\n"
      + "<rect x=\"0\" y=\"0\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"white\"/>\n"
      + body.joined(separator: "\n") + "\n</svg>\n"
  }

  /// The stroke of series `index`: the ten palette colours, then the same with dashes, dotted and
  /// dash-dotted, so that 40 lines in one legend are told apart (`nil`: solid).
  static func seriesStyle(_ index: Int) -> (color: String, dash: String?) {
    let dashes: [String?] = [nil, "7 3", "2 2.5", "8 3 2 3"]
    return (palette[index % palette.count], dashes[(index / palette.count) % dashes.count])
  }

  /// ` stroke-dasharray="…"`, or nothing for a solid line.
  static func dashAttribute(_ dash: String?) -> String {
    dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
  }

  /// An upper estimate of the width of `s` in px at `size` px in the document's `sans-serif`.
  ///
  /// No font metrics are at hand, so each character counts 0.65 em, and 1 em if it is wide
  /// (capitals, `m`, `w`, `=`, `+`, `<`, `>`, `~`, `%`, `@`, `#`, `&`) or not ASCII (`…`, `—`).
  /// That bounds DejaVu Sans (the usual `sans-serif` on Linux: digits and
  /// lowercase 0.61–0.64 em, `m` 0.97, `W` 0.99, `=` 0.84) and Arial/Helvetica (narrower still);
  /// bold (DejaVu Sans Bold: about 0.7 em) counts 15% more. Layouts that keep labels inside the
  /// document measure with this, and the tests check extents with the same numbers.
  static func textWidth(_ s: String, size: Double, bold: Bool = false) -> Double {
    var ems = 0.0
    for c in s.unicodeScalars {
      let wide = !c.isASCII || ("A"..."Z").contains(c) || "mw=+<>~%@#&".unicodeScalars.contains(c)
      ems += wide ? 1 : 0.65
    }
    return ems * size * (bold ? 1.15 : 1)
  }

  /// `s`, or its longest prefix followed by `…` whose estimated width is at most `width`.
  static func elide(_ s: String, toWidth width: Double, size: Double, bold: Bool = false) -> String {
    guard textWidth(s, size: size, bold: bold) > width else { return s }
    var prefix = Substring(s)
    while !prefix.isEmpty && textWidth(prefix + "…", size: size, bold: bold) > width {
      prefix = prefix.dropLast()
    }
    return prefix + "…"
  }

  /// A coordinate with at most two decimals (`12.5`, `3`, `-0.25`).
  func n(_ v: Double) -> String { SVGDocument.number(v) }

  static func number(_ v: Double) -> String {
    let hundredths = (v * 100).rounded()
    guard hundredths.magnitude < 1e15 else { return v < 0 ? "-1e13" : "1e13" }
    let i = Int(hundredths)
    let whole = String(abs(i) / 100)
    let fraction = abs(i) % 100
    let sign = i < 0 ? "-" : ""
    if fraction == 0 { return sign + whole }
    return sign + whole + "."
      + (fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction))
  }

  /// Appends the UTF-8 of `number(v)` to `out`.
  static func appendNumber(_ v: Double, to out: inout [UInt8]) {
    let hundredths = (v * 100).rounded()
    guard hundredths.magnitude < 1e15 else { return out.append(contentsOf: number(v).utf8) }
    let i = Int(hundredths)
    if i < 0 { out.append(UInt8(ascii: "-")) }
    let magnitude = i.magnitude
    appendDigits(magnitude / 100, to: &out)
    let fraction = magnitude % 100
    guard fraction != 0 else { return }
    out.append(UInt8(ascii: "."))
    out.append(UInt8(ascii: "0") + UInt8(fraction / 10))
    if fraction % 10 != 0 { out.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
  }

  private static func appendDigits(_ value: UInt, to out: inout [UInt8]) {
    if value >= 10 { appendDigits(value / 10, to: &out) }
    out.append(UInt8(ascii: "0") + UInt8(value % 10))
  }

  /// Text with XML's special characters escaped.
  static func escape(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.append(c)
      }
    }
    return out
  }
}
