import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes to standard error with `write(2)`, unbuffered. A closed stream (EPIPE: the reader went
/// away) is ignored: the run folder is the record, and training must go on.
///
/// Every writer goes through here, so one `BarLineState` knows whether a progress bar line is
/// open: a message written then (an interruption, a warning, an error, the final status) starts
/// on a new line instead of being glued onto the bar.
enum FileHandleStderr {
  private static let state = Mutex(BarLineState())

  /// Writes a message (normally ending with a newline).
  static func write(_ s: String) { state.withLock { Output.write($0.message(s), to: STDERR_FILENO) } }

  /// Redraws the progress bar's line with `line`; `finished` ends it with a newline.
  static func writeBar(_ line: String, finished: Bool) {
    state.withLock { Output.write($0.bar(line, finished: finished), to: STDERR_FILENO) }
  }
}

/// Whether a progress bar line is open on a stream (drawn after `\r`, no newline yet), and so
/// what to write for the next bar redraw or message.
struct BarLineState {
  /// True between a bar redraw and the next newline.
  private(set) var isOpen = false

  /// The text for a bar redraw: back to column 0, the line, erase what a longer line left;
  /// `finished` ends the line. A finished line may hold several (its continuation lines): each
  /// erases its own rest.
  mutating func bar(_ line: String, finished: Bool) -> String {
    isOpen = !finished
    return "\r" + line.replacingOccurrences(of: "\n", with: "\u{1B}[K\n") + "\u{1B}[K" + (finished ? "\n" : "")
  }

  /// The text for a message: after an open bar, a newline first. The bar line is then closed
  /// (the next redraw starts a new bar line below the message).
  mutating func message(_ s: String) -> String {
    guard !s.isEmpty else { return s }
    defer { isOpen = false }
    return isOpen ? "\n" + s : s
  }
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
