#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

/// Appends `Event` records to one TensorBoard event file, `events.out.tfevents.<time>.<host>`.
///
/// The file is created (never reused) with a first event holding `file_version: brain.Event:2`, as
/// TensorBoard's own writers do. Events are buffered by `add` and reach the disk on `flush()`, which
/// appends them and `fsync`s the file; TensorBoard tails the file, so appending is safe while it
/// reads. The file descriptor is closed by `close()` or on deinit.
public final class EventFileWriter {
  /// The event file.
  public let url: URL
  private var fd: Int32
  private var pending: [UInt8] = []

  /// Creates `folder` if needed and, in it, a new event file named after `time` (whole seconds,
  /// ten digits) and `host`, holding the file-version event.
  public init(folder: URL, time: Date = Date(), host: String = EventFileWriter.hostName()) throws {
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw ReportingError.io(
        operation: "create the folder", path: folder.path, message: error.localizedDescription)
    }
    let seconds = Int(time.timeIntervalSince1970.rounded(.down))
    let digits = String(seconds)
    let name =
      "events.out.tfevents." + String(repeating: "0", count: max(0, 10 - digits.count)) + digits + "." + host
    // A resumed run may start in the same second as the first: number the later files.
    var candidate = folder.appendingPathComponent(name)
    var attempt = 1
    var descriptor = open(candidate.path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
    while descriptor < 0 && errno == EEXIST && attempt < 1000 {
      attempt += 1
      candidate = folder.appendingPathComponent(name + ".\(attempt)")
      descriptor = open(candidate.path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0o644)
    }
    url = candidate
    fd = descriptor
    guard fd >= 0 else { throw AtomicFile.ioError("create the event file", url.path) }
    add(
      TensorBoardEvent(wallTime: time.timeIntervalSince1970, fileVersion: TensorBoardEvent.currentFileVersion)
    )
    try flush()
    AtomicFile.syncFolder(folder.path)
  }

  deinit { close() }

  /// Buffers `event` until the next `flush()`.
  public func add(_ event: TensorBoardEvent) {
    precondition(fd >= 0, "event added to a closed file \(url.path)")
    TFRecord.append(event.encoded(), to: &pending)
  }

  /// Buffers one event holding `scalars` at `step`.
  public func add(scalars: [TensorBoardScalar], step: Int, time: Date = Date()) {
    add(TensorBoardEvent(wallTime: time.timeIntervalSince1970, step: Int64(step), scalars: scalars))
  }

  /// Appends the buffered events to the file and `fsync`s it.
  public func flush() throws {
    guard fd >= 0, !pending.isEmpty else { return }
    try pending.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          throw AtomicFile.ioError("append to", url.path)
        }
        offset += n
      }
    }
    pending.removeAll(keepingCapacity: true)
    guard fsync(fd) == 0 else { throw AtomicFile.ioError("fsync", url.path) }
  }

  /// Closes the file; events still buffered are dropped (call `flush()` first).
  public func close() {
    if fd >= 0 {
      #if canImport(Glibc)
        _ = Glibc.close(fd)
      #else
        _ = Darwin.close(fd)
      #endif
    }
    fd = -1
  }

  /// This machine's host name (`gethostname`), as TensorFlow puts it in event file names.
  public static func hostName() -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
    let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return name.isEmpty || name.contains("/") ? "localhost" : name
  }
}
