#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The text of a small system file (`/proc/self/status`, a cgroup's `memory.max`), or nil when it
/// cannot be opened; reading stops at `limit` bytes.
///
/// `/proc` and cgroup files report a size of 0, so they are read until end of file, not by size.
func readSystemTextFile(_ path: String, limit: Int = 1 << 16) -> String? {
  guard let file = fopen(path, "r") else { return nil }
  defer { fclose(file) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 4096)
  while bytes.count < limit {
    let n = fread(&buffer, 1, buffer.count, file)
    if n <= 0 { break }
    bytes += buffer[0..<n]
  }
  return String(decoding: bytes, as: UTF8.self)
}

extension StringProtocol {
  /// Without leading and trailing spaces, tabs and newlines.
  var trimmed: SubSequence {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = lastIndex(where: { !isSpace($0) })!
    return self[first...last]
  }
}
