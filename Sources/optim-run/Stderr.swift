#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes to standard error with `write(2)`, unbuffered. A closed stream (EPIPE: the reader went
/// away) is ignored: the run folder is the record, and training must go on.
enum FileHandleStderr {
  static func write(_ s: String) { Output.write(s, to: STDERR_FILENO) }
}

/// Writes to standard output with `write(2)`, ignoring a closed stream (see `FileHandleStderr`).
enum Stdout {
  static func write(_ s: String) { Output.write(s, to: STDOUT_FILENO) }
}

private enum Output {
  static func write(_ s: String, to fd: Int32) {
    var bytes = Array(s.utf8)
    bytes.withUnsafeMutableBytes { raw in
      var offset = 0
      while offset < raw.count {
        #if canImport(Glibc)
          let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
        #else
          let n = Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
        #endif
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { return }
        offset += n
      }
    }
  }
}
