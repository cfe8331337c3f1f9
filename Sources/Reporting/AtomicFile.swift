#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

/// Whole-file writes that are atomic: a reader sees the old file or the new one, never a mix.
///
/// The bytes go to a temporary file in the same folder (`.<name>.tmp-XXXXXX`), which is flushed
/// with `fsync`, renamed over the destination, and the folder itself is then `fsync`ed so the rename
/// survives a crash (or, for several files written in a row, once after the last: `syncFolder:
/// false`, then `syncFolder(_:)`). On failure the temporary file is removed.
public enum AtomicFile {
  /// Atomically replaces (or creates) the file at `url` with `bytes`; with `syncFolder: false`
  /// the rename is durable only once the caller syncs the folder.
  public static func write(_ bytes: [UInt8], to url: URL, syncFolder: Bool = true) throws {
    let path = url.path
    let folder = url.deletingLastPathComponent().path
    var template = Array((folder + "/." + url.lastPathComponent + ".tmp-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw ioError("create a temporary file for", path) }
    let tempPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var ok = false
    defer {
      if !ok { unlink(tempPath) }
    }
    do {
      defer { close(fd) }
      guard fchmod(fd, 0o644) == 0 else { throw ioError("set permissions of", tempPath) }
      try writeAll(fd, bytes, path: tempPath)
      guard fsync(fd) == 0 else { throw ioError("fsync", tempPath) }
    }
    guard systemRename(tempPath, path) == 0 else { throw ioError("rename a temporary file to", path) }
    ok = true
    if syncFolder { self.syncFolder(folder) }
  }

  /// Overwrites the existing file at `url` in place: the last resort when a full disk has no room
  /// for a temporary file (a small file keeps its blocks), so that a final status still lands.
  public static func overwriteInPlace(_ bytes: [UInt8], at url: URL) throws {
    let fd = open(url.path, O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else { throw ioError("open", url.path) }
    defer { close(fd) }
    try writeAll(fd, bytes, at: 0, path: url.path)
    guard ftruncate(fd, off_t(bytes.count)) == 0 else { throw ioError("truncate", url.path) }
    _ = fsync(fd)
  }

  /// Atomically replaces (or creates) the file at `url` with the UTF-8 bytes of `text`.
  public static func write(_ text: String, to url: URL, syncFolder: Bool = true) throws {
    try write(Array(text.utf8), to: url, syncFolder: syncFolder)
  }

  /// `fsync`s a folder so that entries created or renamed in it are durable (best effort).
  static func syncFolder(_ folder: String) {
    let dfd = open(folder, O_RDONLY)
    if dfd >= 0 {
      _ = fsync(dfd)
      close(dfd)
    }
  }

  private static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
    try bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
        if n < 0 {
          if errno == EINTR { continue }
          throw ioError("write", path)
        }
        offset += n
      }
    }
  }

  /// Writes all of `bytes` to `fd` from `offset` on (retrying short writes and EINTR).
  static func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: Int, path: String) throws {
    try bytes.withUnsafeBytes { raw in
      var done = 0
      while done < raw.count {
        let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
        if n < 0 {
          if errno == EINTR { continue }
          throw ioError("write", path)
        }
        done += n
      }
    }
  }

  private static func systemRename(_ from: String, _ to: String) -> Int32 {
    #if canImport(Glibc)
      return Glibc.rename(from, to)
    #else
      return Darwin.rename(from, to)
    #endif
  }

  private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
      return Glibc.write(fd, p, n)
    #else
      return Darwin.write(fd, p, n)
    #endif
  }

  /// An `.io` error for the current `errno`.
  static func ioError(_ operation: String, _ path: String) -> ReportingError {
    .io(operation: operation, path: path, message: String(cString: strerror(errno)))
  }
}
