#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

/// A log file that only grows: bytes are buffered in memory and appended by `flush()`, so the cost
/// of a flush depends on what was added since the last one, never on the file's size.
///
/// `length` is what the file holds after the last successful flush. A flush that fails (a full disk)
/// cuts the file back to that length, so the file never ends in half a record; `truncate(to:)`
/// rolls back further (to the last epoch every log holds, or to a saved state's lengths on resume).
public final class AppendLogFile {
  /// The file.
  public let url: URL
  /// `url.path`, computed once: Foundation builds it anew at every call, and the logs are
  /// flushed and measured at every epoch.
  public let path: String
  /// `url.lastPathComponent`, computed once.
  public let name: String
  /// Bytes on disk after the last successful flush.
  public private(set) var length: Int
  private var fd: Int32
  private var pending: [UInt8] = []
  /// Whether every flushed byte has been `fsync`ed (a run's end syncs the logs, then again to
  /// promote its last state: the second `fsync` would only wait for the disk).
  private var synced = false

  /// Opens `url` for appending: creates it empty (`existing: false`, the file must not hold
  /// anything we would lose) or keeps what it holds (`existing: true`, resuming).
  public init(url: URL, existing: Bool) throws {
    self.url = url
    path = url.path
    name = url.lastPathComponent
    let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (existing ? 0 : O_TRUNC)
    fd = open(path, flags, 0o644)
    guard fd >= 0 else { throw AtomicFile.ioError("open", path) }
    let end = lseek(fd, 0, SEEK_END)
    guard end >= 0 else {
      close(fd)
      throw AtomicFile.ioError("seek in", path)
    }
    length = Int(end)
  }

  deinit { if fd >= 0 { close(fd) } }

  /// Buffers `bytes` for the next flush.
  public func append(_ bytes: [UInt8]) { pending += bytes }

  /// Buffers the UTF-8 of `text`.
  public func append(_ text: String) { pending.append(contentsOf: text.utf8) }

  /// Buffers what `body` appends to the buffer (a line built in place, with no `String` between).
  public func append(writing body: (inout [UInt8]) -> Void) { body(&pending) }

  /// Appends the buffered bytes; on failure the file is cut back to `length` and the bytes are dropped.
  public func flush() throws {
    guard !pending.isEmpty else { return }
    defer { pending.removeAll(keepingCapacity: true) }
    synced = false
    do {
      try AtomicFile.writeAll(fd, pending, at: length, path: path)
    } catch {
      _ = ftruncate(fd, off_t(length))
      throw error
    }
    length += pending.count
  }

  /// `fsync`s what was flushed.
  public func sync() throws {
    if synced { return }
    guard fsync(fd) == 0 else { throw AtomicFile.ioError("fsync", path) }
    synced = true
  }

  /// Cuts the file to `newLength` bytes (at most its length) and forgets buffered bytes.
  public func truncate(to newLength: Int) throws {
    precondition(newLength >= 0 && newLength <= length, "truncate \(name) to \(newLength) of \(length)")
    pending.removeAll()
    guard ftruncate(fd, off_t(newLength)) == 0 else { throw AtomicFile.ioError("truncate", path) }
    length = newLength
    synced = false
  }

  /// Replaces the whole file atomically with `bytes` (a header that gained a column) and appends to
  /// the new file from then on.
  public func replace(with bytes: [UInt8]) throws {
    try AtomicFile.write(bytes, to: url)
    let newFD = open(path, O_WRONLY | O_CLOEXEC)
    guard newFD >= 0 else { throw AtomicFile.ioError("open", path) }
    close(fd)
    fd = newFD
    length = bytes.count
    pending.removeAll()
    synced = true
  }

  /// The file's bytes as on disk (for resuming: the history is parsed back from the logs).
  public static func contents(of url: URL) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      throw ReportingError.io(operation: "read", path: url.path, message: "cannot read the file")
    }
    return [UInt8](data)
  }
}
