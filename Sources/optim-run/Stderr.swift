import Foundation

/// Writes to standard error without buffering.
enum FileHandleStderr {
  static func write(_ s: String) {
    FileHandle.standardError.write(Data(s.utf8))
  }
}
