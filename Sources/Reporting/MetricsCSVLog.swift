import Foundation

/// `metrics.csv`: one row per epoch, as Keras's `CSVLogger` writes it.
///
/// Like Keras: the first column is `epoch` (0-based), then the keys of the first epoch's logs
/// sorted by code point, then any `expectedColumns` not among them (Keras appends the model's
/// expected `val_*` names, which matter when validation runs only every few epochs); a missing value
/// is written `NA`; numbers are Python's `repr` of the float64 (`0.1`, `1e-05`, `nan`, `inf`); rows
/// end with `\r\n` (Python's `csv.excel` dialect, which Keras uses; unchanged on Linux/macOS).
///
/// Unlike Keras, which silently drops a key that first appears after the header is written, a new
/// key is appended as a new column (new keys sorted among themselves) and the file is rewritten
/// with `NA` in the earlier rows, so no value is lost and every row has the header's width.
///
/// Every `append` rewrites the file atomically (temp file, `fsync`, rename); rows are kept in memory
/// (one small row per epoch).
public final class MetricsCSVLog {
  /// The file.
  public let url: URL
  /// The columns after `epoch`, once the first row is known.
  public private(set) var columns: [String] = []
  private let expectedColumns: [String]
  private var rows: [(epoch: Int, logs: [String: Double])] = []

  /// A log writing to `url`; creates the file empty (as Keras does at train begin).
  public init(url: URL, expectedColumns: [String] = []) throws {
    self.url = url
    self.expectedColumns = expectedColumns
    try AtomicFile.write([UInt8](), to: url)
  }

  /// Adds the row for `epoch` (0-based) and rewrites the file.
  public func append(epoch: Int, logs: [String: Double]) throws {
    if rows.isEmpty {
      columns = logs.keys.sorted(by: JSONValue.codePointOrder)
      columns += expectedColumns.filter { logs[$0] == nil }
    } else {
      let known = Set(columns)
      columns += logs.keys.filter { !known.contains($0) }.sorted(by: JSONValue.codePointOrder)
    }
    rows.append((epoch, logs))
    try AtomicFile.write(text, to: url)
  }

  /// The file's contents: header and every row.
  public var text: String {
    guard !rows.isEmpty else { return "" }
    var out = (["epoch"] + columns).map(MetricsCSVLog.field).joined(separator: ",") + "\r\n"
    for row in rows {
      out += String(row.epoch)
      for column in columns {
        out += "," + (row.logs[column].map(PythonFloat.repr) ?? "NA")
      }
      out += "\r\n"
    }
    return out
  }

  /// A CSV field quoted as Python's `csv` module does (`QUOTE_MINIMAL`): only when it contains the
  /// delimiter, a quote or a line break, with quotes doubled.
  static func field(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
