import Tensors

extension CSVReader {
  /// Reads only the named feature columns of a CSV file with a header (`optim-run predict`: new
  /// rows for a model trained on CSV; other columns, the target among them, are ignored). With
  /// `features` nil, every column is a feature, in file order.
  public static func readFeatures(path: String, features: [String]?, delimiter: UInt8 = UInt8(ascii: ",")) throws
    -> Tensor
  {
    try parseFeatures(FileBytes.read(path), path: path, features: features, delimiter: delimiter)
  }

  /// `readFeatures` on the bytes of a file; `path` names them in errors.
  public static func parseFeatures(_ bytes: [UInt8], path: String, features: [String]?, delimiter: UInt8) throws
    -> Tensor
  {
    var rows = try records(bytes, delimiter: delimiter, path: path)
    guard !rows.isEmpty else { throw DataError(path: path, "empty file: expected a header row and data rows") }
    var header = rows.removeFirst().fields
    if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
    let columns: [Int]
    if let features {
      columns = try features.map { name in
        guard let c = header.firstIndex(of: name) else {
          throw DataError(
            path: path, line: 1,
            "no column '\(name)' in the header; the model takes the columns \(features.joined(separator: ", ")) "
              + "(found: \(header.joined(separator: ", ")))")
        }
        return c
      }
    } else {
      columns = Array(header.indices)
    }
    guard !rows.isEmpty else { throw DataError(path: path, "no data rows after the header") }
    let f = columns.count
    let x = Tensor(zeros: [rows.count, f])
    for (r, row) in rows.enumerated() {
      guard row.fields.count == header.count else {
        throw DataError(
          path: path, line: row.line, "expected \(header.count) fields as in the header, found \(row.fields.count)")
      }
      for (j, c) in columns.enumerated() {
        x.buffer[r * f + j] = try number(row.fields[c], path: path, line: row.line, column: c + 1)
      }
    }
    return x
  }
}
