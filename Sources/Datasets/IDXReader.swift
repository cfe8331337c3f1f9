import Tensors

/// Reads IDX files (the MNIST format: `train-images-idx3-ubyte` …), raw or gzip-compressed.
///
/// Layout (LeCun et al., yann.lecun.com/exdb/mnist): two zero bytes, a type byte (0x08 ubyte, 0x09
/// sbyte, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, each
/// dimension as a big-endian int32, then the values big-endian in C order.
public enum IDXReader {
  /// Reads the IDX file at `path`, decompressing it first if it starts with the gzip magic.
  public static func read(path: String) throws -> Tensor {
    try decode(fileBytes: FileBytes.read(path), path: path)
  }

  /// Parses the bytes of an IDX file as stored, decompressing them first if they start with the
  /// gzip magic; `path` names them in errors.
  public static func decode(fileBytes: [UInt8], path: String) throws -> Tensor {
    var bytes = fileBytes
    if bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b {
      bytes = try Inflate.gunzip(bytes, path: path)
    }
    return try parse(bytes, path: path)
  }

  /// Parses uncompressed IDX `bytes`; `path` names them in errors.
  public static func parse(_ bytes: [UInt8], path: String) throws -> Tensor {
    guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 else {
      throw DataError(
        path: path,
        "expected an IDX file (magic \\x00\\x00<type><rank>), found \(DataError.quote(bytes.prefix(4)))")
    }
    let size: Int
    switch bytes[2] {
    case 0x08, 0x09: size = 1
    case 0x0B: size = 2
    case 0x0C, 0x0D: size = 4
    case 0x0E: size = 8
    default:
      throw DataError(path: path, "unknown IDX element type 0x\(String(bytes[2], radix: 16))")
    }
    let rank = Int(bytes[3])
    let dataStart = 4 + 4 * rank
    guard bytes.count >= dataStart else { throw DataError(path: path, "truncated IDX header") }
    let dims = (0..<rank).map { d in (0..<4).reduce(0) { $0 << 8 | Int(bytes[4 + 4 * d + $1]) } }
    let shape = Shape(dims)
    // The header is untrusted: its dimensions may not even have a product that fits in an Int.
    guard let count = shape.checkedCount, case (let expected, false) = count.multipliedReportingOverflow(by: size)
    else {
      throw DataError(path: path, "the header's shape \(shape) has more elements than any file can hold")
    }
    let found = bytes.count - dataStart
    guard found == expected else {
      throw DataError(
        path: path,
        "expected \(expected) data bytes for shape \(shape), found \(found)"
          + (found < expected ? " (truncated file?)" : ""))
    }
    if let shortfall = MemoryBudget.shortfall(MemoryBudget.float32Bytes(1, shape)) {
      throw DataError(path: path, "as float32, shape \(shape) \(shortfall)")
    }
    let out = Tensor(zeros: shape)
    let o = out.buffer
    bytes.withUnsafeBytes { raw in
      let data = UnsafeRawBufferPointer(rebasing: raw[dataStart...])
      switch bytes[2] {
      case 0x08: for i in o.indices { o[i] = Float(data[i]) }
      case 0x09: for i in o.indices { o[i] = Float(Int8(bitPattern: data[i])) }
      case 0x0B:
        for i in o.indices {
          o[i] = Float(
            Int16(bitPattern: UInt16(bigEndian: data.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
        }
      case 0x0C: ByteConversion.convert(data, dtype: .int32, bigEndian: true, into: o)
      case 0x0D: ByteConversion.convert(data, dtype: .float32, bigEndian: true, into: o)
      default: ByteConversion.convert(data, dtype: .float64, bigEndian: true, into: o)
      }
    }
    return out
  }
}
