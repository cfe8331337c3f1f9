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
/// Rows are appended (`AppendLogFile`): an epoch costs the same however many came before. Only a
/// new column rewrites the file, atomically.
public final class MetricsCSVLog {
  /// The file.
  public var url: URL { file.url }
  /// The columns after `epoch`, once the first row is known.
  public private(set) var columns: [String] = []
  /// Every row so far (epoch and logs; `NA` cells are absent keys).
  public private(set) var rows: [(epoch: Int, logs: [String: Double])] = []
  /// The append-only file underneath.
  public let file: AppendLogFile
  private let expectedColumns: [String]

  /// A log writing to `url`; creates the file empty (as Keras does at train begin).
  public init(url: URL, expectedColumns: [String] = []) throws {
    self.expectedColumns = expectedColumns
    file = try AppendLogFile(url: url, existing: false)
  }

  /// Reopens the log of a run being resumed, reading back its header and rows.
  public init(resuming url: URL, expectedColumns: [String] = []) throws {
    self.expectedColumns = expectedColumns
    file = try AppendLogFile(url: url, existing: true)
    let text = String(decoding: try AppendLogFile.contents(of: url), as: UTF8.self)
    let lines = text.split(separator: "\r\n", omittingEmptySubsequences: true)
    guard let header = lines.first else { return }
    let names = header.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard names.first == "epoch" else {
      throw ReportingError.io(operation: "read", path: url.path, message: "the header does not start with 'epoch'")
    }
    columns = Array(names.dropFirst())
    for line in lines.dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false)
      guard cells.count == names.count, let epoch = Int(cells[0]) else {
        throw ReportingError.io(operation: "read", path: url.path, message: "malformed row '\(line)'")
      }
      var logs: [String: Double] = [:]
      for (name, cell) in zip(columns, cells.dropFirst()) where cell != "NA" {
        guard let value = PythonFloat.parse(String(cell)) else {
          throw ReportingError.io(operation: "read", path: url.path, message: "malformed number '\(cell)'")
        }
        logs[name] = value
      }
      rows.append((epoch, logs))
    }
  }

  /// Adds the row for `epoch` (0-based), to be written by the next `flush()`; a new column rewrites
  /// the file at once.
  public func append(epoch: Int, logs: [String: Double]) throws {
    let known = Set(columns)
    var added: [String] = []
    if rows.isEmpty {
      columns = logs.keys.sorted(by: JSONValue.codePointOrder)
      columns += expectedColumns.filter { logs[$0] == nil }
    } else {
      added = logs.keys.filter { !known.contains($0) }.sorted(by: JSONValue.codePointOrder)
      columns += added
    }
    rows.append((epoch, logs))
    if rows.count == 1 {
      file.append(headerLine + rowLine(rows[0]))
    } else if !added.isEmpty {
      try file.replace(with: Array(text.utf8))
    } else {
      file.append(rowLine(rows[rows.count - 1]))
    }
  }

  /// Writes the rows added since the last flush.
  public func flush() throws { try file.flush() }

  /// Forgets rows beyond the first `count` (the file itself is cut by the caller's truncate).
  public func dropRows(after count: Int) {
    if rows.count > count { rows.removeLast(rows.count - count) }
  }

  /// The file's contents: header and every row.
  public var text: String {
    guard !rows.isEmpty else { return "" }
    return headerLine + rows.map(rowLine).joined()
  }

  private var headerLine: String {
    (["epoch"] + columns).map(MetricsCSVLog.field).joined(separator: ",") + "\r\n"
  }

  private func rowLine(_ row: (epoch: Int, logs: [String: Double])) -> String {
    var out = String(row.epoch)
    for column in columns {
      out += "," + (row.logs[column].map(PythonFloat.repr) ?? "NA")
    }
    return out + "\r\n"
  }

  /// A CSV field quoted as Python's `csv` module does (`QUOTE_MINIMAL`): only when it contains the
  /// delimiter, a quote or a line break, with quotes doubled.
  static func field(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
