/// Reads the regular files of a tar archive (POSIX ustar, and GNU tar's variant with long names),
/// as the CIFAR-10 archive is packed. Headers are 512-byte blocks; sizes are octal text.
public enum TarArchive {
  /// A regular file: its name and where its bytes lie in the archive.
  public struct Member: Sendable {
    public var name: String
    public var range: Range<Int>
  }

  /// The regular files in `bytes` (directories, links and metadata entries are skipped).
  public static func members(_ bytes: [UInt8], path: String) throws -> [Member] {
    var members: [Member] = []
    var offset = 0
    var longName: String? = nil
    while offset + 512 <= bytes.count {
      let header = bytes[offset..<(offset + 512)]
      if header.allSatisfy({ $0 == 0 }) { return members }
      let stored =
        header.reduce(0) { $0 + Int($1) } - header[(offset + 148)..<(offset + 156)].reduce(0) { $0 + Int($1) }
        + 8 * 32
      let checksum = try octal(
        header[(offset + 148)..<(offset + 156)], field: "checksum", at: offset, path: path)
      guard checksum == stored else {
        throw DataError(path: path, "bad tar header checksum at byte \(offset) (not a tar file, or corrupt)")
      }
      let size = try octal(header[(offset + 124)..<(offset + 136)], field: "size", at: offset, path: path)
      let type = header[offset + 156]
      var name = text(header[offset..<(offset + 100)])
      let magic = Array(header[(offset + 257)..<(offset + 263)])
      if magic == Array("ustar\0".utf8) {
        let prefix = text(header[(offset + 345)..<(offset + 500)])
        if !prefix.isEmpty { name = prefix + "/" + name }
      }
      if let long = longName {
        name = long
        longName = nil
      }
      let dataStart = offset + 512
      guard dataStart + size <= bytes.count else {
        throw DataError(
          path: path, "tar member \(name) needs \(size) bytes, the archive ends first (truncated file?)")
      }
      switch type {
      case UInt8(ascii: "0"), 0:
        members.append(Member(name: name, range: dataStart..<(dataStart + size)))
      case UInt8(ascii: "L"):
        longName = text(bytes[dataStart..<(dataStart + size)])
      default:
        break
      }
      offset = dataStart + (size + 511) / 512 * 512
    }
    if offset == bytes.count && offset > 0 { return members }
    throw DataError(path: path, "tar archive ends inside a header (truncated file?)")
  }

  private static func text(_ field: ArraySlice<UInt8>) -> String {
    String(decoding: field.prefix(while: { $0 != 0 }), as: UTF8.self)
  }

  private static func octal(_ field: ArraySlice<UInt8>, field name: String, at offset: Int, path: String)
    throws -> Int
  {
    var value = 0
    var seen = false
    for b in field {
      if b == 0 || b == UInt8(ascii: " ") {
        if seen { break } else { continue }
      }
      guard b >= UInt8(ascii: "0") && b <= UInt8(ascii: "7") else {
        throw DataError(path: path, "bad octal \(name) field in the tar header at byte \(offset)")
      }
      value = value * 8 + Int(b - UInt8(ascii: "0"))
      seen = true
    }
    return value
  }
}
