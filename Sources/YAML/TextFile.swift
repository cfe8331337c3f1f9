#if canImport(Glibc)
  internal import Glibc
#elseif canImport(Musl)
  internal import Musl
#elseif canImport(Darwin)
  internal import Darwin
#endif

/// Reads a YAML file as bytes and checks that it is text the loader may parse: a regular file, no
/// larger than the limit, valid UTF-8 without NUL bytes. Every refusal is a `DiagnosticList`.
enum TextFile {
  /// The bytes of the regular file at `path`, refusing directories, devices and files over `maxBytes`.
  static func readBytes(path: String, maxBytes: Int) throws(DiagnosticList) -> [UInt8] {
    var info = stat()
    guard stat(path, &info) == 0 else { throw failure(path, errno) }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: throw error("cannot read '\(path)': it is a directory, not a YAML file")
    default: throw error("cannot read '\(path)': it is not a regular file")
    }
    if Int(info.st_size) > maxBytes {
      throw DiagnosticList([tooLarge(path, size: Int(info.st_size), limit: maxBytes)])
    }

    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw failure(path, errno) }
    defer { close(fd) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(info.st_size))
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw failure(path, errno)
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
      // Files such as those in /proc report size 0; stop reading as soon as the limit is passed.
      if bytes.count > maxBytes { throw DiagnosticList([tooLarge(path, size: nil, limit: maxBytes)]) }
    }
    return bytes
  }

  /// The bytes as a String, or a "not a text file" diagnostic at the first invalid UTF-8 or NUL byte.
  static func decode(_ bytes: [UInt8], name: String) throws(DiagnosticList) -> String {
    let nul = bytes.withUnsafeBufferPointer { firstNUL(in: $0) }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let bad = bytes.withUnsafeBufferPointer { firstInvalidUTF8(in: $0) } ?? 0
      if let nul, nul < bad {
        throw DiagnosticList([notText(name: name, bytes: bytes, offset: nul, what: "NUL byte")])
      }
      throw DiagnosticList([notText(name: name, bytes: bytes, offset: bad, what: "invalid UTF-8")])
    }
    if let nul { throw DiagnosticList([notText(name: name, bytes: bytes, offset: nul, what: "NUL byte")]) }
    return text
  }

  /// "'NAME' is 20.0 MiB (20971520 bytes); the limit is 16 MiB" (size nil when it is not known).
  static func tooLarge(_ name: String, size: Int?, limit: Int) -> Diagnostic {
    let limitText = "\(mebibytes(limit)) MiB (\(limit) bytes)"
    guard let size else { return Diagnostic(at: nil, "'\(name)' is larger than the limit of \(limitText)") }
    return Diagnostic(
      at: nil, "'\(name)' is \(mebibytes(size)) MiB (\(size) bytes); the limit is \(limitText)")
  }

  /// "not a text file: WHAT at byte N", at the line and column of byte `offset` (0-based).
  static func notText(name: String, bytes: [UInt8], offset: Int, what: String) -> Diagnostic {
    let (line, column, lineStart) = position(ofByte: offset, in: bytes)
    var lineEnd = lineStart
    while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
    // Show the line with invalid bytes repaired to U+FFFD and NULs as U+2400, so the caret lines up.
    let shown = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self).replacing(
      "\u{0}", with: "\u{2400}")
    return Diagnostic(
      at: Mark(file: name, line: line, column: column), "not a text file: \(what) at byte \(offset)",
      sourceLine: shown)
  }

  static func notText(name: String, text: String, offset: Int, what: String) -> Diagnostic {
    notText(name: name, bytes: Array(text.utf8), offset: offset, what: what)
  }

  /// 1-based line, 1-based column (in Unicode scalars) and the line's first byte, for byte `offset`
  /// of valid UTF-8 up to `offset`.
  static func position(ofByte offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int, lineStart: Int) {
    let offset = min(offset, bytes.count)
    var line = 1
    var lineStart = 0
    for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
      line += 1
      lineStart = i + 1
    }
    // Count scalars: every byte that is not a UTF-8 continuation byte starts one.
    let column = 1 + bytes[lineStart..<offset].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    return (line, column, lineStart)
  }

  static func firstNUL(in text: String) -> Int? {
    if let found = text.utf8.withContiguousStorageIfAvailable({ firstNUL(in: $0) }) { return found }
    return text.utf8.firstIndex(of: 0).map { text.utf8.distance(from: text.utf8.startIndex, to: $0) }
  }

  private static func firstNUL(in buffer: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let base = buffer.baseAddress, let hit = memchr(base, 0, buffer.count) else { return nil }
    return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
  }

  /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence.
  static func firstInvalidUTF8(in b: UnsafeBufferPointer<UInt8>) -> Int? {
    var i = 0
    while i < b.count {
      let c = b[i]
      var need = 0
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      switch c {
      case 0x00...0x7F: i += 1; continue
      case 0xC2...0xDF: need = 1
      case 0xE0: need = 2; low = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: need = 2
      case 0xED: need = 2; high = 0x9F
      case 0xF0: need = 3; low = 0x90
      case 0xF1...0xF3: need = 3
      case 0xF4: need = 3; high = 0x8F
      default: return i
      }
      guard i + need < b.count, b[i + 1] >= low, b[i + 1] <= high else { return i }
      for k in 2...max(2, need) where k <= need {
        guard b[i + k] & 0xC0 == 0x80 else { return i }
      }
      i += need + 1
    }
    return nil
  }

  private static func mebibytes(_ bytes: Int) -> String {
    let tenths = (Double(bytes) / 1_048_576 * 10).rounded() / 10
    return "\(tenths)".hasSuffix(".0") && bytes % 1_048_576 == 0 ? "\(bytes / 1_048_576)" : "\(tenths)"
  }

  private static func error(_ message: String) -> DiagnosticList {
    DiagnosticList([Diagnostic(at: nil, message)])
  }

  private static func failure(_ path: String, _ code: Int32) -> DiagnosticList {
    error("cannot read '\(path)': \(String(cString: strerror(code)))")
  }
}

extension Source {
  /// The mark of byte `offset` (0-based) of this source's UTF-8 text.
  func mark(atUTF8Offset offset: Int) -> Mark {
    let p = TextFile.position(ofByte: offset, in: Array(text.utf8))
    return Mark(file: name, line: p.line, column: p.column)
  }
}
