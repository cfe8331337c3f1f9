/// One problem found in user input, located by a `Mark`, rendered compiler-style:
///
/// ```
/// specs/x.yaml:12:7: error: unknown key 'lerning_rate' in optimizer; did you mean 'learning_rate'?
///   learning_rate: 0.1
///   ^
/// ```
public struct Diagnostic: Error, Sendable, Equatable {
  /// How serious the problem is.
  public enum Severity: String, Sendable, Equatable {
    case error, warning, note
  }

  public var severity: Severity
  /// Where the problem is; `nil` when it has no position (a missing file, say).
  public var mark: Mark?
  /// One sentence, lower-case first word, no trailing period (as compilers write them).
  public var message: String
  /// The dotted key path the problem is about (`optimizer.learning_rate`), when there is one.
  public var keyPath: String?
  /// A replacement the user probably meant (`learning_rate`), when there is one.
  public var suggestion: String?
  /// The text of the source line at `mark`, shown under the message with a caret.
  public var sourceLine: String?

  /// Creates a diagnostic.
  public init(
    _ severity: Severity = .error, at mark: Mark?, _ message: String, keyPath: String? = nil,
    suggestion: String? = nil, sourceLine: String? = nil
  ) {
    self.severity = severity
    self.mark = mark
    self.message = message
    self.keyPath = keyPath
    self.suggestion = suggestion
    self.sourceLine = sourceLine
  }

  /// `FILE:LINE:COL: error: MESSAGE`, then the source line and a caret under the column.
  public var rendered: String {
    var out = ""
    if let mark { out += "\(mark): " }
    out += "\(severity.rawValue): \(message)"
    if let mark, let sourceLine {
      let (line, column) = Diagnostic.window(sourceLine, column: mark.column)
      out += "\n" + line + "\n"
      // Keep tabs in the padding so the caret lines up with what a terminal shows.
      let prefix = line.unicodeScalars.prefix(max(0, column - 1))
      out += String(String.UnicodeScalarView(prefix.map { $0 == "\t" ? "\t" : " " })) + "^"
    }
    return out
  }

  /// The longest source line shown whole; longer ones (minified or generated YAML) are cut to a
  /// window around the column, marked with `...`, so one diagnostic stays one screen.
  public static let maxShownLineLength = 160

  /// `line` cut to at most about `maxShownLineLength` scalars around `column`, and the column in it.
  static func window(_ line: String, column: Int) -> (String, Int) {
    let scalars = Array(line.unicodeScalars)
    let limit = maxShownLineLength
    guard scalars.count > limit else { return (line, column) }
    let half = limit / 2
    let start = max(0, min(column - 1 - half, scalars.count - limit))
    let end = min(scalars.count, start + limit)
    var view = String.UnicodeScalarView()
    if start > 0 { view.append(contentsOf: "...".unicodeScalars) }
    view.append(contentsOf: scalars[start..<end])
    if end < scalars.count { view.append(contentsOf: "...".unicodeScalars) }
    return (String(view), column - start + (start > 0 ? 3 : 0))
  }
}

/// Several diagnostics thrown together: everything wrong with one input, sorted by position.
public struct DiagnosticList: Error, Sendable, Equatable {
  public var diagnostics: [Diagnostic]

  /// Creates a list, sorted by position (diagnostics without a mark first, in their given order).
  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics.enumerated().sorted { a, b in
      switch (a.element.mark, b.element.mark) {
      case (nil, nil): return a.offset < b.offset
      case (nil, _): return true
      case (_, nil): return false
      case let (x?, y?): return x == y ? a.offset < b.offset : x < y
      }
    }.map(\.element)
  }

  /// All diagnostics rendered, separated by newlines.
  public var rendered: String { diagnostics.map(\.rendered).joined(separator: "\n") }
}

/// The text of a loaded source, kept so diagnostics can quote the offending line.
public struct Source: Sendable, Equatable {
  /// The name used in marks (the path as the user gave it).
  public var name: String
  public var text: String
  private var lineStarts: [String.Index]

  /// Creates a source from its name and text.
  ///
  /// Lines end where libyaml ends them, so its marks and these lines agree: at `\n`, `\r\n`, a lone
  /// `\r`, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029).
  public init(name: String, text: String) {
    self.name = name
    self.text = text
    let scalars = text.unicodeScalars
    var starts = [scalars.startIndex]
    var i = scalars.startIndex
    while i < scalars.endIndex {
      let c = scalars[i]
      i = scalars.index(after: i)
      guard Source.isLineBreak(c) else { continue }
      if c == "\r", i < scalars.endIndex, scalars[i] == "\n" { i = scalars.index(after: i) }
      starts.append(i)
    }
    lineStarts = starts
  }

  /// The text of 1-based line `n` without its line break, or `nil` if there is no such line.
  public func line(_ n: Int) -> String? {
    guard n >= 1, n <= lineStarts.count else { return nil }
    let scalars = text.unicodeScalars
    let start = lineStarts[n - 1]
    var end = start
    while end < scalars.endIndex, !Source.isLineBreak(scalars[end]) { end = scalars.index(after: end) }
    return String(scalars[start..<end])
  }

  private static func isLineBreak(_ c: Unicode.Scalar) -> Bool {
    c == "\n" || c == "\r" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}"
  }

  /// A diagnostic at `mark` that quotes this source's line.
  public func diagnostic(
    _ severity: Diagnostic.Severity = .error, at mark: Mark, _ message: String, keyPath: String? = nil,
    suggestion: String? = nil
  ) -> Diagnostic {
    Diagnostic(
      severity, at: mark, message, keyPath: keyPath, suggestion: suggestion,
      sourceLine: line(mark.line))
  }
}
