import Tensors

/// Reads a numeric CSV table with a header row: one target column and feature columns.
///
/// Fields may be quoted (`"1,5"`, `""` for a quote) as in RFC 4180; blank lines are skipped. Every
/// feature and target cell must be a number; errors give the line and column (`train.csv:14:3`).
public enum CSVReader {
  /// What to read from a CSV file.
  public struct Options: Sendable, Equatable {
    /// The file.
    public var path: String
    /// The header name of the target column.
    public var target: String
    /// The feature columns, in this order; `nil` takes every column except the target.
    public var features: [String]?
    /// The field separator.
    public var delimiter: UInt8

    /// Reads `path` with the target column `target` and the given (or all other) feature columns.
    public init(
      path: String, target: String = "target", features: [String]? = nil, delimiter: UInt8 = UInt8(ascii: ",")
    ) {
      self.path = path
      self.target = target
      self.features = features
      self.delimiter = delimiter
    }
  }

  /// The table: features `[N, F]`, target `[N]`, and the feature names in column order.
  public struct Table: Sendable {
    /// Features and targets.
    public var split: Split
    /// The feature column names, in the order of `split.x`'s columns.
    public var featureNames: [String]
  }

  /// Reads the file `options.path`.
  public static func read(_ options: Options) throws -> Table {
    try parse(FileBytes.read(options.path), options: options)
  }

  /// Parses CSV `bytes`; `options.path` names them in errors.
  public static func parse(_ bytes: [UInt8], options: Options) throws -> Table {
    let path = options.path
    var rows = try records(bytes, delimiter: options.delimiter, path: path)
    guard !rows.isEmpty else {
      throw DataError(path: path, "empty file: expected a header row and data rows")
    }
    var header = rows.removeFirst().fields
    // Spreadsheet exports often start with a UTF-8 byte-order mark; it is not part of the name.
    if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
    for (i, name) in header.enumerated() where header[..<i].contains(name) {
      throw DataError(path: path, line: 1, column: i + 1, "column name '\(name)' appears twice in the header")
    }
    guard let targetColumn = header.firstIndex(of: options.target) else {
      throw DataError(
        path: path, line: 1,
        "no target column '\(options.target)' in the header (columns: \(header.joined(separator: ", ")))")
    }
    let featureColumns: [Int]
    if let names = options.features {
      featureColumns = try names.map { name in
        guard let c = header.firstIndex(of: name) else {
          throw DataError(
            path: path, line: 1,
            "no feature column '\(name)' in the header (columns: \(header.joined(separator: ", ")))")
        }
        guard c != targetColumn else {
          throw DataError(path: path, "features lists the target column '\(name)'; the label cannot be an input")
        }
        return c
      }
      if let twice = names.enumerated().first(where: { names[..<$0.offset].contains($0.element) }) {
        throw DataError(path: path, "features lists '\(twice.element)' twice")
      }
    } else {
      featureColumns = header.indices.filter { $0 != targetColumn }
    }
    guard !featureColumns.isEmpty else { throw DataError(path: path, line: 1, "no feature columns") }
    guard !rows.isEmpty else { throw DataError(path: path, "no data rows after the header (empty dataset)") }
    let n = rows.count
    let f = featureColumns.count
    let x = Tensor(zeros: [n, f])
    let y = Tensor(zeros: [n])
    for (r, row) in rows.enumerated() {
      guard row.fields.count == header.count else {
        throw DataError(
          path: path, line: row.line,
          "expected \(header.count) fields as in the header, found \(row.fields.count)")
      }
      for (j, c) in featureColumns.enumerated() {
        x.buffer[r * f + j] = try number(row.fields[c], path: path, line: row.line, column: c + 1)
      }
      y.buffer[r] = try number(row.fields[targetColumn], path: path, line: row.line, column: targetColumn + 1)
    }
    return Table(split: Split(x: x, y: y), featureNames: featureColumns.map { header[$0] })
  }

  static func number(_ cell: String, path: String, line: Int, column: Int) throws -> Float {
    let t = cell.trimmingCharacters(in: " \t")
    // Swift's Double(String) also reads hexadecimal ("0x10", "0x1p3"), which no CSV writer means.
    guard !t.isEmpty, !t.lowercased().contains("x"), let v = Double(t) else {
      throw DataError(path: path, line: line, column: column, "'\(cell)' is not a number")
    }
    guard Float(v).isFinite else {
      throw DataError(
        path: path, line: line, column: column,
        v.isFinite ? "'\(cell)' is too large for float32 (magnitude at most 3.4e38)" : "'\(cell)' is not a finite number")
    }
    return Float(v)
  }

  struct Record {
    var line: Int
    var fields: [String]
  }

  /// Splits `bytes` into records of fields, with 1-based line numbers; skips blank lines.
  static func records(_ bytes: [UInt8], delimiter: UInt8, path: String) throws -> [Record] {
    var records: [Record] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var recordLine = 1
    var inQuotes = false
    var i = 0
    let quote = UInt8(ascii: "\"")
    func endRecord() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      if !(fields.count == 1 && fields[0].isEmpty) {
        records.append(Record(line: recordLine, fields: fields))
      }
      fields.removeAll()
    }
    while i < bytes.count {
      let b = bytes[i]
      if inQuotes {
        if b == quote {
          if i + 1 < bytes.count && bytes[i + 1] == quote {
            field.append(quote)
            i += 1
          } else {
            inQuotes = false
          }
        } else {
          if b == UInt8(ascii: "\n") { line += 1 }
          field.append(b)
        }
      } else if b == quote && field.isEmpty {
        inQuotes = true
      } else if b == delimiter {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
      } else if b == UInt8(ascii: "\n") || b == UInt8(ascii: "\r") {
        endRecord()
        if b == UInt8(ascii: "\r") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
        line += 1
        recordLine = line
      } else {
        field.append(b)
      }
      i += 1
    }
    if inQuotes { throw DataError(path: path, line: recordLine, "unterminated quoted field") }
    if !field.isEmpty || !fields.isEmpty { endRecord() }
    return records
  }
}
