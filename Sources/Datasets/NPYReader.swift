import Tensors

/// Reads NumPy `.npy` files (format versions 1, 2 and 3; C order; uint8, int32, int64, float32,
/// float64, little-endian), following the format described in `numpy/lib/format.py`.
public enum NPYReader {
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

  /// Reads the array in the file at `path`.
  public static func read(path: String) throws -> NumPyArray {
    try parse(FileBytes.read(path), path: path)
  }

  /// Checks the fixed start of a `.npy` file (magic, format version, header length) in `lead`, its
  /// first 10–12 bytes, and returns where the header starts and how long it is; `available` is the
  /// file's size, which must hold the whole header.
  static func preamble(
    _ lead: ArraySlice<UInt8>, available: Int, path: String
  ) throws -> (start: Int, length: Int) {
    let lead = Array(lead.prefix(12))
    guard lead.count >= 10, Array(lead[0..<6]) == magic else {
      throw DataError(
        path: path, "expected a NumPy .npy file (magic \\x93NUMPY), found \(DataError.quote(lead.prefix(6)))")
    }
    let major = lead[6]
    let headerLength: Int
    let headerStart: Int
    switch major {
    case 1:
      headerLength = Int(lead[8]) | Int(lead[9]) << 8
      headerStart = 10
    case 2, 3:
      guard lead.count >= 12 else { throw DataError(path: path, "truncated .npy header") }
      headerLength = (0..<4).reduce(0) { $0 | Int(lead[8 + $1]) << (8 * $1) }
      headerStart = 12
    default:
      throw DataError(path: path, "unsupported .npy format version \(major).\(lead[7]) (expected 1, 2 or 3)")
    }
    guard headerStart + headerLength <= available else {
      throw DataError(
        path: path,
        "truncated .npy header: \(headerLength) bytes announced, \(available - headerStart) present")
    }
    return (headerStart, headerLength)
  }

  /// Parses `.npy` bytes; `path` names them in errors.
  public static func parse(_ bytes: [UInt8], path: String) throws -> NumPyArray {
    let (headerStart, headerLength) = try preamble(bytes[...], available: bytes.count, path: path)
    let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
    let (dtype, shape) = try parseHeader(header, path: path)
    let dataStart = headerStart + headerLength
    // The header is untrusted: its shape may not even have a product that fits in an Int.
    guard let count = shape.checkedCount, case (let expected, false) = count.multipliedReportingOverflow(by: dtype.size)
    else {
      throw DataError(path: path, "the header's shape \(shape) has more elements than any file can hold")
    }
    let found = bytes.count - dataStart
    guard found == expected else {
      throw DataError(
        path: path,
        "expected \(expected) data bytes for shape \(shape) of \(dtype), found \(found)"
          + (found < expected ? " (truncated file?)" : ""))
    }
    if let shortfall = MemoryBudget.shortfall(MemoryBudget.float32Bytes(1, shape)) {
      throw DataError(path: path, "as float32, shape \(shape) \(shortfall)")
    }
    let tensor = Tensor(zeros: shape)
    bytes.withUnsafeBytes { raw in
      ByteConversion.convert(
        UnsafeRawBufferPointer(rebasing: raw[dataStart...]), dtype: dtype, bigEndian: false,
        into: tensor.buffer)
    }
    return NumPyArray(dtype: dtype, tensor: tensor)
  }

  /// Parses the header dictionary, e.g. `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
  static func parseHeader(_ header: String, path: String) throws -> (NumPyDType, Shape) {
    func value(after key: String) throws -> Substring {
      guard let r = header.range(of: "'\(key)':") else {
        throw DataError(path: path, "the .npy header has no '\(key)' entry: \(header.trimmed)")
      }
      return header[r.upperBound...].drop(while: { $0 == " " })
    }
    // descr: '<f4', '|u1', ...
    let descrValue = try value(after: "descr")
    guard descrValue.first == "'", let close = descrValue.dropFirst().firstIndex(of: "'") else {
      throw DataError(path: path, "cannot read the dtype in the .npy header: \(header.trimmed)")
    }
    let descr = String(descrValue[descrValue.index(after: descrValue.startIndex)..<close])
    var order = descr.first
    var code = Substring(descr)
    if order == "<" || order == ">" || order == "|" || order == "=" {
      code = code.dropFirst()
    } else {
      order = "="
    }
    guard let dtype = NumPyDType(rawValue: String(code)) else {
      throw DataError(
        path: path, "unsupported dtype '\(descr)' (expected uint8, int32, int64, float32 or float64)")
    }
    if order == ">" && dtype.size > 1 {
      throw DataError(path: path, "big-endian dtype '\(descr)' is not supported (expected little-endian '<')")
    }
    // fortran_order: False
    if try value(after: "fortran_order").hasPrefix("True") {
      throw DataError(path: path, "Fortran-ordered arrays are not supported (save with C order)")
    }
    // shape: (1797, 8, 8) or (5,) or ()
    let shapeValue = try value(after: "shape")
    guard shapeValue.first == "(", let end = shapeValue.firstIndex(of: ")") else {
      throw DataError(path: path, "cannot read the shape in the .npy header: \(header.trimmed)")
    }
    var dims: [Int] = []
    for part in shapeValue[shapeValue.index(after: shapeValue.startIndex)..<end].split(separator: ",") {
      let t = part.trimmingCharacters(in: " L")
      if t.isEmpty { continue }
      guard let d = Int(t), d >= 0 else {
        throw DataError(path: path, "bad dimension '\(t)' in the .npy shape")
      }
      dims.append(d)
    }
    return (dtype, Shape(dims))
  }
}

extension StringProtocol {
  var trimmed: String { trimmingCharacters(in: " \n") }

  func trimmingCharacters(in set: String) -> String {
    String(self.drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
  }
}
