import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// An SVG file as the plot tests read it: parsed with Foundation's XML parser (so a file that
/// parses is well-formed XML), its `viewBox`, and every drawn element with its attributes and text.
///
/// `overflows()` lists what reaches outside the `viewBox`, with text extents estimated from the
/// same per-character widths the charts lay out with (`SVGDocument.textWidth` in Reporting),
/// copied here on purpose: a layout that measured with narrower numbers fails these tests.
public struct SVGInspection {
  /// One element: its name, attributes, and the text directly inside it (not its `<title>`'s).
  public struct Element {
    /// The tag (`text`, `line`, `circle`, ...).
    public var name: String
    /// Attribute values by name.
    public var attributes: [String: String]
    /// Character data directly inside the element.
    public var text: String
    /// A numeric attribute (nil when absent or not a number).
    public func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
  }

  /// The `viewBox` width and height.
  public let width: Double
  /// The `viewBox` height.
  public let height: Double
  /// Every element below the root, in document order.
  public let elements: [Element]

  /// Parses `svg`; nil when it is not well-formed XML or has no `viewBox="0 0 w h"`.
  public init?(_ svg: String) {
    let collector = Collector()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = collector
    guard parser.parse(), let root = collector.elements.first, root.name == "svg",
      let box = root.attributes["viewBox"]?.split(separator: " ").compactMap({ Double($0) }), box.count == 4
    else { return nil }
    (width, height, elements) = (box[2], box[3], Array(collector.elements.dropFirst()))
  }

  /// The texts of every `<text>` element, in order.
  public var texts: [String] { elements.filter { $0.name == "text" }.map(\.text) }

  /// Estimated width in px of `s` at `size` px (see the type's summary: 0.65 em a character, 1 em
  /// for capitals, `mw=+<>~%@#&` and non-ASCII; bold 15% more).
  public static func textWidth(_ s: String, size: Double, bold: Bool) -> Double {
    let ems = s.unicodeScalars.reduce(0.0) { sum, c in
      let wide = !c.isASCII || ("A"..."Z").contains(c) || "mw=+<>~%@#&".unicodeScalars.contains(c)
      return sum + (wide ? 1 : 0.65)
    }
    return ems * size * (bold ? 1.15 : 1)
  }

  /// Descriptions of the texts, lines, rectangles, circles and unclipped paths that reach
  /// outside the `viewBox` (empty when everything lies inside). Text spans 0.8 em above its
  /// baseline and 0.25 em below; `rotate(-90 x y)` turns it about its anchor to read upwards.
  public func overflows() -> [String] {
    var found: [String] = []
    func check(_ what: String, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
      let inside =
        [x0, y0, x1, y1].allSatisfy(\.isFinite) && min(x0, x1) >= 0 && min(y0, y1) >= 0
        && max(x0, x1) <= width && max(y0, y1) <= height
      if !inside { found.append("\(what) spans (\(x0), \(y0))-(\(x1), \(y1)) in \(width)x\(height)") }
    }
    for e in elements {
      switch e.name {
      case "text":
        guard let x = e.number("x"), let y = e.number("y"), let size = e.number("font-size") else {
          found.append("text \(e.text) without x, y or font-size")
          continue
        }
        let w = Self.textWidth(e.text, size: size, bold: e.attributes["font-weight"] == "bold")
        let anchor = e.attributes["text-anchor"] ?? "start"
        let (before, after) = anchor == "middle" ? (w / 2, w / 2) : anchor == "end" ? (w, 0) : (0, w)
        if e.attributes["transform"]?.hasPrefix("rotate(-90") == true {
          // Reading upwards: the text's start lies below its anchor, its ascent to the left.
          check("text \"\(e.text)\"", x - 0.8 * size, y - after, x + 0.25 * size, y + before)
        } else {
          check("text \"\(e.text)\"", x - before, y - 0.8 * size, x + after, y + 0.25 * size)
        }
      case "line":
        check(
          "line", e.number("x1") ?? .nan, e.number("y1") ?? .nan, e.number("x2") ?? .nan,
          e.number("y2") ?? .nan)
      case "rect":
        let (x, y) = (e.number("x") ?? .nan, e.number("y") ?? .nan)
        check("rect", x, y, x + (e.number("width") ?? .nan), y + (e.number("height") ?? .nan))
      case "circle" where e.attributes["clip-path"] == nil:
        let (x, y, r) = (e.number("cx") ?? .nan, e.number("cy") ?? .nan, e.number("r") ?? .nan)
        check("circle", x - r, y - r, x + r, y + r)
      case "path" where e.attributes["clip-path"] == nil:
        let numbers = (e.attributes["d"] ?? "").split(whereSeparator: { "MLHVCSQTAZmlhvcsqtaz ".contains($0) }
        )
        .map { Double($0) ?? .nan }
        for i in stride(from: 0, to: numbers.count - 1, by: 2) {
          check("path point", numbers[i], numbers[i + 1], numbers[i], numbers[i + 1])
        }
      default: break
      }
    }
    return found
  }

  /// Collects elements and the character data directly inside each.
  private final class Collector: NSObject, XMLParserDelegate {
    var elements: [Element] = []
    /// Indices into `elements` of the open elements, innermost last.
    var open: [Int] = []

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String]
    ) {
      open.append(elements.count)
      elements.append(Element(name: name, attributes: attributes, text: ""))
    }

    func parser(
      _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
    ) {
      open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if let i = open.last { elements[i].text += string }
    }
  }
}
