/// A bad data file or data configuration: names the file (and, where it helps, the line and column),
/// says what was expected and what was found.
///
/// Rendered as `data/x.npy: expected a NumPy .npy file (magic \x93NUMPY), found 'PK\x03\x04'` or
/// `train.csv:14:3: 'abc' is not a number`.
public struct DataError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file (or data source, such as `synthetic_regression`) the error is about.
  public let path: String
  /// 1-based line in a text file, when known.
  public let line: Int?
  /// 1-based column (field) in a text file, when known.
  public let column: Int?
  /// What was expected and what was found.
  public let message: String

  /// Creates an error about `path`, optionally at `line` and `column`.
  public init(path: String, line: Int? = nil, column: Int? = nil, _ message: String) {
    self.path = path
    self.line = line
    self.column = column
    self.message = message
  }

  /// `path:line:column: message`, omitting the parts that are unknown.
  public var description: String {
    var location = path
    if let line {
      location += ":\(line)"
      if let column { location += ":\(column)" }
    }
    return "\(location): \(message)"
  }
}

extension DataError {
  /// Shows up to `limit` leading bytes printably, as Python prints bytes: `'PK\x03\x04'`.
  static func quote(_ bytes: some Collection<UInt8>, limit: Int = 8) -> String {
    var s = "'"
    for b in bytes.prefix(limit) {
      if b >= 0x20 && b < 0x7f && b != UInt8(ascii: "'") && b != UInt8(ascii: "\\") {
        s.unicodeScalars.append(Unicode.Scalar(b))
      } else {
        s += "\\x" + (b < 16 ? "0" : "") + String(b, radix: 16)
      }
    }
    return s + "'"
  }
}
