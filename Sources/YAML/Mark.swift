/// A position in a source text: the file (or `<command line>`), 1-based line and 1-based column.
public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The file path as the user gave it, or a label such as `--set optimizer.learning_rate=x`.
  public var file: String
  /// 1-based line number.
  public var line: Int
  /// 1-based column number, counted in Unicode scalars.
  public var column: Int

  /// Creates a mark.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:col`, as compilers print it.
  public var description: String { "\(file):\(line):\(column)" }

  /// Orders by file, then line, then column.
  public static func < (a: Mark, b: Mark) -> Bool {
    (a.file, a.line, a.column) < (b.file, b.line, b.column)
  }
}
