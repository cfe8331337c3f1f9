import Foundation
import Tensors

/// A `.npy` file opened for reading rows on demand, as float32 (`optim-run predict`).
///
/// `NPYReader.read` holds the whole file twice (its bytes, then the converted tensor); predicting
/// on 10,000 CIFAR images is 126 MB each. This reads only the header at `open`, checks it as
/// `NPYReader.parse` does (same messages), and converts rows straight into a caller's buffer, so
/// memory stays at one batch whatever the file's size. Values are converted exactly as
/// `NPYReader` converts them (`ByteConversion`), so both give the same floats.
public final class NPYStream {
  /// The element type stored in the file.
  public let dtype: NumPyDType
  /// The array's shape as the header gives it.
  public let shape: Shape
  private let path: String
  private let descriptor: Int32
  private let dataStart: Int
  /// Raw bytes of one chunk of rows for the dtypes that need converting (not float32).
  private var scratch: [UInt8] = []

  /// Opens `path` and checks its header and size; throws `DataError` as `NPYReader.read` would.
  public init(path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw DataError(path: path, "no such file")
    }
    if isDirectory.boolValue { throw DataError(path: path, "expected a file, found a directory") }
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw DataError(path: path, "cannot read the file (permissions?)") }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      close(fd)
      throw DataError(path: path, "cannot read the file (permissions?)")
    }
    let fileSize = Int(info.st_size)
    do {
      // The fixed part (magic, version, header length), then the header itself.
      let lead = try Self.readBytes(fd, offset: 0, count: min(fileSize, 12), path: path)
      let (headerStart, headerLength) = try NPYReader.preamble(lead[...], available: fileSize, path: path)
      let headerBytes = try Self.readBytes(fd, offset: headerStart, count: headerLength, path: path)
      let (dtype, shape) = try NPYReader.parseHeader(String(decoding: headerBytes, as: UTF8.self), path: path)
      let dataStart = headerStart + headerLength
      guard let count = shape.checkedCount, case (let expected, false) = count.multipliedReportingOverflow(by: dtype.size)
      else {
        throw DataError(path: path, "the header's shape \(shape) has more elements than any file can hold")
      }
      let found = fileSize - dataStart
      guard found == expected else {
        throw DataError(
          path: path,
          "expected \(expected) data bytes for shape \(shape) of \(dtype), found \(found)"
            + (found < expected ? " (truncated file?)" : ""))
      }
      self.dtype = dtype
      self.shape = shape
      self.dataStart = dataStart
    } catch {
      close(fd)
      throw error
    }
    self.path = path
    descriptor = fd
  }

  deinit { close(descriptor) }

  /// Rows along the first axis (1 for a 0-d array).
  public var rowCount: Int { shape.rank == 0 ? 1 : shape[0] }

  /// Elements per row (the product of the shape after the first axis).
  public var rowElements: Int { shape.rank == 0 ? 1 : shape.unbatched.count }

  /// Converts rows `rows` into `out`, which holds exactly `rows.count · rowElements` floats.
  public func read(rows: Range<Int>, into out: UnsafeMutableBufferPointer<Float>) throws {
    precondition(rows.lowerBound >= 0 && rows.upperBound <= rowCount, "rows \(rows) of \(rowCount)")
    precondition(out.count == rows.count * rowElements, "\(out.count) floats for \(rows.count) rows")
    let offset = dataStart + rows.lowerBound * rowElements * dtype.size
    if dtype == .float32 {
      // Little-endian float32 is the host's own layout: read the bytes in place.
      try Self.readFully(
        descriptor, into: UnsafeMutableRawBufferPointer(out), offset: offset, path: path)
      return
    }
    let byteCount = out.count * dtype.size
    if scratch.count < byteCount { scratch = [UInt8](repeating: 0, count: byteCount) }
    try scratch.withUnsafeMutableBytes { raw in
      let part = UnsafeMutableRawBufferPointer(rebasing: raw[0..<byteCount])
      try Self.readFully(descriptor, into: part, offset: offset, path: path)
      ByteConversion.convert(UnsafeRawBufferPointer(part), dtype: dtype, bigEndian: false, into: out)
    }
  }

  private static func readBytes(_ fd: Int32, offset: Int, count: Int, path: String) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    try bytes.withUnsafeMutableBytes { try readFully(fd, into: $0, offset: offset, path: path) }
    return bytes
  }

  /// `pread` until `buffer` is full (short reads and interrupts are retried).
  private static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, offset: Int, path: String)
    throws
  {
    var done = 0
    while done < buffer.count {
      let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else {
        throw DataError(path: path, n == 0 ? "the file ended early (truncated file?)" : "cannot read the file")
      }
      done += n
    }
  }
}
