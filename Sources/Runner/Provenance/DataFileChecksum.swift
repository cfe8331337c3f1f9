import Foundation
import Reporting
import Spec

/// The run.json records of the data files a run read: absolute path, size and SHA-256.
enum DataFileChecksum {
  /// Records for `files` (path and size as the loader saw them), each with its SHA-256.
  static func records(_ files: [(path: String, bytes: Int)]) -> [DatasetFile] {
    files.map { DatasetFile(path: $0.path, sizeBytes: $0.bytes, sha256: sha256(ofFile: $0.path)) }
  }

  /// The SHA-256 of the file at `path`, read in 4 MiB chunks; nil if it cannot be read (the
  /// loader has just read it, so that only happens if it changed underneath us).
  static func sha256(ofFile path: String) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    let chunk = 4 << 20
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 64)
    defer { buffer.deallocate() }
    var hasher = SHA256()
    while true {
      let n = read(fd, buffer.baseAddress, chunk)
      if n < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if n == 0 { break }
      hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
    }
    return hasher.hexDigest()
  }
}
