#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Foundation

extension AtomicFile {
  /// Creates the file at `url` with `bytes` only if no file is there yet; false if one was.
  ///
  /// The bytes are written whole to a temporary file, which is then `link`ed to the name: `link`
  /// fails atomically when the name exists, on local file systems and on NFS alike (where
  /// `O_EXCL` and advisory locks are not reliable), so two processes racing to create the file
  /// leave exactly one whole file.
  public static func createExclusively(_ bytes: [UInt8], at url: URL) throws -> Bool {
    let folder = url.deletingLastPathComponent().path
    var template = Array((folder + "/." + url.lastPathComponent + ".tmp-XXXXXX").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else { throw ioError("create a temporary file for", url.path) }
    let tempPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    defer { unlink(tempPath) }
    do {
      defer { close(fd) }
      guard fchmod(fd, 0o644) == 0 else { throw ioError("set permissions of", tempPath) }
      try writeAll(fd, bytes, at: 0, path: tempPath)
      guard fsync(fd) == 0 else { throw ioError("fsync", tempPath) }
    }
    if link(tempPath, url.path) != 0 {
      if errno == EEXIST { return false }
      throw ioError("create", url.path)
    }
    syncFolder(folder)
    return true
  }
}
